"""Invitations: an admin invites any role; a manager invites reps to the teams they manage. An invitation names
the role the new account gets and the teams it joins (a manager invitation makes its user a manager of them),
expires, and works once. Redeeming one creates the account and its memberships in one transaction."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import managed_team_ids
from services.links import new_token, token_hash
from services.mail import Mailer, MailFailed
from services.models import Invitation, Role, Team, User
from services.models.base import utcnow
from services.teams import join, team_role_for

MAX_HOURS = 24 * 90  # an invitation lasts at most 90 days


class InvitationRefused(Exception):
    """The invitation cannot be made as asked; the message says why."""


class InvitationInvalid(Exception):
    """The invitation does not exist, was used, expired or was revoked."""


@dataclass(frozen=True, slots=True)
class Issued:
    invitation: Invitation
    token: str  # only here, once: the database keeps its hash


async def invite(
    session: AsyncSession,
    inviter: User,
    *,
    role: Role,
    team_ids: Sequence[uuid.UUID],
    expires_in_hours: float,
    email: str | None = None,
) -> Issued:
    """A new invitation, checked whole: the teams must exist, and a manager may invite only reps to the teams
    they manage (InvitationRefused otherwise)."""
    if not 0 < expires_in_hours <= MAX_HOURS:
        raise InvitationRefused(f'An invitation lasts more than 0 and at most {MAX_HOURS} hours.')
    teams = list(dict.fromkeys(team_ids))
    if teams:
        found = set(await session.scalars(select(Team.id).where(Team.id.in_(teams))))
        if missing := [str(t) for t in teams if t not in found]:
            raise InvitationRefused(f'No such team: {", ".join(missing)}.')
    if not inviter.is_admin:
        if inviter.role != Role.MANAGER:
            raise InvitationRefused('Only admins and managers invite people.')
        if role != Role.REP:
            raise InvitationRefused('Managers invite reps; ask an admin to invite a manager or an admin.')
        managed = await managed_team_ids(session, inviter.id)
        if not teams or any(team not in managed for team in teams):
            raise InvitationRefused('A manager invites reps to teams they manage: name one or more of them.')
    token, hashed = new_token()
    invitation = Invitation(
        token_hash=hashed,
        role=role.value,
        team_ids=[str(team) for team in teams],
        email=email,
        created_by=inviter.id,
        expires_at=utcnow() + timedelta(hours=expires_in_hours),
    )
    session.add(invitation)
    await session.commit()
    return Issued(invitation=invitation, token=token)


async def visible_invitations(session: AsyncSession, viewer: User) -> Sequence[Invitation]:
    """Every open invitation for an admin; a manager's own; newest first."""
    query = select(Invitation).where(Invitation.used_at.is_(None)).order_by(Invitation.created_at.desc())
    if not viewer.is_admin:
        query = query.where(Invitation.created_by == viewer.id)
    return (await session.scalars(query)).all()


async def revoke(session: AsyncSession, viewer: User, invitation_id: uuid.UUID) -> bool:
    """False when there is no such open invitation that `viewer` may revoke."""
    invitation = await session.get(Invitation, invitation_id)
    if invitation is None or invitation.used_at is not None:
        return False
    if not viewer.is_admin and invitation.created_by != viewer.id:
        return False
    await session.delete(invitation)
    await session.commit()
    return True


async def open_invitation(session: AsyncSession, token: str, *, at: datetime | None = None) -> Invitation:
    """The unused, unexpired invitation of `token` (InvitationInvalid otherwise)."""
    invitation = await session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None or invitation.used_at is not None:
        raise InvitationInvalid('This invitation is not valid: it was used already or withdrawn.')
    if invitation.expires_at <= (at or utcnow()):
        raise InvitationInvalid('This invitation has expired; ask for a new one.')
    return invitation


async def accept(session: AsyncSession, invitation: Invitation, user: User) -> None:
    """Marks the invitation used by `user` and adds them to its teams, in the caller's transaction (the account and
    its memberships are saved together). A second sign-up racing on the same invitation finds it used."""
    used = await session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=utcnow(), used_by=user.id)
    )
    if getattr(used, 'rowcount', 0) != 1:
        raise InvitationInvalid('This invitation is not valid: it was used already or withdrawn.')
    wanted = [uuid.UUID(team) for team in invitation.team_ids]
    for team_id in set(await session.scalars(select(Team.id).where(Team.id.in_(wanted)))):  # a deleted team: skipped
        await join(session, team_id, user.id, team_role_for(invitation.role))


async def mail_invitation(mailer: Mailer, issued: Issued, *, inviter: User, to: str, url: str) -> bool:
    """E-mails the invitation's link; False when the mail server would not take it (the link is still shown)."""
    name = inviter.display_name
    until = f'{issued.invitation.expires_at:%Y-%m-%d %H:%M} UTC'
    try:
        await mailer.send(
            to=to,
            subject=f'{name} invites you to Sales Coach',
            text=(
                f'{name} invites you to practise sales calls with Sales Coach.\n\n'
                f'Create your account here (the link works once, until {until}):\n{url}\n'
            ),
        )
    except MailFailed:
        return False
    return True
