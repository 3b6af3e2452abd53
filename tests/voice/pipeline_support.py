"""Shared by the pipeline tests: the fake audio server, engines built from settings that point at it, and the rep's
spoken audio."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import numpy as np
import pytest
from pydantic import SecretStr

from services.voice.engine import EngineConfig
from services.voice.engine_spec import SettingValues
from services.voice.engines.pipeline.engine import PipelineEngine
from services.voice.engines.pipeline.spec import PipelineProvider, start
from services.voice.events import EngineEvent, UserAudio
from tests.fake_openai_audio import API_KEY, FakeOpenAIAudio
from tests.servers import serving
from tests.support.audio import spoken_fixture

CONFIG = EngineConfig.builtin('skeptical_buyer', scenario_text='ShieldOps to a hospital')
FRAME_BYTES = 3200  # 100 ms at 16 kHz


def stage_settings(base_url: str, **overrides: object) -> SettingValues:
    """Every stage on the fake, each with its own URL and key (as a self-hosted stack has them)."""
    values: dict[str, object] = {
        'PIPELINE_STT_BASE_URL': base_url,
        'PIPELINE_STT_API_KEY': SecretStr(API_KEY),
        'PIPELINE_STT_MODEL': 'whisper-test',
        'PIPELINE_LLM_BASE_URL': base_url,
        'PIPELINE_LLM_API_KEY': SecretStr(API_KEY),
        'PIPELINE_LLM_MODEL': 'llm-test',
        'PIPELINE_TTS_BASE_URL': base_url,
        'PIPELINE_TTS_API_KEY': SecretStr(API_KEY),
        'PIPELINE_TTS_MODEL': 'tts-test',
        'PIPELINE_TTS_VOICE': 'kokoro_heart',
        'PIPELINE_END_OF_TURN_MS': '600',
        'PIPELINE_TIMEOUT_S': '5',
    }
    values.update(overrides)
    return SettingValues(values)


@dataclass
class Running:
    fake: FakeOpenAIAudio
    base_url: str
    providers: list[PipelineProvider]

    def provider(self, **overrides: object) -> PipelineProvider:
        provider = start(stage_settings(self.base_url, **overrides))
        self.providers.append(provider)
        return provider

    async def engine(self, config: EngineConfig = CONFIG, **overrides: object) -> PipelineEngine:
        engine = self.provider(**overrides).new_engine()
        await engine.connect(config)
        return engine


@pytest.fixture
async def running() -> AsyncIterator[Running]:
    """The fake serving all three stages; providers built from it are closed at the end."""
    fake = FakeOpenAIAudio()
    async with serving(fake.app()) as port:
        state = Running(fake=fake, base_url=f'http://127.0.0.1:{port}/v1', providers=[])
        yield state
        for provider in state.providers:
            await provider.aclose()


def spoken(name: str = 'rep_opening_48k.wav', *, silence_s: float = 1.0) -> bytes:
    """A spoken fixture (16 kHz) followed by silence long enough to end the turn."""
    return spoken_fixture(name, trim_silence=True) + quiet(silence_s)


def quiet(seconds: float) -> bytes:
    noise = np.random.default_rng(3).normal(0, 30, int(seconds * 16000))
    return noise.astype('<i2').tobytes()


async def say(engine: PipelineEngine, pcm: bytes, *, real_time: float = 0.0) -> None:
    """The rep's audio in 100 ms frames; `real_time` > 0 paces it (1.0: as a microphone sends it)."""
    for begin in range(0, len(pcm), FRAME_BYTES):
        await engine.send(UserAudio(pcm=pcm[begin : begin + FRAME_BYTES]))
        await asyncio.sleep(0.1 * real_time)


async def events_until(
    events: AsyncIterator[EngineEvent], done: type, *, count: int = 1, within: float = 15.0
) -> list[EngineEvent]:
    seen: list[EngineEvent] = []
    async with asyncio.timeout(within):
        async for event in events:
            seen.append(event)
            if sum(isinstance(e, done) for e in seen) >= count:
                return seen
    return seen


def of_type(seen: list[EngineEvent], kind: type) -> list[EngineEvent]:
    return [event for event in seen if isinstance(event, kind)]
