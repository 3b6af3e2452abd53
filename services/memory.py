"""Gives memory back after pages close and calls end.

A page's NiceGUI client and a call's bridge are webs of cycles (elements and their parents, observers and their
handlers), so when they go nothing of them is freed until a full collection; with the young threshold raised for
live calls (app/app.py) that can take hours, and the heap they sat in is not handed back to the system either. So a
while after they go (once for a burst of them), one full collection runs and glibc is asked to return the free
pages: measured with benchmarks/tabs.py and benchmarks/load.py (README, Performance).
"""

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import time

log = logging.getLogger(__name__)
AFTER_S = 5.0  # after the last client of a burst goes; a collection of a few hundred pages takes tens of ms


def _malloc_trim() -> object:
    # glibc's malloc_trim(0) returns free heap pages to the system; other C libraries have no such call.
    name = ctypes.util.find_library('c')
    library = ctypes.CDLL(name) if name else None
    return getattr(library, 'malloc_trim', None)


class MemoryReturn:
    """Call `release_soon` when a page's client is deleted or a call ends; the memory comes back `after_s` seconds
    later. One for the process (`MEMORY`), as the collector is the process's."""

    def __init__(self, *, after_s: float = AFTER_S) -> None:
        self.after_s = after_s
        self._pending: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._trim = _malloc_trim()
        self.collections = 0

    def release_soon(self) -> None:
        loop = asyncio.get_running_loop()
        if self._pending is None or self._loop is not loop:  # (a test's loop may have closed with one pending)
            self._loop = loop
            self._pending = loop.call_later(self.after_s, self._collect)

    def _collect(self) -> None:
        self._pending = None
        begun = time.perf_counter()
        freed = gc.collect()
        if callable(self._trim):
            self._trim(0)
        self.collections += 1
        log.debug('returned memory: %d objects in %.0f ms', freed, (time.perf_counter() - begun) * 1000)

    def close(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None


MEMORY = MemoryReturn()
