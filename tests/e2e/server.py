"""Starting and stopping the real app (`python main.py`) in a subprocess for end-to-end tests."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


def server_env(data_dir: Path, port: int, **extra: str) -> dict[str, str]:
    # A child that inherits PYTEST_CURRENT_TEST makes NiceGUI think it runs inside a Screen test.
    env = {k: v for k, v in os.environ.items() if k != 'PYTEST_CURRENT_TEST' and not k.startswith('NICEGUI')}
    for name in ('DATABASE_URL', 'VOICE_ENGINE', 'HUME_API_KEY', 'OPENAI_API_KEY', 'FIRST_SUPERUSER'):
        env.pop(name, None)
    env.update(DATA_DIR=str(data_dir), PORT=str(port), HOST='127.0.0.1', **extra)
    return env


def start(data_dir: Path, port: int, **extra: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, 'main.py'], cwd=ROOT, env=server_env(data_dir, port, **extra))
    wait_healthy(f'http://127.0.0.1:{port}', process)
    return process


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f'the server exited with {process.returncode} before it was healthy')
        try:
            if httpx.get(f'{url}/healthz', timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f'the server at {url} did not become healthy in {timeout} s')


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running(data_dir: Path, **extra: str) -> Iterator[str]:
    """The app serving from `data_dir` on a free port, for as long as the block lasts; its address."""
    port = free_port()
    process = start(data_dir, port, **extra)
    try:
        yield f'http://127.0.0.1:{port}'
    finally:
        stop(process)
