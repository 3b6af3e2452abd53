"""A rep signs up, logs out, logs back in; pages without a session send them to log in."""

import httpx
import pytest
from nicegui.testing import User

from app.runtime import current_runtime
from services.signup import signup_throttle
from tests.support.pages import PASSWORD, log_in, log_out, sign_up


async def test_a_page_without_a_session_sends_you_to_log_in(user: User) -> None:
    await user.open('/history')
    await user.should_see('Log in to Sales Coach')
    await user.should_not_see('History')


async def test_sign_up_log_out_and_log_in_again(user: User) -> None:
    await sign_up(user)
    await user.should_see('No calls yet')
    user.find('Log out').click()
    await user.should_see('Log in to Sales Coach')

    await user.open('/practice')
    await user.should_see('Log in to Sales Coach')  # logged out for real

    await log_in(user)
    await user.should_see('Welcome, Sam!')


@pytest.mark.parametrize(
    ('redirect_to', 'landing'),
    [
        ('/history', 'Your practice calls will be listed here'),  # back to the page you asked for
        ('//evil.example/phish', 'Welcome, Sam!'),  # never off-site: the dashboard instead
        ('/%09/evil.example', 'Welcome, Sam!'),  # browsers drop the tab and would read //evil.example
        ('/%5Cevil.example', 'Welcome, Sam!'),  # and read a backslash as a slash
    ],
)
async def test_log_in_returns_you_to_the_page_you_asked_for_on_this_site(
    user: User, redirect_to: str, landing: str
) -> None:
    await sign_up(user)
    await log_out(user)
    await log_in(user, path=f'/login?redirect_to={redirect_to}')
    await user.should_see(landing)


async def test_a_wrong_password_gets_a_clear_message(user: User) -> None:
    await sign_up(user)
    await log_out(user)
    await log_in(user, password='not my password')
    await user.should_see('Incorrect email or password.')


async def test_repeated_failures_are_slowed_down(user: User) -> None:
    await user.open('/login')
    user.find('Email').type('victim@example.com')
    for _ in range(10):
        user.find('Password').type('guess').trigger('keydown.enter')
        await user.should_not_see('guess', retries=50)  # a refused attempt empties the password field
        await user.should_see('Incorrect email or password.')
    user.find('Password').type('guess').trigger('keydown.enter')
    await user.should_see('Too many failed log-in attempts')


@pytest.mark.parametrize(
    ('email', 'password', 'confirm', 'message'),
    [
        ('not-an-email', PASSWORD, PASSWORD, 'Enter a valid email address.'),
        ('a@example.com', 'short', 'short', 'The password needs at least 10 characters.'),
        ('a@example.com', 'password123', 'password123', 'This password is too easy to guess'),
        ('a@example.com', ' ' * 10, ' ' * 10, 'The password cannot be blank.'),
        ('a@example.com', PASSWORD, PASSWORD + 'x', 'The passwords do not match.'),
    ],
)
async def test_sign_up_explains_what_is_wrong(
    user: User, email: str, password: str, confirm: str, message: str
) -> None:
    await user.open('/signup')
    user.find('Email').type(email)
    user.find('Password').type(password)
    user.find('Confirm password').type(confirm)
    user.find('Create account').click()
    await user.should_see(message)
    await user.should_see('Create your account')


async def sign_up_again(user: User, email: str) -> None:
    """Sam signs up, logs out, and the same browser fills in the sign-up form once more with `email`."""
    await sign_up(user)
    await log_out(user)
    await user.open('/signup')
    user.find('Email').type(email)
    user.find('Password').type(PASSWORD)
    user.find('Confirm password').type(PASSWORD)
    user.find('Create account').click()


async def test_an_email_signs_up_once(user: User) -> None:
    await sign_up_again(user, 'SAM@example.com')
    await user.should_see('An account with this email exists already. Log in instead.')


async def test_sign_ups_from_one_address_are_throttled_with_the_same_message(user: User) -> None:
    current_runtime().signup_throttle = signup_throttle(per_hour=1)
    await sign_up_again(user, 'second@example.com')
    await user.should_see('Too many accounts were created from this address. Try again in 60 minutes.')


async def test_pages_cannot_be_framed_by_another_site(user: User) -> None:
    for path in ('/login', '/api/v1/calls/personas/list'):
        response = await user.http_client.get(path)
        assert response.headers['x-frame-options'] == 'DENY'
        assert response.headers['content-security-policy'] == "frame-ancestors 'none'"


async def test_log_in_and_log_out_give_the_browser_a_new_session(user: User) -> None:
    await sign_up(user)
    await log_out(user)
    await user.open('/login')
    before = dict(user.http_client.cookies)  # a cookie someone copied before the log-in (session fixation)
    await log_in(user)
    await user.should_see('Welcome, Sam!')
    after = dict(user.http_client.cookies)
    assert after != before

    async def history_with(cookies: dict[str, str]) -> httpx.Response:
        async with httpx.AsyncClient(
            transport=user.http_client._transport, base_url=user.http_client.base_url, cookies=cookies
        ) as browser:
            return await browser.get('/history')

    assert (await history_with(before)).status_code == 307  # the copied cookie is not signed in
    assert (await history_with(after)).status_code == 200
    await log_out(user)
    assert (await history_with(after)).status_code == 307  # and the signed-in one ends with the log-out


async def test_a_forged_or_used_sign_in_grant_signs_no_one_in(user: User) -> None:
    for path in ('/session/start?grant=forged&next=/history', '/session/finish?grant=forged', '/session/start'):
        response = await user.http_client.get(path)
        assert response.status_code == 307 and response.headers['location'] == '/login'
    await user.open('/history')
    await user.should_see('Log in to Sales Coach')
