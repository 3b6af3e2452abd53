"""The `user` table: one row per account, with its role on the installation."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.models.base import Base, UTCDateTime, utcnow


class Role(StrEnum):
    """What an account may do: an admin everything; a manager also reviews the reps of the teams they manage and
    assigns them practice; a rep practises (services/access.py holds the rules)."""

    ADMIN = 'admin'
    MANAGER = 'manager'
    REP = 'rep'


class User(Base):
    __tablename__ = 'user'

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    hashed_password: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(255), default='')
    is_active: Mapped[bool] = mapped_column(default=True)
    role: Mapped[str] = mapped_column(String(16), default=Role.REP.value)
    time_zone: Mapped[str | None] = mapped_column(String(64), default=None)  # None: the browser's
    # Bumped when the password changes or the account is deactivated: every token and page session issued before
    # carries the old number and stops working at once.
    session_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def display_name(self) -> str:
        """The name shown for the user: the full name, else the email."""
        return self.full_name or self.email

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_superuser(self) -> bool:
        """The admin flag under the name the API has always used."""
        return self.is_admin
