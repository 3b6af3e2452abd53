"""Engine name → a fresh engine for one call."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Literal

from services.voice.engine import EngineConfig, EngineUnavailable, VoiceEngine
from services.voice.engines.demo import DemoEngine
from services.voice.events import EngineEvent, UserInput


@dataclass(frozen=True, kw_only=True, slots=True)
class ProviderSettings:
    """What the engines need from the server's settings (keys stay out of reprs)."""

    hume_api_key: str | None = None
    hume_api_url: str = 'https://api.hume.ai'
    hume_config_id: str | None = None
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_realtime_url: str | None = None
    openai_realtime_model: str = 'gpt-realtime-2.1'
    openai_transcribe_model: str = 'gpt-4o-mini-transcribe'
    openai_turn_detection: Literal['semantic_vad', 'server_vad'] = 'semantic_vad'
    openai_vad_eagerness: Literal['low', 'medium', 'high', 'auto'] = 'low'

    def __repr__(self) -> str:
        return (
            f'ProviderSettings(hume_api_url={self.hume_api_url!r}, hume_key_set={self.hume_api_key is not None}, '
            f'openai_realtime_model={self.openai_realtime_model!r}, openai_key_set={self.openai_api_key is not None})'
        )


EngineFactory = Callable[[str], VoiceEngine]


class Engines:
    """Builds engines for calls; shared provider clients are made once, here, at start-up, and closed at shutdown."""

    def __init__(self, settings: ProviderSettings) -> None:
        self._settings = settings
        self._hume: Any = None
        self._openai: Any = None
        if settings.hume_api_key:
            from services.voice.engines.hume_evi import hume_client  # loads the SDK only when used

            self._hume = hume_client(api_key=settings.hume_api_key, base_url=settings.hume_api_url)
        if settings.openai_api_key:
            from services.voice.engines.openai_realtime import openai_client

            self._openai = openai_client(
                api_key=settings.openai_api_key,
                base_url=settings.openai_base_url,
                realtime_url=settings.openai_realtime_url,
            )

    def __call__(self, name: str) -> VoiceEngine:
        if name == 'demo':
            return DemoEngine()
        if name == 'hume_evi':
            if self._hume is None:
                return UnavailableEngine(name, 'Hume EVI needs HUME_API_KEY; the admin has not set it.')
            from services.voice.engines.hume_evi import HumeEviEngine

            return HumeEviEngine(client=self._hume, config_id=self._settings.hume_config_id)
        if name == 'openai_realtime':
            if self._openai is None:
                return UnavailableEngine(name, 'OpenAI Realtime needs OPENAI_API_KEY; the admin has not set it.')
            from services.voice.engines.openai_realtime import OpenAIRealtimeEngine, RealtimeOptions

            options = RealtimeOptions(
                model=self._settings.openai_realtime_model,
                transcribe_model=self._settings.openai_transcribe_model,
                turn_detection=self._settings.openai_turn_detection,
                vad_eagerness=self._settings.openai_vad_eagerness,
            )
            return OpenAIRealtimeEngine(client=self._openai, options=options)
        return UnavailableEngine(name, f'The {name} voice engine is not available on this server yet.')

    async def aclose(self) -> None:
        """Closes the shared clients (their connection pools); calls still running keep their own sockets."""
        if self._openai is not None:
            await self._openai.close()


def engine_factory(settings: ProviderSettings) -> Engines:
    """The engine factory of a running server (an `EngineFactory` that can also close its shared clients)."""
    return Engines(settings)


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

    async def events(self) -> AsyncIterator[EngineEvent]:
        return
        yield  # an async generator that yields nothing

    async def close(self) -> None:
        return None
