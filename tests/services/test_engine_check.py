"""The connection test puts every outcome in words, within its time limit, and never shows or logs a secret."""

import asyncio
import logging
import re
import socket
from collections.abc import Callable

import pytest
from pydantic import SecretStr

from services.voice.engine import EngineConfig, EngineUnavailable, VoiceEngine
from services.voice.engine_check import EngineCheck, connect_and_close
from services.voice.engine_spec import EngineSpec, Provider, SettingValues
from services.voice.engine_status import engine_status, shown_url
from services.voice.registry import ENGINES, RunningEngines, spec_of
from tests.support.fakes import ScriptedEngine

SECRET = 'sk-live-5ecret-0123456789abcdef'


class HangingEngine(ScriptedEngine):
    async def connect(self, config: EngineConfig) -> None:
        await asyncio.Event().wait()


class SdkError(Exception):
    """Like the vendors' SDK errors: a status code, and a text that carries the request's headers."""

    def __init__(self, status_code: int) -> None:
        super().__init__(f'HTTP {status_code}; request headers: Authorization: Bearer {SECRET}')
        self.status_code = status_code


def scripted_spec(make: Callable[[], VoiceEngine]) -> EngineSpec:
    return EngineSpec(name='scripted', label='scripted', gives_prosody=True, start=lambda _: Provider(make=make))


async def check_engine(engine: VoiceEngine, *, timeout_s: float = 15.0) -> EngineCheck:
    """The default connection test of an engine that hands out `engine`."""
    spec = scripted_spec(lambda: engine)
    return await connect_and_close(spec, spec.start(SettingValues({})), timeout_s)


async def test_a_session_that_opens_is_reported_with_its_time_and_closed() -> None:
    engine = ScriptedEngine()
    check = await check_engine(engine)
    assert check.ok and check.engine == 'scripted'
    assert 0 <= check.seconds < 1
    assert re.fullmatch(r'scripted works: a session opened in (under 1|\d+) ms\.', check.message)
    assert engine.config is not None and engine.config.prospect_id == 'friendly_prospect'
    assert engine.closed == 1


async def test_the_demo_engine_opens() -> None:
    check = await RunningEngines(SettingValues({})).check('demo', timeout_s=15)
    assert check.ok, check.message
    assert check.message.startswith('Demo works')


async def test_a_connection_that_hangs_is_given_up_in_words_and_closed() -> None:
    engine = HangingEngine()
    check = await check_engine(engine, timeout_s=0.05)
    assert not check.ok
    assert check.message == 'scripted did not answer within 0.05 seconds; the server is slow or unreachable.'
    assert 0.05 <= check.seconds < 2
    assert engine.closed == 1


async def test_an_unavailable_engine_says_why_in_its_own_words() -> None:
    check = await RunningEngines(SettingValues({})).check('hume_evi', timeout_s=15)
    assert not check.ok
    assert check.message == 'Hume EVI needs HUME_API_KEY; the admin has not set it.'


async def test_engine_unavailable_from_connect_gives_its_rep_message() -> None:
    engine = ScriptedEngine(fail_connect=EngineUnavailable('Hume refused the API key (HTTP 401); check HUME_API_KEY.'))
    check = await check_engine(engine)
    assert (check.ok, check.message) == (False, 'Hume refused the API key (HTTP 401); check HUME_API_KEY.')


@pytest.mark.parametrize(
    ('error', 'words'),
    [
        (RuntimeError(f'handshake failed with Authorization: Bearer {SECRET}'), 'failed (RuntimeError)'),
        (SdkError(401), 'refused the API key (HTTP 401)'),
        (SdkError(503), 'refused the connection (HTTP 503)'),
        (ConnectionRefusedError(111, f'Connect call failed ({SECRET})'), 'connection refused'),
        (socket.gaierror(-2, f'Name or service not known: {SECRET}.example'), 'host name cannot be resolved'),
        (OSError(f'unreachable {SECRET}'), 'cannot be reached (OSError)'),
    ],
)
async def test_a_failure_is_put_in_words_without_the_secret_in_its_text(
    error: Exception, words: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    check = await check_engine(ScriptedEngine(fail_connect=error))
    assert not check.ok
    assert words in check.message
    assert SECRET not in check.model_dump_json()
    assert type(error).__name__ in caplog.text  # the log says what kind of failure it was
    assert SECRET not in caplog.text


async def test_an_engine_that_cannot_even_be_built_is_a_failure_in_words(caplog: pytest.LogCaptureFixture) -> None:
    def make() -> VoiceEngine:
        raise ValueError(f'bad key {SECRET}')

    spec = scripted_spec(make)
    check = await connect_and_close(spec, spec.start(SettingValues({})), 15)
    assert not check.ok and check.message == (
        'The connection test of scripted failed (ValueError); the server log has the time it happened.'
    )
    assert SECRET not in check.message + caplog.text


async def test_a_close_that_fails_does_not_spoil_a_session_that_opened(caplog: pytest.LogCaptureFixture) -> None:
    class BadClose(ScriptedEngine):
        async def close(self) -> None:
            raise RuntimeError(SECRET)

    check = await check_engine(BadClose())
    assert check.ok
    assert 'RuntimeError' in caplog.text and SECRET not in caplog.text


def test_the_status_shows_whether_secrets_are_set_and_urls_without_credentials() -> None:
    values = SettingValues(
        {
            'HUME_API_KEY': SecretStr(SECRET),
            'HUME_API_URL': f'https://admin:{SECRET}@evi.example.com:8443/v0?api_key={SECRET}#{SECRET}',
            'OPENAI_REALTIME_URL': 'ws://127.0.0.1:9000/v1',
            'OPENAI_REALTIME_MODEL': 'gpt-realtime-2.1',
            'PIPELINE_LLM_BASE_URL': f'http://ollama:{SECRET}@127.0.0.1:11434/v1?key={SECRET}',
            'PIPELINE_LLM_API_KEY': SecretStr(SECRET),
        }
    )
    # Configured by these settings, but the server started without a key: it cannot run, and says why.
    running = RunningEngines(SettingValues({}))
    statuses = {spec.name: engine_status(spec, values, running) for spec in ENGINES}
    assert list(statuses) == ['demo', 'hume_evi', 'openai_realtime', 'pipeline']
    pipeline = dict((s.name, s.value_shown) for s in statuses['pipeline'].settings)
    assert pipeline['PIPELINE_LLM_API_KEY'] == 'set' and pipeline['PIPELINE_TTS_API_KEY'] == 'not set'
    assert pipeline['PIPELINE_LLM_BASE_URL'] == 'http://127.0.0.1:11434/v1'
    assert not statuses['pipeline'].configured  # speech-to-text and text-to-speech have neither server nor key
    hume = dict((s.name, s.value_shown) for s in statuses['hume_evi'].settings)
    assert hume['HUME_API_KEY'] == 'set' and hume['HUME_SECRET_KEY'] == 'not set'
    assert hume['HUME_API_URL'] == 'https://evi.example.com:8443/v0'
    assert hume['HUME_CONFIG_ID'] == 'not set (EVI default)'
    assert statuses['hume_evi'].configured and not statuses['hume_evi'].available
    assert statuses['hume_evi'].needs == 'Hume EVI needs HUME_API_KEY; the admin has not set it.'
    openai = dict((s.name, s.value_shown) for s in statuses['openai_realtime'].settings)
    assert openai['OPENAI_API_KEY'] == 'not set'
    assert openai['OPENAI_REALTIME_URL'] == 'ws://127.0.0.1:9000/v1'
    assert openai['OPENAI_BASE_URL'] == "not set (the SDK's default)"
    assert statuses['openai_realtime'].needs is not None and 'OPENAI_API_KEY' in statuses['openai_realtime'].needs
    assert statuses['demo'].available and statuses['demo'].needs is None
    assert SECRET not in repr(statuses) + repr(values)


def test_a_secret_setting_is_not_read_as_text() -> None:
    values = SettingValues({'HUME_API_KEY': SecretStr(SECRET)})
    with pytest.raises(TypeError, match='HUME_API_KEY is a secret'):
        values.text('HUME_API_KEY')
    assert values.required('HUME_API_KEY') == SECRET  # only an engine's factory reads it
    spec = spec_of('hume_evi')
    assert spec is not None and spec.configured(values) and spec.missing(SettingValues({})) == ['HUME_API_KEY']


@pytest.mark.parametrize(
    ('url', 'shown'),
    [
        (None, 'not set'),
        ('https://api.hume.ai', 'https://api.hume.ai'),
        (f'wss://{SECRET}@realtime.example/v1?key={SECRET}', 'wss://realtime.example/v1'),
        (f'{SECRET}', 'set (not a URL)'),
    ],
)
def test_a_url_is_shown_without_what_could_be_a_credential(url: str | None, shown: str) -> None:
    assert shown_url(url) == shown
