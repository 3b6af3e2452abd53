"""Signed bearer tokens for the REST API."""

import uuid
from datetime import UTC, datetime, timedelta

import jwt

ALGORITHM = 'HS256'


class TokenError(Exception):
    """The token is missing, malformed, forged or expired."""


def create_access_token(user_id: uuid.UUID, *, secret: str, expires_minutes: int) -> str:
    now = datetime.now(UTC)
    claims = {'sub': str(user_id), 'iat': now, 'exp': now + timedelta(minutes=expires_minutes)}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access_token(token: str, *, secret: str) -> uuid.UUID:
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={'require': ['sub', 'exp']})
        return uuid.UUID(str(claims['sub']))
    except jwt.ExpiredSignatureError as error:
        raise TokenError('The token has expired; log in again.') from error
    except (jwt.InvalidTokenError, ValueError) as error:
        raise TokenError('The token is not valid.') from error
