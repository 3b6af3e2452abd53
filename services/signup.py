"""Signing up: the password policy and a throttle per address; shared by the sign-up page and the API."""

import math

from sqlalchemy.ext.asyncio import AsyncSession

from services.models import User
from services.password_policy import password_problem
from services.throttle import Throttle
from services.users import EmailTakenError, create_user

SIGNUP_WINDOW_S = 3600.0


class SignupRefused(Exception):
    """No account was made; the message says why, in words for the person signing up. `retry_after` (seconds) is
    set when the address made too many accounts; `taken` when the email has an account already."""

    def __init__(self, message: str, *, retry_after: int | None = None, taken: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.taken = taken


def signup_throttle(per_hour: int) -> Throttle:
    return Throttle(limit=per_hour, window_s=SIGNUP_WINDOW_S)


async def sign_up(
    session: AsyncSession, throttle: Throttle, *, email: str, password: str, full_name: str, address: str
) -> User:
    """A new account, or SignupRefused. Every attempt with a good password counts toward the address' limit
    (each costs a password hash), whether or not the email was free."""
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
    throttle.record(keys)
    try:
        return await create_user(session, email=email, password=password, full_name=full_name)
    except EmailTakenError as taken:
        raise SignupRefused(str(taken), taken=True) from taken
