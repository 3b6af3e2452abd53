"""The fallback recognition: PocketSphinx with the US English model its wheel ships, when faster-whisper has no model.

Rough but local: no key, no network, no model to fetch. It gives the demo prospect the gist of what the rep said.
PocketSphinx holds the interpreter lock while it decodes (a 16.5 s utterance stalled the event loop for 7.9 s in
one piece when run in a thread), so recognition runs in worker processes of its own, a decoder in each, at most
one fewer than the cores: the server's event loop, its database connections and password hashing are never held up
by a crowd of talking reps.
"""

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pocketsphinx import Decoder

from services.executors import background_priority

SAMPLE_RATE = 16_000
# Each worker holds its own decoder (about 95 MB of model); one core stays for the event loop.
RECOGNITION_WORKERS = max(1, min(4, (os.cpu_count() or 1) - 1))


class SphinxTranscriber:
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


_in_worker: SphinxTranscriber | None = None


def _transcribe_in_worker(pcm: bytes) -> str:
    global _in_worker  # the worker process's own decoder, loaded by its first utterance
    if _in_worker is None:
        _in_worker = SphinxTranscriber()
    return _in_worker.transcribe(pcm)


class SphinxRecogniser:
    """Recognition for every call of the process, in `workers` worker processes (a decoder each)."""

    def __init__(self, workers: int = RECOGNITION_WORKERS) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    async def transcribe(self, pcm: bytes) -> str:
        pool = self._running_pool()
        try:
            return await asyncio.wrap_future(pool.submit(_transcribe_in_worker, pcm))
        except BrokenProcessPool:  # a worker died: the next utterance gets a new pool; this one is not lost
            self._drop(pool)
            raise

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _running_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: a fork of a threaded server may inherit locks held by other threads
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context('spawn'), initializer=background_priority
                )
            return self._pool

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)
