"""Teams and their members: a user may be in several teams, as a member or as one of its managers."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.models.base import Base, UTCDateTime, utcnow


class TeamRole(StrEnum):
    MEMBER = 'member'
    MANAGER = 'manager'


class Team(Base):
    __tablename__ = 'team'

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    leaderboard: Mapped[bool] = mapped_column(default=True)  # a team may switch its leaderboards off
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamMember(Base):
    __tablename__ = 'team_member'

    team_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey('team.id', ondelete='CASCADE'), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey('user.id', ondelete='CASCADE'), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), default=TeamRole.MEMBER.value)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
