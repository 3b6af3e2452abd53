"""Thread pools of their own, one for each kind of blocking work; and a lower priority for worker processes.

Under load one kind backs up: espeak-ng is slow, a failed tone worker's batches run here. In the event
loop's default pool that queue was everyone's, and a log-in's password check waited seconds behind it (the load
benchmark's log-in p99 was 6.3 s). Each kind now queues only behind its own kind.
"""

import asyncio
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

BACKGROUND_NICENESS = 10
P = ParamSpec('P')
T = TypeVar('T')
CORES = os.cpu_count() or 1


class Pool:
    """A named thread pool; its threads start when first needed."""

    def __init__(self, name: str, *, workers: int) -> None:
        self.name = name
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, functools.partial(function, *args, **kwargs)
        )


# argon2 releases the interpreter lock while it hashes: one thread a core.
PASSWORDS = Pool('passwords', workers=CORES)
# The tone analysis of a batch whose worker process died or hung (services/tone_worker.py); normally idle.
TONE = Pool('tone', workers=2)
# espeak-ng runs as a child process; the threads only wait for it.
SPEECH = Pool('speech', workers=2 * CORES)


def background_priority() -> None:
    """A worker process's initializer: recognition and pitch tracking give way to the server's event loop.

    At 50 calls the recognition worker kept a core busy, and the loop that carries every call's audio, the pages
    and /healthz waited for the other core with the database and everything else (/healthz p99 1.7 s).
    """
    os.nice(BACKGROUND_NICENESS)
