"""Signed bearer tokens for the REST API."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

ALGORITHM = 'HS256'


class TokenError(Exception):
    """The token is missing, malformed, forged or expired."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    user_id: uuid.UUID
    session_version: int  # the user's at issue: a password change or a deactivation since makes it stale


def create_access_token(user_id: uuid.UUID, *, secret: str, expires_minutes: int, session_version: int = 0) -> str:
    now = datetime.now(UTC)
    claims = {
        'sub': str(user_id),
        'ver': session_version,
        'iat': now,
        'exp': now + timedelta(minutes=expires_minutes),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access_token(token: str, *, secret: str) -> TokenClaims:
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={'require': ['sub', 'exp']})
        return TokenClaims(user_id=uuid.UUID(str(claims['sub'])), session_version=int(claims.get('ver', 0)))
    except jwt.ExpiredSignatureError as error:
        raise TokenError('The token has expired; log in again.') from error
    except (jwt.InvalidTokenError, ValueError) as error:
        raise TokenError('The token is not valid.') from error
