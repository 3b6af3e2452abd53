"""Signing up: the password policy and a throttle per address; shared by the sign-up page and the API."""

import math
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from services.invitations import InvitationInvalid, accept, open_invitation
from services.models import Invitation, Role, User
from services.password_policy import password_problem
from services.throttle import Throttle
from services.users import EmailTakenError, count_users, create_user

SIGNUP_WINDOW_S = 3600.0


class SignupRefused(Exception):
    """No account was made; the message says why, in words for the person signing up. `retry_after` (seconds) is
    set when the address made too many accounts; `taken` when the email has an account already; `closed` when the
    installation's sign-up mode does not let this address in without an invitation; `bad_invitation` when the
    invitation is unknown, used, withdrawn or expired."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: int | None = None,
        taken: bool = False,
        closed: bool = False,
        bad_invitation: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.taken = taken
        self.closed = closed
        self.bad_invitation = bad_invitation


@dataclass(frozen=True, slots=True)
class SignupPolicy:
    """Who may sign up without an invitation (SIGNUP_MODE, SIGNUP_DOMAINS): anyone (`open`), nobody (`invite`) or
    addresses of `domains` (`domain`). The first account of an empty installation always may: it becomes the
    admin who invites the rest."""

    mode: Literal['open', 'invite', 'domain'] = 'open'
    domains: tuple[str, ...] = ()

    def admits(self, email: str) -> bool:
        if self.mode == 'open':
            return True
        if self.mode == 'domain':
            return email.rsplit('@', 1)[-1].strip().lower() in self.domains
        return False

    def refusal(self) -> str:
        if self.mode == 'domain':
            return f'Sign-up here is for addresses at {", ".join(self.domains) or "listed domains"}, or by invitation.'
        return 'Sign-up here is by invitation only: ask your admin or manager for an invitation link.'


def signup_throttle(per_hour: int) -> Throttle:
    return Throttle(limit=per_hour, window_s=SIGNUP_WINDOW_S)


async def sign_up(
    session: AsyncSession,
    throttle: Throttle,
    *,
    email: str,
    password: str,
    full_name: str,
    address: str,
    policy: SignupPolicy = SignupPolicy(),
    invitation: str | None = None,
) -> User:
    """A new account, or SignupRefused. With an `invitation` token the account gets the invitation's role and
    joins its teams, in one transaction; without one, `policy` decides. Every attempt with a good password counts
    toward the address' limit (each costs a password hash), whether or not the email was free."""
    keys = [('address', address)]
    wait = throttle.retry_after(keys)
    if wait is not None:
        minutes = max(1, math.ceil(wait / 60))
        raise SignupRefused(
            f'Too many accounts were created from this address. Try again in {minutes} minutes.',
            retry_after=math.ceil(wait),
        )
    if (problem := password_problem(password, email=email)) is not None:
        raise SignupRefused(problem)
    invited: Invitation | None = None
    if invitation:
        try:
            invited = await open_invitation(session, invitation)
        except InvitationInvalid as error:
            raise SignupRefused(str(error), bad_invitation=True) from None
    elif not policy.admits(email) and await count_users(session) > 0:
        raise SignupRefused(policy.refusal(), closed=True)
    throttle.record(keys)

    async def join(user: User) -> None:
        if invited is not None:
            await accept(session, invited, user)

    try:
        return await create_user(
            session,
            email=email,
            password=password,
            full_name=full_name,
            role=Role(invited.role) if invited is not None else None,
            before_commit=join,
        )
    except EmailTakenError as taken:
        raise SignupRefused(str(taken), taken=True) from taken
    except InvitationInvalid as error:  # another sign-up used it a moment ago
        raise SignupRefused(str(error), bad_invitation=True) from None
