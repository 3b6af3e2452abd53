"""Forgotten passwords: ask for a link by e-mail (always 202, whether or not the address has an account), and set
a new password with it. Admins make a link for a user from the users' routes."""

from fastapi import APIRouter, HTTPException, Request, Response, status

from app.api.deps import RuntimeDep, SessionDep
from app.schemas.invitation import ResetConfirm, ResetRequest
from services.accounts import AccountError
from services.password_reset import ResetInvalid, confirm_reset, mail_reset

router = APIRouter(prefix='/password-reset', tags=['password reset'])


@router.post('/request', status_code=status.HTTP_202_ACCEPTED)
async def request_reset(body: ResetRequest, session: SessionDep, runtime: RuntimeDep, request: Request) -> Response:
    """Mails a single-use link (valid an hour) to an active account of `email` when SMTP is configured. The answer
    is the same 202 in every case, so that it tells nobody which addresses have accounts."""
    if (mailer := runtime.mailer()) is not None:
        await mail_reset(
            session,
            mailer,
            runtime.reset_throttle,
            email=str(body.email),
            address=request.client.host if request.client else 'unknown',
            link=lambda token: runtime.public_link(
                f'/reset-password?token={token}', request_base=str(request.base_url)
            ),
        )
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post('/confirm')
async def confirm(body: ResetConfirm, session: SessionDep) -> dict[str, str]:
    """Sets the new password of the link's account and ends its other sessions and tokens. 400 for a link that is
    unknown, used or expired; 422 for a password the policy refuses (the link stays usable)."""
    try:
        await confirm_reset(session, body.token, body.new_password)
    except ResetInvalid as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    except AccountError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    return {'detail': 'Your password is set. Log in with it.'}
