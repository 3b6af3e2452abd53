"""Users (admins only): search users, change a role and the teams a user is in, deactivate or reactivate an account
(its sessions end at once), make a password reset link to hand over when no e-mail is configured, and invite people
(any role, any teams). The last active admin stays one."""

import uuid

from nicegui import ui

from app.auth import page_user
from app.pages.frame import member_frame
from app.pages.invitations import invitations_card
from app.runtime import current_runtime
from components.admins_only import admins_only
from components.browser_zone import browser_zone
from services.accounts import LastAdmin, administer, list_users
from services.models import Role, User
from services.password_reset import issue_reset
from services.teams import UnknownTeam, set_teams, team_ids_by_user, visible_teams

PATH = '/admin/users'
ROLES = {Role.ADMIN.value: 'Admin', Role.MANAGER.value: 'Manager', Role.REP.value: 'Rep'}


@ui.page(PATH)
async def users_page() -> None:
    admin = page_user()
    request = ui.context.client.request
    runtime = current_runtime()
    with member_frame('Users', path=PATH, user=admin):
        if not admin.is_admin:
            admins_only('Ask the admin of this Sales Coach to change a role or an account.')
            return
        # Inviting comes first: with many users the list is long.
        async with runtime.database.session() as session:
            all_teams = {str(team.id): team.name for team in await visible_teams(session, admin)}
        await invitations_card(admin, zone=browser_zone(), team=None, teams=all_teams)
        search = ui.input('Search by name or email', on_change=lambda: table.refresh()).props(
            'outlined dense clearable debounce=300'
        )
        search.classes('w-full sm:w-96').mark('search')

        @ui.refreshable
        async def table() -> None:
            async with runtime.database.session() as session:
                users, count = await list_users(session, query=search.value or '', limit=200)
                memberships = await team_ids_by_user(session, [user.id for user in users])
            ui.label(f'{count} user{"s" if count != 1 else ""}').classes('text-sm text-gray-600 dark:text-gray-400')
            for user in users:
                _row(user, all_teams, sorted(str(team_id) for team_id in memberships[user.id]))

        def _row(user: User, teams: dict[str, str], member_of: list[str]) -> None:
            with ui.card().classes('w-full gap-2').mark(f'user-{user.email}'):
                with ui.row().classes('w-full items-center gap-3'):
                    with ui.column().classes('gap-0 grow min-w-0'):
                        ui.label(user.display_name).classes('font-medium break-words')
                        ui.label(user.email).classes('text-sm text-gray-600 dark:text-gray-400 break-all')
                    if not user.is_active:
                        ui.badge('Deactivated', color='grey-7')
                with ui.row().classes('w-full items-center gap-2'):
                    role = ui.select(ROLES, value=user.role, label='Role')
                    role.props('outlined dense').classes('w-36').mark(f'role-{user.email}')
                    role.on_value_change(lambda e, u=user.id: change(u, role=Role(e.value)))
                    in_teams = ui.select(teams, value=member_of, multiple=True, label='Teams')
                    in_teams.props('outlined dense use-chips').classes('w-64 max-w-full').mark(f'teams-{user.email}')
                    in_teams.on_value_change(lambda e, u=user.id: place(u, e.value or []))
                    active = 'Deactivate' if user.is_active else 'Reactivate'
                    ui.button(active, on_click=lambda _, u=user.id, a=not user.is_active: change(u, is_active=a)).props(
                        'outline no-caps'
                    ).mark(f'{active.lower()}-{user.email}')
                    ui.button('Reset link', icon='link', on_click=lambda _, u=user.id: reset_link(u)).props(
                        'flat no-caps'
                    ).mark(f'reset-{user.email}')

        async def change(user_id: uuid.UUID, *, role: Role | None = None, is_active: bool | None = None) -> None:
            async with runtime.database.session() as session:
                target = await session.get(User, user_id)
                if target is None:
                    return
                try:
                    await administer(session, target, role=role, is_active=is_active)
                except LastAdmin as error:
                    ui.notify(str(error), type='warning')
                else:
                    ui.notify(f'Saved: {target.display_name}.', type='positive')
            table.refresh()

        async def place(user_id: uuid.UUID, team_ids: list[str]) -> None:
            async with runtime.database.session() as session:
                target = await session.get(User, user_id)
                if target is None:
                    return
                try:
                    await set_teams(session, target, [uuid.UUID(team_id) for team_id in team_ids])
                except UnknownTeam as error:
                    ui.notify(f'{error} Reload the page to see the teams as they are now.', type='warning')
                else:
                    ui.notify(f'Saved: {target.display_name}.', type='positive')

        async def reset_link(user_id: uuid.UUID) -> None:
            async with runtime.database.session() as session:
                target = await session.get(User, user_id)
                if target is None:
                    return
                token = await issue_reset(session, target)
            url = runtime.public_link(f'/reset-password?token={token}', request_base=str(request.base_url))
            with ui.dialog(value=True) as dialog, ui.card().classes('gap-3 max-w-lg'):
                ui.label(f'A reset link for {target.display_name}').classes('text-lg font-medium')
                ui.label('It works once, for an hour; links made before it stop working.').classes('text-sm')
                ui.input(value=url).props('outlined dense readonly').classes('w-full').mark('reset-url')
                with ui.row().classes('w-full justify-end gap-2'):
                    ui.button('Copy', icon='content_copy', on_click=lambda: ui.clipboard.write(url)).props('no-caps')
                    ui.button('Close', on_click=dialog.close).props('flat no-caps')

        await table()
