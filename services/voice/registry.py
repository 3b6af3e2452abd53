"""Every voice engine this server has, declared in its own module and registered here once.

Adding an engine is one module (the engine and its `SPEC`) plus one line in `ENGINES` (and its settings in
app/settings.py, where every environment setting lives). `VOICE_ENGINE=auto` takes, in this order, the first
engine that is configured and says why auto may pick it; the Engines page shows them in this order too.
"""

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from services.voice.engine import EngineConfig, EngineUnavailable, VoiceEngine
from services.voice.engine_check import EngineCheck, connect_and_close, refusal
from services.voice.engine_spec import EngineProvider, EngineSpec, SettingValues
from services.voice.engines import demo, hume_evi, openai_realtime, pipeline
from services.voice.events import EngineEvent, UserInput

log = logging.getLogger(__name__)

ENGINES: tuple[EngineSpec, ...] = (demo.SPEC, hume_evi.SPEC, openai_realtime.SPEC, pipeline.SPEC)
AUTO = 'auto'


def spec_of(name: str, specs: Sequence[EngineSpec] = ENGINES) -> EngineSpec | None:
    return next((spec for spec in specs if spec.name == name), None)


def label_of(name: str) -> str:
    """The engine's name as people read it (a name this server no longer has is shown as it is)."""
    spec = spec_of(name)
    return spec.label if spec is not None else name


def is_demo(name: str) -> bool:
    """Whether calls on this engine talk to a scripted stand-in rather than a real voice model."""
    spec = spec_of(name)
    return spec is not None and spec.demo


@dataclass(frozen=True, slots=True)
class EngineChoice:
    name: str
    reason: str


def choose_engine(preference: str, values: SettingValues, specs: Sequence[EngineSpec] = ENGINES) -> EngineChoice:
    """The engine new calls use, and why in words (the practice and Engines pages show the reason)."""
    if preference != AUTO:
        chosen = spec_of(preference, specs)
        if chosen is None:
            raise ValueError(f'VOICE_ENGINE={preference!r} is not an engine of this server; use {names_text(specs)}.')
        return EngineChoice(chosen.name, f'{chosen.label}: chosen by VOICE_ENGINE.')
    for spec in specs:
        if spec.auto_because is not None and spec.configured(values):
            return EngineChoice(spec.name, f'{spec.label}: {spec.auto_because}.')
    fallback = next(spec for spec in specs if spec.auto_because is None)
    return EngineChoice(fallback.name, f'{fallback.label}: no voice provider is configured.')


def auto_order_text(specs: Sequence[EngineSpec] = ENGINES) -> str:
    """What `auto` does, in words: "Hume EVI when …, else OpenAI Realtime when …, else Demo"."""
    picks = [f'{spec.label} when {spec.auto_because}' for spec in specs if spec.auto_because is not None]
    fallback = next(spec.label for spec in specs if spec.auto_because is None)
    return ', else '.join([*picks, fallback])


def names_text(specs: Sequence[EngineSpec] = ENGINES) -> str:
    return ', '.join([AUTO, *(spec.name for spec in specs)])


class RunningEngines:
    """The engines of a running server: each configured engine's provider, started once and closed at shutdown."""

    def __init__(self, values: SettingValues, specs: Sequence[EngineSpec] = ENGINES) -> None:
        self.specs = tuple(specs)
        self._providers: dict[str, EngineProvider] = {}
        self._reasons: dict[str, str] = {}
        for spec in self.specs:
            if not spec.configured(values):
                missing = ', '.join(spec.missing(values))
                self._reasons[spec.name] = f'{spec.label} needs {missing}; the admin has not set it.'
                continue
            try:
                self._providers[spec.name] = spec.start(values)
            except Exception as error:  # the other engines still run; the type says enough (texts may hold keys)
                log.warning('starting the %s engine failed: %s', spec.name, type(error).__name__)
                self._reasons[spec.name] = (
                    f'This server cannot build the {spec.label} engine ({type(error).__name__}); see the log.'
                )

    def new_engine(self, name: str) -> VoiceEngine:
        """A fresh engine for one call, or a stand-in that says why this server cannot run it."""
        provider = self._providers.get(name)
        if provider is None:
            return UnavailableEngine(name, self.unavailable_reason(name) or '')
        return provider.new_engine()

    def unavailable_reason(self, name: str) -> str | None:
        """Why a call cannot use the engine here, in words; None when it can."""
        if name in self._providers:
            return None
        return self._reasons.get(name, f'The {name} voice engine is not available on this server yet.')

    async def check(self, name: str, *, timeout_s: float) -> EngineCheck:
        """The engine's connection test (its own, or opening and closing a session)."""
        spec, provider = spec_of(name, self.specs), self._providers.get(name)
        if spec is None or provider is None:
            return refusal(name, self.unavailable_reason(name) or '')
        return await (spec.check or connect_and_close)(spec, provider, timeout_s)

    async def aclose(self) -> None:
        """Closes what the calls shared (connection pools); calls still running keep their own sockets."""
        for name, provider in self._providers.items():
            try:
                await provider.aclose()
            except Exception as error:  # closing the others matters more
                log.warning('closing the %s engine failed: %s', name, type(error).__name__)


class UnavailableEngine:
    """Stands in for an engine that cannot run here, so the call's socket can say why instead of failing."""

    input_sample_rate = 16000
    output_sample_rate = 24000
    gives_prosody = False

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason

    async def connect(self, config: EngineConfig) -> None:
        raise EngineUnavailable(self.reason)

    async def send(self, event: UserInput) -> None:
        raise EngineUnavailable(self.reason)

    async def finish_input(self) -> None:
        return None

    async def events(self) -> AsyncIterator[EngineEvent]:
        return
        yield  # an async generator that yields nothing

    async def close(self) -> None:
        return None
