"""Accounts: sign up and read yourself."""

from fastapi import APIRouter, HTTPException, Request, status

from app.api.deps import CurrentUser, RuntimeDep, SessionDep
from app.schemas.user import UserPublic, UserSignup
from services.signup import SignupRefused, sign_up

router = APIRouter(prefix='/users', tags=['users'])


@router.post('/signup', status_code=status.HTTP_201_CREATED)
async def signup(body: UserSignup, request: Request, session: SessionDep, runtime: RuntimeDep) -> UserPublic:
    """Creates an account; the first account of the installation becomes the admin. 422 for a password that is
    too short or too common, 409 for an email with an account, 429 when the address made too many accounts."""
    address = request.client.host if request.client else 'unknown'
    try:
        user = await sign_up(
            session,
            runtime.signup_throttle,
            email=body.email,
            password=body.password,
            full_name=body.full_name,
            address=address,
        )
    except SignupRefused as refused:
        if refused.retry_after is not None:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                detail=str(refused),
                headers={'Retry-After': str(refused.retry_after)},
            ) from None
        code = status.HTTP_409_CONFLICT if refused.taken else status.HTTP_422_UNPROCESSABLE_CONTENT
        raise HTTPException(code, detail=str(refused)) from None
    return UserPublic.model_validate(user)


@router.get('/me')
async def read_me(user: CurrentUser) -> UserPublic:
    """The account of the bearer token."""
    return UserPublic.model_validate(user)
