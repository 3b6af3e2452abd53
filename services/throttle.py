"""Slows down abuse: too many log-in failures for one account or one address, or too many sign-ups from one address,
in a window are refused."""

import time
from collections import deque
from collections.abc import Callable, Iterable

Key = tuple[str, str]  # ('account', email) or ('address', ip)


class Throttle:
    """Counts attempts (failed log-ins, sign-ups) per key in a sliding window.

    Attempts are refused while a key has `limit` of them in the last `window_s` seconds; `retry_after`
    says for how long. Memory stays bounded: at most `max_keys` keys are tracked, oldest dropped first.
    """

    def __init__(
        self,
        *,
        limit: int = 10,
        window_s: float = 60.0,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self._clock = clock
        self._failures: dict[Key, deque[float]] = {}

    def retry_after(self, keys: Iterable[Key]) -> float | None:
        """Seconds until an attempt for these keys is allowed again, or None when it is allowed now."""
        now = self._clock()
        waits = [self._wait(key, now) for key in keys]
        longest = max((w for w in waits if w is not None), default=None)
        return longest

    def record(self, keys: Iterable[Key]) -> None:
        now = self._clock()
        for key in keys:
            failures = self._failures.pop(key, None) or deque()
            self._expire(failures, now)
            failures.append(now)
            self._failures[key] = failures  # re-inserted last, so the dict stays in least-recently-failed order
        while len(self._failures) > self.max_keys:
            self._failures.pop(next(iter(self._failures)))

    def reset(self, key: Key) -> None:
        self._failures.pop(key, None)

    def withdraw(self, key: Key) -> None:
        """Takes back one recorded failure (an attempt counted up front that turned out to succeed)."""
        failures = self._failures.get(key)
        if failures:
            failures.pop()

    def _wait(self, key: Key, now: float) -> float | None:
        failures = self._failures.get(key)
        if not failures:
            return None
        self._expire(failures, now)
        if len(failures) < self.limit:
            return None
        return max(0.0, failures[-self.limit] + self.window_s - now)

    def _expire(self, failures: deque[float], now: float) -> None:
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
