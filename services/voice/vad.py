"""Finds where the rep starts and stops talking in a PCM16 stream, by loudness against the room's noise floor.

A frame is speech when its RMS is above max(MIN_SPEECH_RMS, NOISE_FACTOR × noise floor); the floor follows the
quietest recent frames. An utterance starts after START_MS of speech and ends after END_MS of silence (or at
MAX_MS); the audio kept includes PAD_MS before the start, so first syllables are not cut off.
"""

from collections import deque
from dataclasses import dataclass

import numpy as np

MIN_SPEECH_RMS = 300.0  # of 32768: quieter than this is never speech
NOISE_FACTOR = 3.0
START_MS = 200
END_MS = 700
MAX_MS = 15_000
PAD_MS = 300


@dataclass(frozen=True, slots=True)
class Utterance:
    pcm: bytes
    start_s: float
    end_s: float


class SpeechDetector:
    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._noise = MIN_SPEECH_RMS / NOISE_FACTOR
        self._position = 0  # samples seen
        self._pad: deque[bytes] = deque()
        self._pad_samples = 0
        self._speech: list[bytes] = []
        self._start: int | None = None
        self._voiced = 0  # samples of speech in a row, before an utterance starts
        self._silence = 0  # samples of silence in a row, inside an utterance

    @property
    def speaking(self) -> bool:
        return self._start is not None

    def feed(self, pcm: bytes) -> Utterance | None:
        """Adds audio; returns an utterance when one has just ended."""
        samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype='<i2')
        count = len(samples)
        if not count:
            return None
        rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
        loud = rms > max(MIN_SPEECH_RMS, NOISE_FACTOR * self._noise)
        if not loud:  # the floor follows the quiet frames: down at once, up slowly
            self._noise = rms if rms < self._noise else self._noise * 0.95 + rms * 0.05
        self._position += count
        if self._start is None:
            self._listen(pcm, count, loud)
            return None
        return self._follow(pcm, count, loud)

    async def afeed(self, pcm: bytes) -> Utterance | None:
        """As `feed` (a frame's loudness takes microseconds, so the event loop measures it itself)."""
        return self.feed(pcm)

    def flush(self) -> Utterance | None:
        """The utterance still under way, cut here (its trailing silence left out): the rep hung up mid-sentence."""
        if self._start is None:
            return None
        return self._cut()

    def _listen(self, pcm: bytes, count: int, loud: bool) -> None:
        self._pad.append(pcm)
        self._pad_samples += count
        while self._pad_samples - len(self._pad[0]) // 2 >= self.sample_rate * (PAD_MS + START_MS) // 1000:
            self._pad_samples -= len(self._pad.popleft()) // 2
        self._voiced = self._voiced + count if loud else 0
        if self._voiced >= self.sample_rate * START_MS // 1000:
            self._start = self._position - self._pad_samples
            self._speech = list(self._pad)
            self._pad.clear()
            self._pad_samples = 0
            self._silence = 0

    def _follow(self, pcm: bytes, count: int, loud: bool) -> Utterance | None:
        self._speech.append(pcm)
        self._silence = 0 if loud else self._silence + count
        length = self._position - (self._start or 0)
        if self._silence < self.sample_rate * END_MS // 1000 and length < self.sample_rate * MAX_MS // 1000:
            return None
        return self._cut()

    def _cut(self) -> Utterance:
        start = self._start or 0
        end = self._position - self._silence
        utterance = Utterance(b''.join(self._speech), start / self.sample_rate, end / self.sample_rate)
        self._start, self._speech, self._voiced = None, [], 0
        return utterance
