#!/usr/bin/env python3
"""Nothing said is lost under load: N concurrent demo calls, each streaming real speech in real time and typing a
turn every few seconds, against the real app (`main.py`, the demo engine) on SQLite or PostgreSQL.

Each call streams an espeak-ng voice reading a sales pitch (16 kHz, 100 ms frames, in real time, looping) and sends a
typed turn every `--typed-every` seconds, for `--seconds`; then it hangs up. Meanwhile one client asks `/healthz`
twice a second and another logs in every two seconds. Printed: typed turns sent and stored, replies stored, spoken
lines stored (recognised, or kept as "[inaudible]"), /healthz and log-in latency (p50, p99, max), and the app's RSS
at the start, at its peak, and after the calls have ended and their clients gone.
Targets: every typed turn and its reply stored, every spoken line stored, /healthz p99 under 1 s, RSS back within
20 % of its start.
Usage: .venv/bin/python benchmarks/load.py [--calls 50] [--seconds 60] [--database sqlite|postgresql]
"""

import argparse
import asyncio
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import wave
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bridge import pct, rss_mib  # noqa: E402
from services.audio import resample_pcm16  # noqa: E402
from tests.e2e.server import free_port, server_env, stop, wait_healthy  # noqa: E402

RATE = 16_000
FRAME_BYTES = RATE // 10 * 2  # 100 ms
PASSWORD = 'load benchmark password'
PG_ADMIN = 'postgresql://postgres@127.0.0.1:5432/postgres'
PITCH = (
    'Hi, this is Sam from Pipeline Pro. We help operations teams stop losing deliveries in spreadsheets. '
    'Most of our customers cut three hours of manual tracking a day in their first month. '
    'What does your process look like today, and who else is involved when you choose a tool?'
)
show = functools.partial(print, flush=True)


def speech() -> bytes:
    """The rep's voice: espeak-ng reading the pitch, as 16 kHz PCM16, with a second of silence after each reading."""
    with tempfile.NamedTemporaryFile(suffix='.wav') as out:
        subprocess.run(['espeak-ng', '-w', out.name, '-s', '160', PITCH], check=True)
        with wave.open(out.name) as reader:
            pcm = resample_pcm16(reader.readframes(reader.getnframes()), reader.getframerate(), RATE, channels=1)
    return pcm + bytes(RATE * 2)


@dataclass
class CallResult:
    call_id: str
    typed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def one_call(
    server: str, http: httpx.AsyncClient, headers: dict[str, str], voice: bytes, seconds: float, typed_every: float
) -> CallResult:
    created = await http.post('/api/v1/calls/', json={'persona': 'friendly_prospect'}, headers=headers)
    result = CallResult(call_id=created.json()['id'])
    url = (await http.post(f'/api/v1/calls/{result.call_id}/connect', headers=headers)).json()['url']
    async with connect(f'ws://{server}{url}', max_size=None) as socket:
        json.loads(await socket.recv())  # ready
        reader = asyncio.create_task(_read(socket, result))
        start = time.monotonic()
        next_typed, sent_frames = start + typed_every, 0
        while (now := time.monotonic()) - start < seconds:
            if now >= next_typed:
                text = f'Typed turn {len(result.typed) + 1}: how do you track deliveries today?'
                await socket.send(json.dumps({'type': 'text', 'text': text}))
                result.typed.append(text)
                next_typed += typed_every
            offset = sent_frames * FRAME_BYTES % len(voice)
            await socket.send(voice[offset : offset + FRAME_BYTES])
            sent_frames += 1
            await asyncio.sleep(max(0.0, start + sent_frames * 0.1 - time.monotonic()))  # real time
        await socket.send(json.dumps({'type': 'end'}))
        await asyncio.wait_for(reader, 120)  # until `ended`
    return result


async def _read(socket: ClientConnection, result: CallResult) -> None:
    async for frame in socket:
        if isinstance(frame, str):
            message = json.loads(frame)
            if message['type'] == 'error':
                result.errors.append(message['message'])
            if message['type'] == 'ended':
                return


async def probe(
    http: httpx.AsyncClient, path: str, every: float, into: list[float], stop_at: asyncio.Event, slow: list[str]
) -> None:
    origin = time.monotonic()
    while not stop_at.is_set():
        began = time.monotonic()
        try:
            if path == '/login':
                form = {'username': 'load@example.com', 'password': PASSWORD}
                await http.post('/api/v1/login/access-token', data=form, timeout=120)
            else:
                await http.get(path, timeout=120)
        except httpx.HTTPError:
            pass
        into.append((time.monotonic() - began) * 1000)
        if into[-1] > 1000:
            slow.append(f'{path} {into[-1]:.0f} ms at {began - origin:.0f} s')
        await asyncio.sleep(every)


async def settled(http: httpx.AsyncClient, headers: dict[str, str], call_ids: list[str], within: float) -> list[dict]:
    """Every call once it is no longer active (completed, analysed or failed), as the API shows it."""
    deadline = time.monotonic() + within
    while True:
        details = [(await http.get(f'/api/v1/calls/{call_id}', headers=headers)).json() for call_id in call_ids]
        if all(d['status'] != 'active' for d in details) or time.monotonic() > deadline:
            return details
        await asyncio.sleep(1.0)


async def run(server: str, pid: int, args: argparse.Namespace) -> None:
    voice = speech()
    async with httpx.AsyncClient(base_url=f'http://{server}', timeout=120) as http:
        await http.post('/api/v1/users/signup', json={'email': 'load@example.com', 'password': PASSWORD})
        token = await http.post(
            '/api/v1/login/access-token', data={'username': 'load@example.com', 'password': PASSWORD}
        )
        headers = {'Authorization': f'Bearer {token.json()["access_token"]}'}
        await asyncio.sleep(2.0)
        rss_start, peak = rss_mib(pid), 0.0
        health, logins, slow, done = [], [], [], asyncio.Event()
        probes = [
            asyncio.create_task(probe(http, '/healthz', 0.5, health, done, slow)),
            asyncio.create_task(probe(http, '/login', 2.0, logins, done, slow)),
        ]

        async def watch_memory() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_mib(pid))
                await asyncio.sleep(0.5)

        watcher = asyncio.create_task(watch_memory())
        began = time.monotonic()
        results = await asyncio.gather(
            *(one_call(server, http, headers, voice, args.seconds, args.typed_every) for _ in range(args.calls))
        )
        hung_up = time.monotonic() - began
        details = await settled(http, headers, [r.call_id for r in results], within=180)
        done.set()
        await asyncio.gather(*probes, watcher)
        await asyncio.sleep(10.0)  # the clients are gone; what they held should be let go
        rss_end = rss_mib(pid)

    typed_sent = sum(len(r.typed) for r in results)
    typed_stored = replies = spoken = inaudible = 0
    for result, detail in zip(results, details, strict=True):
        messages = (detail.get('transcript') or {}).get('messages', [])
        texts = [m['text'] for m in messages if m['role'] == 'user']
        typed_stored += sum(text in texts for text in result.typed)
        spoken_lines = [text for text in texts if text not in result.typed]
        spoken += len(spoken_lines)
        inaudible += sum(text == '[inaudible]' for text in spoken_lines)
        replies += sum(m['role'] == 'assistant' for m in messages)
    statuses = sorted({d['status'] for d in details})
    health.sort()
    logins.sort()
    show(
        f'{args.calls} demo calls on {args.database}, {args.seconds:.0f} s each of real speech and a typed turn '
        f'every {args.typed_every:.0f} s; hung up after {hung_up:.0f} s'
    )
    show(f'typed turns: sent {typed_sent}, stored {typed_stored} ({100 * typed_stored / max(1, typed_sent):.1f} %)')
    show(f'prospect lines stored: {replies} (every typed turn and spoken line answered, plus the openings)')
    show(f'spoken lines stored: {spoken}, of which "[inaudible]": {inaudible}; calls ended as {statuses}')
    show(
        f'/healthz ms: p50 {pct(health, 0.5):.0f}, p99 {pct(health, 0.99):.0f}, max {max(health, default=0):.0f} '
        f'({len(health)} probes)'
    )
    show(f'log-in ms: p50 {pct(logins, 0.5):.0f}, p99 {pct(logins, 0.99):.0f}, max {max(logins, default=0):.0f}')
    show(
        f'app RSS MiB: start {rss_start:.0f}, peak {peak:.0f}, 10 s after the calls {rss_end:.0f} '
        f'({rss_end / rss_start:.2f} of the start)'
    )
    errors = Counter(error for r in results for error in r.errors)
    show(f'error frames seen by the reps: {sum(errors.values())} {dict(errors.most_common(3))}')
    show(f'answers over 1 s (the calls hang up at {args.seconds:.0f} s): {slow}')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--calls', type=int, default=50)
    parser.add_argument('--seconds', type=float, default=60.0)
    parser.add_argument('--typed-every', type=float, default=4.0)
    parser.add_argument('--database', choices=['sqlite', 'postgresql'], default='sqlite')
    args = parser.parse_args()
    if shutil.which('espeak-ng') is None:
        sys.exit('espeak-ng is needed to make the rep speak (apt install espeak-ng)')

    data = Path(tempfile.mkdtemp(prefix='load-bench-'))
    port = free_port()
    extra = {'LOG_LEVEL': 'WARNING', 'VOICE_ENGINE': 'demo'}
    database = None
    if args.database == 'postgresql':
        database = f'salescoach_load_{uuid.uuid4().hex[:8]}'
        asyncio.run(_admin(f'CREATE DATABASE {database}'))
        extra['DATABASE_URL'] = f'postgresql+asyncpg://postgres@127.0.0.1:5432/{database}'
    app = subprocess.Popen([sys.executable, 'main.py'], cwd=ROOT, env=server_env(data, port, **extra))
    try:
        wait_healthy(f'http://127.0.0.1:{port}', app)
        asyncio.run(run(f'127.0.0.1:{port}', app.pid, args))
    finally:
        stop(app)
        shutil.rmtree(data, ignore_errors=True)
        if database is not None:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS {database} WITH (FORCE)'))


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(os.environ.get('TEST_POSTGRES_DSN', PG_ADMIN), timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


if __name__ == '__main__':
    main()
