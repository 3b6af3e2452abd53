"""Accounts: sign up, read and change yourself; for admins, list, search and administer users."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status

from app.api.deps import AdminUser, CurrentUser, RuntimeDep, SessionDep
from app.schemas.invitation import ResetLink
from app.schemas.user import PasswordChange, Token, UserAdminUpdate, UserPublic, UserSignup, UsersPage, UserUpdateMe
from app.security import create_access_token
from services.accounts import (
    USERS_PAGE,
    AccountError,
    LastAdmin,
    WrongPassword,
    administer,
    change_password,
    update_profile,
)
from services.accounts import list_users as find_users
from services.password_reset import issue_reset
from services.signup import SignupRefused, sign_up
from services.teams import set_teams, teams_named
from services.users import get_user

router = APIRouter(prefix='/users', tags=['users'])


@router.post('/signup', status_code=status.HTTP_201_CREATED)
async def signup(body: UserSignup, request: Request, session: SessionDep, runtime: RuntimeDep) -> UserPublic:
    """Creates an account; the first account of the installation becomes the admin. With an `invitation` token the
    account gets its role and teams. 422 for a password that is too short or too common, 409 for an email with an
    account, 403 when SIGNUP_MODE needs an invitation (or an address of SIGNUP_DOMAINS), 400 for an invitation
    that is unknown, used or expired, 429 when the address made too many accounts."""
    address = request.client.host if request.client else 'unknown'
    try:
        user = await sign_up(
            session,
            runtime.signup_throttle,
            email=body.email,
            password=body.password,
            full_name=body.full_name,
            address=address,
            policy=runtime.signup_policy,
            invitation=body.invitation,
        )
    except SignupRefused as refused:
        if refused.retry_after is not None:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                detail=str(refused),
                headers={'Retry-After': str(refused.retry_after)},
            ) from None
        code = status.HTTP_422_UNPROCESSABLE_CONTENT
        if refused.taken:
            code = status.HTTP_409_CONFLICT
        elif refused.closed:
            code = status.HTTP_403_FORBIDDEN
        elif refused.bad_invitation:
            code = status.HTTP_400_BAD_REQUEST
        raise HTTPException(code, detail=str(refused)) from None
    return UserPublic.model_validate(user)


@router.get('/me')
async def read_me(user: CurrentUser) -> UserPublic:
    """The account of the bearer token, with its `role` (admin, manager or rep)."""
    return UserPublic.model_validate(user)


@router.patch('/me')
async def update_me(body: UserUpdateMe, user: CurrentUser, session: SessionDep) -> UserPublic:
    """Changes your name and/or time zone (an IANA name; null goes back to the browser's). 422 for a zone that is
    not one."""
    sent = body.model_fields_set
    try:
        await update_profile(
            session,
            user,
            full_name=body.full_name if 'full_name' in sent else None,
            time_zone=body.time_zone,
            clear_zone='time_zone' in sent and body.time_zone is None,
        )
    except AccountError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    return UserPublic.model_validate(user)


@router.post('/me/password')
async def change_my_password(
    body: PasswordChange, user: CurrentUser, session: SessionDep, runtime: RuntimeDep
) -> Token:
    """Changes your password: the current one is required (400 when wrong; 422 when the new one fails the policy).
    Every other session and token of the account ends at once; the answer is a new token for this client."""
    try:
        await change_password(session, user, current=body.current_password, new=body.new_password)
    except WrongPassword as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    except AccountError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    minutes = runtime.settings.access_token_expire_minutes
    token = create_access_token(
        user.id, secret=runtime.token_secret, expires_minutes=minutes, session_version=user.session_version
    )
    return Token(access_token=token, expires_in=minutes * 60)


@router.get('/')
async def list_users(
    _admin: AdminUser,
    session: SessionDep,
    q: Annotated[str, Query(max_length=100, description='part of a name or an email, any case')] = '',
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = USERS_PAGE,
) -> UsersPage:
    """Admins: the users, by name, whose name or email contains `q`."""
    users, count = await find_users(session, query=q, skip=skip, limit=limit)
    return UsersPage(data=[UserPublic.model_validate(user) for user in users], count=count)


@router.patch('/{user_id}')
async def administer_user(
    user_id: uuid.UUID, body: UserAdminUpdate, _admin: AdminUser, session: SessionDep
) -> UserPublic:
    """Admins: change a user's `role`, or deactivate (`is_active: false`: their sessions and tokens stop working
    at once) or reactivate them, or set their teams (`team_ids`). 409 for a change that would leave no active admin,
    422 for a team that does not exist; either changes nothing."""
    target = await get_user(session, user_id)
    if target is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='User not found.')
    if body.team_ids is not None:
        known = {team.id for team in await teams_named(session, body.team_ids)}
        if unknown := [index for index, team_id in enumerate(body.team_ids) if team_id not in known]:
            loc = ['body', 'team_ids', unknown[0]]
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail=[{'loc': loc, 'msg': 'no team has this id', 'type': 'unknown_team'}],
            )
    try:
        await administer(session, target, role=body.role, is_active=body.is_active)
    except LastAdmin as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    if body.team_ids is not None:
        await set_teams(session, target, body.team_ids)
    return UserPublic.model_validate(target)


@router.post('/{user_id}/reset-link')
async def make_reset_link(
    user_id: uuid.UUID, _admin: AdminUser, session: SessionDep, runtime: RuntimeDep, request: Request
) -> ResetLink:
    """Admins: a single-use link (valid an hour) that sets a new password for the user, to hand over when no
    e-mail is configured. Links made before stop working."""
    target = await get_user(session, user_id)
    if target is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='User not found.')
    token = await issue_reset(session, target)
    return ResetLink(url=runtime.public_link(f'/reset-password?token={token}', request_base=str(request.base_url)))
