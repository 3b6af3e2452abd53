"""Nothing said is lost when the database goes away mid-call: PostgreSQL refusing connections for five seconds, and
SQLite on a disk that fills up. The rep is told while lines wait, /healthz says the server is degraded, and every
turn and reply is stored once the database is back."""

import asyncio
import contextlib
import json
import os
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect

from app.settings import Settings
from services.voice import recorder as recorder_module
from tests.conftest import PG_ADMIN_DSN
from tests.factories import create_call, signup_and_login
from tests.voice.calls import finished_report, lines_so_far, serving_app

API = '/api/v1/calls'
TURNS = 8


@dataclass
class Frames:
    """The text frames a browser received, read as they come."""

    controls: list[dict[str, object]] = field(default_factory=list)

    async def read(self, socket: ClientConnection) -> None:
        with contextlib.suppress(Exception):
            async for frame in socket:
                if isinstance(frame, str):
                    self.controls.append(json.loads(frame))

    def errors(self) -> list[str]:
        return [str(c['message']) for c in self.controls if c['type'] == 'error']


async def typed_call_through_an_outage(
    server: str, *, outage: contextlib.AbstractAsyncContextManager[None]
) -> tuple[list[str], dict[str, object], Frames, list[int]]:
    """A rep types a turn a second for `TURNS` seconds while the outage runs from the second turn; returns what was
    sent, the call as stored at the end, the frames seen and the /healthz codes during the outage."""
    async with httpx.AsyncClient(base_url=f'http://{server}', timeout=30) as http:
        headers = await signup_and_login(http)
        call_id = await create_call(http, headers, persona='friendly_prospect')
        url = (await http.post(f'{API}/{call_id}/connect', headers=headers)).json()['url']
        sent, health, frames = [], [], Frames()
        async with connect(f'ws://{server}{url}') as socket:
            assert json.loads(await socket.recv())['type'] == 'ready'
            await lines_so_far(http, headers, call_id, 1)  # the opening is stored before the outage
            async with asyncio.TaskGroup() as group:
                group.create_task(frames.read(socket))
                for turn in range(TURNS):
                    if turn == 1:
                        await outage.__aenter__()
                    text = f'Question {turn}: what do you use today to track deliveries?'
                    await socket.send(json.dumps({'type': 'text', 'text': text}))
                    sent.append(text)
                    await asyncio.sleep(0.8)
                    if turn in (2, 4):
                        health.append((await http.get('/healthz')).status_code)
                await outage.__aexit__(None, None, None)
                await socket.send(json.dumps({'type': 'end'}))
                async with asyncio.timeout(30):
                    while not any(c['type'] == 'ended' for c in frames.controls):  # noqa: ASYNC110
                        await asyncio.sleep(0.05)
                await socket.close()
        report = await finished_report(http, _Call(headers, call_id), within=60)
        assert report['speech_metrics']['rep_messages'] == TURNS  # the report read every line (too short to score)
        detail = (await http.get(f'{API}/{call_id}', headers=headers)).json()
        assert (await http.get('/healthz')).status_code == 200  # healthy again
    return sent, detail, frames, health


@dataclass(frozen=True)
class _Call:
    headers: dict[str, str]
    call_id: str


def check_nothing_was_lost(sent: list[str], detail: dict[str, object], frames: Frames) -> None:
    messages = detail['transcript']['messages']  # type: ignore[index]
    rep = [m['text'] for m in messages if m['role'] == 'user']
    prospect = [m['text'] for m in messages if m['role'] == 'assistant']
    print(f'typed turns sent {len(sent)}, stored {len(rep)}; prospect lines stored {len(prospect)}')
    assert rep == sent
    assert len(prospect) == len(sent) + 1  # every reply, and the opening
    assert any('not saved yet — retrying' in error for error in frames.errors())  # the rep was told meanwhile


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recorder_module, 'CLOSE_WAIT_S', 1.0)


# --- PostgreSQL refusing connections -------------------------------------------------------------------------


@pytest.fixture
async def own_postgres() -> AsyncIterator[str]:
    """A PostgreSQL database of this test's own (connections to it are cut; the shared ones are left alone)."""
    name = f'salescoach_outage_{uuid.uuid4().hex[:8]}'
    try:
        await _admin(f'CREATE DATABASE {name}')
    except (OSError, asyncpg.PostgresError) as error:
        if os.environ.get('REQUIRE_POSTGRES') == '1':
            pytest.fail(f'PostgreSQL is required but not reachable: {error}')
        pytest.skip(f'PostgreSQL is not reachable: {error}')
    yield name
    await _admin(f'ALTER DATABASE {name} ALLOW_CONNECTIONS true')
    await _admin(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


@contextlib.asynccontextmanager
async def refusing_connections(name: str) -> AsyncIterator[None]:
    """New connections refused and open ones cut, until the block ends."""
    await _admin(f'ALTER DATABASE {name} ALLOW_CONNECTIONS false')
    await _admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', name)
    try:
        yield
    finally:
        await _admin(f'ALTER DATABASE {name} ALLOW_CONNECTIONS true')


async def test_postgresql_refusing_connections_for_five_seconds_loses_no_line(
    own_postgres: str, api_app: FastAPI, tmp_path: Path, quick_retries: None
) -> None:
    base = PG_ADMIN_DSN.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+asyncpg://', 1)
    settings = Settings(_env_file=None, DATA_DIR=tmp_path / 'data', DATABASE_URL=f'{base}/{own_postgres}')  # type: ignore[call-arg]
    async with serving_app(settings, api_app) as server:
        sent, detail, frames, health = await typed_call_through_an_outage(
            server, outage=refusing_connections(own_postgres)
        )
    check_nothing_was_lost(sent, detail, frames)
    assert health == [503, 503]


# --- SQLite on a full disk -----------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 MiB tmpfs to fill up (root may mount one here; elsewhere the test is skipped)."""
    mount = tmp_path / 'small-disk'
    mount.mkdir()
    mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', str(mount)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f'cannot mount a tmpfs here: {mounted.stderr.decode().strip()}')
    try:
        yield mount
    finally:
        subprocess.run(['umount', '-l', str(mount)], check=False)


@contextlib.asynccontextmanager
async def disk_full(folder: Path) -> AsyncIterator[None]:
    """Fills the disk under `folder` to the last byte, until the block ends."""
    filler = folder / 'filler'
    with filler.open('wb', buffering=0) as out:
        with contextlib.suppress(OSError):
            while True:
                out.write(b'\0' * 4096)
    try:
        yield
    finally:
        filler.unlink()


async def test_sqlite_on_a_disk_that_fills_up_loses_no_line(
    small_disk: Path, api_app: FastAPI, quick_retries: None
) -> None:
    data = small_disk / 'data'
    settings = Settings(_env_file=None, DATA_DIR=data, DATABASE_URL=f'sqlite+aiosqlite:///{data / "app.db"}')  # type: ignore[call-arg]
    async with serving_app(settings, api_app) as server:
        sent, detail, frames, health = await typed_call_through_an_outage(server, outage=disk_full(small_disk))
    check_nothing_was_lost(sent, detail, frames)
    assert 503 in health  # degraded while the writes failed


async def _admin(statement: str, *arguments: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await connection.execute(statement, *arguments)
    finally:
        await connection.close()
