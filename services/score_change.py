"""How a call's score compares with the rep's previous analysed call on the same persona."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.call_status import CallStatus
from services.models import CallSession


async def score_change(session: AsyncSession, call: CallSession) -> int | None:
    """This call's score minus the score of the rep's latest earlier scored call with the same persona; None when
    either has no score."""
    if call.overall_score is None:
        return None
    previous = await session.scalar(
        select(CallSession.overall_score)
        .where(
            CallSession.owner_id == call.owner_id,
            CallSession.persona == call.persona,
            CallSession.status == CallStatus.DONE,
            CallSession.overall_score.is_not(None),
            CallSession.created_at < call.created_at,
        )
        .order_by(CallSession.created_at.desc())
        .limit(1)
    )
    return None if previous is None else call.overall_score - previous
