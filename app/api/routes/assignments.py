"""Assignments: managers and admins assign a scenario (and a prospect) to a team's reps or to chosen reps; reps see
theirs with a status, and start calls for them (POST /calls/ with `assignment_id`)."""

import uuid

from fastapi import APIRouter, HTTPException, Response, status

from app.api.deps import CurrentUser, SessionDep
from app.schemas.assignment import AssignmentCreate, AssignmentPublic, AssignmentUpdate
from services.assignments import (
    AssignmentError,
    assignments_of,
    create_assignment,
    delete_assignment,
    get_visible,
    is_assigned,
    update_assignment,
    view_of,
    visible_assignments,
)

router = APIRouter(prefix='/assignments', tags=['assignments'])
CODES = {
    'forbidden': status.HTTP_403_FORBIDDEN,
    'not_found': status.HTTP_404_NOT_FOUND,
    'conflict': status.HTTP_409_CONFLICT,
    'invalid': status.HTTP_400_BAD_REQUEST,
}


@router.get('/')
async def list_assignments(user: CurrentUser, session: SessionDep) -> list[AssignmentPublic]:
    """Every assignment for an admin; a manager's own and those of the teams they manage; a rep's own. Each with
    every rep's `status` (`not_started`, `in_progress`, `passed`, `overdue`)."""
    return [AssignmentPublic.of(await view_of(session, a)) for a in await visible_assignments(session, user)]


@router.get('/mine')
async def my_assignments(user: CurrentUser, session: SessionDep) -> list[AssignmentPublic]:
    """Your assignments, soonest due first, each with your own `status`."""
    return [AssignmentPublic.of(view, mine=user.id) for view, _status in await assignments_of(session, user)]


@router.post('/', status_code=status.HTTP_201_CREATED)
async def assign(body: AssignmentCreate, user: CurrentUser, session: SessionDep) -> AssignmentPublic:
    """Assigns practice to `team_id` (its reps) or `user_ids`. 403 for a rep; 404 for a scenario, prospect, team or
    rep you may not use; 400 for a due date in the past, a rep named twice, or a team without reps; 409 for a rep
    who has this scenario assigned already and not yet due. Each rep gets a notice."""
    try:
        assignment = await create_assignment(
            session,
            user,
            scenario_id=body.scenario_id,
            persona_id=body.persona_id,
            team_id=body.team_id,
            user_ids=body.user_ids,
            due_at=body.due_at,
            pass_mark=body.pass_mark,
            attempts=body.attempts,
        )
    except AssignmentError as error:
        raise HTTPException(CODES[error.kind], detail=str(error)) from None
    return AssignmentPublic.of(await view_of(session, assignment))


@router.get('/{assignment_id}')
async def read_assignment(assignment_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> AssignmentPublic:
    """One assignment with each rep's status (`status`: the caller's own, when assigned to them); for its reps, the
    managers of its team, whoever assigned it and admins; 404 for anyone else."""
    try:
        assignment = await get_visible(session, user, assignment_id)
    except AssignmentError as error:
        raise HTTPException(CODES[error.kind], detail=str(error)) from None
    mine = user.id if await is_assigned(session, assignment.id, user.id) else None
    return AssignmentPublic.of(await view_of(session, assignment), mine=mine)


@router.patch('/{assignment_id}')
async def change_assignment(
    assignment_id: uuid.UUID, body: AssignmentUpdate, user: CurrentUser, session: SessionDep
) -> AssignmentPublic:
    """The manager who assigned it (or an admin): a later due date, another pass mark or number of attempts."""
    try:
        assignment = await get_visible(session, user, assignment_id)
        await update_assignment(
            session, user, assignment, due_at=body.due_at, pass_mark=body.pass_mark, attempts=body.attempts
        )
    except AssignmentError as error:
        raise HTTPException(CODES[error.kind], detail=str(error)) from None
    return AssignmentPublic.of(await view_of(session, assignment))


@router.delete('/{assignment_id}', status_code=status.HTTP_204_NO_CONTENT)
async def remove_assignment(assignment_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """The calls made for it stay, no longer counting toward anything."""
    try:
        await delete_assignment(session, user, await get_visible(session, user, assignment_id))
    except AssignmentError as error:
        raise HTTPException(CODES[error.kind], detail=str(error)) from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)
