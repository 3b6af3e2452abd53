"""Request and response bodies for invitations and password resets."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from services.invitations import MAX_HOURS
from services.models import Role
from services.password_policy import MAX_PASSWORD_LENGTH
from services.text import StorableStr


class InvitationCreate(BaseModel):
    role: Role = Role.REP
    team_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    expires_in_hours: float = Field(default=72, gt=0, le=MAX_HOURS, description='a positive number of hours')
    email: EmailStr | None = Field(default=None, max_length=320, description='mailed the link when SMTP is set')


class InvitationIssued(BaseModel):
    id: uuid.UUID
    url: str = Field(description='the sign-up link, with the single-use token; shown only now')
    emailed: bool = Field(description='whether the link was e-mailed to `email`')
    expires_at: datetime


class InvitationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    role: Role
    team_ids: list[uuid.UUID]
    email: str | None
    created_by: uuid.UUID | None
    created_at: datetime
    expires_at: datetime


class ResetRequest(BaseModel):
    email: EmailStr = Field(max_length=320)


class ResetConfirm(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    new_password: StorableStr = Field(max_length=MAX_PASSWORD_LENGTH)


class ResetLink(BaseModel):
    url: str = Field(description='a single-use link that sets a new password; valid for an hour')
