"""Request and response bodies for accounts and tokens."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from services.password_policy import MAX_PASSWORD_LENGTH
from services.text import StorableStr


class UserSignup(BaseModel):
    email: EmailStr = Field(max_length=320)
    password: StorableStr = Field(max_length=MAX_PASSWORD_LENGTH)  # the rest of the policy: services/password_policy.py
    full_name: StorableStr = Field(default='', max_length=255)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    full_name: str
    is_active: bool
    is_superuser: bool
    created_at: datetime


class Token(BaseModel):
    access_token: str
    token_type: str = 'bearer'  # noqa: S105  (the OAuth2 token type, not a secret)
    expires_in: int = Field(description='seconds until the token expires')
