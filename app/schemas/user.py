"""Request and response bodies for accounts and tokens."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from services.models import Role
from services.password_policy import MAX_PASSWORD_LENGTH
from services.text import StorableStr


class UserSignup(BaseModel):
    email: EmailStr = Field(max_length=320)
    password: StorableStr = Field(max_length=MAX_PASSWORD_LENGTH)  # the rest of the policy: services/password_policy.py
    full_name: StorableStr = Field(default='', max_length=255)
    invitation: str | None = Field(default=None, max_length=200, description='the token of an invitation link')


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    full_name: str
    role: Role
    time_zone: str | None = Field(description="an IANA zone; null: times are shown in the browser's zone")
    is_active: bool
    is_superuser: bool = Field(description='true for an admin (the role says the same)')
    created_at: datetime


class Token(BaseModel):
    access_token: str
    token_type: str = 'bearer'  # noqa: S105  (the OAuth2 token type, not a secret)
    expires_in: int = Field(description='seconds until the token expires')


class UserUpdateMe(BaseModel):
    """Only the fields sent change; `time_zone: null` goes back to the browser's zone."""

    full_name: StorableStr | None = Field(default=None, max_length=255)
    time_zone: str | None = Field(default=None, max_length=64, description='an IANA zone such as Europe/Berlin')


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=MAX_PASSWORD_LENGTH)
    new_password: StorableStr = Field(max_length=MAX_PASSWORD_LENGTH)


class UserAdminUpdate(BaseModel):
    role: Role | None = None
    is_active: bool | None = None
    team_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=200,
        description='the teams the user is in, all of them: kept memberships keep their role; in a new team a '
        'manager becomes its manager and anyone else a member',
    )


class UsersPage(BaseModel):
    data: list[UserPublic]
    count: int = Field(description='users matching the search, in all')
