"""The signed-in user's own pages: account settings (name, time zone, password) and notices."""

from nicegui import ui

from app.auth import page_user, sign_in
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.browser_zone import browser_zone
from services.accounts import AccountError, WrongPassword, change_password, update_profile
from services.local_time import date_time, zone_names
from services.models import User
from services.password_policy import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from services.reviews import mark_read, notices

BROWSER = ''  # the time zone picker's "the browser's" choice


@ui.page('/account')
async def account_page() -> None:
    user = page_user()
    with member_frame('Account settings', path='/account', user=user):
        _profile_card(user)
        _password_card(user)


def _profile_card(user: User) -> None:
    with ui.card().classes('w-full max-w-xl gap-3'):
        ui.label('Profile').classes('text-lg font-medium')
        ui.label(f'{user.email} · {user.role}').classes('text-sm text-gray-600 dark:text-gray-400')
        name = ui.input('Full name', value=user.full_name).props('outlined dense maxlength=255').classes('w-full')
        name.mark('full_name')
        zones = {BROWSER: "The browser's time zone", **{zone: zone for zone in zone_names()}}
        zone = ui.select(zones, label='Time zone', value=user.time_zone or BROWSER, with_input=True)
        zone.props('outlined dense').classes('w-full').mark('time_zone')
        ui.label('Every time in the app is shown in this zone.').classes('text-xs text-gray-500 dark:text-gray-400')

        async def save() -> None:
            try:
                async with current_runtime().database.session() as session:
                    fresh = await session.get(User, user.id)
                    assert fresh is not None
                    await update_profile(
                        session,
                        fresh,
                        full_name=name.value or '',
                        time_zone=zone.value or None,
                        clear_zone=not zone.value,
                    )
            except AccountError as error:
                ui.notify(str(error), type='warning')
                return
            ui.notify('Saved.', type='positive')

        ui.button('Save', icon='save', on_click=save).props('no-caps').mark('save-profile')


def _password_card(user: User) -> None:
    with ui.card().classes('w-full max-w-xl gap-3'):
        ui.label('Password').classes('text-lg font-medium')
        ui.label('Changing it logs you out everywhere else.').classes('text-sm text-gray-600 dark:text-gray-400')
        current = ui.input('Current password', password=True).props('outlined dense autocomplete=current-password')
        current.classes('w-full').mark('current_password')
        new = ui.input('New password', password=True, password_toggle_button=True).classes('w-full')
        new.props(f'outlined dense autocomplete=new-password maxlength={MAX_PASSWORD_LENGTH}').mark('new_password')
        new.props(f'hint="At least {MIN_PASSWORD_LENGTH} characters."')
        confirm = ui.input('Confirm new password', password=True).props('outlined dense autocomplete=new-password')
        confirm.classes('w-full').mark('confirm_password')
        error = ui.label().classes('text-negative text-sm').mark('password-error')

        async def change() -> None:
            error.set_text('')
            if new.value != confirm.value:
                error.set_text('The new passwords do not match.')
                return
            try:
                async with current_runtime().database.session() as session:
                    fresh = await session.get(User, user.id)
                    assert fresh is not None
                    await change_password(session, fresh, current=current.value or '', new=new.value or '')
            except (WrongPassword, AccountError) as refused:
                error.set_text(str(refused))
                return
            ui.notify('Password changed; you stay logged in here.', type='positive')
            sign_in(fresh, then='/account')  # this browser's session carries the new version

        ui.button('Change password', icon='key', on_click=change).props('no-caps').mark('change-password')


@ui.page('/notices')
async def notices_page() -> None:
    user = page_user()
    async with current_runtime().database.session() as session:
        found, _unread = await notices(session, user)
        rows = [(notice.text, notice.link, notice.created_at, notice.read_at is None) for notice in found]
        await mark_read(session, user)  # after reading which were new: the commit reloads them
    ui.context.client.request.state.unread = 0  # read now: the header's badge goes
    zone = browser_zone()
    with member_frame('Notices', path='/notices', user=user):
        if not rows:
            ui.label('Nothing new: assignments, comments and sign-offs from your manager show here.').classes(
                'text-gray-600 dark:text-gray-400'
            )
        for text, link, created_at, new in rows:
            with ui.card().classes('w-full gap-1').mark('notice'):
                with ui.row().classes('w-full items-center gap-2'):
                    if new:
                        ui.badge('New', color='red').mark('new')
                    ui.label(date_time(created_at, zone)).classes('text-xs text-gray-500 dark:text-gray-400')
                ui.link(text, link).classes('break-words')
