"""Teams: admins create, rename and delete them and set their members; a manager reads the teams they manage and
a rep the teams they are in. Another team is "not found"."""

import uuid

from fastapi import APIRouter, HTTPException, Response, status
from fastapi.responses import PlainTextResponse

from app.api.deps import AdminUser, CurrentUser, SessionDep
from app.schemas.review import CertificationCreate, CertificationPublic
from app.schemas.team import MemberSet, TeamCreate, TeamPublic, TeamSummaryPublic, TeamUpdate
from services.models import Team, User
from services.reviews import ReviewError, certify
from services.team_summary import Sort, summary_csv, team_summary
from services.teams import (
    TeamNameTaken,
    create_team,
    delete_team,
    get_team,
    may_manage,
    remove_member,
    set_member,
    team_view,
    update_team,
    visible_teams,
)
from services.users import get_user

router = APIRouter(prefix='/teams', tags=['teams'])


@router.get('/')
async def list_teams(user: CurrentUser, session: SessionDep) -> list[TeamPublic]:
    """Every team for an admin; for anyone else, the teams they are in (as a member or a manager)."""
    return [TeamPublic.of(await team_view(session, team)) for team in await visible_teams(session, user)]


@router.post('/', status_code=status.HTTP_201_CREATED)
async def add_team(body: TeamCreate, _admin: AdminUser, session: SessionDep) -> TeamPublic:
    """Admins: a new team, without members yet. 409 for a name another team has."""
    try:
        team = await create_team(session, name=body.name, leaderboard=body.leaderboard)
    except TeamNameTaken as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    return TeamPublic.of(await team_view(session, team))


@router.get('/{team_id}')
async def read_team(team_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TeamPublic:
    """The team and its members, for an admin or anyone in it."""
    return TeamPublic.of(await team_view(session, await _visible_team(session, user, team_id)))


@router.get('/{team_id}/summary')
async def read_summary(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, sort: Sort = 'name'
) -> TeamSummaryPublic:
    """For a manager of the team or an admin (403 for its reps): per rep, calls this week and in all, the average
    result and its trend, skill averages, assignment statuses, sign-offs and the last practice, sorted by `sort`;
    and a leaderboard per scenario unless the team switched them off."""
    team = await _managed_team(session, user, team_id)
    return TeamSummaryPublic.of(await team_summary(session, team, sort=sort))


@router.get('/{team_id}/summary.csv', response_class=PlainTextResponse)
async def read_summary_csv(team_id: uuid.UUID, user: CurrentUser, session: SessionDep, sort: Sort = 'name') -> Response:
    """The summary's table as CSV (a download), one rep a row."""
    team = await _managed_team(session, user, team_id)
    text = summary_csv(await team_summary(session, team, sort=sort))
    filename = f'team-{team.id}.csv'
    return Response(
        text,
        media_type='text/csv; charset=utf-8',
        headers={'Content-Disposition': f'attachment; filename="{filename}"'},
    )


@router.patch('/{team_id}')
async def change_team(team_id: uuid.UUID, body: TeamUpdate, user: CurrentUser, session: SessionDep) -> TeamPublic:
    """Switch the team's leaderboards on or off (`leaderboard`: its managers and admins), or rename it (`name`:
    admins); 403 for anyone else in the team, 404 outside it."""
    team = await _managed_team(session, user, team_id)
    if body.name is not None and not user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail='Admins rename teams; a manager switches leaderboards.')
    try:
        await update_team(session, team, name=body.name, leaderboard=body.leaderboard)
    except TeamNameTaken as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    return TeamPublic.of(await team_view(session, team))


@router.delete('/{team_id}', status_code=status.HTTP_204_NO_CONTENT)
async def remove_team(team_id: uuid.UUID, admin: AdminUser, session: SessionDep) -> Response:
    """Admins: the team goes; its members' accounts and calls stay."""
    await delete_team(session, await _visible_team(session, admin, team_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put('/{team_id}/members/{user_id}')
async def put_member(
    team_id: uuid.UUID, user_id: uuid.UUID, body: MemberSet, admin: AdminUser, session: SessionDep
) -> TeamPublic:
    """Admins: adds a user to the team as a `member` or a `manager`, or changes their role in it."""
    team = await _visible_team(session, admin, team_id)
    member = await _user(session, user_id)
    await set_member(session, team, member, body.role)
    return TeamPublic.of(await team_view(session, team))


@router.delete('/{team_id}/members/{user_id}')
async def delete_member(team_id: uuid.UUID, user_id: uuid.UUID, admin: AdminUser, session: SessionDep) -> TeamPublic:
    """Admins: takes a user out of the team. 404 when they were not in it."""
    team = await _visible_team(session, admin, team_id)
    if not await remove_member(session, team, user_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='That user is not in this team.')
    return TeamPublic.of(await team_view(session, team))


async def _visible_team(session: SessionDep, user: User, team_id: uuid.UUID) -> Team:
    team = await get_team(session, team_id)
    if team is None or (not user.is_admin and team not in await visible_teams(session, user)):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='Team not found.')
    return team


async def _managed_team(session: SessionDep, user: User, team_id: uuid.UUID) -> Team:
    team = await _visible_team(session, user, team_id)
    if not await may_manage(session, user, team.id):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="The team's managers and admins only.")
    return team


async def _user(session: SessionDep, user_id: uuid.UUID) -> User:
    user = await get_user(session, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='User not found.')
    return user


@router.post('/{team_id}/certifications', status_code=status.HTTP_201_CREATED)
async def sign_off(
    team_id: uuid.UUID, body: CertificationCreate, user: CurrentUser, session: SessionDep
) -> CertificationPublic:
    """A manager of the team (or an admin) marks a rep of the team certified on a scenario; the rep gets a notice.
    404 for a user who is not a rep of the team, or a scenario you may not use. Signing a rep off again returns the
    sign-off that stands."""
    team = await _visible_team(session, user, team_id)
    try:
        certification = await certify(session, user, team, user_id=body.user_id, scenario_id=body.scenario_id)
    except ReviewError as error:
        codes = {'forbidden': status.HTTP_403_FORBIDDEN, 'conflict': status.HTTP_409_CONFLICT}
        raise HTTPException(codes.get(error.kind, status.HTTP_404_NOT_FOUND), detail=str(error)) from None
    return CertificationPublic.model_validate(certification)
