"""Practice calls: create, list, read, complete, analyse, report, delete; and the prospects to call."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.api.deps import (
    BearerOrSessionUser,
    CurrentUser,
    OptionalUser,
    OwnedCall,
    RuntimeDep,
    SessionDep,
    VisibleCall,
)
from app.schemas.call import (
    AnalysisStatus,
    CallComplete,
    CallConnection,
    CallCreate,
    CallDetail,
    CallsPublic,
    CallSummary,
    PersonaPublic,
)
from services import assignments, call_lifecycle, calls
from services.access import may_see_work_of
from services.call_status import CallStatus
from services.coaching.report import CoachingReport
from services.library.prospect import ProspectProfile
from services.library.scenario import ScenarioSpec
from services.library.store import PROSPECTS, SCENARIOS, Entry, prospect_snapshot, scenario_snapshot
from services.models import User
from services.personas import PERSONAS

router = APIRouter(prefix='/calls', tags=['calls'])
MAX_SKIP = 1_000_000_000  # far past any real history, well inside every database's integer range


# Declared before /{call_id} so that "personas" is never read as a call id.
@router.get('/personas/list')
async def list_personas(session: SessionDep, user: OptionalUser) -> list[PersonaPublic]:
    """The prospects a rep can call: the built-ins, and with a bearer token your own and those shared with everyone
    (GET /personas/ has all their fields)."""
    entries = PROSPECTS.builtin_entries() if user is None else await PROSPECTS.entries(session, user=user)
    return [_persona_public(entry) for entry in entries]


@router.post('/', status_code=status.HTTP_201_CREATED)
async def create_call(body: CallCreate, session: SessionDep, user: CurrentUser, runtime: RuntimeDep) -> CallSummary:
    """Starts a call with a prospect (and a scenario); the call keeps them as they are now. 404 for a prospect or
    scenario you may not use. The engine is chosen from the server's settings."""
    assignment_id = body.assignment_id
    scenario: Entry[ScenarioSpec] | None = None
    if assignment_id is not None:
        prospect, scenario = await _assigned(body, assignment_id, session, user)
    else:
        prospect = await PROSPECTS.get(session, user=user, entry_id=_prospect_id(body))
        if body.scenario_id is not None:
            scenario = await SCENARIOS.get(session, user=user, entry_id=body.scenario_id)
    call = await calls.create_call(
        session,
        owner_id=user.id,
        persona=prospect.id,
        scenario=body.scenario,
        engine=runtime.engine_choice().name,
        persona_snapshot=prospect_snapshot(prospect),
        scenario_snapshot=None if scenario is None else scenario_snapshot(scenario),
        assignment_id=assignment_id,
    )
    return CallSummary.model_validate(call)


async def _assigned(
    body: CallCreate, assignment_id: uuid.UUID, session: SessionDep, user: User
) -> tuple[Entry[ProspectProfile], Entry[ScenarioSpec]]:
    """The prospect and scenario of a call for one of the rep's assignments: its scenario, and the prospect the body
    names, else the assignment's, else the scenario's first; usable because assigned, even when private to the
    manager."""
    try:
        scenario, assignment = await assignments.for_call(session, user, assignment_id)
        if body.scenario_id is not None and body.scenario_id != scenario.id:
            raise _invalid('scenario_id', "an assignment's call is on the assignment's scenario; leave scenario_id out")
        prospect_id = assignments.prospect_id_for(assignment, scenario.content, body.persona_id or body.persona)
        if prospect_id is None:
            raise _invalid(
                'persona_id', 'a prospect is needed: the assignment and its scenario name none', kind='missing'
            )
        return await assignments.prospect_for_call(session, assignment, prospect_id), scenario
    except assignments.AssignmentError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None


@router.get('/')
async def list_calls(
    session: SessionDep,
    user: CurrentUser,
    skip: Annotated[int, Query(ge=0, le=MAX_SKIP)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    # Any prospect id: a call keeps its prospect's id after the prospect is edited, unshared or deleted.
    persona: Annotated[
        str | None,
        Query(description='only calls with this prospect (a built-in id or a library id)', min_length=1, max_length=64),
    ] = None,
    scenario_id: Annotated[
        str | None, Query(description='only calls practised on this library scenario', min_length=1, max_length=64)
    ] = None,
    sort: Annotated[
        calls.CallSort, Query(description='score sorts list calls without a score last, in both directions')
    ] = 'newest',
    user_id: Annotated[
        uuid.UUID | None,
        Query(description='managers and admins: the calls of this rep (a member of a team you manage); default yours'),
    ] = None,
) -> CallsPublic:
    """Your calls (or a rep's you review), newest first unless `sort` says otherwise; `count` is how many match the
    filter. A `user_id` whose calls you may not see is 404."""
    owner_id = user.id if user_id is None else user_id
    if owner_id != user.id and not await may_see_work_of(session, user, owner_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='User not found.')
    rows, count = await calls.list_calls(
        session, owner_id=owner_id, skip=skip, limit=limit, persona=persona, scenario_id=scenario_id, sort=sort
    )
    return CallsPublic(data=[CallSummary.model_validate(row) for row in rows], count=count)


@router.get('/{call_id}')
async def read_call(call: VisibleCall, session: SessionDep) -> CallDetail:
    """One call with its transcript and emotion data (for a running call, the lines stored so far); yours, or for
    a manager a call of a rep in a team they manage."""
    transcript, emotion_data = await calls.recorded_data(session, call)
    return CallDetail.model_validate(
        {
            **CallSummary.model_validate(call).model_dump(),
            'scenario_id': call.scenario_id,
            'persona_snapshot': call.persona_snapshot,
            'scenario_snapshot': call.scenario_snapshot,
            'hume_chat_id': call.hume_chat_id,
            'analysis_error': call.analysis_error,
            'engine_errors': call.engine_errors or [],
            'transcript': transcript,
            'emotion_data': emotion_data,
            'assignment_id': call.assignment_id,
            'override_score': call.override_score,
            'override_reason': call.override_reason,
            'override_by': call.override_by,
            'override_at': call.override_at,
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
async def read_report(call: VisibleCall) -> CoachingReport | JSONResponse:
    """The coaching report once the analysis is done (for the call's owner, or a manager of the rep's team)."""
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


def _prospect_id(body: CallCreate) -> str:
    if body.persona_id is not None and body.persona is not None and body.persona_id != body.persona:
        raise _invalid('persona_id', 'persona and persona_id name different prospects; give persona_id alone')
    prospect_id = body.persona_id or body.persona
    if prospect_id is None:
        raise _invalid('persona_id', 'a prospect is needed: persona_id (or persona, a built-in id)', kind='missing')
    return prospect_id


def _invalid(field: str, message: str, *, kind: str = 'value_error') -> RequestValidationError:
    return RequestValidationError([{'loc': ('body', field), 'msg': message, 'type': kind}])


def _persona_public(entry: Entry[ProspectProfile]) -> PersonaPublic:
    if entry.builtin and entry.id in PERSONAS:
        return PersonaPublic.model_validate(PERSONAS[entry.id])
    profile = entry.content
    return PersonaPublic(
        id=entry.id,
        builtin=entry.builtin,
        name=profile.name,
        title=profile.job_title,
        description=profile.summary,
        difficulty=profile.difficulty,
        objections=list(profile.objections),
    )
