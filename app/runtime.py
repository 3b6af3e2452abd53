"""What the running process holds: settings, the database, the analysis runner and the log-in throttle.

Started once by the app's start-up hook (and by tests), read by the API dependencies and the pages.
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.db import Database
from app.migrate import upgrade_to_head
from app.settings import Settings
from services.acoustic_tone import stop_pitch_worker
from services.analysis import AnalysisRunner
from services.calls import ANALYSABLE, delete_call, request_analysis
from services.coaching.ai_coach import CoachWithFallback, ModelCoachSettings, OpenAICoach
from services.coaching.facts import Coach
from services.coaching.rule_based import RuleBasedCoach
from services.models import CallSession
from services.throttle import LoginThrottle
from services.users import ensure_superuser
from services.voice.live import LiveCalls
from services.voice.recorder import close_orphaned_calls
from services.voice.registry import Engines, ProviderSettings, engine_factory
from services.voice.selection import EngineChoice, choose_engine

log = logging.getLogger(__name__)


@dataclass(kw_only=True, slots=True)
class Runtime:
    settings: Settings
    database: Database
    analysis: AnalysisRunner
    live: LiveCalls
    login_throttle: LoginThrottle
    token_secret: str

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
        analysis = AnalysisRunner(database.sessionmaker, coach=coach_for(settings))
        runtime = cls(
            settings=settings,
            database=database,
            analysis=analysis,
            live=LiveCalls(
                database.sessionmaker, engines=engine_factory(provider_settings(settings)), on_finished=analysis.submit
            ),
            login_throttle=LoginThrottle(),
            token_secret=settings.resolved_secret_key(),
        )
        # No call is live at start-up: calls a crash left active are completed with what was said.
        await close_orphaned_calls(database.sessionmaker)
        await runtime.analysis.resume_pending()
        log.info('started on %s with the %s engine', database.dialect, runtime.engine_choice().name)
        return runtime

    async def stop(self) -> None:
        await self.analysis.stop()
        await asyncio.to_thread(stop_pitch_worker)
        await self.analysis.coach.aclose()
        if isinstance(self.live.engines, Engines):
            await self.live.engines.aclose()
        await self.database.dispose()

    async def analyse_again(self, call_id: uuid.UUID) -> None:
        """Asks for the call's analysis once more (when its status allows it) and starts it."""
        async with self.database.session() as session:
            call = await session.get(CallSession, call_id)
            if call is not None and call.status in ANALYSABLE:
                await request_analysis(session, call)
        self.analysis.submit(call_id)

    async def delete_call(self, session: AsyncSession, call: CallSession) -> None:
        """Stops the call's analysis, should one be running, and deletes the call with its lines and report."""
        self.analysis.cancel(call.id)
        await delete_call(session, call)

    def coach_note(self) -> str:
        """Who writes the reports, in words for the rep."""
        if isinstance(self.analysis.coach, RuleBasedCoach):
            return 'Reports are written by the rule-based coach (set OPENAI_API_KEY for the AI coach).'
        return f'Reports are written by the AI coach ({self.analysis.coach.name}).'

    def engine_choice(self) -> EngineChoice:
        return choose_engine(
            self.settings.voice_engine,
            hume_configured=self.settings.hume_api_key is not None,
            openai_configured=self.settings.openai_api_key is not None,
        )


def provider_settings(settings: Settings) -> ProviderSettings:
    hume_key, openai_key = settings.hume_api_key, settings.openai_api_key
    return ProviderSettings(
        hume_api_key=hume_key.get_secret_value() if hume_key else None,
        hume_api_url=settings.hume_api_url,
        hume_config_id=settings.hume_config_id,
        openai_api_key=openai_key.get_secret_value() if openai_key else None,
        openai_base_url=settings.openai_base_url,
        openai_realtime_url=settings.openai_realtime_url,
        openai_realtime_model=settings.openai_realtime_model,
        openai_transcribe_model=settings.openai_transcribe_model,
        openai_turn_detection=settings.openai_turn_detection,
        openai_vad_eagerness=settings.openai_vad_eagerness,
    )


def coach_for(settings: Settings) -> Coach:
    """The AI coach (with the rule-based one as its fallback) when an OpenAI key is set, else the rule-based one."""
    if settings.openai_api_key is None:
        return RuleBasedCoach()
    return CoachWithFallback(
        OpenAICoach(
            ModelCoachSettings(
                api_key=settings.openai_api_key.get_secret_value(),
                base_url=settings.openai_base_url,
                model=settings.openai_model,
            )
        )
    )


_current: Runtime | None = None


def set_runtime(runtime: Runtime | None) -> None:
    global _current  # one runtime per process, set at start-up
    _current = runtime


def current_runtime() -> Runtime:
    if _current is None:
        raise RuntimeError('the app has not started')
    return _current
