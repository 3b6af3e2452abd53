"""Practice calls: create, list, read, complete, analyse, report, delete; and the personas to call."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from fastapi.responses import JSONResponse
from pydantic import AfterValidator

from app.api.deps import BearerOrSessionUser, CurrentUser, OwnedCall, RuntimeDep, SessionDep
from app.schemas.call import (
    AnalysisStatus,
    CallComplete,
    CallConnection,
    CallCreate,
    CallDetail,
    CallsPublic,
    CallSummary,
    PersonaPublic,
    known_persona,
)
from services import call_lifecycle, calls
from services.call_status import CallStatus
from services.coaching.report import CoachingReport
from services.personas import PERSONAS

router = APIRouter(prefix='/calls', tags=['calls'])
MAX_SKIP = 1_000_000_000  # far past any real history, well inside every database's integer range


# Declared before /{call_id} so that "personas" is never read as a call id.
@router.get('/personas/list')
async def list_personas() -> list[PersonaPublic]:
    """The prospects a rep can call."""
    return [PersonaPublic.model_validate(persona) for persona in PERSONAS.values()]


@router.post('/', status_code=status.HTTP_201_CREATED)
async def create_call(body: CallCreate, session: SessionDep, user: CurrentUser, runtime: RuntimeDep) -> CallSummary:
    """Starts a call with a persona; the engine is chosen from the server's settings."""
    call = await calls.create_call(
        session, owner_id=user.id, persona=body.persona, scenario=body.scenario, engine=runtime.engine_choice().name
    )
    return CallSummary.model_validate(call)


@router.get('/')
async def list_calls(
    session: SessionDep,
    user: CurrentUser,
    skip: Annotated[int, Query(ge=0, le=MAX_SKIP)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    persona: Annotated[
        str | None,
        Query(description='only calls with this persona', json_schema_extra={'enum': list(PERSONAS)}),
        AfterValidator(lambda persona: None if persona is None else known_persona(persona)),
    ] = None,
    sort: Annotated[
        calls.CallSort, Query(description='score sorts list calls without a score last, in both directions')
    ] = 'newest',
) -> CallsPublic:
    """Your calls, newest first unless `sort` says otherwise; `count` is how many match the filter."""
    rows, count = await calls.list_calls(session, owner_id=user.id, skip=skip, limit=limit, persona=persona, sort=sort)
    return CallsPublic(data=[CallSummary.model_validate(row) for row in rows], count=count)


@router.get('/{call_id}')
async def read_call(call: OwnedCall, session: SessionDep) -> CallDetail:
    """One call with its transcript and emotion data (for a running call, the lines stored so far)."""
    transcript, emotion_data = await calls.recorded_data(session, call)
    return CallDetail.model_validate(
        {
            **CallSummary.model_validate(call).model_dump(),
            'hume_chat_id': call.hume_chat_id,
            'analysis_error': call.analysis_error,
            'engine_errors': call.engine_errors or [],
            'transcript': transcript,
            'emotion_data': emotion_data,
        }
    )


@router.delete('/{call_id}', status_code=status.HTTP_204_NO_CONTENT)
async def delete_call(call: OwnedCall, session: SessionDep, runtime: RuntimeDep) -> Response:
    """Deletes the call, its lines and its report."""
    await runtime.delete_call(session, call)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post('/{call_id}/complete')
async def complete_call(body: CallComplete, call: OwnedCall, session: SessionDep) -> CallSummary:
    """Ends an active call with its transcript and tone data."""
    await call_lifecycle.complete(
        session,
        call,
        duration_seconds=body.duration_seconds,
        transcript=body.transcript,
        emotion_data=body.emotion_data,
        hume_chat_id=body.hume_chat_id,
    )
    return CallSummary.model_validate(call)


@router.post('/{call_id}/analyze', status_code=status.HTTP_202_ACCEPTED)
async def analyze_call(call: OwnedCall, session: SessionDep, runtime: RuntimeDep) -> AnalysisStatus:
    """Starts (or restarts: after `done` or `error`, or when an analysis was cut off) the analysis; poll the report
    for the result. 409 while it is running."""
    await runtime.analysis.request(session, call)
    return AnalysisStatus(call_id=call.id, status=CallStatus.ANALYZING)


@router.post('/{call_id}/connect')
async def connect_call(
    call_id: uuid.UUID, user: BearerOrSessionUser, session: SessionDep, runtime: RuntimeDep
) -> CallConnection:
    """A single-use socket address for the live call (valid 60 s); the call must be active. Bearer or page session."""
    call = await calls.get_call(session, owner_id=user.id, call_id=call_id)
    if call is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='Call not found.')
    if call.status != CallStatus.ACTIVE:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail=f'Only an active call can be connected; this call is {call.status}.'
        )
    return CallConnection(url=runtime.live.socket_url(user_id=call.owner_id, call_id=call.id))


@router.get(
    '/{call_id}/report',
    response_model=CoachingReport,
    responses={
        202: {'model': AnalysisStatus, 'description': 'Still being analysed'},
        409: {'description': 'The analysis failed, or was never requested'},
    },
)
async def read_report(call: OwnedCall) -> CoachingReport | JSONResponse:
    """The coaching report once the analysis is done."""
    if call.status == CallStatus.DONE and call.analysis_results is not None:
        return CoachingReport.model_validate(call.analysis_results)
    if call.status == CallStatus.ERROR:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=call.analysis_error or 'The analysis failed.')
    if call.status == CallStatus.ANALYZING or call.analysis_requested_at is not None:
        pending = AnalysisStatus.model_validate({'call_id': call.id, 'status': call.status})
        return JSONResponse(pending.model_dump(mode='json'), status_code=status.HTTP_202_ACCEPTED)
    detail = (
        'The call is still active; complete it first.'
        if call.status == CallStatus.ACTIVE
        else 'The call has not been analysed yet; POST /calls/{id}/analyze starts it.'
    )
    raise HTTPException(status.HTTP_409_CONFLICT, detail=detail)
