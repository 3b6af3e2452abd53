"""Teams: created, renamed and deleted by admins; members added as a member or as a manager of the team. A user may
be in several teams. Every change is checked whole before anything is written."""

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import managed_team_ids
from services.assignments import enrol
from services.models import ProspectEntry, Role, ScenarioEntry, Team, TeamMember, TeamRole, User

MAX_TEAM_NAME = 80


class TeamNameTaken(Exception):
    """Another team has this name already."""


class UnknownTeam(Exception):
    """An id that names no team."""


@dataclass(frozen=True, slots=True)
class Membership:
    user: User
    role: TeamRole


@dataclass(frozen=True, slots=True)
class TeamView:
    team: Team
    members: list[Membership]

    @property
    def manager_ids(self) -> set[uuid.UUID]:
        return {m.user.id for m in self.members if m.role == TeamRole.MANAGER}


async def create_team(session: AsyncSession, *, name: str, leaderboard: bool = True) -> Team:
    team = Team(name=name.strip(), leaderboard=leaderboard)
    session.add(team)
    try:
        await session.commit()
    except IntegrityError as error:
        await session.rollback()
        raise TeamNameTaken(f'A team named “{team.name}” exists already.') from error
    return team


async def update_team(session: AsyncSession, team: Team, *, name: str | None, leaderboard: bool | None) -> Team:
    if name is not None:
        team.name = name.strip()
    if leaderboard is not None:
        team.leaderboard = leaderboard
    try:
        await session.commit()
    except IntegrityError as error:
        await session.rollback()
        raise TeamNameTaken(f'A team named “{name}” exists already.') from error
    return team


async def delete_team(session: AsyncSession, team: Team) -> None:
    """Deletes the team and its memberships; what was shared with it becomes its authors' own again."""
    await session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
    for table in (ProspectEntry, ScenarioEntry):
        await session.execute(update(table).where(table.team_id == team.id).values(visibility='private', team_id=None))
    await session.delete(team)
    await session.commit()


async def get_team(session: AsyncSession, team_id: uuid.UUID) -> Team | None:
    return await session.get(Team, team_id)


async def visible_teams(session: AsyncSession, viewer: User) -> Sequence[Team]:
    """Every team for an admin; the teams a manager manages; the teams a rep is in."""
    query = select(Team).order_by(func.lower(Team.name))
    if not viewer.is_admin:
        mine = select(TeamMember.team_id).where(TeamMember.user_id == viewer.id)
        query = query.where(Team.id.in_(mine))
    return (await session.scalars(query)).all()


async def teams_to_share_with(session: AsyncSession, user: User) -> dict[uuid.UUID, str]:
    """The teams `user` may share a prospect or scenario with, by name: every team for an admin, else those they
    manage."""
    query = select(Team.id, Team.name).order_by(func.lower(Team.name))
    if not user.is_admin:
        query = query.where(Team.id.in_(await managed_team_ids(session, user.id)))
    return {team_id: name for team_id, name in (await session.execute(query)).all()}


async def team_names(session: AsyncSession, team_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not team_ids:
        return {}
    rows = await session.execute(select(Team.id, Team.name).where(Team.id.in_(set(team_ids))))
    return {team_id: name for team_id, name in rows.all()}


async def may_manage(session: AsyncSession, viewer: User, team_id: uuid.UUID) -> bool:
    """An admin, or a manager of this team."""
    return viewer.is_admin or team_id in await managed_team_ids(session, viewer.id)


async def team_view(session: AsyncSession, team: Team) -> TeamView:
    rows = await session.execute(
        select(User, TeamMember.role)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team.id)
        .order_by(func.lower(User.full_name), User.email)
    )
    return TeamView(team=team, members=[Membership(user=user, role=TeamRole(role)) for user, role in rows.all()])


async def set_member(session: AsyncSession, team: Team, user: User, role: TeamRole) -> None:
    """Adds `user` to the team, or changes their role in it."""
    member = await session.get(TeamMember, (team.id, user.id))
    if member is None:
        session.add(TeamMember(team_id=team.id, user_id=user.id, role=role.value))
    else:
        member.role = role.value
    if role == TeamRole.MEMBER:
        await enrol(session, team.id, user.id)
    await session.commit()


async def remove_member(session: AsyncSession, team: Team, user_id: uuid.UUID) -> bool:
    """False when the user was not in the team."""
    result = await session.execute(
        delete(TeamMember).where(TeamMember.team_id == team.id, TeamMember.user_id == user_id)
    )
    await session.commit()
    return bool(getattr(result, 'rowcount', 0))


async def set_teams(session: AsyncSession, user: User, team_ids: Collection[uuid.UUID]) -> None:
    """Puts `user` in exactly these teams. A membership kept keeps its role; a new one makes a manager (or an admin)
    a manager of the team and a rep a member, as an invitation does. UnknownTeam, and nothing changes, for an id of no
    team."""
    wanted = set(team_ids)
    if missing := wanted - {team.id for team in await teams_named(session, list(wanted))}:
        raise UnknownTeam(f'No team has the id {sorted(map(str, missing))[0]}.')
    current = set(await session.scalars(select(TeamMember.team_id).where(TeamMember.user_id == user.id)))
    if gone := current - wanted:
        await session.execute(delete(TeamMember).where(TeamMember.user_id == user.id, TeamMember.team_id.in_(gone)))
    for team_id in wanted - current:
        await join(session, team_id, user.id, team_role_for(user.role))
    await session.commit()


def team_role_for(role: str) -> TeamRole:
    """The role an account takes in a team it joins: a manager or an admin manages it, a rep is a member."""
    return TeamRole.MANAGER if role in (Role.MANAGER, Role.ADMIN) else TeamRole.MEMBER


async def join(session: AsyncSession, team_id: uuid.UUID, user_id: uuid.UUID, role: TeamRole) -> None:
    """Adds the user to the team, in the caller's transaction; a rep gets the team's open assignments."""
    session.add(TeamMember(team_id=team_id, user_id=user_id, role=role.value))
    if role == TeamRole.MEMBER:
        await enrol(session, team_id, user_id)


async def team_ids_by_user(session: AsyncSession, user_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    """The teams each of these users is in."""
    found: dict[uuid.UUID, set[uuid.UUID]] = {user_id: set() for user_id in user_ids}
    if user_ids:
        rows = await session.execute(
            select(TeamMember.user_id, TeamMember.team_id).where(TeamMember.user_id.in_(list(user_ids)))
        )
        for user_id, team_id in rows.all():
            found[user_id].add(team_id)
    return found


async def teams_of(session: AsyncSession, user_id: uuid.UUID) -> list[tuple[Team, TeamRole]]:
    rows = await session.execute(
        select(Team, TeamMember.role)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == user_id)
        .order_by(func.lower(Team.name))
    )
    return [(team, TeamRole(role)) for team, role in rows.all()]


async def teams_named(session: AsyncSession, team_ids: Sequence[str | uuid.UUID]) -> Sequence[Team]:
    """The teams of these ids that still exist, by name."""
    ids = [team_id if isinstance(team_id, uuid.UUID) else uuid.UUID(team_id) for team_id in team_ids]
    return (await session.scalars(select(Team).where(Team.id.in_(ids)).order_by(func.lower(Team.name)))).all()
