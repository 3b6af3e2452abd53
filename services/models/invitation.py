"""Invitations and password resets: single-use links whose tokens are stored only as their SHA-256."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.models.base import Base, JSONType, UTCDateTime, utcnow


class Invitation(Base):
    __tablename__ = 'invitation'

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # the role the new account gets (services/models/user.Role)
    team_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)  # teams joined, as manager for a manager
    email: Mapped[str | None] = mapped_column(String(320), default=None)  # where it was mailed, if it was
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey('user.id', ondelete='SET NULL'), default=None, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    used_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey('user.id', ondelete='SET NULL'), default=None)


class PasswordReset(Base):
    __tablename__ = 'password_reset'

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey('user.id', ondelete='CASCADE'), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
