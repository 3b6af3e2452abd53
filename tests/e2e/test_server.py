"""The real app (`python main.py`) in a subprocess: the REST lifecycle, and data that survives `kill -9`."""

import asyncio
import json
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from websockets.sync.client import connect

from tests.e2e.server import free_port, start, stop
from tests.factories import PASSWORD, sample_call_body

pytestmark = pytest.mark.slow


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / 'data'


@pytest.fixture
def launch(data_dir: Path, database_url: str) -> Iterator[Callable[[int], subprocess.Popen[bytes]]]:
    """Starts main.py on a port; every server a test started is stopped at its end, whatever happened."""
    started: list[subprocess.Popen[bytes]] = []

    def launch_on(port: int) -> subprocess.Popen[bytes]:
        started.append(start(data_dir, port, DATABASE_URL=database_url))
        return started[-1]

    yield launch_on
    for process in started:
        stop(process)


@pytest.fixture
def server(launch: Callable[[int], subprocess.Popen[bytes]]) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    return f'http://127.0.0.1:{port}', launch(port)


def test_a_new_user_drives_a_call_through_the_api(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, _ = server
    with httpx.Client(base_url=url, timeout=10) as http:
        assert http.get('/healthz').json() == {'status': 'ok', 'database': 'ok'}
        assert http.get('/', follow_redirects=False).headers['location'] == '/login'
        assert http.get('/docs').status_code == 200
        headers = _sign_up(http)
        call_id = http.post('/api/v1/calls/', json={'persona': 'friendly_prospect'}, headers=headers).json()['id']
        assert http.post(f'/api/v1/calls/{call_id}/complete', json=sample_call_body(), headers=headers).is_success
        assert http.post(f'/api/v1/calls/{call_id}/analyze', headers=headers).status_code == 202
        report = _wait_for_report(http, call_id, headers)
        assert report['coach'] == 'rule_based'
        assert http.delete(f'/api/v1/calls/{call_id}', headers=headers).status_code == 204


def test_calls_tokens_and_unfinished_analyses_survive_kill_9(
    launch: Callable[[int], subprocess.Popen[bytes]], database_url: str
) -> None:
    port = free_port()
    process = launch(port)
    url = f'http://127.0.0.1:{port}'
    with httpx.Client(base_url=url, timeout=10) as http:
        headers = _sign_up(http)
        call_id = http.post('/api/v1/calls/', json={'persona': 'busy_executive'}, headers=headers).json()['id']
        http.post(f'/api/v1/calls/{call_id}/complete', json=sample_call_body(), headers=headers)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    # What a kill in the middle of an analysis leaves behind: the call marked as being analysed, no report.
    _mark_analysing(database_url, call_id)

    launch(port)
    with httpx.Client(base_url=url, timeout=10) as http:
        assert http.get('/api/v1/users/me', headers=headers).status_code == 200  # the signing secret was kept
        report = _wait_for_report(http, call_id, headers)
        assert report['speech_metrics']['questions_asked'] == 4


def _sign_up(http: httpx.Client) -> dict[str, str]:
    email = f'rep-{uuid.uuid4().hex[:8]}@example.com'
    assert http.post('/api/v1/users/signup', json={'email': email, 'password': PASSWORD}).status_code == 201
    token = http.post('/api/v1/login/access-token', data={'username': email, 'password': PASSWORD}).json()
    return {'Authorization': f'Bearer {token["access_token"]}'}


def _wait_for_report(http: httpx.Client, call_id: str, headers: dict[str, str]) -> dict:
    for _ in range(150):
        response = http.get(f'/api/v1/calls/{call_id}/report', headers=headers)
        if response.status_code == 200:
            return response.json()
        assert response.status_code == 202, response.text
        time.sleep(0.1)
    raise AssertionError('no report after 15 s')


def _mark_analysing(database_url: str, call_id: str) -> None:
    async def mark() -> None:
        engine = create_async_engine(database_url)
        async with engine.begin() as connection:
            await connection.execute(_analysing(call_id))
        await engine.dispose()

    asyncio.run(mark())


def _analysing(call_id: str) -> sa.Update:
    table = sa.table('call_session', sa.column('id', sa.Uuid), sa.column('status'), sa.column('analysis_results'))
    return table.update().where(table.c.id == uuid.UUID(call_id)).values(status='analyzing', analysis_results=None)


def test_a_server_crash_mid_call_keeps_the_finished_lines(launch: Callable[[int], subprocess.Popen[bytes]]) -> None:
    port = free_port()
    process = launch(port)
    url = f'http://127.0.0.1:{port}'
    with httpx.Client(base_url=url, timeout=10) as http:
        headers = _sign_up(http)
        call_id = http.post('/api/v1/calls/', json={'persona': 'skeptical_buyer'}, headers=headers).json()['id']
        socket_path = http.post(f'/api/v1/calls/{call_id}/connect', headers=headers).json()['url']
        with connect(f'ws://127.0.0.1:{port}{socket_path}', close_timeout=1) as socket:
            # The client offered compression, as browsers do; audio does not compress, so the server declines it.
            assert socket.response.headers.get('Sec-WebSocket-Extensions') is None
            assert json.loads(socket.recv(timeout=10))['type'] == 'ready'
            _wait_for_lines(http, call_id, headers, 1)  # the prospect picks up first
            socket.send(json.dumps({'type': 'text', 'text': 'What does a failed audit cost you today?'}))
            _wait_for_lines(http, call_id, headers, 3)
            process.send_signal(signal.SIGKILL)  # the server dies in the middle of the call
            process.wait(timeout=10)

    launch(port)
    with httpx.Client(base_url=url, timeout=10) as http:
        report = _wait_for_report(http, call_id, headers)
        assert report['speech_metrics']['questions_asked'] == 1
        call = http.get(f'/api/v1/calls/{call_id}', headers=headers).json()
        assert call['status'] == 'done'
        texts = [m['text'] for m in call['transcript']['messages']]
        assert texts[1] == 'What does a failed audit cost you today?'
        assert len(texts) == 3


def _wait_for_lines(http: httpx.Client, call_id: str, headers: dict[str, str], count: int) -> None:
    for _ in range(100):
        if len(http.get(f'/api/v1/calls/{call_id}', headers=headers).json()['transcript']['messages']) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f'the call never had {count} lines')
