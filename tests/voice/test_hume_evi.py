"""The Hume EVI engine, through the real Hume SDK, against the local protocol fake."""

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator

import pytest
from hume import AsyncHumeClient
from hume.empathic_voice import UserInput

from app.log import configure_logging
from services.emotion_analysis import PROSODY_NAMES
from services.voice.engine import EngineConfig, EngineUnavailable
from services.voice.engines.hume_evi import HumeEviEngine, hume_client
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    Interruption,
    LastLineSaid,
    SessionInfo,
    TimeUp,
    UserAudio,
    UserText,
    UserUtterance,
)
from tests.fake_evi import API_KEY, REPLY, FakeEvi
from tests.servers import serving
from tests.support.fakes import collect
from tests.support.waiting import until
from tests.voice import custom_prospect

CONFIG = EngineConfig.builtin('skeptical_buyer', scenario_text='ShieldOps to a hospital')
SECOND_OF_AUDIO = b'\x10\x00' * 16000
LAST_LINE = "I'm afraid I have to stop here, I have another meeting now. Thanks for the call."


@pytest.fixture
def fake() -> FakeEvi:
    return FakeEvi()


@pytest.fixture
async def evi_url(fake: FakeEvi) -> AsyncIterator[str]:
    async with serving(fake.app()) as port:
        yield f'http://127.0.0.1:{port}'


async def connected(evi_url: str, key: str = API_KEY, config_id: str | None = 'cfg-1') -> HumeEviEngine:
    engine = HumeEviEngine(client=hume_client(api_key=key, base_url=evi_url), config_id=config_id)
    await engine.connect(CONFIG)
    return engine


async def test_connects_declares_the_audio_and_sends_the_persona_prompt(fake: FakeEvi, evi_url: str) -> None:
    engine = await connected(evi_url)
    events = engine.events()
    info = await anext(events)
    assert isinstance(info, SessionInfo) and info.provider_chat_id and info.provider_group_id
    await until(lambda: bool(fake.connections and fake.connections[0].settings))
    [connection] = fake.connections
    assert connection.query['config_id'] == 'cfg-1'
    assert connection.query['verbose_transcription'] == 'true'
    [settings] = connection.settings
    assert settings['audio'] == {'channels': 1, 'encoding': 'linear16', 'sample_rate': 16000}
    assert 'Morgan Reyes' in settings['system_prompt'] and 'ShieldOps to a hospital' in settings['system_prompt']
    await engine.close()


async def test_a_teams_prospect_and_scenario_are_the_session_settings_prompt(fake: FakeEvi, evi_url: str) -> None:
    engine = HumeEviEngine(client=hume_client(api_key=API_KEY, base_url=evi_url), config_id='cfg-1')
    await engine.connect(custom_prospect.CONFIG)
    await until(lambda: bool(fake.connections and fake.connections[0].settings))
    [settings] = fake.connections[0].settings
    for words in custom_prospect.CARRIED:
        assert words in settings['system_prompt'], words
    assert 'voice_id' not in settings  # no Hume voice named: the EVI configuration's voice speaks
    await engine.close()
    named = custom_prospect.PROSPECT.model_copy(
        update={'voice': custom_prospect.PROSPECT.voice.model_copy(update={'per_engine': {'hume_evi': 'voice-42'}})}
    )
    engine = HumeEviEngine(client=hume_client(api_key=API_KEY, base_url=evi_url), config_id='cfg-1')
    await engine.connect(EngineConfig(call_id=uuid.uuid4(), prospect_id='team-prospect-1', prospect=named))
    await until(lambda: len(fake.connections) == 2 and bool(fake.connections[1].settings))
    assert fake.connections[1].settings[0]['voice_id'] == 'voice-42'
    await engine.close()


async def test_a_typed_turn_gets_an_answer_with_voice_resampled_to_the_output_rate(evi_url: str) -> None:
    engine = await connected(evi_url)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='What keeps you up at night?'))
    seen = await collect(events, until=AssistantEnd)
    heard = next(e for e in seen if isinstance(e, UserUtterance))
    assert heard.text == 'What keeps you up at night?' and not heard.interim and heard.prosody is None
    answer = next(e for e in seen if isinstance(e, AssistantUtterance))
    assert answer.text == REPLY
    audio = [e for e in seen if isinstance(e, AssistantAudio)]
    assert len(audio) == 3
    assert all(a.sample_rate == 24000 for a in audio)
    assert all(abs(len(a.pcm) - 0.2 * 24000 * 2) <= 64 for a in audio)  # 200 ms of 48 kHz WAV → 24 kHz PCM
    await engine.close()


async def test_at_the_time_limit_evi_says_the_last_line_word_for_word_and_the_prospect_is_done(
    fake: FakeEvi, evi_url: str
) -> None:
    engine = await connected(evi_url)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='What keeps you up at night?'))
    await until(lambda: bool(fake.connections[0].texts))
    await engine.send(TimeUp(line=LAST_LINE))  # while EVI still answers the typed turn
    seen = await collect(events, until=LastLineSaid)
    assert fake.connections[0].assistant_inputs == [LAST_LINE]
    said = [e.text for e in seen if isinstance(e, AssistantUtterance)]
    assert said[-1] == LAST_LINE
    last = max(i for i, e in enumerate(seen) if isinstance(e, AssistantUtterance))
    assert any(isinstance(e, AssistantAudio) for e in seen[last:])  # in the prospect's voice, before it is done
    assert isinstance(seen[-2], AssistantEnd)
    await engine.close()


async def test_spoken_turns_give_interim_and_final_lines_with_48_prosody_scores(fake: FakeEvi, evi_url: str) -> None:
    engine = await connected(evi_url)
    events = engine.events()
    await anext(events)
    for _ in range(10):  # one second of audio in 100 ms frames
        await engine.send(UserAudio(pcm=SECOND_OF_AUDIO[:3200]))
    seen = await collect(events, until=AssistantEnd)
    lines = [e for e in seen if isinstance(e, UserUtterance)]
    assert [line.interim for line in lines] == [True, False]
    final = lines[-1]
    assert final.start_s == 0.0 and final.end_s == 1.0
    assert final.prosody is not None and set(final.prosody) == set(PROSODY_NAMES)
    assert fake.connections[0].audio_bytes == 32000
    await engine.close()


async def test_talking_over_the_prospect_interrupts_it(evi_url: str) -> None:
    engine = await connected(evi_url)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='Tell me about your team.'))
    seen = await collect(events, until=AssistantAudio)
    await engine.send(UserAudio(pcm=SECOND_OF_AUDIO[:3200]))
    seen = await collect(events, until=Interruption)
    assert isinstance(seen[-1], Interruption)
    await engine.close()


async def test_evi_errors_are_told_in_words_and_a_closing_one_is_fatal(fake: FakeEvi, evi_url: str) -> None:
    fake.errors_to_send.append(('E0714', 'inactivity_timeout', True))
    engine = await connected(evi_url)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='Hello?'))
    seen = await collect(events, until=EngineError)
    error = seen[-1]
    assert isinstance(error, EngineError)
    assert error.code == 'E0714' and error.fatal
    assert error.message == 'The call ended because nothing was said for a while.'
    rest = await collect(events, until=type(None), within=5)
    assert rest == []  # the chat closed with 1000: no resume, the events end
    await engine.close()


async def test_the_fake_speaks_evi_as_the_sdk_parses_it(evi_url: str) -> None:
    """Every message of a turn passes the SDK's own strict parser; undeclared raw audio is refused like Hume."""
    client = AsyncHumeClient(api_key=API_KEY, base_url=evi_url)
    async with client.empathic_voice.chat.connect() as socket:
        assert (await socket.recv()).type == 'chat_metadata'
        await socket.send_publish(UserInput(text='Hi'))
        kinds = []
        while not kinds or kinds[-1] != 'assistant_end':
            kinds.append((await socket.recv()).type)
        assert kinds == [
            'user_message',
            'assistant_message',
            'audio_output',
            'audio_output',
            'audio_output',
            'assistant_end',
        ]
        await socket._send(b'\x00\x00' * 160)  # raw PCM, never declared
        error = await socket.recv()
        assert (error.type, error.code) == ('error', 'I0116')


async def test_a_dropped_connection_is_resumed_once_in_the_same_chat_group(fake: FakeEvi, evi_url: str) -> None:
    fake.drop_next = 1011
    engine = await connected(evi_url)
    events = engine.events()
    info = await anext(events)
    assert isinstance(info, SessionInfo)
    await engine.send(UserText(text='First question?'))
    seen = await collect(events, until=EngineError)
    assert seen[-1] == EngineError(code='resumed', message='The connection dropped and was restored.')
    assert len(fake.connections) == 2
    assert fake.connections[1].query['resumed_chat_group_id'] == info.provider_group_id
    await until(lambda: bool(fake.connections[1].settings))
    assert fake.connections[1].settings[0]['audio']['encoding'] == 'linear16'  # declared again on the new chat

    fake.drop_next = 1011  # a second drop ends the call
    await engine.send(UserText(text='Second question?'))
    rest = await collect(events, until=type(None), within=10)
    assert not any(isinstance(e, EngineError) and e.code == 'resumed' for e in rest)
    assert len(fake.connections) == 2
    await engine.close()


async def test_unknown_messages_do_not_end_the_call(fake: FakeEvi, evi_url: str) -> None:
    fake.extra_messages.append({'type': 'brand_new_feature', 'whatever': [1, 2, 3]})
    fake.extra_messages.append({'type': 'user_message', 'message': {'role': 'user', 'content': 'partial'}})
    engine = await connected(evi_url)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='One?'))
    await collect(events, until=AssistantEnd)
    await engine.send(UserText(text='Two?'))
    seen = await collect(events, until=AssistantEnd)
    assert any(isinstance(e, AssistantUtterance) for e in seen)
    await engine.close()


async def test_a_wrong_key_or_an_unreachable_server_is_explained_without_the_key(evi_url: str) -> None:
    with pytest.raises(EngineUnavailable) as refused:
        await connected(evi_url, key='sk-wrong-key-123')
    assert refused.value.rep_message == 'Hume refused the API key (HTTP 401); check HUME_API_KEY.'
    assert refused.value.__cause__ is None and refused.value.__suppress_context__

    with pytest.raises(EngineUnavailable) as unreachable:
        await connected('http://127.0.0.1:9')  # nothing listens on the discard port
    assert 'cannot be reached' in unreachable.value.rep_message
    assert API_KEY not in unreachable.value.rep_message


async def test_messages_of_an_unexpected_shape_are_skipped_not_fatal(fake: FakeEvi, evi_url: str) -> None:
    fake.extra_messages.extend(
        [
            {'type': 'user_message', 'message': {'role': 'user', 'content': 'x'}, 'time': 1200, 'interim': False},
            {'type': 'audio_output', 'id': 'a', 'index': 0, 'data': 12345},
            {'type': 'user_message', 'message': {'content': 'y'}, 'models': {'prosody': {'scores': [0.1]}}},
            {'type': 'assistant_message', 'message': 'not an object'},
        ]
    )
    engine = await connected(evi_url)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='One?'))
    await collect(events, until=AssistantEnd)
    await engine.send(UserText(text='Two?'))
    seen = await collect(events, until=AssistantEnd)
    assert any(isinstance(e, AssistantUtterance) and e.text == REPLY for e in seen)
    await engine.close()


async def test_audio_streamed_across_a_drop_waits_for_the_resumed_chat(fake: FakeEvi, evi_url: str) -> None:
    fake.drop_after_bytes = 16_000  # half a second into the stream
    engine = await connected(evi_url)
    events = engine.events()
    await anext(events)

    async def stream() -> None:
        for _ in range(30):  # 3 s of audio, across the drop and the resume
            await engine.send(UserAudio(pcm=SECOND_OF_AUDIO[:3200]))
            await asyncio.sleep(0.05)

    streaming = asyncio.create_task(stream())
    seen = await collect(events, until=EngineError)
    assert seen[-1] == EngineError(code='resumed', message='The connection dropped and was restored.')
    await streaming
    later = await collect(events, until=UserUtterance)
    assert not any(isinstance(e, EngineError) for e in later)  # no I0116: audio waited for the setting
    assert len(fake.connections) == 2 and fake.connections[1].audio_bytes > 0
    final = await collect(events, until=AssistantUtterance)
    line = next(e for e in later + final if isinstance(e, UserUtterance) and not e.interim)
    assert line.start_s is not None and line.start_s > 0.1  # EVI's begin restarts at 0; the call's clock does not
    await engine.close()


async def test_debug_logging_never_prints_the_api_key(evi_url: str, caplog: pytest.LogCaptureFixture) -> None:
    async def a_call_logged_at_debug() -> str:
        caplog.clear()
        caplog.set_level(logging.DEBUG)
        engine = await connected(evi_url)
        events = engine.events()
        await anext(events)
        await engine.send(UserText(text='Hello?'))
        await collect(events, until=AssistantEnd)
        await engine.close()
        return caplog.text

    logging.getLogger('websockets').setLevel(logging.NOTSET)
    assert API_KEY in await a_call_logged_at_debug()  # what the libraries print when nothing stops them
    configure_logging('DEBUG')
    assert API_KEY not in await a_call_logged_at_debug()
