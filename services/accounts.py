"""Account self-service and user administration: name, time zone and password; roles and deactivation by admins.

A password change or a deactivation bumps the account's session version, which ends every bearer token and page
session issued before it at once. The last active admin can be neither demoted nor deactivated.
"""

import uuid
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.local_time import is_zone_name
from services.models import Role, User
from services.password_policy import password_problem
from services.passwords import hash_password, verify_password

USERS_PAGE = 50


class AccountError(Exception):
    """The change was refused; the message says why, for the person making it."""


class WrongPassword(AccountError):
    """The current password given is not the account's."""


class LastAdmin(AccountError):
    """The change would leave the installation without an active admin."""


async def update_profile(
    session: AsyncSession,
    user: User,
    *,
    full_name: str | None = None,
    time_zone: str | None = None,
    clear_zone: bool = False,
) -> User:
    """A new name and/or time zone (`clear_zone`: back to the browser's)."""
    if time_zone is not None and not is_zone_name(time_zone):
        raise AccountError(f'“{time_zone[:64]}” is not a time zone; use a name such as Europe/Berlin.')
    if full_name is not None:
        user.full_name = full_name.strip()
    if clear_zone:
        user.time_zone = None
    elif time_zone is not None:
        user.time_zone = time_zone
    await session.commit()
    return user


async def change_password(session: AsyncSession, user: User, *, current: str, new: str) -> User:
    """The new password, once the current one is proven; every other session and token of the account ends."""
    if not await verify_password(current, user.hashed_password):
        raise WrongPassword('The current password is not right.')
    await set_password(session, user, new)
    return user


async def set_password(session: AsyncSession, user: User, new: str) -> None:
    """Sets a password that passes the policy and ends the account's sessions (a change, or a reset)."""
    if (problem := password_problem(new, email=user.email)) is not None:
        raise AccountError(problem)
    user.hashed_password = await hash_password(new)
    user.session_version += 1
    await session.commit()


async def list_users(
    session: AsyncSession, *, query: str = '', skip: int = 0, limit: int = USERS_PAGE
) -> tuple[Sequence[User], int]:
    """Users whose name or email contains `query` (any case), by name; and how many match in all."""
    matching = select(User)
    if text := query.strip().lower():
        pattern = f'%{_escape_like(text)}%'
        name, email = func.lower(User.full_name), func.lower(User.email)
        matching = matching.where(or_(name.like(pattern, escape='\\'), email.like(pattern, escape='\\')))
    total = await session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    page = await session.scalars(matching.order_by(func.lower(User.full_name), User.email).offset(skip).limit(limit))
    return page.all(), total


async def administer(
    session: AsyncSession, target: User, *, role: Role | None = None, is_active: bool | None = None
) -> User:
    """An admin changes a user's role and/or deactivates or reactivates them (their sessions end at once)."""
    demoted = role is not None and role != Role.ADMIN and target.is_admin
    deactivated = is_active is False and target.is_active
    losing_an_admin = (demoted or deactivated) and target.is_admin and target.is_active
    if losing_an_admin and await _active_admins(session, other_than=target.id) == 0:
        raise LastAdmin('This is the last active admin: make another user an admin first.')
    if role is not None:
        target.role = role.value
    if is_active is not None and is_active != target.is_active:
        target.is_active = is_active
        target.session_version += 1
    await session.commit()
    return target


async def _active_admins(session: AsyncSession, *, other_than: uuid.UUID) -> int:
    query = select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.is_active, User.id != other_than)
    return await session.scalar(query) or 0


def _escape_like(text: str) -> str:
    return text.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')
