"""What a new password must be: long enough, not blank, and not one of the passwords people pick most.

The common passwords are the 30,000 most frequent ones of public password leaks, as the zxcvbn library ships them;
a password that is one of them with digits or symbols tacked on ("password123!") is just as easy to guess.
"""

import re
from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
_TACKED_ON = re.compile(r'[\d\W_]+$')


@cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS['passwords'])


def password_problem(password: str, *, email: str = '') -> str | None:
    """Why the password will not do, in words for the person choosing it; None when it is fine."""
    if not password.strip():
        return 'The password cannot be blank.'
    if len(password) < MIN_PASSWORD_LENGTH:
        return f'The password needs at least {MIN_PASSWORD_LENGTH} characters.'
    if len(password) > MAX_PASSWORD_LENGTH:
        return f'The password can have at most {MAX_PASSWORD_LENGTH} characters.'
    lowered = password.lower().strip()
    stem = _TACKED_ON.sub('', lowered)
    if _is_email_name(lowered, email):
        return 'The password cannot be your email address.'
    if lowered in _common() or (len(stem) >= 4 and stem in _common()):
        return 'This password is too easy to guess: it is one of the most common ones. A short phrase works well.'
    return None


def _is_email_name(lowered: str, email: str) -> bool:
    name = email.lower().split('@', 1)[0]
    return bool(name) and (lowered == email.lower() or _TACKED_ON.sub('', lowered) == name)
