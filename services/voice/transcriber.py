"""Offline speech recognition for the demo engine: PocketSphinx with the US English model its wheel ships.

Rough but local: no key, no network. It gives the demo prospect the gist of what the rep said out loud.
"""

import threading

from pocketsphinx import Decoder

SAMPLE_RATE = 16_000


class Transcriber:
    """Turns one utterance of PCM16 mono at 16 kHz into words; safe to call from worker threads."""

    def __init__(self) -> None:
        self._decoder: Decoder | None = None
        self._lock = threading.Lock()  # one decoder, one utterance at a time

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


_shared: Transcriber | None = None


def shared_transcriber() -> Transcriber:
    """One recogniser for the process: each decoder holds about 95 MB of model."""
    global _shared  # created on first use, so a server that never hears a demo call never loads the model
    if _shared is None:
        _shared = Transcriber()
    return _shared
