"""The OpenAI Realtime engine, through the real `openai` SDK, against the local protocol fake."""

import asyncio
import logging
import math
import time
import traceback
import uuid
from collections.abc import AsyncIterator

import numpy as np
import pytest
from pydantic import SecretStr

from services.voice.engine import EngineConfig, EngineUnavailable
from services.voice.engine_spec import SettingValues
from services.voice.engines.openai_realtime import (
    HOLD_MAX_S,
    INAUDIBLE,
    SESSION_CAP_LINE,
    OpenAIRealtimeEngine,
    RealtimeOptions,
    openai_client,
    session_config,
    wire_log,
)
from services.voice.events import (
    AssistantAudio,
    AssistantDraft,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    EngineEvent,
    Interruption,
    LastLineSaid,
    SessionInfo,
    TimeUp,
    UserAudio,
    UserText,
    UserUtterance,
)
from services.voice.registry import (
    ENGINES,
    EngineChoice,
    RunningEngines,
    UnavailableEngine,
    choose_engine,
    is_demo,
)
from tests.fake_realtime import API_KEY, MODEL, REPLY, FakeRealtime
from tests.servers import serving
from tests.support.fakes import collect
from tests.support.waiting import until
from tests.voice import custom_prospect

CONFIG = EngineConfig.builtin('skeptical_buyer', scenario_text='ShieldOps to a hospital')
OPTIONS = RealtimeOptions(model=MODEL, transcribe_model='gpt-4o-mini-transcribe')
FRAME_S = 0.1
LAST_LINE = 'I have to stop there, my next meeting is starting. Thanks for the call.'


class Clock:
    """The engine's clock, moved by the test: each 100 ms frame of audio takes 100 ms."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def tone_frame(frequency: float = 440.0, amplitude: int = 6000, rate: int = 16000) -> bytes:
    count = int(rate * FRAME_S)
    samples = np.array([amplitude * math.sin(2 * math.pi * frequency * i / rate) for i in range(count)], dtype='<i2')
    return samples.tobytes()


SPEECH = tone_frame()
SILENCE = bytes(len(SPEECH))


@pytest.fixture
def fake() -> FakeRealtime:
    return FakeRealtime()


@pytest.fixture
async def ws_base(fake: FakeRealtime) -> AsyncIterator[str]:
    async with serving(fake.app()) as port:
        yield f'ws://127.0.0.1:{port}/v1'


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def connected(ws_base: str, clock: Clock, key: str = API_KEY) -> OpenAIRealtimeEngine:
    engine = OpenAIRealtimeEngine(
        client=openai_client(api_key=key, base_url=None, realtime_url=ws_base), options=OPTIONS, clock=clock
    )
    await engine.connect(CONFIG)
    return engine


async def speak(engine: OpenAIRealtimeEngine, clock: Clock, *, speech_s: float, silence_s: float) -> None:
    for _ in range(round(speech_s / FRAME_S)):
        await engine.send(UserAudio(pcm=SPEECH))
        clock.now += FRAME_S
    for _ in range(round(silence_s / FRAME_S)):
        await engine.send(UserAudio(pcm=SILENCE))
        clock.now += FRAME_S


async def hear_out(engine: OpenAIRealtimeEngine, clock: Clock, seconds: float = 1.0) -> None:
    """The browser plays the prospect's voice for `seconds` (a line is told once heard); a frame of silence has the
    engine look at its clock."""
    clock.now += seconds
    await engine.send(UserAudio(pcm=SILENCE))


async def rest(events: AsyncIterator[EngineEvent], within: float = 10.0) -> list[EngineEvent]:
    async with asyncio.timeout(within):
        return [event async for event in events]


def finals(seen: list[EngineEvent]) -> list[UserUtterance]:
    return [e for e in seen if isinstance(e, UserUtterance) and not e.interim]


async def test_the_session_is_configured_first_with_the_persona_voice_and_a_patient_vad(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine = await connected(ws_base, clock)
    info = await anext(engine.events())
    [connection] = fake.connections
    assert isinstance(info, SessionInfo) and info.provider_chat_id.startswith('sess_')
    assert connection.query == {'model': MODEL}
    assert connection.received[0]['type'] == 'session.update'  # nothing before it
    [session] = connection.session_updates
    assert session['type'] == 'realtime' and session['output_modalities'] == ['audio']
    assert 'Morgan Reyes' in session['instructions'] and 'ShieldOps to a hospital' in session['instructions']
    audio_in, audio_out = session['audio']['input'], session['audio']['output']
    assert audio_in['format'] == audio_out['format'] == {'type': 'audio/pcm', 'rate': 24000}
    assert audio_in['transcription'] == {'model': 'gpt-4o-mini-transcribe'}
    assert audio_in['turn_detection'] == {
        'type': 'semantic_vad',
        'eagerness': 'low',
        'create_response': True,
        'interrupt_response': True,
    }
    assert audio_in['noise_reduction'] == {'type': 'near_field'}
    assert audio_out['voice'] == 'cedar'
    assert (engine.input_sample_rate, engine.output_sample_rate, engine.gives_prosody) == (16000, 24000, False)
    await engine.close()


async def test_a_teams_prospect_and_scenario_are_the_session_instructions_with_the_profiles_voice(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine = OpenAIRealtimeEngine(
        client=openai_client(api_key=API_KEY, base_url=None, realtime_url=ws_base), options=OPTIONS, clock=clock
    )
    await engine.connect(custom_prospect.CONFIG)
    await anext(engine.events())
    [session] = fake.connections[0].session_updates
    for words in custom_prospect.CARRIED:
        assert words in session['instructions'], words
    assert session['audio']['output']['voice'] == 'coral'  # the profile's style, "bright"
    await engine.close()
    named = custom_prospect.PROSPECT.model_copy(
        update={'voice': custom_prospect.PROSPECT.voice.model_copy(update={'per_engine': {'openai_realtime': 'verse'}})}
    )
    config = EngineConfig(call_id=uuid.uuid4(), prospect_id='team-prospect-1', prospect=named)
    assert session_config(config, OPTIONS)['audio']['output']['voice'] == 'verse'  # a name for the engine wins


def test_server_vad_and_other_eagerness_are_settings() -> None:
    options = RealtimeOptions(model=MODEL, transcribe_model='gpt-transcribe', turn_detection='server_vad')
    busy = EngineConfig.builtin('busy_executive')
    session = session_config(busy, options)
    assert session['audio']['input']['turn_detection'] == {
        'type': 'server_vad',
        'create_response': True,
        'interrupt_response': True,
    }
    assert session['audio']['input']['transcription'] == {'model': 'gpt-transcribe'}
    assert session['audio']['output']['voice'] == 'ash'
    eager = session_config(busy, RealtimeOptions(model=MODEL, transcribe_model='t', vad_eagerness='high'))
    assert eager['audio']['input']['turn_detection']['eagerness'] == 'high'


async def test_the_reps_16_khz_audio_reaches_the_server_at_24_khz_with_its_pitch(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    fake.threshold = 10**6  # no turns: only the audio matters here
    engine = await connected(ws_base, clock)
    for _ in range(20):
        await engine.send(UserAudio(pcm=tone_frame(frequency=1000.0)))
    await until(lambda: fake.connections[0].audio_bytes >= 2 * 24000 * 2 - 2048)
    audio = bytes(fake.sessions[0].audio)
    assert abs(len(audio) - 2 * 24000 * 2) <= 2048  # 2 s, less the resampler's few ms still in its filter
    samples = np.frombuffer(audio, dtype='<i2').astype(float)
    spectrum = np.abs(np.fft.rfft(samples))
    peak_hz = np.argmax(spectrum) * 24000 / len(samples)
    assert abs(peak_hz - 1000) < 2
    # No clicks at the 100 ms chunk boundaries: the streaming resampler keeps the sine whole.
    assert np.abs(np.diff(samples[2400:-2400])).max() < 2 * math.pi * 1000 / 24000 * 6000 * 1.05
    await engine.close()


async def test_a_spoken_turn_is_answered_and_the_late_transcript_is_placed_by_when_it_was_said(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await speak(engine, clock, speech_s=1.0, silence_s=0.6)
    seen = await collect(events, until=AssistantEnd)
    assert not [e for e in seen if isinstance(e, AssistantUtterance)]  # told once heard, not once produced
    await hear_out(engine, clock)
    seen += await collect(events, until=AssistantUtterance)
    kinds = [type(e).__name__ for e in seen]
    assert kinds.index('AssistantEnd') < kinds.index('UserUtterance')  # the rep's words came after the answer
    # ... and the prospect's line waited for them, so that lines are told (and stored) in the order they were said.
    assert kinds[-2:] == ['UserUtterance', 'AssistantUtterance']
    audio = [e for e in seen if isinstance(e, AssistantAudio)]
    assert len(audio) == 4 and all(a.sample_rate == 24000 and len(a.pcm) == 9600 for a in audio)
    [answer] = [e for e in seen if isinstance(e, AssistantUtterance)]
    [said] = finals(seen)
    assert answer.text == REPLY
    assert said.text == 'Hello, I am calling about your deliveries, turn 1.'
    assert said.start_s == pytest.approx(0.0, abs=0.05)
    assert said.end_s == pytest.approx(1.5, abs=0.06)  # speech_stopped: 500 ms of silence after the speech
    assert answer.start_s is not None and said.end_s <= answer.start_s  # sorted by time, the rep comes first
    assert answer.end_s == pytest.approx(answer.start_s + 0.8)  # 4 × 200 ms of voice produced
    await engine.close()


async def test_at_the_time_limit_the_model_says_the_last_line_then_hears_the_rep_without_answering(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await speak(engine, clock, speech_s=1.0, silence_s=0.6)
    await collect(events, until=AssistantEnd)  # an answer produced, still playing
    await engine.send(TimeUp(line=LAST_LINE))
    seen = await collect(events, until=AssistantEnd)  # the last line's response
    await hear_out(engine, clock, 5.0)
    seen += await collect(events, until=LastLineSaid)
    [connection] = fake.connections
    turn = connection.session_updates[-1]['audio']['input']['turn_detection']
    assert (turn['create_response'], turn['interrupt_response']) == (False, False)
    assert (
        connection.response_requests[-1]['instructions']
        == f'Say exactly this, in character, and nothing else: "{LAST_LINE}"'
    )
    said = [e.text for e in seen if isinstance(e, AssistantUtterance)]
    assert said == [REPLY, LAST_LINE]  # the answer as heard, then the last line, told once heard
    assert isinstance(seen[-1], LastLineSaid)

    created = sum(event['type'] == 'response.created' for event in connection.sent)
    await speak(engine, clock, speech_s=1.0, silence_s=0.6)  # the rep still talks: heard and kept, not answered
    rep: list[UserUtterance] = []
    while not finals(rep):
        rep += [e for e in await collect(events, until=UserUtterance) if isinstance(e, UserUtterance)]
    assert finals(rep)[0].text == 'Hello, I am calling about your deliveries, turn 2.'
    await asyncio.sleep(0.3)
    assert sum(event['type'] == 'response.created' for event in connection.sent) == created
    await engine.close()


async def test_a_prospect_line_waits_for_the_reps_words_at_most_a_few_seconds(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    fake.transcript_delay_s = 60  # the transcriber is stuck
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await speak(engine, clock, speech_s=1.0, silence_s=0.6)
    await collect(events, until=AssistantEnd)
    await hear_out(engine, clock)  # the answer has played out, and waits for the rep's earlier words
    with pytest.raises(TimeoutError):
        await collect(events, until=AssistantUtterance, within=0.5)
    events = engine.events()  # the wait that timed out ended the last iterator; the queue is intact
    clock.now += HOLD_MAX_S
    await engine.send(UserAudio(pcm=SILENCE))
    [answer] = [e for e in await collect(events, until=AssistantUtterance) if isinstance(e, AssistantUtterance)]
    assert answer.text == REPLY
    await engine.close()


async def test_talking_over_the_prospect_interrupts_it_and_truncates_what_was_not_heard(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    fake.chunk_interval_s = 0.3  # the answer is still being generated when the rep cuts in
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await speak(engine, clock, speech_s=0.5, silence_s=0.6)
    await collect(events, until=AssistantAudio, count=2)  # 400 ms produced so far
    clock.now += 0.3  # the rep hears 300 ms of the answer, then talks
    await engine.send(UserAudio(pcm=SPEECH))
    seen = await collect(events, until=AssistantUtterance)
    assert any(isinstance(e, Interruption) for e in seen)
    [truncate] = fake.connections[0].truncates
    produced = fake.sessions[0].produced_ms
    assert truncate['content_index'] == 0 and truncate['item_id'] in produced
    assert truncate['audio_end_ms'] == 300
    sent = fake.connections[0].sent
    assert 'conversation.item.truncated' in fake.connections[0].sent_types()
    assert not [e for e in sent if e['type'] == 'error']
    [done] = [e for e in sent if e['type'] == 'response.done']
    assert done['response']['status'] == 'cancelled'
    assert done['response']['status_details']['reason'] == 'turn_detected'
    [answer] = [e for e in seen if isinstance(e, AssistantUtterance)]
    assert answer.end_s is not None and answer.start_s is not None
    assert answer.end_s - answer.start_s == pytest.approx(0.3)  # the line lasts as long as it was heard
    await engine.close()


async def test_a_truncate_never_claims_more_than_was_produced(fake: FakeRealtime, ws_base: str, clock: Clock) -> None:
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await speak(engine, clock, speech_s=0.5, silence_s=0.6)
    await collect(events, until=AssistantEnd)  # 800 ms produced, all of it in flight to the browser
    clock.now += 0.79
    await engine.send(UserAudio(pcm=SPEECH))
    await collect(events, until=Interruption)
    await until(lambda: bool(fake.connections[0].truncates))
    assert fake.connections[0].truncates[0]['audio_end_ms'] <= 800
    clock.now += 5  # long after the prospect finished: talking is no interruption
    await speak(engine, clock, speech_s=0.3, silence_s=0.6)
    seen = await collect(events, until=AssistantEnd)
    assert not any(isinstance(e, Interruption) for e in seen)
    await engine.close()


# --- barge-in over answers queued in the browser ----------------------------------------------------------------

HEARD_300_MS = 'Interesting. Tell me more'  # REPLY as far as 300 of its 800 ms were heard
HEARD_500_MS = 'Interesting. Tell me more about how that'


async def queued_answers(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> tuple[OpenAIRealtimeEngine, AsyncIterator[EngineEvent], list[str]]:
    """A call with two typed turns whose answers (0.8 s of voice each) are both produced while the clock stands at
    the call's start, so in the browser the second waits behind the first; the two answers' item ids."""
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='Who else decides on this?'))
    await engine.send(UserText(text='And the budget?'))
    seen = await collect(events, until=AssistantEnd, count=2)
    assert not [e for e in seen if isinstance(e, AssistantUtterance)]  # neither has been heard yet
    sent = fake.connections[0].sent
    return engine, events, [str(e['item']['id']) for e in sent if e['type'] == 'response.output_item.added']


def cuts_received(fake: FakeRealtime) -> list[tuple[str, str, int | None]]:
    """The truncates and deletes the fake received: (type, item id, audio_end_ms)."""
    kinds = ('conversation.item.truncate', 'conversation.item.delete')
    received = fake.connections[0].received
    return [(e['type'], e['item_id'], e.get('audio_end_ms')) for e in received if e.get('type') in kinds]


def said(seen: list[EngineEvent]) -> list[tuple[str, float | None, float | None]]:
    """The prospect's lines told: (text, start, end)."""
    return [(e.text, e.start_s, e.end_s) for e in seen if isinstance(e, AssistantUtterance)]


def errors_of(fake: FakeRealtime) -> list[str]:
    """The fake's error codes, less the benign race of the second typed turn's response.create."""
    codes = [str(e['error']['code']) for e in fake.connections[0].sent if e['type'] == 'error']
    return [code for code in codes if code != 'conversation_already_has_active_response']


async def test_the_live_transcript_shows_the_line_playing_as_its_words_come_and_a_queued_one_when_it_plays(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='Who else decides on this?'))
    await engine.send(UserText(text='And the budget?'))
    seen = await collect(events, until=AssistantEnd, count=2)
    drafts = [e.text for e in seen if isinstance(e, AssistantDraft)]
    # The first answer's words as they arrive, whole at the end; none of the second, which waits to be played.
    assert len(drafts) > 3 and drafts[-1] == REPLY and all(REPLY.startswith(d) for d in drafts)
    assert drafts == sorted(drafts, key=len)
    clock.now += 0.9  # the first has played out: the second plays, and shows
    await engine.send(UserAudio(pcm=SILENCE))
    seen = await collect(events, until=AssistantUtterance)
    assert said(seen) == [(REPLY, 0.0, 0.8)]
    assert [e.text for e in seen if isinstance(e, AssistantDraft)] == [REPLY]  # the second, now playing
    await engine.close()


async def test_talking_over_the_first_of_two_queued_answers_truncates_it_and_deletes_the_second(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine, events, [first, second] = await queued_answers(fake, ws_base, clock)
    clock.now += 0.3  # the rep hears 300 ms of the first answer, then talks
    await engine.send(UserAudio(pcm=SPEECH))
    seen = await collect(events, until=AssistantUtterance)
    assert any(isinstance(e, Interruption) for e in seen)
    await until(lambda: 'conversation.item.deleted' in fake.connections[0].sent_types())
    # The model keeps the 300 ms heard of the first, and forgets the second, which the rep never heard.
    assert cuts_received(fake) == [
        ('conversation.item.truncate', first, 300),
        ('conversation.item.delete', second, None),
    ]
    assert fake.sessions[0].produced_ms == {first: 300} and second not in fake.sessions[0].items
    assert errors_of(fake) == []
    assert said(seen) == [(HEARD_300_MS, 0.0, 0.3)]
    # The rep's turn gets its own answer; the second queued answer is never told (nor stored).
    await speak(engine, clock, speech_s=0.3, silence_s=0.6)
    seen = await collect(events, until=AssistantEnd)
    await hear_out(engine, clock)
    seen += await collect(events, until=AssistantUtterance)
    [(text, start, _)] = said(seen)
    assert text == REPLY and start is not None and start >= 1.0
    await engine.close()
    assert not said(await rest(events))


async def test_talking_over_the_second_of_two_queued_answers_truncates_it_and_keeps_the_first_whole(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine, events, [first, second] = await queued_answers(fake, ws_base, clock)
    clock.now += 1.3  # the first has played out, the second has played for 500 ms
    await engine.send(UserAudio(pcm=SPEECH))
    seen = await collect(events, until=AssistantUtterance, count=2)
    kinds = [type(e).__name__ for e in seen]
    assert kinds.index('AssistantUtterance') < kinds.index('Interruption')  # the first was over before the rep spoke
    await until(lambda: 'conversation.item.truncated' in fake.connections[0].sent_types())
    assert cuts_received(fake) == [('conversation.item.truncate', second, 500)]
    assert fake.sessions[0].produced_ms == {first: 800, second: 500}
    assert errors_of(fake) == []
    assert said(seen) == [(REPLY, 0.0, 0.8), (HEARD_500_MS, 0.8, 1.3)]
    await engine.close()


async def test_talking_after_both_queued_answers_have_played_cuts_nothing(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine, events, _ = await queued_answers(fake, ws_base, clock)
    clock.now += 2.0
    await speak(engine, clock, speech_s=0.3, silence_s=0.6)
    seen = await collect(events, until=AssistantEnd)  # the answer to the rep's turn
    assert not any(isinstance(e, Interruption) for e in seen)
    assert said(seen) == [(REPLY, 0.0, 0.8), (REPLY, 0.8, 1.6)]
    assert cuts_received(fake) == [] and 'conversation.item.truncated' not in fake.connections[0].sent_types()
    assert errors_of(fake) == []
    await engine.close()


async def test_at_hang_up_the_line_playing_is_kept_as_far_as_it_was_heard_and_the_queued_one_not_at_all(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine, events, _ = await queued_answers(fake, ws_base, clock)
    clock.now += 0.3
    await engine.finish_input()
    await engine.close()
    seen = await rest(events)
    assert said(seen) == [(HEARD_300_MS, 0.0, 0.3)]
    assert cuts_received(fake) == []  # the conversation is over: nothing to tell the model


async def test_a_line_is_told_once_its_voice_has_played_even_when_the_rep_sends_nothing(
    fake: FakeRealtime, ws_base: str
) -> None:
    client = openai_client(api_key=API_KEY, base_url=None, realtime_url=ws_base)
    engine = OpenAIRealtimeEngine(client=client, options=OPTIONS)  # the real clock
    await engine.connect(CONFIG)
    events = engine.events()
    await anext(events)
    asked = time.monotonic()
    await engine.send(UserText(text='Hello?'))
    seen = await collect(events, until=AssistantUtterance, within=5)
    told_after_s = time.monotonic() - asked
    [(text, start, end)] = said(seen)
    assert text == REPLY and start is not None and end == pytest.approx(start + 0.8)
    assert 0.8 <= told_after_s < 3  # produced in about 0.2 s; told when its 0.8 s had played, without a frame
    await engine.close()


async def test_typed_turns_are_answered_and_a_racing_response_create_is_benign(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='Who else decides on this?'))
    await engine.send(UserText(text='And the budget?'))  # while the first answer is running
    seen = await collect(events, until=AssistantEnd, count=2)
    assert [e.text for e in finals(seen)] == ['Who else decides on this?', 'And the budget?']
    assert not [e for e in seen if isinstance(e, EngineError)]
    connection = fake.connections[0]
    assert connection.texts == ['Who else decides on this?', 'And the budget?']
    errors = [e['error']['code'] for e in connection.sent if e['type'] == 'error']
    assert errors == ['conversation_already_has_active_response']
    assert len(connection.of_type('response.create')) == 3  # the second is sent again once the first is done
    await engine.close()


async def test_benign_errors_keep_the_call_and_others_are_told_in_words(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    fake.events_after_next_response = [
        error_event('response_cancel_not_active', 'Cancellation failed: no active response found'),
        error_event('invalid_event', "The 'type' field is missing."),
    ]
    await engine.send(UserText(text='Hello?'))
    seen = await collect(events, until=EngineError)
    [error] = [e for e in seen if isinstance(e, EngineError)]
    assert error.code == 'invalid_event' and not error.fatal
    assert error.message == 'The voice provider reported a problem (invalid_event).'
    await hear_out(engine, clock)
    await engine.send(UserText(text='Still there?'))
    seen += await collect(events, until=AssistantEnd)
    await hear_out(engine, clock)
    seen += await collect(events, until=AssistantUtterance, count=1)
    assert [e.text for e in seen if isinstance(e, AssistantUtterance)] == [REPLY, REPLY]
    assert [e.code for e in seen if isinstance(e, EngineError)] == ['invalid_event']
    await engine.close()


async def test_a_failed_transcription_is_kept_as_inaudible_at_its_time(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    fake.fail_transcriptions = 1
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await speak(engine, clock, speech_s=1.0, silence_s=0.6)
    seen = await collect(events, until=UserUtterance)
    [line] = finals(seen)
    assert line.text == INAUDIBLE
    assert line.start_s == pytest.approx(0.0, abs=0.05) and line.end_s == pytest.approx(1.5, abs=0.06)
    assert not [e for e in seen if isinstance(e, EngineError)]
    await engine.close()


async def test_the_session_cap_ends_the_call_with_everything_kept(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    fake.cap_session_after(1)
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await speak(engine, clock, speech_s=1.0, silence_s=0.6)
    seen = await collect(events, until=AssistantEnd)
    clock.now += 1.0  # the answer has played out when the session ends, 0.3 s after it
    seen += await rest(events)
    assert [e.text for e in seen if isinstance(e, AssistantUtterance)] == [REPLY]
    assert [e.text for e in finals(seen)] == ['Hello, I am calling about your deliveries, turn 1.']
    assert seen[-1] == EngineError(code='session_limit', message=SESSION_CAP_LINE, fatal=False)
    await engine.close()


async def test_an_abnormal_close_is_told_in_words_and_ends_the_call(
    fake: FakeRealtime, ws_base: str, clock: Clock
) -> None:
    fake.close_after_responses = (1, 1011, 'internal error')
    fake.chunk_interval_s = 0.01
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='Hello?'))
    seen = await collect(events, until=AssistantEnd)
    clock.now += 1.0  # the answer has played out when the connection drops, 0.3 s after it
    seen += await rest(events)
    assert [e.text for e in seen if isinstance(e, AssistantUtterance)] == [REPLY]
    last = seen[-1]
    assert isinstance(last, EngineError) and last.fatal and last.code == 'connection_lost'
    assert 'code 1011' in last.message and 'kept' in last.message
    await engine.send(UserAudio(pcm=SPEECH))  # the browser may still send a frame: no exception
    await engine.close()


async def test_a_refused_key_is_explained_without_the_key(ws_base: str, clock: Clock) -> None:
    wrong = 'sk-wrong-key-do-not-print-0123456789'
    with pytest.raises(EngineUnavailable) as refused:
        await connected(ws_base, clock, key=wrong)
    assert refused.value.rep_message == 'OpenAI refused the API key (HTTP 401); check OPENAI_API_KEY.'
    printed = ''.join(traceback.format_exception(refused.value))
    assert wrong not in printed and API_KEY not in printed
    with pytest.raises(EngineUnavailable) as unreachable:
        await connected('ws://127.0.0.1:9/v1', clock)
    assert unreachable.value.rep_message.startswith('OpenAI Realtime cannot be reached')


async def test_debug_logging_never_prints_the_api_key(
    fake: FakeRealtime, ws_base: str, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    async def a_call_logged_at_debug() -> str:
        caplog.clear()
        caplog.set_level(logging.DEBUG)
        engine = await connected(ws_base, clock)
        events = engine.events()
        await engine.send(UserText(text='Hello?'))
        await collect(events, until=AssistantEnd)
        await engine.close()
        with pytest.raises(EngineUnavailable):
            await connected(ws_base, clock, key='sk-wrong-key-do-not-print-0123456789')
        return caplog.text

    wire_log.setLevel(logging.NOTSET)
    try:
        assert API_KEY in await a_call_logged_at_debug()  # what websockets prints when nothing stops it
    finally:
        wire_log.setLevel(logging.INFO)
    printed = await a_call_logged_at_debug()
    assert 'Received WebSocket message' in printed  # DEBUG was on
    assert API_KEY not in printed and 'sk-wrong-key-do-not-print' not in printed


async def test_malformed_and_unknown_events_are_skipped(fake: FakeRealtime, ws_base: str, clock: Clock) -> None:
    fake.events_after_next_response = [
        'not json at all',
        '[1, 2, 3]',
        '{"type": "totally.unknown.event"}',
        '{"type": "response.audio.delta", "delta": "AAAA"}',  # the beta name
        '{"type": "response.output_audio.delta"}',  # no item_id, no delta
        '{"type": "input_audio_buffer.speech_stopped", "item_id": "x"}',
    ]
    engine = await connected(ws_base, clock)
    events = engine.events()
    await anext(events)
    await engine.send(UserText(text='Hello?'))
    seen = await collect(events, until=AssistantEnd)
    await hear_out(engine, clock)
    await engine.send(UserText(text='Still there?'))
    seen += await collect(events, until=AssistantEnd)
    await hear_out(engine, clock)
    seen += await collect(events, until=AssistantUtterance, count=1)
    assert [e.text for e in seen if isinstance(e, AssistantUtterance)] == [REPLY, REPLY]
    assert not [e for e in seen if isinstance(e, EngineError)]
    await engine.close()


def error_event(code: str, message: str) -> dict[str, object]:
    error = {'type': 'invalid_request_error', 'code': code, 'message': message, 'param': None, 'event_id': None}
    return {'type': 'error', 'error': error}


# --- choosing and building the engine -----------------------------------------------------------------------


def settings_with(**values: object) -> SettingValues:
    """The server's defaults (as app/settings.py has them) plus `values`, by environment name."""
    defaults = {
        'OPENAI_REALTIME_MODEL': 'gpt-realtime-2.1',
        'OPENAI_TRANSCRIBE_MODEL': 'gpt-4o-mini-transcribe',
        'OPENAI_TURN_DETECTION': 'semantic_vad',
        'OPENAI_VAD_EAGERNESS': 'low',
        'HUME_API_URL': 'https://api.hume.ai',
    }
    return SettingValues({**defaults, **values})


def test_auto_picks_openai_realtime_when_only_an_openai_key_is_set() -> None:
    choice = choose_engine('auto', settings_with(OPENAI_API_KEY=SecretStr(API_KEY)))
    assert choice == EngineChoice('openai_realtime', 'OpenAI Realtime: an OpenAI API key is configured.')
    both = settings_with(OPENAI_API_KEY=SecretStr(API_KEY), HUME_API_KEY=SecretStr('hume'))
    assert choose_engine('auto', both).name == 'hume_evi'
    assert choose_engine('auto', settings_with()) == EngineChoice('demo', 'Demo: no voice provider is configured.')
    assert choose_engine('openai_realtime', settings_with()).reason == 'OpenAI Realtime: chosen by VOICE_ENGINE.'
    with pytest.raises(ValueError, match='not an engine of this server'):
        choose_engine('no_such_engine', settings_with())
    assert [spec.name for spec in ENGINES if spec.demo] == ['demo']  # the one engine the rep is told is a demo
    assert is_demo('demo') and not is_demo('openai_realtime') and not is_demo('gone_engine')


async def test_the_registry_builds_the_engine_with_one_shared_client_and_keeps_the_key_out_of_reprs() -> None:
    values = settings_with(OPENAI_API_KEY=SecretStr(API_KEY), OPENAI_REALTIME_URL='ws://127.0.0.1:1/v1')
    assert API_KEY not in repr(values) and 'OPENAI_API_KEY' in repr(values)
    engines = RunningEngines(values)
    first, second = engines.new_engine('openai_realtime'), engines.new_engine('openai_realtime')
    assert isinstance(first, OpenAIRealtimeEngine) and isinstance(second, OpenAIRealtimeEngine)
    assert first is not second  # a fresh engine per call, on the client built once at start-up
    assert first._client is second._client
    await engines.aclose()
    missing = RunningEngines(settings_with()).new_engine('openai_realtime')
    assert isinstance(missing, UnavailableEngine) and 'OPENAI_API_KEY' in missing.reason


def test_a_setting_the_engine_cannot_take_stops_that_engine_only(caplog: pytest.LogCaptureFixture) -> None:
    values = settings_with(OPENAI_API_KEY=SecretStr(API_KEY), OPENAI_TURN_DETECTION='sometimes')
    engines = RunningEngines(values)
    assert engines.unavailable_reason('openai_realtime') == (
        'This server cannot build the OpenAI Realtime engine (ValueError); see the log.'
    )
    assert engines.unavailable_reason('demo') is None
    assert API_KEY not in caplog.text
