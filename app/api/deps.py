"""FastAPI dependencies: the runtime, a database session, the current user (or none), an admin, and the user's
call."""

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import signed_in_user
from app.runtime import Runtime, current_runtime
from app.security import TokenError, read_access_token
from services.access import may_see_work_of
from services.calls import get_call
from services.models import CallSession, User
from services.users import get_user

TOKEN_URL = '/api/v1/login/access-token'  # noqa: S105  (a path, not a secret)
oauth2_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL)
optional_bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)

RuntimeDep = Annotated[Runtime, Depends(current_runtime)]


async def get_session(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    async with runtime.database.session() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_current_user(
    runtime: RuntimeDep, session: SessionDep, token: Annotated[str, Depends(oauth2_scheme)]
) -> User:
    try:
        claims = read_access_token(token, secret=runtime.token_secret)
    except TokenError as error:
        raise _unauthorized(str(error)) from error
    user = await get_user(session, claims.user_id)
    if user is None or not user.is_active:
        raise _unauthorized('The account of this token no longer exists or is disabled.')
    if claims.session_version != user.session_version:
        raise _unauthorized('This token was issued before a password change; log in again.')
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_bearer_or_session_user(
    runtime: RuntimeDep, session: SessionDep, token: Annotated[str | None, Depends(optional_bearer)]
) -> User:
    """The bearer token's user, or else the user signed in to the pages in this browser."""
    if token:
        return await get_current_user(runtime, session, token)
    user = await signed_in_user()
    if user is None:
        raise _unauthorized('Not authenticated: send a bearer token, or sign in to the app in this browser.')
    return user


BearerOrSessionUser = Annotated[User, Depends(get_bearer_or_session_user)]


async def get_optional_user(
    runtime: RuntimeDep, session: SessionDep, token: Annotated[str | None, Depends(optional_bearer)]
) -> User | None:
    """The bearer token's user, or None without a token (a token that is bad is still refused)."""
    return await get_current_user(runtime, session, token) if token else None


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


async def get_admin(user: CurrentUser) -> User:
    # A listing for admins only: "forbidden" confirms nothing that a user could not guess.
    if not user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail='Admins only.')
    return user


AdminUser = Annotated[User, Depends(get_admin)]


async def get_owned_call(call_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> CallSession:
    call = await get_call(session, owner_id=user.id, call_id=call_id)
    if call is None:  # another user's call is "not found" too, never "forbidden"
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='Call not found.')
    return call


OwnedCall = Annotated[CallSession, Depends(get_owned_call)]


async def get_visible_call(call_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> CallSession:
    """The call, for its owner, an admin, or a manager of a team the owner is in (read-only: the routes that
    change a call take OwnedCall)."""
    call = await session.get(CallSession, call_id)
    if call is None or not await may_see_work_of(session, user, call.owner_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='Call not found.')
    return call


VisibleCall = Annotated[CallSession, Depends(get_visible_call)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={'WWW-Authenticate': 'Bearer'})
