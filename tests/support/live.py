"""A live-call service around a test's own engine, and the calls it runs, read back from the database."""

import time
import uuid
from collections.abc import Callable
from typing import Any

from app.runtime import Runtime
from services import calls
from services.models import CallSession
from services.notify import Topic
from services.users import create_user
from services.voice.call_service import LiveCallService
from services.voice.engine import VoiceEngine
from tests.support.waiting import until_async


class OneEngine:
    """An engine factory that hands out the test's engine."""

    def __init__(self, engine: VoiceEngine) -> None:
        self.engine = engine

    def new_engine(self, name: str) -> VoiceEngine:
        return self.engine

    async def aclose(self) -> None:
        return None


class RecordingAnalysis:
    """Stands in for the analysis runner: records what was handed over, analyses nothing."""

    def __init__(self) -> None:
        self.outcomes: Topic[Any] = Topic()
        self.submitted: list[uuid.UUID] = []

    def submit(self, call_id: uuid.UUID) -> None:
        self.submitted.append(call_id)


def live_calls(
    runtime: Runtime, engine: VoiceEngine, *, clock: Callable[[], float] = time.monotonic
) -> tuple[LiveCallService, RecordingAnalysis]:
    analysis = RecordingAnalysis()
    service = LiveCallService(
        runtime.database.sessionmaker,
        engines=OneEngine(engine),
        analysis=analysis,  # type: ignore[arg-type]
        clock=clock,
    )
    return service, analysis


async def new_call(runtime: Runtime, persona: str = 'skeptical_buyer') -> CallSession:
    """A new rep's active call."""
    async with runtime.database.session() as session:
        owner = await create_user(session, email=f'{uuid.uuid4().hex[:8]}@example.com', password='long enough pw')
        return await calls.create_call(session, owner_id=owner.id, persona=persona, scenario='CRM', engine='demo')


async def stored(runtime: Runtime, call: CallSession) -> tuple[CallSession, dict[str, Any], dict[str, Any]]:
    """The call as stored, with its transcript and emotion data (the lines so far, for a call still running)."""
    async with runtime.database.session() as session:
        fresh = await session.get(CallSession, call.id)
        assert fresh is not None
        transcript, emotions = await calls.recorded_data(session, fresh)
        return fresh, transcript, emotions


async def lines_stored(runtime: Runtime, call: CallSession, count: int) -> list[dict[str, Any]]:
    """The call's stored lines, once there are `count` of them."""

    async def lines() -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = (await stored(runtime, call))[1]['messages']
        return messages

    return await until_async(lines, lambda found: len(found) >= count)
