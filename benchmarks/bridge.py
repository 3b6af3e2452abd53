#!/usr/bin/env python3
"""How much the call bridge adds: N simulated browsers stream the microphone through the app to a voice fake.

For each N, N clients stream 100 ms PCM16 frames in real time for `--seconds`, first straight to the fake (the
baseline), then through the app (`main.py`, its engine pointed at the fake). Each frame carries its send time; the
fake records when it arrives. `--engine hume_evi` (the default) uses the fake EVI; `--engine openai_realtime` the
fake Realtime server: the app resamples the rep's 16 kHz audio to 24 kHz and appends it as base64 JSON events, so the
send time travels as three flat levels that survive resampling (tests/fake_realtime.py `stamp`), and the baseline
client resamples with the same streaming soxr resampler before it appends. Printed per N: p50/p99 of the delay
straight and bridged and the added latency (bridged minus straight, same run), frames lost, and the app's CPU
(% of one core) and memory (RSS).
The clients also read everything sent back (the prospect's voice), as a browser does.
Targets: nothing lost, p99 added latency under 20 ms at 100 concurrent calls.
Usage: .venv/bin/python benchmarks/bridge.py [--engine hume_evi|openai_realtime] [--calls 1 10 50 100 200]
       [--seconds 10]
"""

import argparse
import asyncio
import base64
import functools
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np
import soxr
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import fake_realtime  # noqa: E402
from tests.e2e.server import free_port, server_env, stop, wait_healthy  # noqa: E402
from tests.fake_evi import API_KEY, PROBE  # noqa: E402

RATE = 16_000
FRAME_S = 0.1
FRAME_BYTES = int(RATE * FRAME_S) * 2
PASSWORD = 'benchmark password'
show = functools.partial(print, flush=True)  # each row as soon as it is measured


ENGINE = 'hume_evi'  # set from --engine


def _voice(samples: int) -> bytes:
    """A voiced sound (140 Hz with harmonics, about -20 dBFS): the rep talking, so the tone analysis works on every
    frame, as it does while a rep speaks (it skips the silence while they listen)."""
    t = np.arange(samples) / RATE
    wave = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 6))
    return (0.1 * 32767 * wave / np.abs(wave).max()).astype('<i2').tobytes()


VOICE = _voice(FRAME_BYTES // 2)


def frame() -> bytes:
    if ENGINE == 'openai_realtime':
        return fake_realtime.stamp(FRAME_BYTES, time.time())  # its levels carry the send time through resampling
    stamp = PROBE + struct.pack('<d', time.time())
    return stamp + VOICE[len(stamp) :]


def realtime_append() -> Callable[[bytes], str]:
    """The baseline's own 16 → 24 kHz streaming resampler and `input_audio_buffer.append`, as the engine does."""
    resampler = soxr.ResampleStream(RATE, 24_000, 1, dtype='int16', quality='HQ')

    def encode(pcm: bytes) -> str:
        resampled = np.asarray(resampler.resample_chunk(np.frombuffer(pcm, dtype='<i2')), dtype='<i2').tobytes()
        return json.dumps({'type': 'input_audio_buffer.append', 'audio': base64.b64encode(resampled).decode()})

    return encode


async def stream(
    socket: ClientConnection, seconds: float, start: float, encode: Callable[[bytes], bytes | str] | None = None
) -> int:
    """Sends real-time frames on a fixed schedule from `start` (a slow send does not stretch the call)."""
    reader = asyncio.create_task(_drain(socket))
    count = int(seconds / FRAME_S)
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i * FRAME_S - time.monotonic()))
        await socket.send(frame() if encode is None else encode(frame()))
    await asyncio.sleep(1.0)  # let the last frames land
    reader.cancel()
    return count


def schedule(calls: int) -> list[float]:
    """Start times: all calls connect first, then each starts at its own phase within one frame, as browsers do."""
    begin = time.monotonic() + 1.0 + calls * 0.01
    return [begin + FRAME_S * index / calls for index in range(calls)]


async def _drain(socket: ClientConnection) -> None:
    async for _ in socket:
        pass


async def direct(fake_port: int, calls: int, seconds: float) -> int:
    starts = schedule(calls)

    async def realtime(start: float) -> int:
        async with connect(
            f'ws://127.0.0.1:{fake_port}/v1/realtime?model={fake_realtime.MODEL}',
            additional_headers={'Authorization': f'Bearer {fake_realtime.API_KEY}'},
            max_size=None,
            open_timeout=60,
        ) as socket:
            await socket.recv()  # session.created
            return await stream(socket, seconds, start, realtime_append())

    if ENGINE == 'openai_realtime':
        return sum(await asyncio.gather(*(realtime(start) for start in starts)))

    async def one(start: float) -> int:
        async with connect(
            f'ws://127.0.0.1:{fake_port}/v0/evi/chat?api_key={API_KEY}', max_size=None, open_timeout=60
        ) as socket:
            await socket.recv()  # chat_metadata
            settings = {
                'type': 'session_settings',
                'audio': {'encoding': 'linear16', 'sample_rate': RATE, 'channels': 1},
            }
            await socket.send(json.dumps(settings))
            return await stream(socket, seconds, start)

    return sum(await asyncio.gather(*(one(start) for start in starts)))


async def bridged(app_url: str, http: httpx.AsyncClient, headers: dict[str, str], calls: int, seconds: float) -> int:
    paths = [await _connect_path(http, headers) for _ in range(calls)]
    starts = schedule(calls)

    async def one(path: str, start: float) -> int:
        async with connect(f'{app_url.replace("http", "ws")}{path}', max_size=None, open_timeout=60) as socket:
            await socket.recv()  # ready
            sent = await stream(socket, seconds, start)
            await socket.send(json.dumps({'type': 'end'}))
            return sent

    return sum(await asyncio.gather(*(one(path, start) for path, start in zip(paths, starts, strict=True))))


async def _connect_path(http: httpx.AsyncClient, headers: dict[str, str]) -> str:
    created = await http.post('/api/v1/calls/', json={'persona': 'friendly_prospect'}, headers=headers)
    connection = await http.post(f'/api/v1/calls/{created.json()["id"]}/connect', headers=headers)
    return str(connection.json()['url'])


async def latencies(fake_url: str, *, clear: bool = False) -> list[float]:
    async with httpx.AsyncClient() as http:
        response = await (http.post if clear else http.get)(f'{fake_url}/bench/latencies')
        return sorted(response.json()['latencies_ms'])


def cpu_seconds(pid: int) -> float:
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def rss_mib(pid: int) -> float:
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float('nan')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--calls', type=int, nargs='+', default=[1, 10, 50, 100, 200])
    parser.add_argument('--seconds', type=float, default=10.0)
    parser.add_argument('--engine', choices=['hume_evi', 'openai_realtime'], default='hume_evi')
    args = parser.parse_args()
    global ENGINE  # the frame format follows the engine under test
    ENGINE = args.engine

    fake_port, app_port = free_port(), free_port()
    fake_url, app_url = f'http://127.0.0.1:{fake_port}', f'http://127.0.0.1:{app_port}'
    env = {k: v for k, v in os.environ.items() if k != 'PYTEST_CURRENT_TEST'}
    data = Path(tempfile.mkdtemp(prefix='bridge-bench-'))
    if ENGINE == 'openai_realtime':
        fake_command = [sys.executable, '-m', 'tests.fake_realtime', str(fake_port), '--stamps']
        app_env = server_env(
            data,
            app_port,
            VOICE_ENGINE='openai_realtime',
            OPENAI_API_KEY=fake_realtime.API_KEY,
            OPENAI_REALTIME_URL=f'ws://127.0.0.1:{fake_port}/v1',
            OPENAI_BASE_URL=f'{fake_url}/v1',  # the coach gets a 404 at once and falls back to the rule-based one
            LOG_LEVEL='WARNING',
        )
    else:
        fake_command = [sys.executable, '-m', 'tests.fake_evi', str(fake_port), '2.0']
        app_env = server_env(data, app_port, HUME_API_KEY=API_KEY, HUME_API_URL=fake_url, LOG_LEVEL='WARNING')
    fake = subprocess.Popen(fake_command, cwd=ROOT, env=env)
    app = subprocess.Popen([sys.executable, 'main.py'], cwd=ROOT, env=app_env)
    try:
        wait_healthy(app_url, app)
        asyncio.run(measure(app.pid, app_url, fake_port, args.calls, args.seconds))
    finally:
        stop(app)
        stop(fake)


async def measure(app_pid: int, app_url: str, fake_port: int, counts: list[int], seconds: float) -> None:
    fake_url = f'http://127.0.0.1:{fake_port}'
    async with httpx.AsyncClient(base_url=app_url, timeout=30) as http:
        await http.post('/api/v1/users/signup', json={'email': 'bench@example.com', 'password': PASSWORD})
        token = await http.post(
            '/api/v1/login/access-token', data={'username': 'bench@example.com', 'password': PASSWORD}
        )
        headers = {'Authorization': f'Bearer {token.json()["access_token"]}'}
        show(f'{ENGINE}: {seconds:.0f} s of 100 ms frames per call, in real time; delays in ms (send → fake)')
        show(
            f'{"calls":>5} {"direct p50":>10} {"p99":>7} {"bridged p50":>11} {"p99":>7} {"added p50":>9} '
            f'{"p99":>7} {"lost":>6} {"app CPU %":>9} {"app RSS MiB":>11}'
        )
        for calls in counts:
            await latencies(fake_url, clear=True)
            sent_direct = await direct(fake_port, calls, seconds)
            straight = await latencies(fake_url, clear=True)
            cpu_before, wall_before = cpu_seconds(app_pid), time.monotonic()
            sent_bridged = await bridged(app_url, http, headers, calls, seconds)
            cpu = (cpu_seconds(app_pid) - cpu_before) / (time.monotonic() - wall_before) * 100
            through = await latencies(fake_url)
            lost = (sent_bridged - len(through)) + (sent_direct - len(straight))
            added50 = pct(through, 0.5) - pct(straight, 0.5)
            added99 = pct(through, 0.99) - pct(straight, 0.99)
            show(
                f'{calls:>5} {pct(straight, 0.5):>10.1f} {pct(straight, 0.99):>7.1f} {pct(through, 0.5):>11.1f} '
                f'{pct(through, 0.99):>7.1f} {added50:>9.1f} {added99:>7.1f} {lost:>6} {cpu:>9.1f} '
                f'{rss_mib(app_pid):>11.1f}'
            )


if __name__ == '__main__':
    main()
