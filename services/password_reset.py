"""Password resets: a single-use link that expires after an hour. Asked for by e-mail address (the answer never
says whether the address has an account, and the link is mailed only when SMTP is configured), or made by an admin
for a user. Using it sets the new password and ends every session and token of the account."""

import contextlib
import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.accounts import set_password
from services.links import new_token, token_hash
from services.mail import Mailer, MailFailed
from services.models import PasswordReset, User
from services.models.base import utcnow
from services.throttle import Throttle
from services.users import get_user, get_user_by_email

RESET_VALID = timedelta(hours=1)


class ResetInvalid(Exception):
    """The link does not exist, was used or expired."""


async def issue_reset(session: AsyncSession, user: User) -> str:
    """A new reset link's token for `user`; links issued before stop working."""
    await session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    token, hashed = new_token()
    session.add(PasswordReset(token_hash=hashed, user_id=user.id, expires_at=utcnow() + RESET_VALID))
    await session.commit()
    return token


async def reset_for_email(session: AsyncSession, email: str) -> tuple[User, str] | None:
    """The active account of `email` and a fresh reset token; None when there is no such active account."""
    user = await get_user_by_email(session, email)
    if user is None or not user.is_active:
        return None
    return user, await issue_reset(session, user)


async def confirm_reset(session: AsyncSession, token: str, new_password: str) -> uuid.UUID:
    """Sets the password of the link's account (AccountError when it fails the policy, the link stays usable);
    ResetInvalid for a link that is unknown, used or expired. Returns the account's id."""
    reset = await session.scalar(select(PasswordReset).where(PasswordReset.token_hash == token_hash(token)))
    if reset is None or reset.used_at is not None:
        raise ResetInvalid('This reset link is not valid: it was used already, or a newer one was made.')
    if reset.expires_at <= utcnow():
        raise ResetInvalid('This reset link has expired; ask for a new one.')
    user = await get_user(session, reset.user_id)
    if user is None or not user.is_active:
        raise ResetInvalid('This reset link is not valid.')
    await set_password(session, user, new_password)  # checks the policy first; commits with the new version
    reset.used_at = utcnow()
    await session.commit()
    return user.id


async def mail_reset(
    session: AsyncSession,
    mailer: Mailer,
    throttle: Throttle,
    *,
    email: str,
    address: str,
    link: Callable[[str], str],
) -> None:
    """Mails a reset link (`link(token)`) to the active account of `email`, at most a few an hour per address asked
    for and per requesting `address`. Says nothing of the outcome: the caller answers the same in every case."""
    keys = [('reset-address', address), ('reset-account', email.strip().lower())]
    if throttle.retry_after(keys) is not None:
        return
    throttle.record(keys)
    found = await reset_for_email(session, email)
    if found is None:
        return
    user, token = found
    with contextlib.suppress(MailFailed):  # logged by the mailer
        await mailer.send(
            to=user.email,
            subject='Reset your Sales Coach password',
            text=(
                'Someone (we hope you) asked to reset the password of your Sales Coach account.\n\n'
                f'Choose a new password here (the link works once, for an hour):\n{link(token)}\n\n'
                'If it was not you, ignore this e-mail: your password stays as it is.\n'
            ),
        )
