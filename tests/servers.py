"""Serving an ASGI app with uvicorn inside the test's event loop, on a free port."""

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import uvicorn

from tests.e2e.server import free_port


@asynccontextmanager
async def serving(app: Any, *, keep_alive_s: int = 5) -> AsyncIterator[int]:
    """Yields the port; wsproto is the websocket implementation NiceGUI runs uvicorn with. An idle connection is
    closed after `keep_alive_s` (uvicorn's default: 5 s)."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host='127.0.0.1',
        port=port,
        ws='wsproto',
        lifespan='off',
        log_level='warning',
        timeout_keep_alive=keep_alive_s,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(10):
        while not server.started:  # noqa: ASYNC110  (uvicorn offers no event for this)
            await asyncio.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


@contextmanager
def serving_in_thread(app: Any) -> Iterator[int]:
    """The same, for synchronous tests: uvicorn runs in a thread with its own event loop."""
    port = free_port()
    config = uvicorn.Config(app, host='127.0.0.1', port=port, ws='wsproto', lifespan='off', log_level='warning')
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name='test-server', daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError('the test server did not start')
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
