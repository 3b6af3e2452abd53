"""Who may see whose work. A rep sees their own calls; a manager also sees, read-only, the calls of the members of
the teams they manage; an admin sees everything. Anything else is "not found", never "forbidden": a user learns
nothing of what they may not see."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.models import TeamMember, TeamRole, User


async def managed_team_ids(session: AsyncSession, manager_id: uuid.UUID) -> set[uuid.UUID]:
    """The teams `manager_id` manages."""
    rows = await session.scalars(
        select(TeamMember.team_id).where(TeamMember.user_id == manager_id, TeamMember.role == TeamRole.MANAGER)
    )
    return set(rows)


async def member_team_ids(session: AsyncSession, user_id: uuid.UUID) -> set[uuid.UUID]:
    """The teams `user_id` is in, as a member or as a manager."""
    return set(await session.scalars(select(TeamMember.team_id).where(TeamMember.user_id == user_id)))


async def reviewed_user_ids(session: AsyncSession, viewer: User) -> set[uuid.UUID] | None:
    """Whose calls `viewer` may see besides their own: None for an admin (everyone's), else the members of the
    teams they manage (empty for a rep)."""
    if viewer.is_admin:
        return None
    teams = await managed_team_ids(session, viewer.id)
    if not teams:
        return set()
    members = await session.scalars(select(TeamMember.user_id).where(TeamMember.team_id.in_(teams)))
    return set(members) - {viewer.id}


async def may_see_work_of(session: AsyncSession, viewer: User, owner_id: uuid.UUID) -> bool:
    """Whether `viewer` may see `owner_id`'s calls and reports."""
    if owner_id == viewer.id or viewer.is_admin:
        return True
    reviewed = await reviewed_user_ids(session, viewer)
    return reviewed is None or owner_id in reviewed
