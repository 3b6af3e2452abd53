"""Offline speech recognition for the demo engine: PocketSphinx with the US English model its wheel ships.

Rough but local: no key, no network. It gives the demo prospect the gist of what the rep said out loud.
Recognition runs on its own small pool of threads, never on the default one: the database's connections and
password hashing need that pool, and a crowd of talking reps must not starve them.
"""

import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from pocketsphinx import Decoder

SAMPLE_RATE = 16_000
# Each worker holds its own decoder (about 95 MB of model); one core stays for the event loop.
RECOGNITION_WORKERS = max(1, min(4, (os.cpu_count() or 1) - 1))


class SpeechToText(Protocol):
    async def transcribe(self, pcm: bytes) -> str:
        """The words of one utterance (PCM16 mono at 16 kHz); '' when none were recognised."""
        ...


class Transcriber:
    """Turns one utterance of PCM16 mono at 16 kHz into words; one decoder, one utterance at a time."""

    def __init__(self) -> None:
        self._decoder: Decoder | None = None
        self._lock = threading.Lock()

    def transcribe(self, pcm: bytes) -> str:
        with self._lock:
            if self._decoder is None:
                self._decoder = Decoder(samprate=SAMPLE_RATE)
            decoder = self._decoder
            decoder.start_utt()
            decoder.process_raw(pcm, full_utt=True)
            decoder.end_utt()
            hypothesis = decoder.hyp()
            return hypothesis.hypstr.strip() if hypothesis is not None else ''


class Recogniser:
    """Recognition for every call of the process, at most `workers` utterances at once (a decoder each)."""

    def __init__(self, workers: int = RECOGNITION_WORKERS) -> None:
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix='recognition')
        self._local = threading.local()

    async def transcribe(self, pcm: bytes) -> str:
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._transcribe, pcm)

    def _transcribe(self, pcm: bytes) -> str:
        transcriber: Transcriber | None = getattr(self._local, 'transcriber', None)
        if transcriber is None:
            transcriber = self._local.transcriber = Transcriber()
        return transcriber.transcribe(pcm)


_shared: Recogniser | None = None


def shared_recogniser() -> Recogniser:
    """One pool for the process, created on first use: a server that never hears a demo call loads no model."""
    global _shared
    if _shared is None:
        _shared = Recogniser()
    return _shared
