"""Accounts: sign-up, authentication and the first-admin bootstrap."""

import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.models import Role, User
from services.password_policy import password_problem
from services.passwords import hash_password, verify_password

_FIRST_ADMIN_LOCK = 0x5A1E5C0AC4  # any fixed number: names the advisory lock that serialises sign-ups


class WeakAdminPassword(Exception):
    """FIRST_SUPERUSER_PASSWORD fails the password policy; the message says why (never the password)."""


class EmailTakenError(Exception):
    """An account with this email exists already."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == normalize_email(email)))


async def count_users(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(User)) or 0


async def create_user(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    full_name: str = '',
    role: Role | None = None,
    before_commit: Callable[[User], Awaitable[None]] | None = None,
) -> User:
    """Creates an account with `role`; without one, the first account of the installation becomes the admin and
    any other a rep. `before_commit` runs in the same transaction (an invitation's teams join with the account).

    "First" holds under concurrent sign-ups: on PostgreSQL an advisory lock serialises the check; on SQLite the
    INSERT takes the database's write lock, so the count after it sees every account committed before.
    """
    user = User(
        email=normalize_email(email),
        hashed_password=await hash_password(password),
        full_name=full_name.strip(),
        role=role or Role.REP,
    )
    try:
        if role is None and session.get_bind().dialect.name == 'postgresql':
            await session.execute(text('SELECT pg_advisory_xact_lock(:key)'), {'key': _FIRST_ADMIN_LOCK})
        session.add(user)
        await session.flush()
        if role is None:
            others = await session.scalar(select(func.count()).select_from(User).where(User.id != user.id))
            if not others:
                user.role = Role.ADMIN
        if before_commit is not None:
            await before_commit(user)
        await session.commit()
    except IntegrityError as error:
        await session.rollback()
        raise EmailTakenError(f'An account with the email {user.email} exists already.') from error
    except BaseException:  # `before_commit` refused: nothing of the account is kept
        await session.rollback()
        raise
    return user


async def authenticate(session: AsyncSession, *, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost whether or not the email exists)."""
    user = await get_user_by_email(session, email)
    if not await verify_password(password, user.hashed_password if user else None):
        return None
    return user if user is not None and user.is_active else None


async def ensure_superuser(session: AsyncSession, *, email: str, password: str) -> User:
    """Creates the configured admin on first start; an existing account is left as it is. A password that every
    sign-up would refuse is refused here too: the server does not start, and says why."""
    existing = await get_user_by_email(session, email)
    if existing is not None:
        return existing
    if (problem := password_problem(password, email=email)) is not None:
        raise WeakAdminPassword(f'FIRST_SUPERUSER_PASSWORD will not do. {problem} Set another and start again.')
    try:
        return await create_user(session, email=email, password=password, full_name='Admin', role=Role.ADMIN)
    except EmailTakenError:  # another start-up created it a moment ago
        user = await get_user_by_email(session, email)
        assert user is not None
        return user
