"""The connection test puts every outcome in words, within its time limit, and never shows or logs a secret."""

import asyncio
import logging
import re
import socket

import pytest

from services.voice.engine import EngineConfig, EngineUnavailable, VoiceEngine
from services.voice.engine_check import check_engine
from services.voice.engine_status import EngineSettings, engine_status, shown_url
from services.voice.registry import EngineFactory, ProviderSettings, UnavailableEngine, engine_factory
from tests.voice.fakes import ScriptedEngine

SECRET = 'sk-live-5ecret-0123456789abcdef'


class HangingEngine(ScriptedEngine):
    async def connect(self, config: EngineConfig) -> None:
        await asyncio.Event().wait()


class SdkError(Exception):
    """Like the vendors' SDK errors: a status code, and a text that carries the request's headers."""

    def __init__(self, status_code: int) -> None:
        super().__init__(f'HTTP {status_code}; request headers: Authorization: Bearer {SECRET}')
        self.status_code = status_code


def always(engine: VoiceEngine) -> EngineFactory:
    return lambda _name: engine


async def test_a_session_that_opens_is_reported_with_its_time_and_closed() -> None:
    engine = ScriptedEngine()
    check = await check_engine(always(engine), 'scripted')
    assert check.ok and check.engine == 'scripted'
    assert 0 <= check.seconds < 1
    assert re.fullmatch(r'scripted works: a session opened in (under 1|\d+) ms\.', check.message)
    assert engine.config is not None and engine.config.persona.id == 'friendly_prospect'
    assert engine.closed == 1


async def test_the_demo_engine_opens() -> None:
    check = await check_engine(engine_factory(ProviderSettings()), 'demo')
    assert check.ok, check.message
    assert check.message.startswith('Demo works')


async def test_a_connection_that_hangs_is_given_up_in_words_and_closed() -> None:
    engine = HangingEngine()
    check = await check_engine(always(engine), 'scripted', timeout_s=0.05)
    assert not check.ok
    assert check.message == 'scripted did not answer within 0.05 seconds; the server is slow or unreachable.'
    assert 0.05 <= check.seconds < 2
    assert engine.closed == 1


async def test_an_unavailable_engine_says_why_in_its_own_words() -> None:
    check = await check_engine(lambda name: UnavailableEngine(name, 'Hume EVI needs HUME_API_KEY.'), 'hume_evi')
    assert not check.ok
    assert check.message == 'Hume EVI needs HUME_API_KEY.'


async def test_engine_unavailable_from_connect_gives_its_rep_message() -> None:
    engine = ScriptedEngine(fail_connect=EngineUnavailable('Hume refused the API key (HTTP 401); check HUME_API_KEY.'))
    check = await check_engine(always(engine), 'scripted')
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
    check = await check_engine(always(ScriptedEngine(fail_connect=error)), 'scripted')
    assert not check.ok
    assert words in check.message
    assert SECRET not in check.model_dump_json()
    assert type(error).__name__ in caplog.text  # the log says what kind of failure it was
    assert SECRET not in caplog.text


async def test_an_engine_that_cannot_even_be_built_is_a_failure_in_words(caplog: pytest.LogCaptureFixture) -> None:
    def factory(name: str) -> VoiceEngine:
        raise ValueError(f'bad key {SECRET}')

    check = await check_engine(factory, 'openai_realtime')
    assert not check.ok and check.message == (
        'The connection test of OpenAI Realtime failed (ValueError); the server log has the time it happened.'
    )
    assert SECRET not in check.message + caplog.text


async def test_a_close_that_fails_does_not_spoil_a_session_that_opened(caplog: pytest.LogCaptureFixture) -> None:
    class BadClose(ScriptedEngine):
        async def close(self) -> None:
            raise RuntimeError(SECRET)

    check = await check_engine(always(BadClose()), 'scripted')
    assert check.ok
    assert 'RuntimeError' in caplog.text and SECRET not in caplog.text


def test_the_status_shows_whether_secrets_are_set_and_urls_without_credentials() -> None:
    settings = EngineSettings(
        hume_api_key_set=True,
        hume_api_url=f'https://admin:{SECRET}@evi.example.com:8443/v0?api_key={SECRET}#{SECRET}',
        openai_api_key_set=False,
        openai_realtime_url='ws://127.0.0.1:9000/v1',
        openai_model='gpt-4o',
        openai_realtime_model='gpt-realtime-2.1',
        openai_transcribe_model='gpt-4o-mini-transcribe',
        openai_turn_detection='semantic_vad',
        openai_vad_eagerness='low',
    )
    statuses = {status.name: status for status in engine_status(settings, factory=engine_factory(ProviderSettings()))}
    assert list(statuses) == ['demo', 'hume_evi', 'openai_realtime']
    hume = dict((s.name, s.value_shown) for s in statuses['hume_evi'].settings)
    assert hume['HUME_API_KEY'] == 'set' and hume['HUME_SECRET_KEY'] == 'not set'
    assert hume['HUME_API_URL'] == 'https://evi.example.com:8443/v0'
    # Configured by the settings, but this factory was built without a key: it cannot run, and says why.
    assert statuses['hume_evi'].configured and not statuses['hume_evi'].available
    assert statuses['hume_evi'].needs == 'Hume EVI needs HUME_API_KEY; the admin has not set it.'
    openai = dict((s.name, s.value_shown) for s in statuses['openai_realtime'].settings)
    assert openai['OPENAI_API_KEY'] == 'not set'
    assert openai['OPENAI_REALTIME_URL'] == 'ws://127.0.0.1:9000/v1'
    assert statuses['openai_realtime'].needs is not None and 'OPENAI_API_KEY' in statuses['openai_realtime'].needs
    assert statuses['demo'].available and statuses['demo'].needs is None
    assert SECRET not in repr(statuses)


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
