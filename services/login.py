"""Logging in with a password, throttled per account and per address; shared by the log-in page and the API."""

import math

from sqlalchemy.ext.asyncio import AsyncSession

from services.models import User
from services.text import storable_problem
from services.throttle import Key, Throttle
from services.users import authenticate, normalize_email

WRONG_CREDENTIALS = 'Incorrect email or password.'


class LoginRefused(Exception):
    """The log-in failed; `retry_after` is set (seconds) when it was refused for too many failures."""

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


async def log_in(session: AsyncSession, throttle: Throttle, *, email: str, password: str, address: str) -> User:
    """The user with these credentials, or LoginRefused.

    Every attempt counts as a failure before the password is checked and is taken back when it succeeds, so a
    burst of parallel guesses cannot all slip past the limit while their hashes are being verified.
    """
    keys: list[Key] = [('account', normalize_email(email)), ('address', address)]
    wait = throttle.retry_after(keys)
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise LoginRefused(f'Too many failed log-in attempts. Try again in {seconds} seconds.', retry_after=seconds)
    throttle.record(keys)
    if storable_problem(email) or storable_problem(password):
        raise LoginRefused(WRONG_CREDENTIALS)
    user = await authenticate(session, email=email, password=password)
    if user is None:
        raise LoginRefused(WRONG_CREDENTIALS)
    throttle.reset(keys[0])
    throttle.withdraw(keys[1])
    return user
