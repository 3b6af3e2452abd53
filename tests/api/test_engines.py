"""GET /engines and POST /engines/{name}/test: for admins only, with every secret shown as "set" and nothing more."""

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.log import configure_logging
from app.runtime import Runtime
from app.settings import Settings
from tests.factories import signup_and_login
from tests.fake_evi import API_KEY, FakeEvi
from tests.fake_realtime import API_KEY as REALTIME_KEY
from tests.fake_realtime import FakeRealtime
from tests.servers import serving

API = '/api/v1/engines'
HUME_SECRET = 'hume-key-SECRET-0123456789'
OPENAI_SECRET = 'sk-proj-SECRET-abcdef0123456789'


@pytest.fixture
def env() -> dict[str, str]:
    """Settings a test adds to the server's; parametrize `env` (or override it) to change them."""
    return {}


@pytest.fixture
def settings(database_url: str, tmp_path: Path, env: dict[str, str]) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / 'data', DATABASE_URL=database_url, **env)  # type: ignore[call-arg]


@pytest.fixture
async def admin(client: httpx.AsyncClient) -> dict[str, str]:
    return await signup_and_login(client, 'admin@example.com')  # the first account is the admin


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item['name']: item for item in items}


def settings_of(engine: dict[str, Any]) -> dict[str, str]:
    return {setting['name']: setting['value_shown'] for setting in engine['settings']}


async def test_an_admin_sees_each_engine_and_which_one_auto_picks_and_why(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    response = await client.get(API, headers=admin)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body['voice_engine_setting'] == 'auto'
    assert body['auto_choice'] == {'name': 'demo', 'reason': 'Demo: no voice provider is configured.'}
    assert body['coach'] == {'name': 'rule_based', 'kind': 'rule_based'}
    engines = by_name(body['engines'])
    assert list(engines) == ['demo', 'hume_evi', 'openai_realtime', 'pipeline']
    pipeline = engines['pipeline']
    assert (pipeline['label'], pipeline['configured'], pipeline['available']) == ('Speech pipeline', False, False)
    assert settings_of(pipeline)['PIPELINE_LLM_API_KEY'] == 'not set'
    assert pipeline['needs'].startswith('Give each stage a server')
    assert engines['demo'] == {
        'name': 'demo',
        'label': 'Demo',
        'configured': True,
        'available': True,
        'settings': [],
        'needs': None,
    }
    hume = engines['hume_evi']
    assert (hume['label'], hume['configured'], hume['available']) == ('Hume EVI', False, False)
    assert settings_of(hume)['HUME_API_KEY'] == 'not set'
    assert settings_of(hume)['HUME_API_URL'] == 'https://api.hume.ai'
    assert hume['needs'].startswith('Set HUME_API_KEY')
    openai = engines['openai_realtime']
    assert (openai['configured'], openai['available']) == (False, False)
    assert settings_of(openai)['OPENAI_API_KEY'] == 'not set'
    assert openai['needs'].startswith('Set OPENAI_API_KEY')


@pytest.mark.parametrize(
    'env',
    [
        {
            'HUME_API_KEY': HUME_SECRET,
            'HUME_SECRET_KEY': HUME_SECRET + '-secret',
            'HUME_API_URL': f'https://admin:{HUME_SECRET}@evi.example.com/?api_key={HUME_SECRET}',
            'OPENAI_API_KEY': OPENAI_SECRET,
            'OPENAI_REALTIME_URL': 'ws://127.0.0.1:9000/v1',
            'OPENAI_TURN_DETECTION': 'server_vad',
            'OPENAI_VAD_EAGERNESS': 'high',
        }
    ],
)
async def test_keys_are_shown_as_set_and_never_their_value(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await client.get(API, headers=admin)
    body = response.json()
    assert body['auto_choice'] == {'name': 'hume_evi', 'reason': 'Hume EVI: a Hume API key is configured.'}
    assert body['coach'] == {'name': 'openai:gpt-4o', 'kind': 'ai'}
    engines = by_name(body['engines'])
    hume = settings_of(engines['hume_evi'])
    assert hume['HUME_API_KEY'] == 'set' and hume['HUME_SECRET_KEY'] == 'set'
    assert hume['HUME_API_URL'] == 'https://evi.example.com/'
    assert engines['hume_evi']['configured'] and engines['hume_evi']['available']
    assert engines['hume_evi']['needs'] is None
    openai = settings_of(engines['openai_realtime'])
    assert openai['OPENAI_API_KEY'] == 'set'
    assert openai['OPENAI_REALTIME_URL'] == 'ws://127.0.0.1:9000/v1'
    assert (openai['OPENAI_TURN_DETECTION'], openai['OPENAI_VAD_EAGERNESS']) == ('server_vad', 'high')
    assert engines['openai_realtime']['configured']
    for secret in (HUME_SECRET, OPENAI_SECRET, HUME_SECRET[:8], OPENAI_SECRET[:8]):
        assert secret not in response.text


async def test_someone_who_is_not_an_admin_is_refused(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    rep = await signup_and_login(client, 'rep@example.com')
    listing = await client.get(API, headers=rep)
    assert (listing.status_code, listing.json()) == (403, {'detail': 'Admins only.'})
    test = await client.post(f'{API}/demo/test', headers=rep)
    assert (test.status_code, test.json()) == (403, {'detail': 'Admins only.'})


async def test_without_a_token_it_is_401(client: httpx.AsyncClient) -> None:
    assert (await client.get(API)).status_code == 401
    assert (await client.post(f'{API}/demo/test')).status_code == 401


async def test_the_demo_engine_passes_its_connection_test(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await client.post(f'{API}/demo/test', headers=admin)
    assert response.status_code == 200, response.text
    check = response.json()
    assert (check['engine'], check['ok']) == ('demo', True)
    assert check['message'].startswith('Demo works: a session opened in ')
    assert 0 <= check['seconds'] < 15


async def test_an_engine_that_cannot_run_here_says_why(
    client: httpx.AsyncClient, admin: dict[str, str], runtime: Runtime
) -> None:
    check = (await client.post(f'{API}/openai_realtime/test', headers=admin)).json()
    assert check == {  # no OpenAI key in these settings: nothing is even tried
        'engine': 'openai_realtime',
        'ok': False,
        'seconds': 0.0,
        'message': 'OpenAI Realtime needs OPENAI_API_KEY; the admin has not set it.',
    }


@pytest.mark.parametrize(
    'name', ['nope', 'DEMO', 'demo%20', '..%2F..%2Fetc', '%00', 'h%C3%BCme', '%ED%A0%80', '%F0%9F%92%A5', 'x' * 3000]
)
async def test_an_unknown_or_odd_engine_name_is_not_found(
    client: httpx.AsyncClient, admin: dict[str, str], name: str
) -> None:
    response = await client.post(f'{API}/{name}/test', headers=admin)
    assert response.status_code in (404, 422), response.text
    if name == 'nope':
        expected = 'No such engine; choose one of: demo, hume_evi, openai_realtime, pipeline.'
        assert response.json() == {'detail': expected}


@pytest.mark.parametrize('env', [{'HUME_API_KEY': API_KEY, 'HUME_API_URL': 'http://127.0.0.1:9'}])
async def test_an_unreachable_server_is_explained(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    check = (await client.post(f'{API}/hume_evi/test', headers=admin)).json()  # nothing listens on port 9
    assert not check['ok']
    assert check['message'] == 'Hume EVI cannot be reached (ConnectionRefusedError).'


class TestHumeEviAgainstTheFake:
    """The real engine and SDK, pointed at the local EVI fake through HUME_API_URL."""

    @pytest.fixture
    def key(self) -> str:
        return API_KEY

    @pytest.fixture
    def fake(self) -> FakeEvi:
        return FakeEvi()

    @pytest.fixture
    async def env(self, fake: FakeEvi, key: str) -> AsyncIterator[dict[str, str]]:
        async with serving(fake.app()) as port:
            yield {'HUME_API_KEY': key, 'HUME_API_URL': f'http://127.0.0.1:{port}'}

    async def test_a_connection_test_opens_a_chat(
        self, client: httpx.AsyncClient, admin: dict[str, str], fake: FakeEvi
    ) -> None:
        response = await client.post(f'{API}/hume_evi/test', headers=admin)
        check = response.json()
        assert check['ok'], check
        assert check['message'].startswith('Hume EVI works: a session opened in ')
        assert len(fake.connections) == 1
        assert fake.connections[0].settings  # the persona's prompt went out: the chat really started
        assert API_KEY not in response.text

    @pytest.mark.parametrize('key', ['sk-wrong-SECRET-987654321'])
    async def test_a_wrong_key_is_refused_in_words_without_the_key(
        self, client: httpx.AsyncClient, admin: dict[str, str], key: str, caplog: pytest.LogCaptureFixture
    ) -> None:
        configure_logging('DEBUG')  # the server's own logging, at its most talkative
        caplog.set_level(logging.DEBUG)
        response = await client.post(f'{API}/hume_evi/test', headers=admin)
        assert response.status_code == 200
        check = response.json()
        assert not check['ok']
        assert check['message'] == 'Hume refused the API key (HTTP 401); check HUME_API_KEY.'
        assert key not in response.text
        assert caplog.records  # the log was captured, so the next line looks at real lines
        assert key not in caplog.text


class TestOpenAIRealtimeAgainstTheFake:
    """The real engine and the openai SDK, pointed at the local Realtime fake through OPENAI_REALTIME_URL."""

    @pytest.fixture
    def key(self) -> str:
        return REALTIME_KEY

    @pytest.fixture
    async def env(self, key: str) -> AsyncIterator[dict[str, str]]:
        async with serving(FakeRealtime().app()) as port:
            yield {'OPENAI_API_KEY': key, 'OPENAI_REALTIME_URL': f'ws://127.0.0.1:{port}/v1'}

    async def test_a_connection_test_opens_a_session(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        response = await client.post(f'{API}/openai_realtime/test', headers=admin)
        check = response.json()
        assert check['ok'], check
        assert check['message'].startswith('OpenAI Realtime works: a session opened in ')
        assert REALTIME_KEY not in response.text

    @pytest.mark.parametrize('key', ['sk-wrong-SECRET-realtime-4242'])
    async def test_a_wrong_key_is_refused_without_the_key(
        self, client: httpx.AsyncClient, admin: dict[str, str], key: str, caplog: pytest.LogCaptureFixture
    ) -> None:
        configure_logging('DEBUG')
        caplog.set_level(logging.DEBUG)
        response = await client.post(f'{API}/openai_realtime/test', headers=admin)
        check = response.json()
        assert not check['ok']
        assert 'refused the API key (HTTP 401)' in check['message']
        assert caplog.records
        assert key not in response.text and key not in caplog.text
