"""Tasks with an owner: each background task of the services belongs to a TaskGroup or to a `Supervisor`.

A bare `asyncio.create_task` can be garbage-collected while it runs, and its failure goes unseen; a supervisor
keeps a reference, logs a failure with the task's name, and cancels and awaits what is left when it closes.
"""

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar('T')


class Supervisor:
    """Owns the tasks it spawns until they end or it closes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, T], *, name: str) -> asyncio.Task[T]:
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._ended)
        return task

    def __len__(self) -> int:
        return len(self._tasks)

    async def wait(self) -> None:
        """Until every task spawned so far (and any they spawn meanwhile) has ended."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def aclose(self) -> None:
        """Cancels what still runs and waits for it to end."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _ended(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error('%s: task %s failed', self.name, task.get_name(), exc_info=error)


async def cancel_and_wait(task: asyncio.Task[Any] | None) -> None:
    """Cancels a task (when there is one and it still runs) and waits until it has ended."""
    if task is None:
        return
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)  # its end, whatever it was; our own cancellation still raises
