#!/usr/bin/env python3
"""The report page and its Markdown for the largest call the app accepts (5,000 lines of about 150 characters),
against the real app (`main.py` on SQLite) in a real (headless) Chromium.

The call is stored and analysed through the REST API; a rep signs in in the browser. Printed:
- the page: seconds until the report shows, until the transcript's first line shows once opened, and until its
  last line shows (with the last-page button, when there is one); NiceGUI elements in the browser at each step;
- the server's side of the page: seconds to answer `GET /calls/{id}` (the page built, not yet connected), the
  elements that answer holds, and its size;
- the Markdown: seconds to build it in this process from the stored report and transcript (median of 10), its size,
  and the seconds from the click on "Download as Markdown" to the file in the browser;
- /healthz at its slowest while the pages open;
- the app's RSS before the first visit, after N more visits (each opens the report and its transcript, then closes
  the tab), and once the closed tabs' clients are gone (NiceGUI keeps one 10 s after its socket closes).
The app's garbage collector cannot be called from outside, so the last RSS is what the app itself gave back.
Usage: .venv/bin/python benchmarks/report_page.py [--lines 5000] [--chars 150] [--visits 20]
"""

import argparse
import html
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bridge import rss_mib  # noqa: E402
from services.coaching.report import CoachingReport  # noqa: E402
from services.report_markdown import ReportHeading, report_markdown  # noqa: E402
from services.transcript import Transcript  # noqa: E402
from tests.e2e.browser import chromium  # noqa: E402
from tests.e2e.server import free_port, start, stop  # noqa: E402

PASSWORD = 'report benchmark password'
CLIENT_GONE_S = 15.0  # NiceGUI's reconnect timeout in app/app.py (10 s), and some slack
SENTENCES = [
    'We track every delivery in a shared spreadsheet and it breaks whenever two people edit it at once.',
    'How many orders a week does your team handle, and who chases the late ones?',
    'Honestly the last tool we tried took three months to set up and nobody used it.',
    'What would it be worth to you if the late deliveries were flagged before the customer called?',
    'Our finance director signs anything over ten thousand, and she wants numbers first.',
    'Could we look at last quarter together and see where the time went?',
    'I hear you, and most of our customers said the same before their first month.',
    'Send me something short by email and I will read it when the quarter closes.',
]


def line_text(rng: random.Random, chars: int) -> str:
    text = ''
    while len(text) < chars:
        text += rng.choice(SENTENCES) + ' '
    return text[:chars].rstrip()


def big_call(lines: int, chars: int) -> dict[str, Any]:
    """A long timed call: the rep and the prospect take turns, a line every 6 s."""
    rng = random.Random(10)
    messages = []
    for i in range(lines):
        start_s = i * 6.0
        role = 'user' if i % 2 == 0 else 'assistant'
        messages.append({'role': role, 'text': line_text(rng, chars), 'timestamp': start_s, 'end': start_s + 5.0})
    # The first and last lines are told apart from all the others, so the page can be watched for them.
    messages[0]['text'] = 'FIRST LINE ' + messages[0]['text'][11:]
    messages[-1]['text'] = 'LAST LINE ' + messages[-1]['text'][10:]
    return {'duration_seconds': lines * 6.0, 'transcript': {'messages': messages}}


def stored_call(http: httpx.Client, body: dict[str, Any]) -> tuple[str, dict[str, str]]:
    http.post('/api/v1/users/signup', json={'email': 'bench@example.com', 'password': PASSWORD, 'full_name': 'Bo'})
    token = http.post('/api/v1/login/access-token', data={'username': 'bench@example.com', 'password': PASSWORD})
    headers = {'Authorization': f'Bearer {token.json()["access_token"]}'}
    call_id = http.post('/api/v1/calls/', json={'persona': 'skeptical_buyer'}, headers=headers).json()['id']
    completed = http.post(f'/api/v1/calls/{call_id}/complete', json=body, headers=headers)
    assert completed.status_code == 200, completed.text
    http.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)
    for _ in range(600):
        if http.get(f'/api/v1/calls/{call_id}/report', headers=headers).status_code == 200:
            return call_id, headers
        time.sleep(0.1)
    raise SystemExit('the analysis never finished')


class HealthWatch:
    """Asks /healthz every 50 ms in a thread and keeps the slowest answer."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.worst = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> 'HealthWatch':
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as http:
            while not self._stop.is_set():
                started = time.perf_counter()
                http.get('/healthz')
                self.worst = max(self.worst, time.perf_counter() - started)
                time.sleep(0.05)


def elements_in_browser(page: Page) -> int:
    return int(page.evaluate('Object.keys(mounted_app.elements).length'))


def open_report(page: Page, call_id: str) -> dict[str, float]:
    """Opens the report and its transcript; the seconds each took and the elements after each."""
    figures: dict[str, float] = {}
    started = time.perf_counter()
    page.goto(f'/calls/{call_id}')
    expect(page.get_by_text('overall score')).to_be_visible(timeout=120_000)
    figures['report shown (s)'] = time.perf_counter() - started
    figures['elements, report'] = elements_in_browser(page)
    started = time.perf_counter()
    page.get_by_text('Full transcript').click()
    expect(page.get_by_text('FIRST LINE', exact=False)).to_be_visible(timeout=120_000)
    figures['first line shown (s)'] = time.perf_counter() - started
    figures['elements, transcript open'] = elements_in_browser(page)
    return figures


def last_page(page: Page) -> dict[str, float]:
    last = page.get_by_role('button', name='Last page')
    if last.count() == 0:
        return {}  # every line is on the page already
    started = time.perf_counter()
    last.click()
    expect(page.get_by_text('LAST LINE', exact=False)).to_be_visible(timeout=120_000)
    return {
        'last line shown (s)': time.perf_counter() - started,
        'elements, last page': elements_in_browser(page),
    }


def download(page: Page) -> dict[str, float]:
    started = time.perf_counter()
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role('button', name='Download as Markdown').click()
    size = Path(info.value.path()).stat().st_size
    return {'download in browser (s)': time.perf_counter() - started, 'download size (MB)': size / 1e6}


def server_render(url: str, call_id: str, cookies: dict[str, str], runs: int = 5) -> dict[str, float]:
    """`GET /calls/{id}` as the browser's first request: the page is built and sent, its socket not yet open."""
    samples, answer = [], ''
    with httpx.Client(base_url=url, cookies=cookies, timeout=120) as http:
        for _ in range(runs):
            started = time.perf_counter()
            response = http.get(f'/calls/{call_id}')
            samples.append(time.perf_counter() - started)
            answer = response.text
    return {
        'GET /calls/{id} median (s)': statistics.median(samples),
        'elements in the answer': len(page_elements(answer)),
        'answer size (kB)': len(answer.encode()) / 1e3,
    }


def page_elements(page_html: str) -> dict[str, Any]:
    start = page_html.index('parseElements(String.raw`') + len('parseElements(String.raw`')
    end = page_html.index('`)', start)
    elements: dict[str, Any] = json.loads(html.unescape(page_html[start:end]))
    return elements


def markdown_build(http: httpx.Client, call_id: str, headers: dict[str, str]) -> dict[str, float]:
    stored = http.get(f'/api/v1/calls/{call_id}', headers=headers).json()
    report = CoachingReport.model_validate(http.get(f'/api/v1/calls/{call_id}/report', headers=headers).json())
    transcript = Transcript.model_validate(stored['transcript'])
    heading = ReportHeading(
        prospect='Morgan Reyes',
        scenario=None,
        created_at=datetime.fromisoformat(stored['created_at']),
        duration_seconds=stored['duration_seconds'],
    )
    samples = []
    for _ in range(10):
        started = time.perf_counter()
        text = report_markdown(report, heading, transcript)
        samples.append(time.perf_counter() - started)
    return {'Markdown build median (s)': statistics.median(samples), 'Markdown size (MB)': len(text.encode()) / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--lines', type=int, default=5000)
    parser.add_argument('--chars', type=int, default=150)
    parser.add_argument('--visits', type=int, default=20)
    args = parser.parse_args()

    port = free_port()
    url = f'http://127.0.0.1:{port}'
    with tempfile.TemporaryDirectory() as data_dir:
        server = start(Path(data_dir), port)
        try:
            with httpx.Client(base_url=url, timeout=120) as http:
                call_id, headers = stored_call(http, big_call(args.lines, args.chars))
                figures = markdown_build(http, call_id, headers)
            with chromium() as browser:
                context = browser.new_context(base_url=url, viewport={'width': 1280, 'height': 800})
                page = context.new_page()
                page.goto('/login')
                page.get_by_label('Email').fill('bench@example.com')
                page.get_by_label('Password').fill(PASSWORD)
                page.get_by_role('button', name='Log in').click()
                expect(page.get_by_text('Welcome, Bo!')).to_be_visible()
                rss = {'RSS before (MiB)': rss_mib(server.pid)}
                with HealthWatch(url) as health:
                    figures |= open_report(page, call_id)
                    figures |= last_page(page)
                    figures |= download(page)
                    page.close()
                    visits = []
                    for _ in range(args.visits):
                        tab = context.new_page()
                        visits.append(open_report(tab, call_id)['report shown (s)'])
                        tab.close()
                figures['/healthz slowest (s)'] = health.worst
                figures[f'report shown, median of {args.visits} visits (s)'] = statistics.median(visits)
                rss[f'RSS after {args.visits + 1} visits (MiB)'] = rss_mib(server.pid)
                time.sleep(CLIENT_GONE_S)
                rss['RSS once their clients are gone (MiB)'] = rss_mib(server.pid)
                cookies = {cookie['name']: cookie['value'] for cookie in context.cookies()}
            figures |= server_render(url, call_id, cookies)
            figures |= rss
        finally:
            stop(server)
    print(f'report page of a call of {args.lines} lines of {args.chars} characters')
    for name, value in figures.items():
        print(f'{name:<42} {value:>10.3f}' if isinstance(value, float) else f'{name:<42} {value:>10}')


if __name__ == '__main__':
    main()
