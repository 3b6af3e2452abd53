"""Single-use link tokens: the link carries 32 random bytes, the database only their SHA-256, so a copy of the
database opens no account."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """(the token for the link, its hash for the database)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
