"""The recorder: writes one live call to the database as it happens, as an observer of the call's events.

Each final line (a rep's line with its acoustic scores), each provider error and the provider's chat id are written
in the order they happened, by one writer task, each in its own short transaction, so a crash loses no finished
line. Every write goes through `_store`; the writer is drained before the call is completed.
"""

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services import call_lifecycle, calls
from services.tasks import Supervisor
from services.voice.events import AssistantUtterance, EngineError, SessionInfo, UserUtterance
from services.voice.observer import CallEvent, CallObserver

log = logging.getLogger(__name__)

Acoustic = dict[str, dict[str, float]]
Record = tuple[UserUtterance | AssistantUtterance | SessionInfo | EngineError, float]


class CallRecorder(CallObserver):
    observes = (UserUtterance, AssistantUtterance, EngineError, SessionInfo)

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        call_id: uuid.UUID,
        *,
        clock: Callable[[], float],
        acoustic: Callable[[UserUtterance], Awaitable[Acoustic | None]] | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self.call_id = call_id
        self._clock = clock
        self._acoustic = acoustic
        self.lines = 0
        self._queue: asyncio.Queue[Record | None] = asyncio.Queue()
        self._tasks = Supervisor(f'call {call_id} recorder')
        self._writer: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._writer = self._tasks.spawn(self._write_all(), name=f'call-lines-{self.call_id}')

    def observe(self, event: CallEvent) -> None:
        """Queues what the call must keep: final lines with words, provider errors, the provider's chat id."""
        match event:
            case UserUtterance(interim=True):
                return  # a live guess; its final line follows
            case UserUtterance() | AssistantUtterance() if event.text.strip():
                self._queue.put_nowait((event, self._clock()))
            case EngineError() | SessionInfo():
                self._queue.put_nowait((event, self._clock()))

    async def close(self) -> None:
        """Waits until everything queued is written (or given up); a cancelled caller leaves the writer to finish."""
        self._queue.put_nowait(None)
        if self._writer is not None:
            await asyncio.gather(asyncio.shield(self._writer), return_exceptions=True)

    async def _write_all(self) -> None:
        while (record := await self._queue.get()) is not None:
            event, at = record
            try:
                await self._store(event, at)
            except Exception:  # one failed write must not stop the others
                log.exception('call %s: %s could not be stored', self.call_id, type(event).__name__)

    async def _store(self, event: UserUtterance | AssistantUtterance | SessionInfo | EngineError, at: float) -> None:
        match event:
            case UserUtterance():
                acoustic = None if self._acoustic is None else await self._acoustic(event)
                await self._add_line(event, role='user', prosody=event.prosody, acoustic=acoustic)
            case AssistantUtterance():
                await self._add_line(event, role='assistant')
            case EngineError():
                async with self._sessionmaker() as session:
                    await calls.add_engine_error(session, self.call_id, at=at, code=event.code, message=event.message)
            case SessionInfo():
                async with self._sessionmaker() as session:
                    await calls.set_provider_chat_id(session, self.call_id, event.provider_chat_id)

    async def _add_line(
        self,
        line: UserUtterance | AssistantUtterance,
        *,
        role: str,
        prosody: dict[str, float] | None = None,
        acoustic: Acoustic | None = None,
    ) -> None:
        async with self._sessionmaker() as session:
            await calls.add_line(
                session,
                self.call_id,
                role=role,
                text=line.text.strip(),
                start_s=line.start_s,
                end_s=line.end_s,
                prosody=prosody,
                acoustic=acoustic,
            )
        self.lines += 1


async def close_orphaned_calls(sessionmaker: async_sessionmaker[AsyncSession]) -> list[uuid.UUID]:
    """Completes every call still `active` from the lines stored so far; run at start-up, when no call is live.

    Returns the ids it completed, so that their analysis can be started.
    """
    async with sessionmaker() as session:
        call_ids = await calls.active_call_ids(session)
    closed = []
    for call_id in call_ids:
        async with sessionmaker() as session:
            if await call_lifecycle.finish_live(session, call_id, duration_seconds=None):
                closed.append(call_id)
    if closed:
        log.info('closed %d calls left active by the last run', len(closed))
    return closed
