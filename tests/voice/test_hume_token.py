"""GET /api/v1/hume/token against the fake's OAuth2 endpoint: a token, or a clear 502 with no secret."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from app.runtime import Runtime, set_runtime
from app.settings import Settings
from tests.factories import signup_and_login
from tests.fake_evi import API_KEY, SECRET_KEY, FakeEvi
from tests.servers import serving


@pytest.fixture
async def fake_url() -> AsyncIterator[tuple[str, FakeEvi]]:
    fake = FakeEvi()
    async with serving(fake.app()) as port:
        yield f'http://127.0.0.1:{port}', fake


async def client_with(settings: Settings, api_app: FastAPI, **changes: object) -> tuple[Runtime, httpx.AsyncClient]:
    runtime = await Runtime.start(settings.model_copy(update=changes))
    set_runtime(runtime)
    return runtime, httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app), base_url='http://test')


@pytest.mark.parametrize(
    ('key', 'secret', 'url', 'status', 'says'),
    [
        (API_KEY, SECRET_KEY, None, 200, None),
        (API_KEY, 'sk-wrong-secret', None, 502, 'Hume refused the token request (HTTP 401); check the Hume keys.'),
        (API_KEY, SECRET_KEY, 'http://127.0.0.1:9', 502, 'Hume cannot be reached right now (ConnectError).'),
        (None, None, None, 503, 'Hume is not configured here (HUME_API_KEY and HUME_SECRET_KEY).'),
    ],
)
async def test_the_token_route(
    settings: Settings,
    api_app: FastAPI,
    fake_url: tuple[str, FakeEvi],
    key: str | None,
    secret: str | None,
    url: str | None,
    status: int,
    says: str | None,
) -> None:
    base, fake = fake_url
    runtime, client = await client_with(
        settings,
        api_app,
        hume_api_key=SecretStr(key) if key else None,
        hume_secret_key=SecretStr(secret) if secret else None,
        hume_api_url=url or base,
    )
    try:
        headers = await signup_and_login(client)
        assert (await client.get('/api/v1/hume/token')).status_code == 401  # signed-in users only
        response = await client.get('/api/v1/hume/token', headers=headers)
        assert response.status_code == status
        if status == 200:
            body = response.json()
            assert body['access_token'] in fake.tokens
            assert body['expires_in'] == 1800
            assert set(body) == {'access_token', 'expires_in'}
        else:
            assert response.json()['detail'] == says
            assert 'sk-wrong-secret' not in response.text and API_KEY not in response.text
    finally:
        await client.aclose()
        await runtime.stop()
        set_runtime(None)
