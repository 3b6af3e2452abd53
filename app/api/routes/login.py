"""POST /login/access-token: the OAuth2 password flow."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from app.api.deps import RuntimeDep, SessionDep
from app.schemas.user import Token
from app.security import create_access_token
from services.login import LoginRefused, log_in

router = APIRouter(tags=['login'])


@router.post('/login/access-token')
async def login_access_token(
    request: Request, runtime: RuntimeDep, session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> Token:
    """Exchanges an email (as `username`) and password for a bearer token."""
    address = request.client.host if request.client else 'unknown'
    try:
        user = await log_in(
            session, runtime.login_throttle, email=form.username, password=form.password, address=address
        )
    except LoginRefused as refused:
        headers = {'Retry-After': str(refused.retry_after)} if refused.retry_after else None
        code = status.HTTP_429_TOO_MANY_REQUESTS if refused.retry_after else status.HTTP_400_BAD_REQUEST
        raise HTTPException(code, detail=str(refused), headers=headers) from refused
    minutes = runtime.settings.access_token_expire_minutes
    token = create_access_token(
        user.id, secret=runtime.token_secret, expires_minutes=minutes, session_version=user.session_version
    )
    return Token(access_token=token, expires_in=minutes * 60)
