"""Writes a live call to the database: each final line as it arrives, and the call itself when it ends."""

import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services import calls

log = logging.getLogger(__name__)


class CallRecorder:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], call_id: uuid.UUID) -> None:
        self._sessionmaker = sessionmaker
        self.call_id = call_id
        self.lines = 0

    async def add_line(
        self,
        *,
        role: str,
        text: str,
        start_s: float | None,
        end_s: float | None,
        prosody: dict[str, float] | None = None,
        acoustic: dict[str, dict[str, float]] | None = None,
    ) -> None:
        async with self._sessionmaker() as session:
            await calls.add_line(
                session,
                self.call_id,
                role=role,
                text=text,
                start_s=start_s,
                end_s=end_s,
                prosody=prosody,
                acoustic=acoustic,
            )
        self.lines += 1

    async def add_engine_error(self, *, at: float, code: str, message: str) -> None:
        async with self._sessionmaker() as session:
            await calls.add_engine_error(session, self.call_id, at=at, code=code, message=message)

    async def set_provider_chat_id(self, chat_id: str) -> None:
        async with self._sessionmaker() as session:
            await calls.set_provider_chat_id(session, self.call_id, chat_id)

    async def finish(self, *, duration_seconds: float | None) -> bool:
        """Completes the call from its stored lines; True when it did (and the analysis should start)."""
        async with self._sessionmaker() as session:
            finished = await calls.finish_live_call(session, self.call_id, duration_seconds=duration_seconds)
        log.info('call %s ended with %d lines (completed: %s)', self.call_id, self.lines, finished)
        return finished


async def close_orphaned_calls(sessionmaker: async_sessionmaker[AsyncSession]) -> list[uuid.UUID]:
    """Completes every call still `active` from the lines stored so far; run at start-up, when no call is live.

    Returns the ids it completed, so that their analysis can be started.
    """
    async with sessionmaker() as session:
        call_ids = await calls.active_call_ids(session)
    closed = []
    for call_id in call_ids:
        if await CallRecorder(sessionmaker, call_id).finish(duration_seconds=None):
            closed.append(call_id)
    if closed:
        log.info('closed %d calls left active by the last run', len(closed))
    return closed
