"""A rep with 30 calls, all judged by the AI coach (the fake OpenAI server), in a real headless Chromium:
sees their progress, pages and sorts their history, opens a report and downloads it as Markdown."""

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import PASSWORD, chromium, screenshot_path, wait_for_score
from tests.e2e.server import free_port, start, stop
from tests.factories import sample_call_body
from tests.fake_openai import API_KEY, FakeOpenAI, Reply
from tests.servers import serving_in_thread

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PERSONAS = ('friendly_prospect', 'skeptical_buyer', 'busy_executive')
SCORES = [20 + (i * 37) % 75 for i in range(30)]  # 30 different-enough scores, in no order


def seed_calls(url: str) -> None:
    with httpx.Client(base_url=url, timeout=10) as http:
        http.post('/api/v1/users/signup', json={'email': 'di@example.com', 'password': PASSWORD, 'full_name': 'Di'})
        token = http.post('/api/v1/login/access-token', data={'username': 'di@example.com', 'password': PASSWORD})
        headers = {'Authorization': f'Bearer {token.json()["access_token"]}'}
        for i, expected in enumerate(SCORES):
            call = http.post(
                '/api/v1/calls/', json={'persona': PERSONAS[i % 3], 'scenario': f'Deal {i}'}, headers=headers
            )
            call_id = call.json()['id']
            http.post(f'/api/v1/calls/{call_id}/complete', json=sample_call_body(), headers=headers)
            http.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)
            assert wait_for_score(http, call_id, headers) == expected  # one analysis at a time: replies in order


def log_in(page: Page) -> None:
    page.goto('/login')
    page.get_by_label('Email').fill('di@example.com')
    page.get_by_label('Password').fill(PASSWORD)
    page.get_by_role('button', name='Log in').click()


def test_a_rep_with_30_calls_sees_progress_sorts_history_and_downloads_a_report(tmp_path: Path) -> None:
    fake = FakeOpenAI(replies=[Reply(changes={'overall_score': score}) for score in SCORES])
    with serving_in_thread(fake.app()) as fake_port:
        port = free_port()
        process = start(
            tmp_path / 'data', port, OPENAI_API_KEY=API_KEY, OPENAI_BASE_URL=f'http://127.0.0.1:{fake_port}/v1'
        )
        url = f'http://127.0.0.1:{port}'
        try:
            seed_calls(url)
            with chromium() as browser:
                context = browser.new_context(
                    base_url=url, viewport={'width': 1280, 'height': 900}, accept_downloads=True
                )
                page = context.new_page()
                errors: list[str] = []
                page.on('pageerror', lambda error: errors.append(str(error)))
                log_in(page)
                walk_through(page, tmp_path)
                assert errors == [], f'JavaScript errors: {errors}'
        finally:
            stop(process)
    assert all(API_KEY not in str(request) for request in fake.requests)


def walk_through(page: Page, tmp_path: Path) -> None:
    expect(page.get_by_text('Latest calls')).to_be_visible()
    expect(page.locator('.nicegui-echart').first).to_be_visible()
    page.wait_for_timeout(1500)  # let the charts finish their entry animation before the screenshot
    page.screenshot(path=screenshot_path('20-dashboard-progress'), full_page=True)

    page.get_by_role('link', name='History').click()
    rows = page.locator('tbody tr')
    expect(rows).to_have_count(25)
    expect(page.get_by_text('Deal 29')).to_be_visible()  # newest first
    page.screenshot(path=screenshot_path('21-history-newest'), full_page=True)

    page.get_by_label('Sort').click()
    page.get_by_role('option', name='Highest score first').click()
    expect(page).to_have_url(re.compile(r'sort=score_high'))
    best = max(SCORES)
    expect(rows.first).to_contain_text(str(best))
    expect(rows.nth(1)).to_contain_text(str(sorted(SCORES)[-2]))
    page.screenshot(path=screenshot_path('22-history-by-score'), full_page=True)

    rows.first.click()
    expect(page).to_have_url(re.compile(r'/calls/[0-9a-f-]{36}$'))
    expect(page.get_by_text('Written by the AI coach (openai:gpt-4o')).to_be_visible()
    expect(page.get_by_text('Say instead:').first).to_be_visible()
    page.wait_for_timeout(800)
    page.screenshot(path=screenshot_path('23-report-ai-coach'), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role('button', name='Download as Markdown').click()
    download = download_info.value
    assert re.fullmatch(r'sales-coach-report-\d{4}-\d\d-\d\d-\d{4}-[a-z-]+\.md', download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    markdown = saved.read_text(encoding='utf-8')
    assert f'- **Overall score:** {best}/100' in markdown
    assert '**Say instead:** Before I go on, how are you handling this today?' in markdown
    assert '- **Coach:** openai:gpt-4o' in markdown
