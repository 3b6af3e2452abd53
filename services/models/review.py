"""Practice a manager assigns, and their review of it: assignments (to reps, often a whole team's), comments on a
report or one of its transcript lines, certifications on a scenario, and the in-app notices these send."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.models.base import Base, UTCDateTime, utcnow


class Assignment(Base):
    __tablename__ = 'assignment'

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    scenario_id: Mapped[str] = mapped_column(String(64))
    persona_id: Mapped[str | None] = mapped_column(String(64), default=None)
    team_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey('team.id', ondelete='SET NULL'), default=None)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey('user.id', ondelete='SET NULL'), default=None, index=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pass_mark: Mapped[int | None] = mapped_column(Integer, default=None)  # None: the scenario's
    attempts: Mapped[int | None] = mapped_column(Integer, default=None)  # the first N calls count; None: all
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssignmentRep(Base):
    """A rep an assignment is for (a team's assignment names its members at the time)."""

    __tablename__ = 'assignment_rep'

    assignment_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey('assignment.id', ondelete='CASCADE'), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey('user.id', ondelete='CASCADE'), primary_key=True, index=True
    )


class CallComment(Base):
    __tablename__ = 'call_comment'

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    call_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey('call_session.id', ondelete='CASCADE'), index=True)
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey('user.id', ondelete='SET NULL'))
    text: Mapped[str] = mapped_column(Text)
    line_index: Mapped[int | None] = mapped_column(Integer, default=None)  # a transcript line, or the report
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Certification(Base):
    """A rep signed off on a scenario: once per rep and scenario (migration 0012)."""

    __tablename__ = 'certification'
    __table_args__ = (Index('uq_certification_user_scenario', 'user_id', 'scenario_id', unique=True),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey('user.id', ondelete='CASCADE'), index=True)
    scenario_id: Mapped[str] = mapped_column(String(64))
    team_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey('team.id', ondelete='SET NULL'))
    certified_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey('user.id', ondelete='SET NULL'))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notice(Base):
    """An in-app notice for a user: a new assignment, a comment, a score override or a sign-off."""

    __tablename__ = 'notice'

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey('user.id', ondelete='CASCADE'), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(String(500))
    link: Mapped[str] = mapped_column(String(200), default='/')
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
