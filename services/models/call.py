"""The `call_session` table and its append-only `utterance` lines."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from services.call_status import CallStatus
from services.models.base import Base, JSONType, UTCDateTime, utcnow


class StatusType(TypeDecorator[CallStatus]):
    """A call's status: stored as its text in a VARCHAR(16), read back as a CallStatus."""

    impl = String(16)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else CallStatus(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> CallStatus | None:
        return None if value is None else CallStatus(value)


class CallSession(Base):
    __tablename__ = 'call_session'

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey('user.id', ondelete='CASCADE'))
    persona: Mapped[str] = mapped_column(String(64))
    scenario: Mapped[str | None] = mapped_column(Text)  # free text, from before the library (or none)
    scenario_id: Mapped[str | None] = mapped_column(String(64))
    # What the call was practised on (services/library/snapshot.py): later edits never change an old call.
    persona_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    scenario_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    # Changed only through services/call_lifecycle.py.
    status: Mapped[CallStatus] = mapped_column(StatusType, default=CallStatus.ACTIVE, index=True)
    hume_chat_id: Mapped[str | None] = mapped_column(String(128))
    engine: Mapped[str] = mapped_column(String(32), default='demo')
    transcript: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    emotion_data: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    analysis_results: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # Kept beside the report so lists and history sort by score without loading every report.
    overall_score: Mapped[int | None] = mapped_column(Integer)
    analysis_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    analysis_error: Mapped[str | None] = mapped_column(Text)
    # What the voice provider reported during the call: [{"at", "code", "message"}], for the rep and support.
    engine_errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONType)
    # The assignment the call was practised for, if any (it counts toward it). No foreign keys on these two:
    # SQLite adds such a column only by copying the table, which would lose the score orders' expression indexes;
    # services/assignments.py clears the id when an assignment goes, and a manager who left reads as "a manager".
    assignment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None, index=True)
    # A manager's score in place of the coach's, with the reason; the coach's stays in overall_score.
    override_score: Mapped[int | None] = mapped_column(Integer, default=None)
    override_reason: Mapped[str | None] = mapped_column(Text, default=None)
    override_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    override_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    # One index per order the lists offer (services/calls.py `_ORDER`, columns and directions as written there), so
    # that a deep page of a long history is found in the index instead of by sorting every call of the rep.
    __table_args__ = (
        # Partial: only calls on a scenario, so that the planner never takes it for a plain listing of a rep's calls.
        Index(
            'ix_call_session_owner_scenario',
            owner_id,
            scenario_id,
            created_at,
            sqlite_where=scenario_id.is_not(None),
            postgresql_where=scenario_id.is_not(None),
        ),
        Index('ix_call_session_owner_created', owner_id, created_at, id),  # newest first, read backwards; oldest first
        Index(
            'ix_call_session_owner_score_high',
            owner_id,
            overall_score.is_(None),
            overall_score.desc(),
            created_at.desc(),
            id.desc(),
        ),
        Index(
            'ix_call_session_owner_score_low',
            owner_id,
            overall_score.is_(None),
            overall_score.asc(),
            created_at.desc(),
            id.desc(),
        ),
    )


class Utterance(Base):
    """One final line of a call, written as it is spoken; never updated."""

    __tablename__ = 'utterance'
    __table_args__ = (Index('ix_utterance_call_id_id', 'call_id', 'id'),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, 'sqlite'), primary_key=True, autoincrement=True)
    call_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey('call_session.id', ondelete='CASCADE'))
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # How a rep's line came in: 'spoken' or 'typed' (a typed line has words but no speaking time). Lines stored
    # before this column, and the prospect's, are 'spoken'.
    source: Mapped[str] = mapped_column(String(8), default='spoken', server_default='spoken')
    start_s: Mapped[float | None] = mapped_column(Float)
    end_s: Mapped[float | None] = mapped_column(Float)
    prosody: Mapped[dict[str, float] | None] = mapped_column(JSONType)
    # Our own analysis of the rep's voice: {"scores": {...}, "features": {...}} (services/acoustic_tone.py).
    acoustic: Mapped[dict[str, dict[str, float]] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
