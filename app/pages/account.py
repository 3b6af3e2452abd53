"""Log in, sign up and log out."""

from dataclasses import dataclass

from fastapi.responses import RedirectResponse
from nicegui import ui
from pydantic import EmailStr, TypeAdapter, ValidationError

from app.auth import safe_redirect_target, sign_in, signed_in_user
from app.runtime import current_runtime
from services.invitations import InvitationInvalid, open_invitation
from services.login import LoginRefused, log_in
from services.password_policy import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, password_problem
from services.signup import SignupRefused, sign_up
from services.teams import teams_named

_email = TypeAdapter(EmailStr)


@ui.page('/login')
async def login_page(redirect_to: str = '/') -> RedirectResponse | None:
    if await signed_in_user() is not None:
        return RedirectResponse(safe_redirect_target(redirect_to))
    address = ui.context.client.request.client.host if ui.context.client.request.client else 'unknown'

    async def try_login() -> None:
        error.set_text('')
        if not email.value or not password.value:
            error.set_text('Enter your email and password.')
            return
        runtime = current_runtime()
        try:
            async with runtime.database.session() as session:
                user = await log_in(
                    session, runtime.login_throttle, email=email.value, password=password.value, address=address
                )
        except LoginRefused as refused:
            error.set_text(str(refused))
            password.set_value('')
            return
        sign_in(user, then=redirect_to)

    ui.page_title('Log in · Sales Coach')
    with auth_card('Log in to Sales Coach'):
        email = ui.input('Email').props('autofocus autocomplete=email type=email').classes('w-full')
        password = ui.input('Password', password=True, password_toggle_button=True).classes('w-full')
        password.props('autocomplete=current-password').on('keydown.enter', try_login)
        error = ui.label().classes('text-negative text-sm')
        ui.button('Log in', on_click=try_login).classes('w-full')
        ui.link('Forgot your password?', '/forgot-password').classes('text-sm').mark('forgot-password')
        with ui.row().classes('gap-1 text-sm'):
            ui.label('New here?')
            ui.link('Create an account', '/signup')
    return None


@ui.page('/signup')
async def signup_page(invitation: str = '') -> RedirectResponse | None:
    if await signed_in_user() is not None:
        return RedirectResponse('/')
    runtime = current_runtime()
    offer = await _invitation_offer(invitation)
    address = ui.context.client.request.client.host if ui.context.client.request.client else 'unknown'

    async def try_signup() -> None:
        problems = _signup_problems(email.value, password.value, confirm.value)
        error.set_text(' '.join(problems))
        if problems:
            return
        try:
            async with runtime.database.session() as session:
                user = await sign_up(
                    session,
                    runtime.signup_throttle,
                    email=email.value,
                    password=password.value,
                    full_name=full_name.value or '',
                    address=address,
                    policy=runtime.signup_policy,
                    invitation=invitation or None,
                )
        except SignupRefused as refused:
            error.set_text(
                'An account with this email exists already. Log in instead.' if refused.taken else str(refused)
            )
            return
        sign_in(user)

    ui.page_title('Sign up · Sales Coach')
    with auth_card('Create your account'):
        if offer is not None:
            ui.label(offer.text).classes(f'text-sm {"text-positive" if offer.valid else "text-negative"}').mark(
                'invitation-note'
            )
        elif runtime.signup_policy.mode != 'open':
            ui.label(runtime.signup_policy.refusal()).classes('text-sm').mark('signup-mode')
        full_name = ui.input('Full name').props('autofocus autocomplete=name maxlength=255').classes('w-full')
        email = ui.input('Email', value=offer.email if offer and offer.email else '')
        email.props('autocomplete=email type=email maxlength=320').classes('w-full')
        password = ui.input('Password', password=True, password_toggle_button=True).classes('w-full')
        password.props(f'autocomplete=new-password maxlength={MAX_PASSWORD_LENGTH}')
        password.props(f'hint="At least {MIN_PASSWORD_LENGTH} characters."')
        confirm = ui.input('Confirm password', password=True).classes('w-full')
        confirm.props('autocomplete=new-password').on('keydown.enter', try_signup)
        error = ui.label().classes('text-negative text-sm')
        ui.button('Create account', on_click=try_signup).classes('w-full')
        with ui.row().classes('gap-1 text-sm'):
            ui.label('Already have an account?')
            ui.link('Log in', '/login')
    return None


@dataclass(frozen=True, slots=True)
class _Offer:
    """What an invitation link offers, in words ("You are invited as a rep of Sales East."), or why it cannot."""

    text: str
    valid: bool
    email: str | None = None  # the address it was sent to, to fill in


async def _invitation_offer(token: str) -> _Offer | None:
    """None without a link."""
    if not token:
        return None
    async with current_runtime().database.session() as session:
        try:
            invitation = await open_invitation(session, token)
        except InvitationInvalid as invalid:
            return _Offer(str(invalid), valid=False)
        teams = [team.name for team in await teams_named(session, invitation.team_ids)]
    where = f' of {", ".join(teams)}' if teams else ''
    article = 'an' if invitation.role == 'admin' else 'a'
    return _Offer(f'You are invited as {article} {invitation.role}{where}.', valid=True, email=invitation.email)


def _signup_problems(email: str | None, password: str | None, confirm: str | None) -> list[str]:
    problems = []
    try:
        _email.validate_python(email or '')
    except ValidationError:
        problems.append('Enter a valid email address.')
    if (problem := password_problem(password or '', email=email or '')) is not None:
        problems.append(problem)
    elif password != confirm:
        problems.append('The passwords do not match.')
    return problems


def auth_card(title: str) -> ui.card:
    with ui.column().classes('absolute-center items-center gap-4'):
        ui.label('Sales Coach').classes('text-3xl font-bold text-primary')
        card = ui.card().classes('w-96 items-stretch gap-3 p-6')
        with card:
            ui.label(title).classes('text-lg font-medium')
    return card
