"""The tone tap: our own analysis of the rep's voice, for every engine, as an observer of one call.

It hears the rep's audio as the engine gets it (silence while muted). Its clock starts when the first chunk arrives,
on the call's clock, and then counts samples. On the event loop it only queues each chunk and packs the next step;
the analysis itself (pitch tracking, loudness, the scores) runs in the tone worker process (services/tone_worker.py),
one step of this call at a time: once a second for the live bars (LiveTone, published while the call runs), and for
each final rep line, whose acoustic scores the recorder stores with it.
"""

import asyncio
import logging
from collections.abc import Callable

from services.acoustic_tone import Span, Stretch, Tone, ToneAnalyser, Window
from services.tone_worker import TONE_WORKER, ToneWorker
from services.voice.events import UserAudio, UserUtterance
from services.voice.observer import CallEvent, CallObserver
from services.voice.updates import LiveTone

log = logging.getLogger(__name__)

LIVE_TONE_EVERY_S = 1.0
LIVE_TONE_WINDOW_S = 3.0
LIVE_MONOTONE_WINDOW_S = 6.0  # monotone needs 2 s of voice, more than a 3 s window usually holds
LIVE_WINDOWS = (Window(LIVE_TONE_WINDOW_S), Window(LIVE_MONOTONE_WINDOW_S))
Acoustic = dict[str, dict[str, float]]


class ToneTap(CallObserver):
    """Feeds the rep's audio to a tone analyser; publishes the live bars and scores the rep's lines."""

    observes = (UserAudio,)

    def __init__(
        self,
        *,
        sample_rate: int,
        clock: Callable[[], float],
        publish: Callable[[LiveTone], None],
        worker: ToneWorker = TONE_WORKER,
    ) -> None:
        self._sample_rate = sample_rate
        self._clock = clock
        self._publish = publish
        self._worker = worker
        self._analyser: ToneAnalyser | None = None
        self._lock = asyncio.Lock()

    def start(self) -> None:
        self._worker.start_soon()

    def observe(self, event: CallEvent) -> None:
        assert isinstance(event, UserAudio)
        if self._analyser is None:
            self._analyser = ToneAnalyser(self._sample_rate)
        self._analyser.feed(event.pcm, at_s=self._clock())

    async def run(self) -> None:
        """Publishes the live bars once a second, while the call runs."""
        heard = 0.0
        while True:
            await asyncio.sleep(LIVE_TONE_EVERY_S)
            try:
                live = _live_reading(*await self._in_worker(LIVE_WINDOWS))
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
        try:
            (tone,), _ = await self._in_worker((Span(line.start_s, line.end_s, len(line.text.split())),))
        except Exception:  # the line is stored without it
            log.exception('the tone of a line could not be analysed')
            return None
        return None if tone is None else tone.record()

    async def _in_worker(self, stretches: tuple[Stretch, ...]) -> tuple[tuple[Tone | None, ...], float]:
        """The tones of `stretches` after analysing what was heard so far, and the call time analysed up to.

        One step of this call at a time: a step reads the frames the one before stored.
        """
        analyser = self._analyser
        if analyser is None:
            return (None,) * len(stretches), 0.0
        async with self._lock:
            step = analyser.step(stretches)
            tones = analyser.settle(step, await self._worker.run(step))
            return tones, analyser.heard_until()


def _live_reading(tones: tuple[Tone | None, ...], heard_until: float) -> LiveTone | None:
    tone, longer = tones
    if tone is None:
        return None
    return LiveTone(
        at_s=round(heard_until, 3),
        confidence=tone.confidence,
        energy=tone.energy,
        hesitation=tone.hesitation,
        monotone=longer is not None and longer.monotone,
    )
