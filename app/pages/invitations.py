"""Inviting people, as the team page and the Users page show it: a role, the teams, how long the link lasts and an
optional e-mail address make a single-use link to copy (also e-mailed when SMTP is configured); below, the open
invitations, each with Withdraw. On a team's page the invitation is to that team; on the Users page the admin
chooses any teams, or none."""

import uuid
from collections.abc import Callable, Mapping
from datetime import tzinfo

from nicegui import ui

from app.runtime import current_runtime
from services.invitations import InvitationRefused, invite, mail_invitation, revoke, visible_invitations
from services.local_time import date_time
from services.models import Invitation, Role, Team, User

DEFAULT_HOURS = 72


async def invitations_card(user: User, *, zone: tzinfo, team: Team | None, teams: Mapping[str, str]) -> None:
    """`team`: the team every invitation is to (a manager's team page); None: the inviter picks from `teams`."""
    runtime = current_runtime()
    request_base = str(ui.context.client.request.base_url)
    with ui.card().classes('w-full gap-2'):
        ui.label('Invite people').classes('text-lg font-medium')
        roles = {Role.REP.value: 'Rep'} if not user.is_admin else {r.value: r.value.title() for r in Role}
        with ui.row().classes('w-full items-start gap-2'):
            role = ui.select(roles, value=Role.REP.value, label='As').props('outlined dense').classes('w-32')
            role.mark('invite-role')
            chosen: ui.select | None = None
            if team is None:
                chosen = ui.select(dict(teams), label='To teams (optional)', multiple=True, value=[])
                chosen.props('outlined dense use-chips').classes('w-64 max-w-full').mark('invite-teams')
            email = ui.input('Email (optional)').props('outlined dense type=email').classes('w-64').mark('invite-email')
            hours = ui.number('Valid for (hours)', value=DEFAULT_HOURS, min=1, max=24 * 90, step=1)
            hours.props('outlined dense').classes('w-40').mark('invite-hours')
        with ui.row().classes('w-full items-center gap-2 no-wrap') as shown:
            link = ui.input('Link').props('outlined dense readonly').classes('grow min-w-0').mark('invite-url')
            ui.button(icon='content_copy', on_click=lambda: ui.clipboard.write(link.value)).props(
                'flat round aria-label="Copy the link"'
            ).mark('copy-invite')
        shown.set_visibility(False)

        async def make() -> None:
            team_ids = [team.id] if team is not None else [uuid.UUID(t) for t in (chosen.value if chosen else [])]
            try:
                async with runtime.database.session() as session:
                    issued = await invite(
                        session,
                        user,
                        role=Role(role.value),
                        team_ids=team_ids,
                        expires_in_hours=float(hours.value or DEFAULT_HOURS),
                        email=(email.value or '').strip() or None,
                    )
            except InvitationRefused as error:
                ui.notify(str(error), type='warning')
                return
            url = runtime.public_link(f'/signup?invitation={issued.token}', request_base=request_base)
            link.set_value(url)
            shown.set_visibility(True)
            listed.refresh()
            mailer = runtime.mailer()
            if email.value and mailer is not None:
                sent = await mail_invitation(mailer, issued, inviter=user, to=email.value, url=url)
                ui.notify('E-mailed, and here to copy.' if sent else 'Could not e-mail it; copy the link.')
            else:
                ui.notify('Copy the link and send it: it works once.', type='positive')

        ui.button('Make an invitation link', icon='link', on_click=make).props('no-caps').mark('invite')

        @ui.refreshable
        async def listed() -> None:
            async with runtime.database.session() as session:
                rows = await visible_invitations(session, user)
            if team is not None:
                rows = [i for i in rows if str(team.id) in i.team_ids]
            if not rows:
                return
            ui.label('Open invitations').classes('font-medium mt-2')
            for invitation in rows:
                _open_invitation(invitation.id, _described(invitation, teams, zone), user, listed.refresh)

        await listed()


def _described(invitation: Invitation, teams: Mapping[str, str], zone: tzinfo) -> str:
    """'rep · Sales East · ana@example.com · until 2026-12-03 18:00', in the viewer's zone."""
    who = invitation.email or 'anyone with the link'
    named = [teams.get(team_id, 'a team') for team_id in invitation.team_ids]
    to = f' · {", ".join(named)}' if named else ''
    return f'{invitation.role}{to} · {who} · until {date_time(invitation.expires_at, zone)}'


def _open_invitation(invitation_id: uuid.UUID, text: str, user: User, refresh: Callable[[], object]) -> None:
    runtime = current_runtime()
    with ui.row().classes('w-full items-center gap-2').mark('open-invitation'):
        ui.label(text).classes('grow min-w-0 text-sm break-words')

        async def withdraw() -> None:
            async with runtime.database.session() as session:
                await revoke(session, user, invitation_id)
            ui.notify('Withdrawn: the link no longer works.')
            refresh()

        ui.button('Withdraw', on_click=withdraw).props('flat dense no-caps color=negative').mark('withdraw')
