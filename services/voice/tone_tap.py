"""The tone tap: our own analysis of the rep's voice, for every engine, as an observer of one call.

It hears the rep's audio as the engine gets it (silence while muted). Its clock starts when the first chunk arrives,
on the call's clock, and then counts samples. Pitch tracking runs off the event loop (services/acoustic_tone.py), one
batch at a time: once a second for the live bars (LiveTone, published while the call runs), and for each final rep
line, whose acoustic scores the recorder stores with it.
"""

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

from services.acoustic_tone import ToneAnalyser, pitch_in_worker_process
from services.executors import TONE
from services.voice.events import UserAudio, UserUtterance
from services.voice.observer import CallEvent, CallObserver
from services.voice.updates import LiveTone

log = logging.getLogger(__name__)

LIVE_TONE_EVERY_S = 1.0
LIVE_TONE_WINDOW_S = 3.0
LIVE_MONOTONE_WINDOW_S = 6.0  # monotone needs 2 s of voice, more than a 3 s window usually holds
T = TypeVar('T')
Acoustic = dict[str, dict[str, float]]


class ToneTap(CallObserver):
    """Feeds the rep's audio to a tone analyser; publishes the live bars and scores the rep's lines."""

    observes = (UserAudio,)

    def __init__(self, *, sample_rate: int, clock: Callable[[], float], publish: Callable[[LiveTone], None]) -> None:
        self._sample_rate = sample_rate
        self._clock = clock
        self._publish = publish
        self._analyser: ToneAnalyser | None = None
        self._lock = asyncio.Lock()

    def observe(self, event: CallEvent) -> None:
        assert isinstance(event, UserAudio)
        if self._analyser is None:
            self._analyser = ToneAnalyser(self._sample_rate, pitch=pitch_in_worker_process)
        self._analyser.feed(event.pcm, at_s=self._clock())

    async def run(self) -> None:
        """Publishes the live bars once a second, while the call runs."""
        heard = 0.0
        while True:
            await asyncio.sleep(LIVE_TONE_EVERY_S)
            try:
                live = await self._in_worker(_live_reading)
            except Exception:  # the bars stop; the call and its lines go on
                log.exception('the live tone analysis failed')
                return
            if live is not None and live.at_s > heard:
                heard = live.at_s
                self._publish(live)

    async def score(self, line: UserUtterance) -> Acoustic | None:
        """The acoustic scores of a rep's line (None without enough voice, or when the analysis fails)."""
        if line.start_s is None or line.end_s is None:
            return None
        start, end, words = line.start_s, line.end_s, len(line.text.split())
        try:
            tone = await self._in_worker(lambda analyser: analyser.between(start, end, words=words))
        except Exception:  # the line is stored without it
            log.exception('the tone of a line could not be analysed')
            return None
        return None if tone is None else tone.record()

    async def _in_worker(self, work: Callable[[ToneAnalyser], T]) -> T | None:
        """Runs tone analysis off the event loop, one batch at a time."""
        analyser = self._analyser
        if analyser is None:
            return None
        async with self._lock:
            return await TONE.run(work, analyser)


def _live_reading(analyser: ToneAnalyser) -> LiveTone | None:
    tone = analyser.window(LIVE_TONE_WINDOW_S)
    if tone is None:
        return None
    longer = analyser.window(LIVE_MONOTONE_WINDOW_S)
    return LiveTone(
        at_s=round(analyser.heard_until(), 3),
        confidence=tone.confidence,
        energy=tone.energy,
        hesitation=tone.hesitation,
        monotone=longer is not None and longer.monotone,
    )
