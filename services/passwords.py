"""Argon2 password hashing, run off the event loop (one hash costs tens of milliseconds of CPU)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from services.executors import PASSWORDS

_hasher = PasswordHasher()
# Verified against when the account does not exist, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash('not a real password')


async def hash_password(password: str) -> str:
    return await PASSWORDS.run(_hasher.hash, password)


async def verify_password(password: str, hashed: str | None) -> bool:
    return await PASSWORDS.run(_verify, password, hashed)


def _verify(password: str, hashed: str | None) -> bool:
    try:
        return _hasher.verify(hashed or _DUMMY_HASH, password) and hashed is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
