#!/usr/bin/env python3
"""Server memory of open history tabs, and whether it comes back when they close.

Starts the real app (`main.py`, SQLite) on a database seeded with a rep's calls (benchmarks/history.py), signs the
rep in once in Debian's Chromium, then opens `--tabs` history pages as a browser would (the page, then its
NiceGUI socket, kept open), each on a different page and sort. Printed: the app's RSS at the start, with every
tab open (and so the memory per open tab), and after the tabs have closed and NiceGUI has let go of their clients.
Targets: under 1 MiB per open tab; RSS back within 20 % of its start.
Usage: .venv/bin/python benchmarks/tabs.py [--tabs 100] [--calls 1000]
"""

import argparse
import asyncio
import functools
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import socketio
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.db import Database  # noqa: E402
from benchmarks.bridge import rss_mib  # noqa: E402
from benchmarks.history import BENCH_PASSWORD, seed  # noqa: E402
from tests.e2e.browser import chromium  # noqa: E402
from tests.e2e.server import free_port, start, stop  # noqa: E402

EMAIL = 'busy@example.com'
SORTS = ('newest', 'oldest', 'score_high', 'score_low')
CLIENT_GONE_S = 10 + 10  # NiceGUI's reconnect_timeout (app/app.py), then app/memory.py's wait and a little more
show = functools.partial(print, flush=True)


def signed_in_cookies(url: str) -> dict[str, str]:
    with chromium() as browser:
        page = browser.new_page(base_url=url)
        page.goto('/login')
        page.get_by_label('Email').fill(EMAIL)
        page.get_by_label('Password').fill(BENCH_PASSWORD)
        page.get_by_role('button', name='Log in').click()
        expect(page.get_by_text('Welcome')).to_be_visible()
        return {cookie['name']: cookie['value'] for cookie in page.context.cookies()}


async def open_tab(http: httpx.AsyncClient, url: str, number: int) -> socketio.AsyncClient:
    """One history tab: the page (a fresh NiceGUI client on the server) and its socket, as the browser opens it."""
    html = (await http.get(f'/history?sort={SORTS[number % 4]}&page={1 + number % 30}')).text
    client_id = re.search(r"client_id['\"]:\s*['\"]([0-9a-f-]+)", html)
    assert client_id, 'no NiceGUI client id in the page'
    query = f'client_id={client_id[1]}&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}&implicit_handshake=true'
    socket = socketio.AsyncClient()

    @socket.on('run_javascript')
    async def answer(message: dict[str, object]) -> None:
        # As the browser would (a drawer asks for its state on connect); the answer's value is not used.
        reply = {'request_id': message['request_id'], 'client_id': client_id[1], 'result': None}
        await socket.emit('javascript_response', reply)

    cookie = '; '.join(f'{name}={value}' for name, value in http.cookies.items())
    await socket.connect(
        f'{url}/?{query}', socketio_path='/_nicegui_ws/socket.io', transports=['websocket'], headers={'Cookie': cookie}
    )
    return socket


async def measure(url: str, pid: int, cookies: dict[str, str], tabs: int, rounds: int) -> None:
    async with httpx.AsyncClient(base_url=url, cookies=cookies, timeout=30) as http:
        for number in range(3):  # the first views load what every later one shares
            socket = await open_tab(http, url, number)
            await asyncio.sleep(1)
            await socket.disconnect()
        await asyncio.sleep(CLIENT_GONE_S)
        start_mib = rss_mib(pid)
        show(f'RSS at the start (after 3 warm-up views, their clients gone): {start_mib:.0f} MiB')
        for round_number in range(1, rounds + 1):
            begun = time.perf_counter()
            sockets = [await open_tab(http, url, number) for number in range(tabs)]
            opened_s = time.perf_counter() - begun
            await asyncio.sleep(2)
            open_mib = rss_mib(pid)
            show(f'round {round_number}: {tabs} tabs opened in {opened_s:.1f} s; RSS open: {open_mib:.0f} MiB')
            if round_number == 1:
                per_tab = (open_mib - start_mib) / tabs * 1024
                show(f'memory per open tab: {per_tab:.0f} KiB ({per_tab / 1024:.2f}× the 1 MiB target)')
            for socket in sockets:
                await socket.disconnect()
            await asyncio.sleep(CLIENT_GONE_S)
            after = rss_mib(pid)
            show(
                f'round {round_number}: RSS {CLIENT_GONE_S} s after the tabs closed: {after:.0f} MiB '
                f'({(after / start_mib - 1) * 100:+.0f} % of the start; target within 20 %)'
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tabs', type=int, default=100)
    parser.add_argument('--calls', type=int, default=1000)
    parser.add_argument('--rounds', type=int, default=3, help='times the tabs are opened and closed')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)

        async def seeded() -> None:
            database = Database(f'sqlite+aiosqlite:///{data / "sales_coach.db"}')
            await seed(database, args.calls)
            await database.dispose()

        asyncio.run(seeded())
        port = free_port()
        url = f'http://127.0.0.1:{port}'
        server = start(data, port)
        try:
            asyncio.run(measure(url, server.pid, signed_in_cookies(url), args.tabs, args.rounds))
        finally:
            stop(server)


if __name__ == '__main__':
    main()
