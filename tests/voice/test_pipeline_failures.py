"""A pipeline stage that fails, is too slow or is misconfigured: the rep is told in words, the call goes on, the
connection test names the stage, and no key is ever printed."""

import logging

import pytest
from pydantic import SecretStr

from services.voice.engine_spec import SettingValues
from services.voice.engines.pipeline.spec import SPEC, check, unmet
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    Transcribing,
    UserText,
    UserUtterance,
)
from services.voice.registry import EngineChoice, RunningEngines, choose_engine
from tests.e2e.server import free_port
from tests.fake_openai_audio import API_KEY, Step
from tests.voice.pipeline_support import Running, events_until, of_type, running, say, spoken, stage_settings

__all__ = ['running']  # the fixture, used by name

WRONG_KEY = 'sk-wrong-key-do-not-print-0123456789'


def errors(seen: list[object]) -> list[EngineError]:
    return [event for event in seen if isinstance(event, EngineError)]


async def test_speech_to_text_that_fails_keeps_the_turn_as_inaudible_and_the_call_goes_on(running: Running) -> None:
    running.fake.stt.steps.append(Step(status=503))
    running.fake.replies.append('Go on.')
    engine = await running.engine()
    events = engine.events()
    await say(engine, spoken())
    seen = await events_until(events, Transcribing, count=2)
    [error] = errors(seen)
    assert error.code == 'speech_to_text' and not error.fatal
    assert error.message == (
        'The prospect did not catch that: speech-to-text failed (HTTP 503, an error). Say it again, or type it.'
    )
    [rep] = of_type(seen, UserUtterance)
    assert isinstance(rep, UserUtterance) and rep.text == '[inaudible]' and rep.end_s is not None
    assert not running.fake.llm.requests  # nothing to answer
    await engine.send(UserText(text='Can you hear me now?'))
    seen = await events_until(events, AssistantEnd)
    await engine.close()
    assert [e.text for e in of_type(seen, AssistantUtterance) if isinstance(e, AssistantUtterance)] == ['Go on.']


async def test_a_language_model_that_fails_is_told_and_the_next_turn_hears_both(running: Running) -> None:
    running.fake.llm.steps.append(Step(status=500))
    running.fake.replies.append('Sure.')
    engine = await running.engine()
    events = engine.events()
    await engine.send(UserText(text='Hello?'))
    [error] = errors(await events_until(events, EngineError))
    assert error.code == 'language_model' and not error.fatal
    assert 'language model failed (HTTP 500, an error)' in error.message
    await engine.send(UserText(text='Are you there?'))
    seen = await events_until(events, AssistantEnd)
    await engine.close()
    assert [m['content'] for m in running.fake.llm.requests[1]['messages'][1:]] == ['Hello?', 'Are you there?']
    assert [e.text for e in of_type(seen, AssistantUtterance) if isinstance(e, AssistantUtterance)] == ['Sure.']


async def test_a_model_that_breaks_off_keeps_the_sentences_it_had_spoken(running: Running) -> None:
    running.fake.llm.steps.append(Step(text='We use an old system. It mostly works.', fail_after=6))
    engine = await running.engine()
    await engine.send(UserText(text='What do you use?'))
    seen = await events_until(engine.events(), AssistantEnd)
    await engine.close()
    [error] = errors(seen)
    assert 'broke off' in error.message
    [line] = of_type(seen, AssistantUtterance)
    assert isinstance(line, AssistantUtterance) and line.text == 'We use an old system.'


async def test_a_voice_that_fails_leaves_the_answer_as_text(running: Running) -> None:
    running.fake.tts.steps.append(Step(status=500))
    running.fake.replies.append('We use an old system. It mostly works.')
    engine = await running.engine()
    await engine.send(UserText(text='What do you use?'))
    seen = await events_until(engine.events(), AssistantEnd)
    await engine.close()
    [error] = errors(seen)
    assert error.code == 'text_to_speech' and not error.fatal
    assert error.message == (
        "The prospect's voice failed (text-to-speech: HTTP 500, an error); its words are in the transcript."
    )
    assert not of_type(seen, AssistantAudio)
    assert len(running.fake.tts.requests) == 1  # the rest of the answer was not asked for
    [line] = of_type(seen, AssistantUtterance)
    assert isinstance(line, AssistantUtterance) and line.text == 'We use an old system. It mostly works.'


@pytest.mark.parametrize('stage', ['stt', 'llm'])
async def test_a_stage_that_is_too_slow_is_told_in_words(running: Running, stage: str) -> None:
    getattr(running.fake, stage).steps.append(Step(delay_s=3.0))
    engine = await running.engine(PIPELINE_TIMEOUT_S='1')
    if stage == 'stt':
        await say(engine, spoken())
    else:
        await engine.send(UserText(text='Hello?'))
    [error] = errors(await events_until(engine.events(), EngineError))
    await engine.close()
    assert '(no answer in time)' in error.message and not error.fatal


async def test_the_connection_test_names_the_stage_that_is_misconfigured(running: Running) -> None:
    provider = running.provider(PIPELINE_TTS_API_KEY=SecretStr(WRONG_KEY))
    result = await check(SPEC, provider, 5.0)
    assert not result.ok
    assert result.message.startswith('Speech pipeline: Speech-to-text works (')
    assert '; language model works (' in result.message
    assert (
        '; text-to-speech failed: HTTP 401, the API key was refused (check the PIPELINE_TTS_* settings).'
        in result.message
    )
    assert WRONG_KEY[-4:] not in result.message


async def test_the_connection_test_passes_when_every_stage_answers(running: Running) -> None:
    result = await check(SPEC, running.provider(), 5.0)
    assert result.ok, result.message
    assert [r['seconds'] for r in running.fake.stt.requests] == [0.5]
    assert running.fake.tts.requests[0]['input'] == 'Hello.'


async def test_a_stage_nobody_answers_for_is_named_through_the_registry(running: Running) -> None:
    nowhere = f'http://127.0.0.1:{free_port()}/v1'
    engines = RunningEngines(stage_settings(running.base_url, PIPELINE_LLM_BASE_URL=nowhere))
    result = await engines.check('pipeline', timeout_s=5)
    await engines.aclose()
    assert not result.ok and 'language model failed: the server cannot be reached' in result.message


def test_a_stage_with_neither_server_nor_key_is_what_the_pipeline_needs() -> None:
    values = SettingValues({'PIPELINE_LLM_BASE_URL': 'http://127.0.0.1:11434/v1', 'PIPELINE_TTS_MODEL': 'local'})
    assert unmet(values) == ['PIPELINE_STT_BASE_URL or PIPELINE_STT_API_KEY (or PIPELINE_STT_MODEL=local)']
    assert not SPEC.configured(values)
    local = SettingValues({**{'PIPELINE_STT_MODEL': 'local'}, **dict(_items(values))})
    assert SPEC.configured(local)
    assert choose_engine('auto', local) == EngineChoice('pipeline', 'Speech pipeline: its three stages are configured.')
    # With an OpenAI key, auto prefers OpenAI Realtime.
    with_key = SettingValues({**dict(_items(local)), 'OPENAI_API_KEY': SecretStr('sk-x')})
    assert choose_engine('auto', with_key).name == 'openai_realtime'


def _items(values: SettingValues) -> list[tuple[str, object]]:
    names = ('PIPELINE_LLM_BASE_URL', 'PIPELINE_TTS_MODEL', 'PIPELINE_STT_MODEL')
    return [(name, values.text(name)) for name in names if values.is_set(name)]


async def test_the_openai_key_goes_only_to_stages_without_a_server_of_their_own(running: Running) -> None:
    values = SettingValues(
        {
            'OPENAI_API_KEY': SecretStr(API_KEY),
            'OPENAI_BASE_URL': running.base_url,
            'PIPELINE_STT_BASE_URL': running.base_url,  # its own server, no key of its own
            'PIPELINE_STT_MODEL': 'whisper-test',
            'PIPELINE_LLM_MODEL': 'llm-test',
            'PIPELINE_TTS_MODEL': 'tts-test',
        }
    )
    provider = SPEC.start(values)
    result = await check(SPEC, provider, 5.0)
    await provider.aclose()
    assert running.fake.stt.headers[0]['authorization'] == 'Bearer not-needed'
    assert running.fake.llm.headers[0]['authorization'] == f'Bearer {API_KEY}'
    assert 'Speech-to-text failed: HTTP 401, the API key was refused' in result.message


async def test_no_key_reaches_the_log_or_the_rep_even_at_debug_level(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = {f'PIPELINE_{stage}_API_KEY': SecretStr(WRONG_KEY) for stage in ('STT', 'LLM', 'TTS')}
    engine = await running.engine(**wrong)
    events = engine.events()
    await engine.send(UserText(text='Hello?'))
    seen = await events_until(events, EngineError)
    result = await check(SPEC, running.provider(**wrong), 5.0)
    await engine.close()
    printed = caplog.text + ' '.join(e.message for e in errors(seen)) + result.message + repr(running.providers)
    assert running.fake.llm.requests  # the request was made (and refused)
    assert 'the API key was refused' in errors(seen)[0].message
    for secret in (WRONG_KEY, WRONG_KEY[:10], WRONG_KEY[-4:], API_KEY):
        assert secret not in printed
