"""A rep in a real (headless) Chromium: signs up, finds their way around, logs out and back in."""

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    DESKTOP,
    PASSWORD,
    PHONE,
    call_page,
    chromium,
    screenshot_path,
    sign_up,
    stay_on_the_call,
    wait_for_score,
)
from tests.e2e.server import running
from tests.factories import sample_call_body
from tests.fake_evi import API_KEY, FakeEvi
from tests.servers import serving_in_thread

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    with running(tmp_path / 'data') as address:
        yield address


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
    expect(page.get_by_text('Demo: no voice provider is configured.')).to_be_visible()
    page.screenshot(path=screenshot_path('04-practice'), full_page=True)

    page.get_by_role('button', name='Dark mode').click()
    page.get_by_role('link', name='History').click()
    expect(page.get_by_text('Your practice calls will be listed here')).to_be_visible()
    expect(page.locator('body.body--dark')).to_have_count(1)  # remembered across pages
    page.screenshot(path=screenshot_path('05-history-dark'))

    page.get_by_role('button', name='Account').click()
    page.get_by_role('button', name='Log out').click()
    expect(page).to_have_url(re.compile(r'/login$'))

    page.get_by_label('Email').fill('ada@example.com')
    page.get_by_label('Password').fill('wrong password')
    page.get_by_role('button', name='Log in').click()
    expect(page.get_by_text('Incorrect email or password.')).to_be_visible()
    page.screenshot(path=screenshot_path('06-wrong-password'))

    page.get_by_label('Password').fill(PASSWORD)
    page.get_by_label('Password').press('Enter')
    expect(page.get_by_text('Welcome, Ada!')).to_be_visible()


def test_a_rep_with_analysed_calls_sees_them_on_the_dashboard_and_in_history(url: str, page: Page) -> None:
    with httpx.Client(base_url=url, timeout=10) as http:
        http.post('/api/v1/users/signup', json={'email': 'bo@example.com', 'password': PASSWORD, 'full_name': 'Bo'})
        token = http.post('/api/v1/login/access-token', data={'username': 'bo@example.com', 'password': PASSWORD})
        headers = {'Authorization': f'Bearer {token.json()["access_token"]}'}
        scores = []
        for persona in ('friendly_prospect', 'skeptical_buyer', 'busy_executive'):
            call_id = http.post('/api/v1/calls/', json={'persona': persona}, headers=headers).json()['id']
            http.post(f'/api/v1/calls/{call_id}/complete', json=sample_call_body(), headers=headers)
            http.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)
            scores.append(wait_for_score(http, call_id, headers))

    page.goto('/login')
    page.get_by_label('Email').fill('bo@example.com')
    page.get_by_label('Password').fill(PASSWORD)
    page.get_by_role('button', name='Log in').click()
    expect(page.get_by_text('Latest calls')).to_be_visible()
    rows = page.locator('tbody tr')
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text('Busy executive')  # newest first
    expect(rows.first).to_contain_text(str(scores[-1]))
    page.screenshot(path=screenshot_path('07-dashboard-with-calls'))

    page.get_by_role('link', name='History').click()
    expect(page.get_by_text('Showing 3 calls.')).to_be_visible()
    page.screenshot(path=screenshot_path('08-history'))


@pytest.mark.parametrize('screen', ['desktop', 'phone'])
def test_a_demo_call_in_the_browser_from_setup_to_report(url: str, screen: str) -> None:
    suffix = '' if screen == 'desktop' else '-phone'
    with call_page(url, viewport=PHONE if screen == 'phone' else DESKTOP) as page:
        sign_up(page, 'Cal Caller', 'cal@example.com')

        page.goto('/practice')
        page.get_by_text('Busy executive').click()
        page.get_by_role('button', name='CRM software to a mid-size company').click()
        page.screenshot(path=screenshot_path(f'09-demo-setup{suffix}'), full_page=True)
        page.get_by_role('button', name='Start call').click()
        started = time.monotonic()

        expect(page.get_by_text('Alex Chen. I have two minutes. What is this about?')).to_be_visible(timeout=15_000)
        page.wait_for_function('window.salesCoachCall && window.salesCoachCall.sent > 5', timeout=15_000)
        # The fake microphone plays a recorded rep: the demo hears it and puts the spoken turn in the transcript.
        page.wait_for_function(
            "[...document.querySelectorAll('.q-page div')].some(e => /^\\d+:\\d\\d You$/.test(e.innerText))",
            timeout=40_000,
        )
        # In the rep's own words: faster-whisper heard the recording as it was said.
        expect(page.get_by_text('I was hoping to ask you a few questions').first).to_be_visible(timeout=20_000)
        # Muted, the recording stops reaching the prospect, so it can answer a typed turn without being cut off.
        page.get_by_role('button', name='Mute').click()
        expect(page.get_by_role('button', name='Unmute')).to_be_visible()
        page.get_by_placeholder('Type a turn instead of speaking').fill('What are your priorities this year?')
        page.get_by_placeholder('Type a turn instead of speaking').press('Enter')
        expect(page.get_by_text('Margin and')).to_be_visible(timeout=15_000)  # the executive's priorities
        page.wait_for_function('window.salesCoachCall.received > 3', timeout=15_000)  # the prospect's voice
        # A third line from the rep: a call needs three (and 20 s) to be scored.
        page.get_by_placeholder('Type a turn instead of speaking').fill('Who else would weigh in on a change?')
        page.get_by_placeholder('Type a turn instead of speaking').press('Enter')
        expect(page.get_by_text('Who else would weigh in on a change?')).to_be_visible(timeout=15_000)
        stay_on_the_call(page, started)
        expect(page.get_by_text('From your voice: loudness, pitch, pace and pauses')).to_be_visible()
        page.screenshot(path=screenshot_path(f'09-demo-live-call{suffix}'), full_page=True)

        page.get_by_role('button', name='End call').click()
        expect(page).to_have_url(re.compile(r'/calls/[0-9a-f-]{36}$'))  # the report's own address
        expect(page.get_by_text('overall score')).to_be_visible(timeout=30_000)
        expect(page.get_by_text('Key moments')).to_be_visible()
        page.screenshot(path=screenshot_path(f'10-demo-report{suffix}'), full_page=True)
        page.reload()  # a reload keeps the report
        expect(page.get_by_text('overall score')).to_be_visible(timeout=30_000)


def test_a_spoken_call_against_the_fake_evi_shows_tone_and_reaches_the_report(tmp_path: Path) -> None:
    fake = FakeEvi()
    with serving_in_thread(fake.app()) as evi_port:
        hume = {'HUME_API_KEY': API_KEY, 'HUME_API_URL': f'http://127.0.0.1:{evi_port}'}
        with running(tmp_path / 'data', **hume) as url, call_page(url) as page:
            sign_up(page, 'Eve Voice', 'eve@example.com')

            page.goto('/practice')
            expect(page.get_by_text('Hume EVI: a Hume API key is configured.')).to_be_visible()
            page.get_by_role('button', name='Start call').click()
            started = time.monotonic()
            # The fake microphone speaks; the fake EVI hears a line a second and answers each one out loud.
            expect(page.get_by_text('deliveries, line 2.')).to_be_visible(timeout=20_000)
            expect(page.get_by_text('Confidence')).to_be_visible()  # tone bars from EVI's prosody
            page.get_by_placeholder('Type a turn instead of speaking').fill('Who else decides on this?')
            page.get_by_placeholder('Type a turn instead of speaking').press('Enter')
            expect(page.get_by_text('Who else decides on this?')).to_be_visible(timeout=10_000)
            page.wait_for_function('window.salesCoachCall.received > 3', timeout=15_000)
            page.screenshot(path=screenshot_path('11-evi-live-call'), full_page=True)
            stay_on_the_call(page, started)

            page.get_by_role('button', name='End call').click()
            expect(page.get_by_text('overall score')).to_be_visible(timeout=30_000)
            expect(page.get_by_text('Strongest signals:')).to_be_visible()  # the emotion summary
            page.screenshot(path=screenshot_path('12-evi-report'), full_page=True)
    assert fake.connections and fake.connections[0].audio_bytes > 32_000
    assert fake.connections[0].texts == ['Who else decides on this?']  # the typed turn reached EVI as user_input
