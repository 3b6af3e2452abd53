"""What the running process holds: settings, the database, the voice engines, the live calls, the analysis runner
and the log-in throttle.

Started once by the app's start-up hook (and by tests), read by the API dependencies and the pages.
"""

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from app.db import Database
from app.migrate import upgrade_to_head
from app.settings import Settings
from services.access import may_see_work_of
from services.analysis import AnalysisRunner
from services.call_lifecycle import CallStateError
from services.calls import create_call, delete_call, get_call
from services.coaching.ai_coach import CoachWithFallback, ModelCoachSettings, OpenAICoach
from services.coaching.facts import Coach
from services.coaching.rule_based import RULE_BASED, RuleBasedCoach
from services.library.snapshot import ProspectSnapshot, ScenarioSnapshot
from services.mail import Mailer
from services.models import CallSession, User
from services.signup import SignupPolicy, signup_throttle
from services.throttle import Throttle
from services.tone_worker import TONE_WORKER
from services.users import ensure_superuser
from services.voice.call_service import LiveCallService
from services.voice.engine_spec import SettingValues
from services.voice.engine_status import CoachStatus, EnginesOverview, engines_overview
from services.voice.recorder import close_orphaned_calls
from services.voice.registry import EngineChoice, RunningEngines, choose_engine, is_demo
from services.voice.transcriber import (
    RecognitionStatus,
    configure_recognition,
    recognition_status,
    stop_recognition,
    warm_up_recognition,
)
from services.voice.whisper_stt import RECOGNITION_WORKERS, WhisperSettings
from services.write_faults import WriteHealth

log = logging.getLogger(__name__)


@dataclass(kw_only=True, slots=True)
class Runtime:
    settings: Settings
    database: Database
    analysis: AnalysisRunner
    engines: RunningEngines
    live: LiveCallService
    login_throttle: Throttle
    signup_throttle: Throttle
    # Password-reset mails: a few an hour per address asked for and per requesting address, so that nobody can
    # flood an inbox through us.
    reset_throttle: Throttle = field(default_factory=lambda: Throttle(limit=5, window_s=3600.0))
    token_secret: str
    write_health: WriteHealth

    @classmethod
    async def start(cls, settings: Settings) -> 'Runtime':
        database = Database(settings.resolved_database_url)
        try:
            await upgrade_to_head(database)
            if settings.first_superuser and settings.first_superuser_password:
                async with database.session() as session:
                    await ensure_superuser(
                        session,
                        email=settings.first_superuser,
                        password=settings.first_superuser_password.get_secret_value(),
                    )
        except BaseException:
            await database.dispose()
            raise
        write_health = WriteHealth()
        analysis = AnalysisRunner(database.sessionmaker, coach=coach_for(settings), health=write_health)
        configure_recognition(whisper_settings(settings))  # before the engines: the pipeline's local stage holds it
        engines = RunningEngines(setting_values(settings))
        runtime = cls(
            settings=settings,
            database=database,
            analysis=analysis,
            engines=engines,
            live=LiveCallService(database.sessionmaker, engines=engines, analysis=analysis, health=write_health),
            login_throttle=Throttle(),
            signup_throttle=signup_throttle(settings.signup_limit_per_hour),
            token_secret=settings.resolved_secret_key(),
            write_health=write_health,
        )
        # No call is live at start-up: calls a crash left active are completed with what was said.
        await close_orphaned_calls(database.sessionmaker)
        await runtime.analysis.resume_pending()
        runtime.analysis.start()
        if hears_locally(runtime.engine_choice().name, settings):
            warm_up_recognition()  # the first spoken turn need not wait for the model
        log.info('started on %s with the %s engine', database.dialect, runtime.engine_choice().name)
        return runtime

    async def stop(self) -> None:
        await self.live.aclose()
        await self.analysis.stop()
        await asyncio.to_thread(TONE_WORKER.stop)
        await asyncio.to_thread(stop_recognition)
        await self.analysis.coach.aclose()
        await self.engines.aclose()
        await self.database.dispose()

    async def new_call(
        self,
        *,
        owner_id: uuid.UUID,
        persona: str,
        scenario: str | None,
        persona_snapshot: ProspectSnapshot | None = None,
        scenario_snapshot: ScenarioSnapshot | None = None,
        assignment_id: uuid.UUID | None = None,
    ) -> CallSession:
        """A new active call on the engine new calls use now, keeping what it is practised on (the snapshots), and
        counting toward `assignment_id` when given."""
        async with self.database.session() as session:
            return await create_call(
                session,
                owner_id=owner_id,
                persona=persona,
                scenario=scenario,
                engine=self.engine_choice().name,
                persona_snapshot=persona_snapshot,
                scenario_snapshot=scenario_snapshot,
                assignment_id=assignment_id,
            )

    async def own_call(self, *, owner_id: uuid.UUID, call_id: uuid.UUID) -> CallSession | None:
        """The owner's call as stored now (None for another user's call, or one that is gone)."""
        async with self.database.session() as session:
            return await get_call(session, owner_id=owner_id, call_id=call_id)

    async def visible_call(self, *, viewer: User, call_id: uuid.UUID) -> CallSession | None:
        """The call if `viewer` may see it: their own, or (read-only) a rep's of a team they manage, or any for an
        admin; None otherwise."""
        async with self.database.session() as session:
            call = await session.get(CallSession, call_id)
            if call is None or not await may_see_work_of(session, viewer, call.owner_id):
                return None
            return call

    async def analyse_again(self, call_id: uuid.UUID) -> None:
        """Asks for the call's analysis once more and starts it (one running now is left to finish)."""
        async with self.database.session() as session:
            call = await session.get(CallSession, call_id)
            if call is not None:
                with contextlib.suppress(CallStateError):
                    await self.analysis.request(session, call)

    async def delete_call(self, session: AsyncSession, call: CallSession) -> None:
        """Stops the call's analysis, should one be running, and deletes the call with its lines and report."""
        self.analysis.cancel(call.id)
        await delete_call(session, call)

    @property
    def signup_policy(self) -> SignupPolicy:
        """Who may sign up without an invitation (SIGNUP_MODE, SIGNUP_DOMAINS)."""
        return SignupPolicy(mode=self.settings.signup_mode, domains=tuple(self.settings.signup_domain_list))

    def mailer(self) -> Mailer | None:
        """The SMTP server for invitations and resets; None without SMTP_HOST (links are then copied by hand)."""
        settings = self.settings
        if not settings.smtp_host:
            return None
        return Mailer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            security=settings.smtp_security,
            sender=settings.smtp_from,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        )

    def public_link(self, path: str, *, request_base: str) -> str:
        """An absolute link to `path` on this app: PUBLIC_URL's, else the requesting address's."""
        base = (self.settings.public_url or request_base).rstrip('/')
        return f'{base}{path}'

    def draft_model(self) -> ModelCoachSettings | None:
        """The language model that drafts library entries from a description (the AI coach's); None without a key."""
        return model_settings(self.settings)

    def coach_note(self) -> str:
        """Who writes the reports, in words for the rep."""
        if self.analysis.coach.name == RULE_BASED:
            return 'Reports are written by the rule-based coach (set OPENAI_API_KEY for the AI coach).'
        return f'Reports are written by the AI coach ({self.analysis.coach.name}).'

    def recognition(self) -> RecognitionStatus:
        """Which offline recogniser hears reps on the demo (and the pipeline's local stage)."""
        return recognition_status()

    def engine_choice(self) -> EngineChoice:
        """The engine new calls use, and why."""
        return choose_engine(self.settings.voice_engine, setting_values(self.settings))

    def engines_overview(self) -> EnginesOverview:
        """The engines as this server runs them; the Engines page and `GET /engines` both show this."""
        coach = self.analysis.coach.name
        return engines_overview(
            setting_values(self.settings),
            preference=self.settings.voice_engine,
            choice=self.engine_choice(),
            running=self.engines,
            coach=CoachStatus(name=coach, kind='rule_based' if coach == RULE_BASED else 'ai'),
        )


def setting_values(settings: Settings) -> SettingValues:
    """Every setting by its environment name, for the engines' declarations to read (secrets stay SecretStr)."""
    return SettingValues(
        {str(field.validation_alias): getattr(settings, name) for name, field in Settings.model_fields.items()}
    )


def whisper_settings(settings: Settings) -> WhisperSettings:
    return WhisperSettings(
        model=settings.local_stt_model,
        device=settings.local_stt_device,
        compute_type=settings.local_stt_compute_type,
        workers=settings.local_stt_workers or RECOGNITION_WORKERS,
    )


def hears_locally(engine: str, settings: Settings) -> bool:
    """Whether calls on `engine` recognise the rep's speech in this process (the demo; the pipeline's `local` stage)."""
    return is_demo(engine) or (engine == 'pipeline' and settings.pipeline_stt_model == 'local')


def coach_for(settings: Settings) -> Coach:
    """The AI coach (with the rule-based one as its fallback) when an OpenAI key is set, else the rule-based one."""
    model = model_settings(settings)
    return RuleBasedCoach() if model is None else CoachWithFallback(OpenAICoach(model))


def model_settings(settings: Settings) -> ModelCoachSettings | None:
    """The OpenAI-compatible model the settings name; None when no key is set."""
    if settings.openai_api_key is None:
        return None
    return ModelCoachSettings(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url,
        model=settings.openai_model,
    )


_current: Runtime | None = None


def set_runtime(runtime: Runtime | None) -> None:
    global _current  # one runtime per process, set at start-up
    _current = runtime


def current_runtime() -> Runtime:
    if _current is None:
        raise RuntimeError('the app has not started')
    return _current
