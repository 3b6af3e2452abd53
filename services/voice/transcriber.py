"""Offline speech recognition for the demo engine and the pipeline's `local` stage: which recogniser hears the rep.

faster-whisper (whisper_stt.py) when its model loads; PocketSphinx (sphinx_stt.py) only when it cannot, e.g. no
model directory and no model hub to fetch one from. The choice is made once per process, by the first utterance
or the warm-up at start-up, and logged once; `recognition_status()` says which, for the Engines page.
"""

import logging
from dataclasses import dataclass
from typing import Literal, Protocol

from services.voice.sphinx_stt import SphinxRecogniser
from services.voice.whisper_stt import ModelUnavailable, RecognitionFailed, WhisperRecogniser, WhisperSettings

log = logging.getLogger(__name__)

__all__ = [
    'LocalRecognition',
    'RecognitionFailed',
    'RecognitionStatus',
    'SpeechToText',
    'configure_recognition',
    'recognition_status',
    'shared_recogniser',
    'stop_recognition',
    'warm_up_recognition',
]


class SpeechToText(Protocol):
    async def transcribe(self, pcm: bytes) -> str:
        """The words of one utterance (PCM16 mono at 16 kHz); '' when none were recognised.

        Raises RecognitionFailed, whose message a rep can read, when this utterance cannot be recognised.
        """
        ...


@dataclass(frozen=True, kw_only=True, slots=True)
class RecognitionStatus:
    """Which recogniser hears the rep, in words.

    Attributes:
        recogniser: `faster-whisper`, or `pocketsphinx` when no Whisper model could be loaded.
        state: `loaded`, `loading` (not decided yet: the model has not been loaded), or `fallback`.
        text: one line for the admin.
    """

    recogniser: Literal['faster-whisper', 'pocketsphinx']
    state: Literal['loaded', 'loading', 'fallback']
    text: str


class LocalRecognition:
    """faster-whisper, or PocketSphinx when its model cannot be loaded; decided once, by the first use."""

    def __init__(self, settings: WhisperSettings | None = None) -> None:
        self.settings = settings or WhisperSettings()
        self._whisper = WhisperRecogniser(self.settings)
        self._fallback: SphinxRecogniser | None = None

    async def transcribe(self, pcm: bytes) -> str:
        if self._fallback is None:
            try:
                return await self._whisper.transcribe(pcm)
            except ModelUnavailable as error:
                self._fall_back(error)
        assert self._fallback is not None
        try:
            return await self._fallback.transcribe(pcm)
        except Exception as error:  # a decoder process that died; the next utterance gets a new one
            log.warning('PocketSphinx failed on one utterance: %s', type(error).__name__)
            raise RecognitionFailed(f'Speech recognition failed on that ({type(error).__name__}).') from error

    async def ready(self) -> None:
        """Loads the model now (or settles on the fallback), so that the first utterance does not wait for it."""
        if self._fallback is None:
            try:
                await self._whisper.load()
            except ModelUnavailable as error:
                self._fall_back(error)

    def warm_up(self) -> None:
        """Starts loading the model in the background; the first utterance finds it loaded (or the fallback)."""
        self._whisper.start_loading()

    def status(self) -> RecognitionStatus:
        failure = self._whisper.failure
        if self._fallback is not None or failure is not None:
            return RecognitionStatus(
                recogniser='pocketsphinx',
                state='fallback',
                text=f'PocketSphinx (rough), because faster-whisper has no model: {failure}.',
            )
        try:
            source = self._whisper.source().description
        except ModelUnavailable as error:
            return RecognitionStatus(
                recogniser='pocketsphinx',
                state='fallback',
                text=f'PocketSphinx (rough), because faster-whisper has no model: {error}.',
            )
        where = f'{self.settings.device.upper()} {self.settings.compute_type}'
        if self._whisper.loaded:
            return RecognitionStatus(
                recogniser='faster-whisper', state='loaded', text=f'faster-whisper: {source} ({where}).'
            )
        return RecognitionStatus(
            recogniser='faster-whisper',
            state='loading',
            text=f'faster-whisper: {source} ({where}); PocketSphinx if the model cannot be loaded.',
        )

    def close(self) -> None:
        self._whisper.close()
        if self._fallback is not None:
            self._fallback.close()

    def stop_workers(self) -> None:
        """Ends the fallback's worker processes (they start again if needed); the Whisper model stays loaded."""
        if self._fallback is not None:
            self._fallback.close()

    def _fall_back(self, error: ModelUnavailable) -> None:
        if self._fallback is None:
            log.warning('speech recognition: PocketSphinx, because faster-whisper has no model (%s)', error)
            self._fallback = SphinxRecogniser()


_settings = WhisperSettings()
_shared: LocalRecognition | None = None


def configure_recognition(settings: WhisperSettings) -> None:
    """The settings the process's recognition uses (at start-up); changed settings mean a new model next time."""
    global _settings, _shared
    if settings != _settings:
        _settings = settings
        if _shared is not None:
            _shared.close()
            _shared = None


def shared_recogniser() -> LocalRecognition:
    """One recogniser for the process, built on first use; its model loads once (by an utterance or a warm-up)."""
    global _shared
    if _shared is None:
        _shared = LocalRecognition(_settings)
    return _shared


def warm_up_recognition() -> None:
    """Starts loading the process's model in the background (a server whose calls will need it, at start-up)."""
    shared_recogniser().warm_up()


def recognition_status() -> RecognitionStatus:
    """Which recogniser hears the rep here (or will, once its model has loaded)."""
    return shared_recogniser().status()


def stop_recognition() -> None:
    """Ends the fallback's worker processes (at shutdown). The Whisper model stays loaded: once per process."""
    if _shared is not None:
        _shared.stop_workers()
