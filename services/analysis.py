"""The post-call analysis pipeline: speech metrics → emotion summary → coach → stored report.

Each call is analysed in its own asyncio task. Every status change is committed before the next step, so a call
whose analysis was cut off by a crash or a restart is still `analyzing` (or `completed` with a request) and
`resume_pending` picks it up at the next start.
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from functools import partial

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services import call_lifecycle
from services.call_status import CallStatus
from services.coaching.facts import CallFacts, Coach
from services.coaching.report import CoachingReport
from services.coaching.rule_based import RuleBasedCoach, rule_based_report
from services.coaching.too_short import unscored_reason
from services.library.prospect import ProspectProfile
from services.library.scenario import ScenarioSpec
from services.library.snapshot import prospect_of_call, scenario_of_call
from services.models import CallSession
from services.notify import Topic
from services.tasks import Supervisor
from services.transcript import EmotionData, Transcript
from services.write_faults import WriteHealth, until_written

log = logging.getLogger(__name__)

ANALYSIS_TIMEOUT_S = 300.0
SWEEP_EVERY_S = 60.0  # how often analyses cut off without a restart (no task running) are picked up again


@dataclass(frozen=True, kw_only=True, slots=True)
class CallSnapshot:
    """What the analysis reads of a call, taken in one short database session."""

    persona: str
    scenario: str | None
    duration_seconds: float | None
    transcript: Transcript
    emotion_data: EmotionData
    scenario_spec: ScenarioSpec | None = None  # from the call's snapshot; None for a free-text or no scenario
    prospect: ProspectProfile | None = None  # from the call's snapshot; None: the built-in of `persona`

    @property
    def rep_spoke(self) -> bool:
        """Whether the rep said anything: a call without a word of theirs has nothing to coach or score."""
        return any(message.role == 'user' and message.text.strip() for message in self.transcript.messages)

    @classmethod
    def of(cls, call: CallSession) -> 'CallSnapshot':
        return cls(
            persona=call.persona,
            scenario=call.scenario,
            duration_seconds=call.duration_seconds,
            transcript=Transcript.model_validate(call.transcript or {}),
            emotion_data=EmotionData.model_validate(call.emotion_data or {}),
            scenario_spec=scenario_of_call(call.scenario_snapshot),
            prospect=prospect_of_call(call.persona, call.persona_snapshot),
        )


async def analyse(snapshot: CallSnapshot, coach: Coach) -> CoachingReport:
    """Computes the call's facts in a thread (a long call must not stall the event loop), then asks the coach."""
    facts = await asyncio.to_thread(
        CallFacts.compute,
        persona_id=snapshot.persona,
        scenario=snapshot.scenario,
        duration_seconds=snapshot.duration_seconds,
        transcript=snapshot.transcript,
        emotion_data=snapshot.emotion_data,
        scenario_spec=snapshot.scenario_spec,
        prospect=snapshot.prospect,
    )
    if (reason := unscored_reason(facts)) is not None:  # no model is asked to score what cannot be scored
        report = rule_based_report(facts)
        return report.model_copy(update={'overall_score': None, 'skill_scores': None, 'unscored_reason': reason})
    return await coach.write_report(facts)


@dataclass(frozen=True, kw_only=True, slots=True)
class AnalysisOutcome:
    """An analysis ended: its report is stored (`error` None), or it failed and `error` says why, for the rep."""

    call_id: uuid.UUID
    error: str | None = None


class AnalysisRunner:
    """Owns the analysis tasks: at most one per call, at most `concurrency` running at once."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        coach: Coach | None = None,
        concurrency: int = 2,
        health: WriteHealth | None = None,
        sweep_every_s: float = SWEEP_EVERY_S,
    ) -> None:
        self._sessionmaker = sessionmaker
        self.coach: Coach = coach or RuleBasedCoach()
        self._health = health or WriteHealth()
        self._sweep_every_s = sweep_every_s
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: dict[uuid.UUID, asyncio.Task[None]] = {}
        self._again: set[uuid.UUID] = set()
        self._stopping = False
        self.outcomes: Topic[AnalysisOutcome] = Topic()
        self._supervisor = Supervisor('the analysis')

    def start(self) -> None:
        """Every `sweep_every_s`, resumes the analyses that were requested and have no task running (one cut off
        by a failure this process did not see through); `resume_pending` does it once, at start-up."""
        self._supervisor.spawn(self._sweep(), name='analysis-sweep')

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(self._sweep_every_s)
            try:
                await self.resume_pending()
            except Exception as error:  # the database may be away; the next sweep tries again
                log.warning('could not look for unfinished analyses (%s)', type(error).__name__)

    def running(self, call_id: uuid.UUID) -> bool:
        return call_id in self._tasks

    async def request(self, session: AsyncSession, call: CallSession) -> None:
        """Asks for the call's analysis (again) and starts it: a finished or failed one is requested anew, and one
        left `analyzing` with no task running (cut off) is started again. One running now is left alone: that
        raises CallStateError ("being analysed already")."""
        if call.status == CallStatus.ANALYZING and not self.running(call.id):
            log.info('call %s was left analysing with nothing running; its analysis starts again', call.id)
        else:
            await call_lifecycle.request_analysis(session, call)
        self.submit(call.id)

    async def resume_pending(self) -> int:
        """Starts every analysis that was requested but is not finished and not running; returns how many."""
        async with self._sessionmaker() as session:
            pending = await session.scalars(
                select(CallSession.id).where(
                    or_(
                        CallSession.status == CallStatus.ANALYZING,
                        (CallSession.status == CallStatus.COMPLETED) & CallSession.analysis_requested_at.is_not(None),
                    )
                )
            )
            call_ids = pending.all()
        stuck = [call_id for call_id in call_ids if not self.running(call_id)]
        for call_id in stuck:
            self.submit(call_id)
        if stuck:
            log.info('resuming %d unfinished analyses', len(stuck))
        return len(stuck)

    def submit(self, call_id: uuid.UUID) -> None:
        if self._stopping:
            return
        if call_id in self._tasks:
            # A request that arrives while the last run is finishing must not be lost: run once more after it.
            self._again.add(call_id)
            return
        # A run fails only when even recording its error failed (the database is down); the supervisor logs it,
        # and the call stays "analyzing" until the next start resumes it.
        task = self._supervisor.spawn(self._run(call_id), name=f'analysis-{call_id}')
        self._tasks[call_id] = task
        task.add_done_callback(lambda _: self._done(call_id))

    def _done(self, call_id: uuid.UUID) -> None:
        self._tasks.pop(call_id, None)
        if call_id in self._again:
            self._again.discard(call_id)
            self.submit(call_id)

    def cancel(self, call_id: uuid.UUID) -> None:
        task = self._tasks.get(call_id)
        if task is not None:
            task.cancel()

    async def wait_idle(self) -> None:
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def stop(self) -> None:
        """Cancels what is running; those calls stay `analyzing` and resume at the next start."""
        self._stopping = True
        await self._supervisor.aclose()

    async def _run(self, call_id: uuid.UUID) -> None:
        # Reads and writes of the database are retried while it is away, so a call never sticks "analysing".
        writer = f'analysis of call {call_id}'
        async with self._slots:
            try:
                snapshot = await until_written(partial(self._begin, call_id), writer=writer, health=self._health)
                if snapshot is None:
                    return
                if not snapshot.rep_spoke:
                    raise NothingToCoach(NOTHING_SAID)
                async with asyncio.timeout(ANALYSIS_TIMEOUT_S):
                    report = await analyse(snapshot, self.coach)
                stored = await until_written(partial(self._store, call_id, report), writer=writer, health=self._health)
                if stored:
                    self.outcomes.publish(AnalysisOutcome(call_id=call_id))
            except Exception as error:  # any failure is the call's error state, never a call stuck "analysing"
                if isinstance(error, NothingToCoach):
                    log.info('call %s: nothing to analyse, the rep said nothing', call_id)
                else:
                    log.exception('analysis of call %s failed', call_id)
                reason = _describe(error)
                stored = await until_written(partial(self._fail, call_id, reason), writer=writer, health=self._health)
                if stored:
                    self.outcomes.publish(AnalysisOutcome(call_id=call_id, error=reason))

    async def _begin(self, call_id: uuid.UUID) -> CallSnapshot | None:
        async with self._sessionmaker() as session:
            call = await call_lifecycle.begin_analysis(session, call_id)
            return None if call is None else CallSnapshot.of(call)

    async def _store(self, call_id: uuid.UUID, report: CoachingReport) -> bool:
        async with self._sessionmaker() as session:
            return await call_lifecycle.finish_analysis(
                session, call_id, report=report.model_dump(mode='json'), score=report.overall_score
            )

    async def _fail(self, call_id: uuid.UUID, reason: str) -> bool:
        async with self._sessionmaker() as session:
            return await call_lifecycle.fail_analysis(session, call_id, reason=reason)


class NothingToCoach(Exception):
    """The call holds no word of the rep: no report, and no score to count in any average."""


NOTHING_SAID = 'There is nothing to coach: you said nothing in this call. Start a new call and try again.'


def _describe(error: Exception) -> str:
    # Only the kind of failure reaches the rep: messages of third-party errors may carry request details.
    if isinstance(error, NothingToCoach):
        return str(error)
    if isinstance(error, TimeoutError):
        return 'The analysis took too long and was stopped. Try "Analyse again".'
    return f'The analysis failed ({type(error).__name__}). Try "Analyse again".'
