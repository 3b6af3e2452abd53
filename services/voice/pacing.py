"""Fair share of the server: a call's audio is taken at no more than about 1.5 times real time.

A browser catching up after a hiccup sends a little faster than real time; one that sends minutes of audio at once
would hold the server's attention (and memory) for everyone else. A token bucket lets a short burst through and
refuses what goes beyond the sustained rate; the call goes on.
"""

import time
from collections.abc import Callable

SUSTAINED_FACTOR = 1.5  # times real time
BURST_S = 5.0  # seconds of audio that may arrive at once


class AudioPace:
    """Admits PCM16 audio at `factor` × real time on average, with `burst_s` seconds of audio as headroom."""

    def __init__(
        self,
        sample_rate: int,
        *,
        factor: float = SUSTAINED_FACTOR,
        burst_s: float = BURST_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = sample_rate * 2 * factor  # bytes a second
        self._capacity = sample_rate * 2 * burst_s
        self._tokens = self._capacity
        self._clock = clock
        self._last = clock()
        self.refused_bytes = 0

    def admit(self, size: int) -> bool:
        now = self._clock()
        self._tokens = min(self._capacity, self._tokens + (now - self._last) * self._rate)
        self._last = now
        if size <= self._tokens:
            self._tokens -= size
            return True
        self.refused_bytes += size
        return False
