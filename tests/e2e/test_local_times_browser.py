"""A browser in another time zone (Playwright's `timezone_id`, two zones hours away from UTC) sees the call's
time in its own zone in history and on the report, and the Markdown it downloads says the same."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from services.local_time import date_time
from tests.e2e.browser import PASSWORD, chromium, screenshot_path, wait_for_score
from tests.e2e.server import running
from tests.factories import sample_call_body

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EMAIL = 'tz@example.com'


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    with running(tmp_path / 'data') as address:
        yield address


def analysed_call(url: str) -> tuple[str, datetime]:
    """A rep with one analysed call, made through the API; the call's id and when it was made."""
    with httpx.Client(base_url=url, timeout=10) as http:
        http.post('/api/v1/users/signup', json={'email': EMAIL, 'password': PASSWORD, 'full_name': 'Tess Zone'})
        token = http.post('/api/v1/login/access-token', data={'username': EMAIL, 'password': PASSWORD})
        headers = {'Authorization': f'Bearer {token.json()["access_token"]}'}
        call_id = http.post('/api/v1/calls/', json={'persona': 'busy_executive'}, headers=headers).json()['id']
        http.post(f'/api/v1/calls/{call_id}/complete', json=sample_call_body(), headers=headers)
        http.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)
        wait_for_score(http, call_id, headers)
        created = http.get(f'/api/v1/calls/{call_id}', headers=headers).json()['created_at']
    return call_id, datetime.fromisoformat(created)


def signed_in_page(browser: Browser, url: str, zone: str) -> Page:
    context = browser.new_context(
        base_url=url, viewport={'width': 1280, 'height': 900}, timezone_id=zone, accept_downloads=True
    )
    page = context.new_page()
    page.goto('/login')  # the first page: it tells the app the browser's zone
    page.get_by_label('Email').fill(EMAIL)
    page.get_by_label('Password').fill(PASSWORD)
    page.get_by_role('button', name='Log in').click()
    expect(page.get_by_text('Welcome, Tess!')).to_be_visible()
    return page


@pytest.mark.parametrize('zone', ['America/New_York', 'Asia/Kolkata'])
def test_a_browser_sees_the_calls_time_in_its_own_zone(url: str, zone: str) -> None:
    call_id, created = analysed_call(url)
    local = date_time(created, ZoneInfo(zone))  # '2026-11-24 04:05 EST' / '2026-11-24 14:35 IST'
    assert local != date_time(created)  # not UTC: these zones are hours away from it

    with chromium() as browser:
        page = signed_in_page(browser, url, zone)
        page.get_by_role('link', name='History').click()
        expect(page.locator('tbody tr').first).to_contain_text(local)

        page.goto(f'/calls/{call_id}')
        expect(page.get_by_text(f'{local} · Alex Chen', exact=False)).to_be_visible()
        page.screenshot(path=screenshot_path(f'11-report-{zone.replace("/", "-")}'))
        with page.expect_download() as download:
            page.get_by_role('button', name='Download as Markdown').click()
        markdown = Path(download.value.path()).read_text()
        assert f'- **Date:** {local}\n' in markdown
        stamp = f'{created.astimezone(ZoneInfo(zone)):%Y-%m-%d-%H%M}'
        assert download.value.suggested_filename == f'sales-coach-report-{stamp}-alex-chen.md'
