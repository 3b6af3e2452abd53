"""Accounts: sign up and read yourself."""

from fastapi import APIRouter, HTTPException, status

from app.api.deps import CurrentUser, SessionDep
from app.schemas.user import UserPublic, UserSignup
from services.users import EmailTakenError, create_user

router = APIRouter(prefix='/users', tags=['users'])


@router.post('/signup', status_code=status.HTTP_201_CREATED)
async def signup(body: UserSignup, session: SessionDep) -> UserPublic:
    """Creates an account; the first account of the installation becomes the admin."""
    try:
        user = await create_user(session, email=body.email, password=body.password, full_name=body.full_name)
    except EmailTakenError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from error
    return UserPublic.model_validate(user)


@router.get('/me')
async def read_me(user: CurrentUser) -> UserPublic:
    """The account of the bearer token."""
    return UserPublic.model_validate(user)
