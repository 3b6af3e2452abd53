"""Invitations: admins invite any role, managers invite reps to the teams they manage. The link is returned once
(and e-mailed when SMTP is configured); its token is stored only as a hash."""

import uuid

from fastapi import APIRouter, HTTPException, Request, Response, status

from app.api.deps import CurrentUser, RuntimeDep, SessionDep
from app.schemas.invitation import InvitationCreate, InvitationIssued, InvitationPublic
from services.invitations import InvitationRefused, invite, mail_invitation, revoke, visible_invitations
from services.models import Role, User

router = APIRouter(prefix='/invitations', tags=['invitations'])


@router.post('/', status_code=status.HTTP_201_CREATED)
async def create_invitation(
    body: InvitationCreate, user: CurrentUser, session: SessionDep, runtime: RuntimeDep, request: Request
) -> InvitationIssued:
    """A single-use sign-up link for `role`, joining `team_ids` (a manager invitation makes its user a manager of
    them). 403 for a rep; 400 for an unknown team, or a manager inviting anything but reps to their own teams."""
    _may_invite(user)
    try:
        issued = await invite(
            session,
            user,
            role=body.role,
            team_ids=body.team_ids,
            expires_in_hours=body.expires_in_hours,
            email=str(body.email) if body.email else None,
        )
    except InvitationRefused as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    url = runtime.public_link(f'/signup?invitation={issued.token}', request_base=str(request.base_url))
    emailed = False
    if body.email and (mailer := runtime.mailer()) is not None:
        emailed = await mail_invitation(mailer, issued, inviter=user, to=str(body.email), url=url)
    return InvitationIssued(id=issued.invitation.id, url=url, emailed=emailed, expires_at=issued.invitation.expires_at)


@router.get('/')
async def list_invitations(user: CurrentUser, session: SessionDep) -> list[InvitationPublic]:
    """The invitations not used yet: every one for an admin, a manager's own."""
    _may_invite(user)
    return [InvitationPublic.model_validate(row) for row in await visible_invitations(session, user)]


@router.delete('/{invitation_id}', status_code=status.HTTP_204_NO_CONTENT)
async def delete_invitation(invitation_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """Withdraws an invitation not used yet; its link stops working."""
    _may_invite(user)
    if not await revoke(session, user, invitation_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail='Invitation not found.')
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _may_invite(user: User) -> None:
    if user.role not in (Role.ADMIN, Role.MANAGER):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail='Admins and managers only.')
