"""Engine name → a fresh engine for one call."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from services.voice.engine import EngineConfig, EngineUnavailable, VoiceEngine
from services.voice.engines.demo import DemoEngine
from services.voice.events import EngineEvent, UserInput


@dataclass(frozen=True, kw_only=True, slots=True)
class ProviderSettings:
    """What the engines need from the server's settings (keys stay out of reprs)."""

    hume_api_key: str | None = None
    hume_api_url: str = 'https://api.hume.ai'
    hume_config_id: str | None = None

    def __repr__(self) -> str:
        return f'ProviderSettings(hume_api_url={self.hume_api_url!r}, hume_key_set={self.hume_api_key is not None})'


EngineFactory = Callable[[str], VoiceEngine]


def engine_factory(settings: ProviderSettings) -> EngineFactory:
    """Builds engines for calls; shared provider clients are made once, here, at start-up."""
    hume = None
    if settings.hume_api_key:
        from services.voice.engines.hume_evi import HumeEviEngine, hume_client  # loads the SDK only when used

        hume = hume_client(api_key=settings.hume_api_key, base_url=settings.hume_api_url)

    def build(name: str) -> VoiceEngine:
        if name == 'demo':
            return DemoEngine()
        if name == 'hume_evi':
            if hume is None:
                return UnavailableEngine(name, 'Hume EVI needs HUME_API_KEY; the admin has not set it.')
            return HumeEviEngine(client=hume, config_id=settings.hume_config_id)
        return UnavailableEngine(name, f'The {name} voice engine is not available on this server yet.')

    return build


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
