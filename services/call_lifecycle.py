"""The one owner of a call's status: every change of it goes through `_apply`, guarded by the transitions of
services/call_status.py, in one conditional UPDATE, so concurrent requests (a double submit, a delete, a restart
resuming an analysis) cannot both pass the check.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from services.call_status import (
    BEGIN_ANALYSIS,
    COMPLETE,
    FAIL_ANALYSIS,
    FINISH_ANALYSIS,
    REQUEST_ANALYSIS,
    CallStatus,
    Transition,
    refusal_for,
)
from services.calls import recorded_data
from services.models import CallSession
from services.transcript import EmotionData, Transcript


class CallStateError(Exception):
    """The call is not in a state that allows this action; the message says why, for the rep."""


class CallNotFoundError(Exception):
    """The call does not exist (any more)."""


async def complete(
    session: AsyncSession,
    call: CallSession,
    *,
    duration_seconds: float,
    transcript: Transcript,
    emotion_data: EmotionData,
    hume_chat_id: str | None = None,
) -> CallSession:
    """Completes an active call with what a client recorded (`POST /calls/{id}/complete`)."""
    values: dict[str, Any] = {
        'duration_seconds': duration_seconds,
        'transcript': transcript.model_dump(mode='json'),
        'emotion_data': emotion_data.model_dump(mode='json'),
        'ended_at': datetime.now(UTC),
    }
    if hume_chat_id:
        values['hume_chat_id'] = hume_chat_id
    await _apply(session, call.id, COMPLETE, values, call=call)
    return call


async def finish_live(session: AsyncSession, call_id: uuid.UUID, *, duration_seconds: float | None) -> bool:
    """Completes an active call from its stored lines and asks for its analysis.

    Returns False when the call is gone or no longer active (a REST `complete` came first). Without a known
    duration, the end of the last line stands in for it.
    """
    call = await session.get(CallSession, call_id)
    if call is None or call.status != CallStatus.ACTIVE:
        return False
    transcript, emotion_data = await recorded_data(session, call)
    if duration_seconds is None:
        ends = [m['end'] for m in transcript['messages'] if m['end'] is not None]
        duration_seconds = max(ends, default=0.0)
    values: dict[str, Any] = {
        'duration_seconds': round(duration_seconds, 3),
        'transcript': transcript,
        'emotion_data': emotion_data,
        'ended_at': datetime.now(UTC),
        'analysis_requested_at': datetime.now(UTC),
    }
    try:
        await _apply(session, call_id, COMPLETE, values, call=call)
    except (CallStateError, CallNotFoundError):
        return False
    return True


async def request_analysis(session: AsyncSession, call: CallSession) -> CallSession:
    """Marks the call for analysis; the pipeline picks it up (again after a restart, if need be)."""
    values = {'analysis_requested_at': datetime.now(UTC), 'analysis_error': None}
    await _apply(session, call.id, REQUEST_ANALYSIS, values, call=call)
    return call


async def begin_analysis(session: AsyncSession, call_id: uuid.UUID) -> CallSession | None:
    """The call, now `analyzing`, when it asked for an analysis; None when it is gone or did not ask."""
    call = await session.get(CallSession, call_id)
    if call is None or call.status not in BEGIN_ANALYSIS.sources:
        return None
    try:
        await _apply(session, call_id, BEGIN_ANALYSIS, {}, call=call)
    except (CallStateError, CallNotFoundError):
        return None
    return call


async def finish_analysis(
    session: AsyncSession, call_id: uuid.UUID, *, report: dict[str, Any], score: int | None
) -> bool:
    """Stores the report of an analysis (`score` None: too short to score); False when the call was deleted (or
    changed) meanwhile."""
    values = {'analysis_results': report, 'overall_score': score, 'analysis_error': None}
    return await _apply_if_possible(session, call_id, FINISH_ANALYSIS, values)


async def fail_analysis(session: AsyncSession, call_id: uuid.UUID, *, reason: str) -> bool:
    """Records why an analysis failed, in the rep's words; False when the call was deleted meanwhile."""
    return await _apply_if_possible(session, call_id, FAIL_ANALYSIS, {'analysis_error': reason})


async def _apply_if_possible(
    session: AsyncSession, call_id: uuid.UUID, transition: Transition, values: dict[str, Any]
) -> bool:
    try:
        await _apply(session, call_id, transition, values)
    except (CallStateError, CallNotFoundError):
        return False
    return True


async def _apply(
    session: AsyncSession,
    call_id: uuid.UUID,
    transition: Transition,
    values: dict[str, Any],
    *,
    call: CallSession | None = None,
) -> None:
    """Changes the call only if its stored status allows `transition`; the loser of a race gets CallStateError or
    CallNotFoundError. `call`, when given, is updated with what was stored, without re-reading a row that a delete
    may have taken."""
    stored = {**values, 'status': transition.target}
    result = await session.execute(
        update(CallSession)
        .where(CallSession.id == call_id, CallSession.status.in_(transition.sources))
        .values(**stored)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        await session.commit()
        if call is not None:
            for key, value in stored.items():
                set_committed_value(call, key, value)
        return
    status = await session.scalar(select(CallSession.status).where(CallSession.id == call_id))
    await session.rollback()
    if status is None:
        raise CallNotFoundError('Call not found.')
    raise CallStateError(refusal_for(transition, status))
