"""The recorder: writes one live call to the database as it happens, as an observer of the call's events.

Each final line (a rep's line with its acoustic scores), each provider error and the provider's chat id are written
in the order they happened, by one writer task, each in its own short transaction, so a crash loses no finished
line. A write that fails for a while (the database down or restarting, a full disk, an exhausted pool) is kept,
with everything after it, and tried again with growing waits until it is stored; meanwhile the rep is told how
many lines wait (`LinesUnsaved`) and `/healthz` says the server is degraded. Only a write that no retry can mend
(the call was deleted) is given up, and logged as lost.
"""

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services import call_lifecycle, calls
from services.tasks import Supervisor
from services.transcript import MAX_MESSAGES, LineSource
from services.voice.events import AssistantUtterance, EngineError, SessionInfo, UserUtterance
from services.voice.observer import CallEvent, CallObserver
from services.voice.updates import CallUpdate, LinesUnsaved
from services.write_faults import Backoff, WriteHealth, is_lasting

log = logging.getLogger(__name__)

Acoustic = dict[str, dict[str, float]]
Kept = UserUtterance | AssistantUtterance | SessionInfo | EngineError
CLOSE_WAIT_S = 5.0  # how long the end of a call waits for its writes before handing them to the background


@dataclass(slots=True)
class _Record:
    event: Kept
    at: float


def _ignore(_update: CallUpdate) -> None:
    return None


class CallRecorder(CallObserver):
    observes = (UserUtterance, AssistantUtterance, EngineError, SessionInfo)

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        call_id: uuid.UUID,
        *,
        clock: Callable[[], float],
        acoustic: Callable[[UserUtterance], Awaitable[Acoustic | None]] | None = None,
        publish: Callable[[CallUpdate], None] = _ignore,
        on_full: Callable[[], None] | None = None,
        max_lines: int | None = None,
        health: WriteHealth | None = None,
        backoff: Backoff | None = None,
        close_wait_s: float | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self.call_id = call_id
        self._clock = clock
        self._acoustic = acoustic
        self._publish = publish
        self._health = health or WriteHealth()
        self._backoff = backoff or Backoff()
        self._close_wait_s = CLOSE_WAIT_S if close_wait_s is None else close_wait_s
        self._on_full = on_full
        self._max_lines = MAX_MESSAGES if max_lines is None else max_lines
        self._lines_seen = 0
        self.lines = 0
        self.lost = 0
        self._queue: deque[_Record] = deque()
        self._more = asyncio.Event()
        self._closed = False
        self._failing = False
        self._tasks = Supervisor(f'call {call_id} recorder')
        self._writer: asyncio.Task[None] | None = None

    @property
    def pending(self) -> int:
        """What is observed but not stored yet (the record being written included)."""
        return len(self._queue)

    def start(self) -> None:
        self._writer = self._tasks.spawn(self._write_all(), name=f'call-lines-{self.call_id}')

    def observe(self, event: CallEvent) -> None:
        """Queues what the call must keep: final lines with words, provider errors, the provider's chat id."""
        match event:
            case UserUtterance(interim=True):
                return  # a live guess; its final line follows
            case UserUtterance() | AssistantUtterance() if event.text.strip():
                self._keep(event)
                self._lines_seen += 1
                if self._lines_seen == self._max_lines and self._on_full is not None:
                    self._on_full()  # the call ends here; what is still being said is kept
            case EngineError() | SessionInfo():
                self._keep(event)

    async def close(self) -> None:
        """Waits a while for everything queued to be stored. What still fails after that stays queued and is
        retried in the background (`pending` says how much; `saved` waits for it). A cancelled caller leaves the
        writer to finish."""
        self._closed = True
        self._more.set()
        if self._writer is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._writer), self._close_wait_s)

    async def saved(self) -> None:
        """Until everything observed is stored (or given up as lost); call after `close`."""
        if self._writer is not None:
            await asyncio.gather(asyncio.shield(self._writer), return_exceptions=True)

    async def abandon(self) -> int:
        """Stops retrying (the server is stopping) and logs what was never stored; returns how many records."""
        await self._tasks.aclose()
        lost = len(self._queue)
        if lost:
            self.lost += lost
            log.error('call %s: %d lines could not be saved before the server stopped and are lost', self.call_id, lost)
            self._queue.clear()
        self._health.recovered(self._writer_name)
        return lost

    @property
    def _writer_name(self) -> str:
        return f'call {self.call_id}'

    def _keep(self, event: Kept) -> None:
        self._queue.append(_Record(event, self._clock()))
        self._more.set()
        if self._failing:
            self._tell()

    async def _write_all(self) -> None:
        while True:
            if not self._queue:
                if self._closed:
                    return
                self._more.clear()
                await self._more.wait()
                continue
            record = self._queue[0]
            acoustic = await self._score(record.event)
            await self._store_with_retries(record, acoustic)
            self._queue.popleft()
            if self._failing:
                self._recover() if not self._queue else self._tell()

    async def _score(self, event: Kept) -> Acoustic | None:
        if self._acoustic is None or not isinstance(event, UserUtterance):
            return None
        try:
            return await self._acoustic(event)
        except Exception:  # the line matters more than its tone
            log.exception('call %s: a line could not be scored for tone; it is kept without', self.call_id)
            return None

    async def _store_with_retries(self, record: _Record, acoustic: Acoustic | None) -> None:
        while True:
            try:
                await self._store(record, acoustic)
                return
            except Exception as error:
                if is_lasting(error):
                    self.lost += 1
                    log.error(
                        'call %s: a %s could not be stored and is lost (%s)',
                        self.call_id,
                        type(record.event).__name__,
                        type(error).__name__,
                    )
                    return
                if not self._failing:
                    self._failing = True
                    log.warning(
                        'call %s: writes are failing (%s); %d kept, retrying',
                        self.call_id,
                        type(error).__name__,
                        len(self._queue),
                    )
                    self._tell()
            await asyncio.sleep(self._backoff.next_wait())

    def _tell(self) -> None:
        waiting = len(self._queue)
        self._health.failing(self._writer_name, waiting=waiting)
        self._publish(LinesUnsaved(count=waiting))

    def _recover(self) -> None:
        self._failing = False
        self._backoff.reset()
        self._health.recovered(self._writer_name)
        self._publish(LinesUnsaved(count=0))
        log.info('call %s: writes recovered; every line is saved', self.call_id)

    async def _store(self, record: _Record, acoustic: Acoustic | None) -> None:
        event = record.event
        async with self._sessionmaker() as session:
            match event:
                case UserUtterance():
                    source: LineSource = 'typed' if event.typed else 'spoken'
                    await self._add_line(
                        session, event, role='user', prosody=event.prosody, acoustic=acoustic, source=source
                    )
                case AssistantUtterance():
                    await self._add_line(session, event, role='assistant')
                case EngineError():
                    await calls.add_engine_error(
                        session, self.call_id, at=record.at, code=event.code, message=event.message
                    )
                case SessionInfo():
                    await calls.set_provider_chat_id(session, self.call_id, event.provider_chat_id)

    async def _add_line(
        self,
        session: AsyncSession,
        line: UserUtterance | AssistantUtterance,
        *,
        role: str,
        prosody: dict[str, float] | None = None,
        acoustic: Acoustic | None = None,
        source: LineSource = 'spoken',
    ) -> None:
        await calls.add_line(
            session,
            self.call_id,
            role=role,
            text=line.text.strip(),
            start_s=line.start_s,
            end_s=line.end_s,
            prosody=prosody,
            acoustic=acoustic,
            source=source,
        )
        self.lines += 1


async def close_orphaned_calls(sessionmaker: async_sessionmaker[AsyncSession]) -> list[uuid.UUID]:
    """Completes every call still `active` that has lines stored (a crash cut it off); run at start-up, when no
    call is live. A call with no line at all never connected: it is left open, to be connected or completed later,
    never turned into an empty report.

    Returns the ids it completed, so that their analysis can be started.
    """
    async with sessionmaker() as session:
        call_ids = await calls.active_call_ids(session, with_lines=True)
    closed = []
    for call_id in call_ids:
        async with sessionmaker() as session:
            if await call_lifecycle.finish_live(session, call_id, duration_seconds=None):
                closed.append(call_id)
    if closed:
        log.info('closed %d calls left active by the last run', len(closed))
    return closed
