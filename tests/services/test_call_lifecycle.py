"""A call's status moves only along its transitions, whoever asks and in whatever order."""

import uuid

import pytest

from app.runtime import Runtime
from services import call_lifecycle
from services.call_lifecycle import CallNotFoundError, CallStateError
from services.call_status import CallStatus
from services.calls import create_call, delete_call
from services.models import CallSession
from services.transcript import EmotionData, Transcript
from services.users import create_user


async def new_call(runtime: Runtime) -> CallSession:
    async with runtime.database.session() as session:
        owner = await create_user(session, email=f'{uuid.uuid4().hex[:8]}@example.com', password='long enough pw')
        return await create_call(session, owner_id=owner.id, persona='busy_executive', scenario=None, engine='demo')


async def status_of(runtime: Runtime, call_id: uuid.UUID) -> CallStatus | None:
    async with runtime.database.session() as session:
        call = await session.get(CallSession, call_id)
    return None if call is None else call.status


async def test_a_call_goes_from_active_to_done_and_reads_back_as_its_enum(runtime: Runtime) -> None:
    call = await new_call(runtime)
    assert await status_of(runtime, call.id) is CallStatus.ACTIVE
    async with runtime.database.session() as session:
        assert await call_lifecycle.finish_live(session, call.id, duration_seconds=3.0)
        assert await call_lifecycle.begin_analysis(session, call.id) is not None
        assert await call_lifecycle.finish_analysis(session, call.id, report={'overall_score': 70}, score=70)
    assert await status_of(runtime, call.id) is CallStatus.DONE


async def test_the_analysis_cannot_finish_a_call_it_never_began(runtime: Runtime) -> None:
    call = await new_call(runtime)
    async with runtime.database.session() as session:
        assert not await call_lifecycle.finish_analysis(session, call.id, report={}, score=1)
        assert not await call_lifecycle.fail_analysis(session, call.id, reason='no')
        assert await call_lifecycle.begin_analysis(session, call.id) is None  # still active: nothing to analyse
    assert await status_of(runtime, call.id) is CallStatus.ACTIVE


async def test_refusals_say_why_and_a_deleted_call_is_not_found(runtime: Runtime) -> None:
    call = await new_call(runtime)
    async with runtime.database.session() as session:
        with pytest.raises(CallStateError, match=r'^The call is still active\.$'):
            await call_lifecycle.request_analysis(session, call)
        await call_lifecycle.complete(
            session, call, duration_seconds=1.0, transcript=Transcript(), emotion_data=EmotionData()
        )
        assert call.status is CallStatus.COMPLETED  # the object follows what was stored
        await call_lifecycle.request_analysis(session, call)
        with pytest.raises(CallStateError, match=r'^The call is being analysed already\.$'):
            await call_lifecycle.request_analysis(session, call)
        with pytest.raises(CallStateError, match='this call is analyzing'):
            await call_lifecycle.complete(
                session, call, duration_seconds=1.0, transcript=Transcript(), emotion_data=EmotionData()
            )
        await delete_call(session, call)
        with pytest.raises(CallNotFoundError):
            await call_lifecycle.request_analysis(session, call)
        assert not await call_lifecycle.finish_analysis(session, call.id, report={}, score=1)
