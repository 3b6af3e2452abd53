"""The call's clock, and line timing: every line of a call gets a start and an end on that clock, even when the
engine gave none."""

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from services.voice.events import AssistantUtterance, EngineEvent, UserUtterance

E = TypeVar('E', bound=EngineEvent)


def timed(event: E, clock: Callable[[], float]) -> E:
    """The event with the line's missing times set to the call's time now (read only then); other events, and
    lines that have both times, as they are."""
    if not isinstance(event, UserUtterance | AssistantUtterance):
        return event
    if event.start_s is not None and event.end_s is not None:
        return event
    now = round(clock(), 3)
    start = now if event.start_s is None else event.start_s
    return replace(event, start_s=start, end_s=now if event.end_s is None else event.end_s)


class CallClock:
    """Seconds since the engine answered the call (0 until then), on a monotonic clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started: float | None = None

    def start(self) -> None:
        self._started = self._clock()

    @property
    def started(self) -> bool:
        return self._started is not None

    def __call__(self) -> float:
        return 0.0 if self._started is None else self._clock() - self._started
