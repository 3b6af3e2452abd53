"""Living with writes that fail for a while: which failures pass (a database that is down or restarting, a full
disk, an exhausted pool), how long to wait before the next try, and whether any writer is failing right now.

A writer that keeps what it could not write and tries again registers its trouble with `WriteHealth`, so that
`/healthz` can say the server is degraded while it lasts.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

log = logging.getLogger(__name__)
T = TypeVar('T')


def is_lasting(error: BaseException) -> bool:
    """True for a failure that another try cannot mend: the row itself is refused, or the code is wrong."""
    if isinstance(error, IntegrityError | DataError):
        return True  # e.g. the call was deleted meanwhile
    return not isinstance(error, SQLAlchemyError | OSError | TimeoutError)


@dataclass(slots=True)
class Backoff:
    """Waits that double from `first_s` up to `most_s`; `reset` after a success."""

    first_s: float = 0.2
    most_s: float = 5.0
    _next: float = field(default=0.0, init=False)

    def next_wait(self) -> float:
        self._next = self.first_s if self._next == 0.0 else min(self._next * 2, self.most_s)
        return self._next

    def reset(self) -> None:
        self._next = 0.0


class WriteHealth:
    """Which writers are failing now, and how much each holds unwritten."""

    def __init__(self) -> None:
        self._waiting: dict[str, int] = {}

    def failing(self, writer: str, *, waiting: int) -> None:
        self._waiting[writer] = waiting

    def recovered(self, writer: str) -> None:
        self._waiting.pop(writer, None)

    def problem(self) -> str | None:
        """Words for `/healthz` while any writer is failing, else None."""
        if not self._waiting:
            return None
        waiting = sum(self._waiting.values())
        return f'writes are failing: {waiting} waiting to be saved, retrying'


async def until_written(
    write: Callable[[], Awaitable[T]], *, writer: str, health: WriteHealth, backoff: Backoff | None = None
) -> T:
    """`write()` tried until it goes through, with growing waits; a lasting failure is raised. While it fails,
    `health` counts it as one write waiting."""
    backoff = backoff or Backoff()
    failed = False
    try:
        while True:
            try:
                return await write()
            except Exception as error:
                if is_lasting(error):
                    raise
                if not failed:
                    failed = True
                    log.warning('%s: the write failed (%s); retrying', writer, type(error).__name__)
                    health.failing(writer, waiting=1)
            await asyncio.sleep(backoff.next_wait())
    finally:
        if failed:
            health.recovered(writer)
