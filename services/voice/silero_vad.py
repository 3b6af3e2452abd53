"""Finds where the rep starts and stops talking with Silero VAD, a small neural voice-activity model.

The ONNX model ships inside the faster-whisper wheel (`faster_whisper/assets/silero_vad*.onnx`); it is run here with
onnxruntime, one 32 ms window (512 samples at 16 kHz, with the 64 samples before it as context) at a time, its
recurrent state kept per call, so a stream is judged as it arrives. One model session serves every call of the
process. Where the model or onnxruntime is missing, `speech_detector` falls back to the loudness detector of
services/voice/vad.py, with the same interface.

A live call feeds its frames with `afeed`, which runs the model on one of INFERENCE_THREADS threads (onnxruntime
lets go of the GIL while it computes): a 100 ms frame costs about 0.2 ms of CPU, and in the event loop that was
time every other call of the server waited, 20 calls' frames at once when reps talk together. What the model says
is applied to the detector's state back on the event loop, so `speaking` only changes there.

A window is speech when its probability is at least THRESHOLD; inside an utterance it stays speech until the
probability falls under THRESHOLD - 0.15 (hysteresis, so a soft syllable does not end the turn). An utterance starts
after `start_ms` of speech and ends after `end_ms` of silence (or at MAX_MS); the audio kept includes PAD_MS before
the start, so first syllables are not cut off.
"""

import asyncio
import functools
import importlib.util
import logging
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from services.voice.vad import SpeechDetector, Utterance

log = logging.getLogger(__name__)

RATE = 16_000  # the only rate the model is run at here
WINDOW = 512
CONTEXT = 64
THRESHOLD = 0.5
START_MS = 200
END_MS = 600
PAD_MS = 300
MAX_MS = 15_000
INFERENCE_THREADS = 2  # frames of different calls in parallel; a session may run on several threads at once


class Detector(Protocol):
    """Where an utterance starts and ends in a PCM16 stream (both detectors have this shape)."""

    @property
    def speaking(self) -> bool: ...

    def feed(self, pcm: bytes) -> Utterance | None: ...

    async def afeed(self, pcm: bytes) -> Utterance | None: ...

    def flush(self) -> Utterance | None: ...


def speech_detector(*, end_ms: int = END_MS, sample_rate: int = RATE) -> Detector:
    """Silero VAD when the model can be loaded (16 kHz only), else the loudness detector."""
    if sample_rate == RATE and silero_session() is not None:
        return SileroDetector(end_ms=end_ms)
    return SpeechDetector(sample_rate)


def model_path() -> Path | None:
    """The Silero model inside the installed faster-whisper package, found without importing it (that loads
    CTranslate2)."""
    spec = importlib.util.find_spec('faster_whisper')
    if spec is None or not spec.submodule_search_locations:
        return None
    assets = Path(next(iter(spec.submodule_search_locations))) / 'assets'
    return next(iter(sorted(assets.glob('silero_vad*.onnx'), reverse=True)), None)


@functools.cache
def inference_threads() -> ThreadPoolExecutor:
    """The threads every call's detector runs the model on."""
    return ThreadPoolExecutor(max_workers=INFERENCE_THREADS, thread_name_prefix='silero-vad')


@functools.cache
def silero_session() -> Any | None:
    """The process's one model session, loaded on first use; None when it cannot be."""
    path = model_path()
    if path is None:
        log.info('Silero VAD is not installed (faster-whisper); turns are found by loudness')
        return None
    try:
        import onnxruntime
    except ImportError:
        log.info('onnxruntime is not installed; turns are found by loudness')
        return None
    options = onnxruntime.SessionOptions()
    options.inter_op_num_threads = 1  # a window costs well under a millisecond; threads would only contend
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(path), providers=['CPUExecutionProvider'], sess_options=options)


class SileroDetector:
    """One call's speech detector: the model's state, the audio not yet judged, and the utterance under way."""

    def __init__(self, *, end_ms: int = END_MS, start_ms: int = START_MS, threshold: float = THRESHOLD) -> None:
        session = silero_session()
        if session is None:
            raise RuntimeError('Silero VAD is not available')
        self._session = session
        self.sample_rate = RATE
        self._threshold = threshold
        self._start_windows = max(1, round(start_ms * RATE / 1000 / WINDOW))
        # Whole windows of silence within `end_ms` (the model's own trailing windows already run past the speech).
        self._end_windows = max(1, end_ms * RATE // 1000 // WINDOW)
        self._pad_windows = round(PAD_MS * RATE / 1000 / WINDOW)
        self._max_windows = round(MAX_MS * RATE / 1000 / WINDOW)
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._rest = np.zeros(0, dtype=np.int16)  # samples short of a whole window
        self._windows = 0  # windows judged
        self._recent: deque[bytes] = deque()  # before an utterance: the pad and the speech that may start one
        self._speech: list[bytes] = []
        self._start: int | None = None  # window where the utterance under way starts
        self._voiced = 0  # speech windows in a row, before an utterance starts
        self._silence = 0  # silent windows in a row, inside an utterance
        self.last_probability = 0.0

    @property
    def speaking(self) -> bool:
        return self._start is not None

    def feed(self, pcm: bytes) -> Utterance | None:
        """Adds audio; returns an utterance when one has just ended."""
        windows = self._whole_windows(pcm)
        if windows is None:
            return None
        return self._judge(windows, self._probabilities(windows))

    async def afeed(self, pcm: bytes) -> Utterance | None:
        """As `feed`, with the model run on an inference thread while the event loop serves other work. A call
        feeds its frames one after the other (the model's state runs from each window to the next)."""
        windows = self._whole_windows(pcm)
        if windows is None:
            return None
        loop = asyncio.get_running_loop()
        probabilities = await loop.run_in_executor(inference_threads(), self._probabilities, windows)
        return self._judge(windows, probabilities)

    def flush(self) -> Utterance | None:
        """The utterance still under way, cut here (its trailing silence left out): the rep hung up mid-sentence."""
        if self._start is None:
            return None
        return self._cut()

    def _whole_windows(self, pcm: bytes) -> np.ndarray | None:
        """The whole windows the audio so far completes (the rest waits for the next frame); None if none."""
        samples = np.concatenate([self._rest, np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype='<i2')])
        whole = len(samples) - len(samples) % WINDOW
        self._rest = samples[whole:]
        return samples[:whole].reshape(-1, WINDOW) if whole else None

    def _judge(self, windows: np.ndarray, probabilities: np.ndarray) -> Utterance | None:
        ended: Utterance | None = None
        for window, probability in zip(windows, probabilities, strict=True):
            self.last_probability = float(probability)
            ended = self._step(window.tobytes(), float(probability)) or ended
        return ended

    def _probabilities(self, windows: np.ndarray) -> np.ndarray:
        """The model's speech probability for each window (it touches only the model's state and context)."""
        audio = windows.astype(np.float32) / 32768.0
        # Each window with the 64 samples before it, as the model was trained.
        contexts = np.vstack([self._context, audio[:-1, -CONTEXT:]]) if len(audio) > 1 else self._context[None, :]
        batch = np.concatenate([contexts, audio], axis=1)
        self._context = audio[-1, -CONTEXT:].copy()
        probabilities, self._h, self._c = self._session.run(None, {'input': batch, 'h': self._h, 'c': self._c})
        return np.asarray(probabilities, dtype=np.float32).reshape(-1)

    def _step(self, window: bytes, probability: float) -> Utterance | None:
        self._windows += 1
        if self._start is None:
            self._recent.append(window)
            while len(self._recent) > self._pad_windows + self._start_windows:
                self._recent.popleft()
            self._voiced = self._voiced + 1 if probability >= self._threshold else 0
            if self._voiced >= self._start_windows:
                self._start = self._windows - len(self._recent)
                self._speech = list(self._recent)
                self._recent.clear()
                self._silence = 0
            return None
        self._speech.append(window)
        speech = probability >= self._threshold - 0.15
        self._silence = 0 if speech else self._silence + 1
        if self._silence < self._end_windows and self._windows - self._start < self._max_windows:
            return None
        return self._cut()

    def _cut(self) -> Utterance:
        start = self._start or 0
        end = self._windows - self._silence  # the trailing silence is kept in the audio, not in the times
        utterance = Utterance(b''.join(self._speech), start * WINDOW / RATE, end * WINDOW / RATE)
        self._start, self._speech, self._voiced, self._silence = None, [], 0, 0
        return utterance
