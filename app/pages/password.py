"""Forgotten passwords: ask for a link by e-mail, and choose a new password with it."""

from nicegui import ui

from app.pages.account import auth_card
from app.runtime import current_runtime
from services.accounts import AccountError
from services.password_policy import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from services.password_reset import ResetInvalid, confirm_reset, mail_reset

SENT = 'If an account uses that address, a link to choose a new password is on its way (it works for an hour).'
NO_MAIL = 'This installation sends no e-mail: ask your admin for a password reset link.'


@ui.page('/forgot-password')
async def forgot_password_page() -> None:
    request = ui.context.client.request
    runtime = current_runtime()
    mailer = runtime.mailer()
    address = request.client.host if request.client else 'unknown'
    base = str(request.base_url)

    ui.page_title('Forgot password · Sales Coach')
    with auth_card('Forgot your password?'):
        if mailer is None:
            ui.label(NO_MAIL).classes('text-sm').mark('no-mail')
        else:
            ui.label('Enter your e-mail address; we send you a link to choose a new password.').classes('text-sm')
            email = ui.input('Email').props('autofocus autocomplete=email type=email maxlength=320').classes('w-full')
            sent = ui.label().classes('text-sm text-positive').mark('sent')

            async def send() -> None:
                if not (email.value or '').strip():
                    return
                async with runtime.database.session() as session:
                    await mail_reset(
                        session,
                        mailer,
                        runtime.reset_throttle,
                        email=email.value,
                        address=address,
                        link=lambda token: runtime.public_link(f'/reset-password?token={token}', request_base=base),
                    )
                sent.set_text(SENT)  # the same words whether or not the address has an account

            email.on('keydown.enter', send)
            ui.button('Send the link', on_click=send).classes('w-full').mark('send-link')
        ui.link('Back to log in', '/login').classes('text-sm')


@ui.page('/reset-password')
async def reset_password_page(token: str = '') -> None:
    ui.page_title('Choose a new password · Sales Coach')
    with auth_card('Choose a new password'):
        new = ui.input('New password', password=True, password_toggle_button=True).classes('w-full')
        new.props(f'autofocus autocomplete=new-password maxlength={MAX_PASSWORD_LENGTH}').mark('new_password')
        new.props(f'hint="At least {MIN_PASSWORD_LENGTH} characters."')
        confirm = ui.input('Confirm new password', password=True).props('autocomplete=new-password').classes('w-full')
        confirm.mark('confirm_password')
        error = ui.label().classes('text-negative text-sm').mark('reset-error')

        async def save() -> None:
            error.set_text('')
            if new.value != confirm.value:
                error.set_text('The passwords do not match.')
                return
            try:
                async with current_runtime().database.session() as session:
                    await confirm_reset(session, token, new.value or '')
            except (ResetInvalid, AccountError) as refused:
                error.set_text(str(refused))
                return
            ui.notify('Your password is set. Log in with it.', type='positive')
            ui.navigate.to('/login')

        confirm.on('keydown.enter', save)
        ui.button('Set the password', on_click=save).classes('w-full').mark('set-password')
        ui.link('Back to log in', '/login').classes('text-sm')
