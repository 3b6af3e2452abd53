"""The live-call service: the one way to act on a live call, for the call's socket and for the pages alike.

It admits a socket (a single-use ticket, the owner's call, still active), opens one bridge per call with a fresh
engine and the call's observers (recorder, tone tap, publisher), runs it, and hands the ended call to the analysis.
Pages follow a call by subscribing to its updates (its lines and tone, its end, its report) and act on it with
`say`, `mute` and `hang_up`; the socket's frames reach the same bridge controls.
"""

import logging
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services import call_lifecycle, calls
from services.analysis import AnalysisOutcome, AnalysisRunner
from services.call_status import CallStatus
from services.library.builtins import BUILTIN_PROSPECTS
from services.library.snapshot import prospect_of_call, scenario_of_call
from services.memory import MEMORY
from services.models import CallSession
from services.notify import Topic
from services.tasks import Supervisor
from services.transcript import MAX_MESSAGES
from services.voice.bridge import ENGINE_UNAVAILABLE, Transport, VoiceSession
from services.voice.engine import EngineConfig, VoiceEngine
from services.voice.protocol import ErrorMessage
from services.voice.publisher import UpdatePublisher
from services.voice.recorder import CallRecorder
from services.voice.tickets import TicketBook
from services.voice.timing import CallClock
from services.voice.tone_tap import ToneTap
from services.voice.updates import AnalysisFailed, CallEnded, CallUpdate, LinesUnsaved, ReportReady
from services.write_faults import WriteHealth, is_lasting, until_written

log = logging.getLogger(__name__)


class CallBusyError(Exception):
    """The call has a live connection already."""


class EngineFactory(Protocol):
    def new_engine(self, name: str) -> VoiceEngine:
        """A fresh engine for one call (a stand-in that says why, when this server cannot run it)."""
        ...

    async def aclose(self) -> None:
        """Closes what the engines' calls share; the runtime calls it once, at shutdown."""
        ...


class LiveCallService:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        engines: EngineFactory,
        analysis: AnalysisRunner,
        health: WriteHealth | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock
        self.health = health or WriteHealth()
        self.engines = engines
        self._analysis = analysis
        self.tickets = TicketBook()
        self._bridges: dict[uuid.UUID, VoiceSession] = {}
        self._topics: dict[uuid.UUID, Topic[CallUpdate]] = {}
        self._muted: set[uuid.UUID] = set()
        self._saving: dict[uuid.UUID, CallRecorder] = {}  # ended calls whose lines are still being written
        self._completions = Supervisor('calls waiting for their lines')
        analysis.outcomes.subscribe(self._analysed)

    def __len__(self) -> int:
        """How many calls have a bridge right now."""
        return len(self._bridges)

    # --- the call's socket ---------------------------------------------------------------------------------

    def socket_url(self, *, user_id: uuid.UUID, call_id: uuid.UUID) -> str:
        """The call socket's address with a single-use ticket for this user (valid 60 s)."""
        return f'/ws/calls/{call_id}?ticket={self.tickets.issue(user_id=user_id, call_id=call_id)}'

    async def admit(self, *, ticket: str, call_id: uuid.UUID) -> VoiceSession | None:
        """The call's bridge for a socket with a good ticket to its owner's active call that has none yet."""
        user_id = self.tickets.redeem(ticket, call_id=call_id)
        if user_id is None:
            return None
        async with self._sessionmaker() as session:
            call = await calls.get_call(session, owner_id=user_id, call_id=call_id)
        if call is None or call.status != CallStatus.ACTIVE:
            return None
        try:
            return self.open(call)
        except CallBusyError:
            return None

    def open(self, call: CallSession) -> VoiceSession:
        """A bridge for the call, with a fresh engine; refused while the call has one already."""
        if call.id in self._bridges:
            raise CallBusyError('This call is already connected in another window.')
        engine = self.engines.new_engine(call.engine)
        clock = CallClock(self._clock)
        publish = partial(self._publish, call.id)
        tone = ToneTap(sample_rate=engine.input_sample_rate, clock=clock, publish=publish)
        recorder = CallRecorder(
            self._sessionmaker,
            call.id,
            clock=clock,
            acoustic=tone.score,
            publish=publish,
            health=self.health,
            on_full=partial(self._full, call.id),
        )
        bridge = VoiceSession(
            engine=engine,
            config=engine_config(call),
            observers=(recorder, tone, UpdatePublisher(publish)),
            hand_over=partial(self._hand_over, call.id, recorder),
            clock=clock,
            muted=call.id in self._muted,
        )
        self._bridges[call.id] = bridge
        return bridge

    async def run(self, bridge: VoiceSession, transport: Transport) -> str:
        """Runs the call to its end; returns why it ended."""
        try:
            return await bridge.run(transport)
        finally:
            self._bridges.pop(bridge.call_id, None)
            MEMORY.release_soon()  # the call's audio buffers and tone data (megabytes a minute)

    # --- what a page does ----------------------------------------------------------------------------------

    def subscribe(self, call_id: uuid.UUID, callback: Callable[[CallUpdate], None]) -> Callable[[], None]:
        """Follows the call (across reconnections) until the returned function is called."""
        topic = self._topics.setdefault(call_id, Topic())
        unsubscribe = topic.subscribe(callback)

        def stop() -> None:
            unsubscribe()
            if not topic and self._topics.get(call_id) is topic:
                del self._topics[call_id]

        return stop

    def is_live(self, call_id: uuid.UUID) -> bool:
        bridge = self._bridges.get(call_id)
        return bridge is not None and bridge.live

    def elapsed(self, call_id: uuid.UUID) -> float | None:
        """Seconds since the call went live; None while it is not."""
        bridge = self._bridges.get(call_id)
        return bridge.clock() if bridge is not None and bridge.live else None

    async def say(self, call_id: uuid.UUID, text: str) -> bool:
        """A typed turn; False when the call is not live (yet)."""
        bridge = self._bridges.get(call_id)
        if bridge is None or not bridge.live:
            return False
        await bridge.say(text)
        return True

    def mute(self, call_id: uuid.UUID, muted: bool) -> None:
        """Mutes the rep (the engine hears silence); a call that connects later starts muted."""
        if muted:
            self._muted.add(call_id)
        else:
            self._muted.discard(call_id)
        bridge = self._bridges.get(call_id)
        if bridge is not None:
            bridge.set_muted(muted)

    async def hang_up(self, call_id: uuid.UUID) -> None:
        """Ends the call: a live one through its bridge; one that never connected is completed as it is."""
        bridge = self._bridges.get(call_id)
        if bridge is not None:
            bridge.hang_up()
            return
        await self._finish(call_id, duration_seconds=0.0)
        self._publish(call_id, CallEnded(reason='hang-up'))

    # --- the call's end ------------------------------------------------------------------------------------

    async def _hand_over(
        self, call_id: uuid.UUID, recorder: CallRecorder, reason: str, duration_seconds: float | None
    ) -> None:
        # A call the engine never answered, in which nothing was said, stays active so that the rep can retry it.
        if reason == ENGINE_UNAVAILABLE and not recorder.lines and not recorder.pending:
            return
        # Completed (and analysed) once every line is stored, never before; the browser is not kept waiting.
        if recorder.pending or not await self._try_finish(call_id, duration_seconds):
            self._saving[call_id] = recorder
            self._completions.spawn(
                self._finish_when_saved(call_id, recorder, duration_seconds), name=f'complete-{call_id}'
            )
            return
        log.info('call %s ended (%s) with %d lines', call_id, reason, recorder.lines)

    async def _try_finish(self, call_id: uuid.UUID, duration_seconds: float | None) -> bool:
        """Completes the call at once when the database takes it; False when the write must wait and be retried."""
        try:
            await self._finish(call_id, duration_seconds=duration_seconds)
        except Exception as error:
            if is_lasting(error):
                raise
            return False
        return True

    async def _finish_when_saved(
        self, call_id: uuid.UUID, recorder: CallRecorder, duration_seconds: float | None
    ) -> None:
        log.warning('call %s ended with %d lines not saved yet; it completes once they are', call_id, recorder.pending)
        try:
            await recorder.saved()
            await until_written(
                partial(self._finish, call_id, duration_seconds=duration_seconds),
                writer=f'call {call_id} completion',
                health=self.health,
            )
            log.info('call %s completed with %d lines once its writes went through', call_id, recorder.lines)
        finally:
            self._saving.pop(call_id, None)

    async def aclose(self) -> None:
        """At shutdown: what ended calls could not store is given up and logged as lost, with a count (the calls
        stay active and are completed at the next start from what was stored)."""
        waiting = list(self._saving.values())
        await self._completions.aclose()
        for recorder in waiting:
            await recorder.abandon()

    def saving(self, call_id: uuid.UUID) -> int:
        """How many lines of an ended call still wait to be stored (0 when none)."""
        recorder = self._saving.get(call_id)
        return recorder.pending if recorder is not None else 0

    async def _finish(self, call_id: uuid.UUID, *, duration_seconds: float | None) -> None:
        """Completes the call from its stored lines and hands it to the analysis."""
        self._muted.discard(call_id)
        async with self._sessionmaker() as session:
            finished = await call_lifecycle.finish_live(session, call_id, duration_seconds=duration_seconds)
        if finished:
            self._analysis.submit(call_id)

    def _full(self, call_id: uuid.UUID) -> None:
        """The call reached the most lines a call may have: it ends, and the rep is told why."""
        bridge = self._bridges.get(call_id)
        if bridge is not None:
            log.warning('call %s reached %d lines and ends', call_id, MAX_MESSAGES)
            bridge.tell(ErrorMessage(FULL))
            bridge.hang_up()

    def _analysed(self, outcome: AnalysisOutcome) -> None:
        update = ReportReady() if outcome.error is None else AnalysisFailed(message=outcome.error)
        self._publish(outcome.call_id, update)

    def _publish(self, call_id: uuid.UUID, update: CallUpdate) -> None:
        if isinstance(update, LinesUnsaved) and (bridge := self._bridges.get(call_id)) is not None:
            bridge.tell(ErrorMessage(unsaved_text(update.count)))  # a client of the socket is told as well
        topic = self._topics.get(call_id)
        if topic is not None:
            topic.publish(update)


FULL = f'This call reached its limit of {MAX_MESSAGES:,} lines and ends here; everything said is kept.'


def unsaved_text(count: int) -> str:
    """What the rep is told about lines that wait to be stored."""
    if count == 0:
        return 'Every line is saved.'
    return f'{count} {"line" if count == 1 else "lines"} not saved yet — retrying. Nothing is lost.'


def engine_config(call: CallSession) -> EngineConfig:
    """What the call's engine is told: the prospect and scenario the call keeps (services/library/snapshot.py), or for
    a call from before snapshots the built-in prospect of its id and its free-text scenario."""
    prospect_id = call.persona
    prospect = prospect_of_call(prospect_id, call.persona_snapshot)
    if prospect is None:  # neither a snapshot nor a built-in of that id: a prospect, rather than no call
        log.warning('call %s names an unknown prospect without a snapshot; the first built-in stands in', call.id)
        prospect_id, prospect = next(iter(BUILTIN_PROSPECTS.items()))
    return EngineConfig(
        call_id=call.id,
        prospect_id=prospect_id,
        prospect=prospect,
        scenario=scenario_of_call(call.scenario_snapshot),
        scenario_text=call.scenario,
    )
