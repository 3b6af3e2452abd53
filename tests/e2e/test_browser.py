"""A rep in a real (headless) Chromium: signs up, finds their way around, logs out and back in."""

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import chromium, screenshot_path
from tests.e2e.server import free_port, start, stop

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PASSWORD = 'a long enough password'


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    process: subprocess.Popen[bytes] = start(tmp_path / 'data', port)
    yield f'http://127.0.0.1:{port}'
    stop(process)


@pytest.fixture
def page(url: str) -> Iterator[Page]:
    with chromium() as browser:
        context = browser.new_context(base_url=url, viewport={'width': 1280, 'height': 800})
        page = context.new_page()
        errors: list[str] = []
        page.on('pageerror', lambda error: errors.append(str(error)))
        yield page
        assert errors == [], f'JavaScript errors: {errors}'


def test_sign_up_look_around_log_out_and_back_in(page: Page) -> None:
    page.goto('/')
    expect(page).to_have_url(re.compile(r'/login$'))
    expect(page.get_by_text('Log in to Sales Coach')).to_be_visible()
    page.screenshot(path=screenshot_path('01-login'))

    page.get_by_role('link', name='Create an account').click()
    page.get_by_label('Full name').fill('Ada Closer')
    page.get_by_label('Email').fill('ada@example.com')
    page.get_by_label('Password', exact=True).fill(PASSWORD)
    page.get_by_label('Confirm password').fill(PASSWORD)
    page.screenshot(path=screenshot_path('02-signup'))
    page.get_by_role('button', name='Create account').click()

    expect(page.get_by_text('Welcome, Ada!')).to_be_visible()
    expect(page.get_by_text('No calls yet')).to_be_visible()
    page.screenshot(path=screenshot_path('03-dashboard-empty'))

    page.get_by_role('link', name='Go to Practice').click()
    expect(page.get_by_text('Busy executive')).to_be_visible()
    expect(page.get_by_text('Voice engine: Demo: no voice provider is configured.')).to_be_visible()
    page.screenshot(path=screenshot_path('04-practice'), full_page=True)

    page.get_by_role('button', name='Dark mode').click()
    page.get_by_role('link', name='History').click()
    expect(page.get_by_text('Your practice calls will be listed here')).to_be_visible()
    expect(page.locator('body.body--dark')).to_have_count(1)  # remembered across pages
    page.screenshot(path=screenshot_path('05-history-dark'))

    page.get_by_role('button', name='Account').click()
    page.get_by_role('link', name='Log out').click()
    expect(page).to_have_url(re.compile(r'/login$'))

    page.get_by_label('Email').fill('ada@example.com')
    page.get_by_label('Password').fill('wrong password')
    page.get_by_role('button', name='Log in').click()
    expect(page.get_by_text('Incorrect email or password.')).to_be_visible()
    page.screenshot(path=screenshot_path('06-wrong-password'))

    page.get_by_label('Password').fill(PASSWORD)
    page.get_by_label('Password').press('Enter')
    expect(page.get_by_text('Welcome, Ada!')).to_be_visible()
