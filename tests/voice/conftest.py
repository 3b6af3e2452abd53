"""The servers the call tests talk to: the app with the demo engine, and the app bridged to the fake EVI or the fake
Realtime server."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from app.runtime import Runtime
from app.settings import Settings
from tests import fake_evi
from tests.fake_openai import API_KEY as COACH_KEY
from tests.fake_openai import FakeOpenAI
from tests.fake_realtime import FakeRealtime
from tests.servers import serving
from tests.voice.calls import FOLLOW_UP, OPENING, serving_app


@pytest.fixture
async def server(runtime: Runtime, api_app: FastAPI) -> AsyncIterator[str]:
    """The API and the call socket (demo engine) served by uvicorn on a free port."""
    async with serving(api_app) as port:
        yield f'127.0.0.1:{port}'


@pytest.fixture
async def http(server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f'http://{server}', timeout=10) as client:
        yield client


@pytest.fixture
async def realtime_app(
    settings: Settings, api_app: FastAPI, fake_openai: tuple[FakeOpenAI, str]
) -> AsyncIterator[tuple[str, FakeRealtime]]:
    # One key for the voice and the AI coach, as a real deployment has; 2 s of voice per answer.
    fake = FakeRealtime(api_key=COACH_KEY, transcripts=[OPENING, FOLLOW_UP], chunks_per_reply=10)
    async with serving(fake.app()) as fake_port:
        configured = settings.model_copy(
            update={
                'voice_engine': 'auto',
                'openai_api_key': SecretStr(COACH_KEY),
                'openai_realtime_url': f'ws://127.0.0.1:{fake_port}/v1',
                'openai_base_url': fake_openai[1],  # the same key serves the AI coach
            }
        )
        async with serving_app(configured, api_app) as server:
            yield server, fake


@pytest.fixture
async def hume_app(settings: Settings, api_app: FastAPI) -> AsyncIterator[tuple[str, fake_evi.FakeEvi]]:
    fake = fake_evi.FakeEvi()
    async with serving(fake.app()) as evi_port:
        configured = settings.model_copy(
            update={
                'voice_engine': 'auto',
                'hume_api_key': SecretStr(fake_evi.API_KEY),
                'hume_api_url': f'http://127.0.0.1:{evi_port}',
                'hume_config_id': 'cfg-sales',
            }
        )
        async with serving_app(configured, api_app) as server:
            yield server, fake
