"""The bridge between a browser and an engine: events both ways, lines stored as they come, a clean end."""

import asyncio
import gc
import time
import weakref
from dataclasses import dataclass
from typing import Any

import pytest
from openai import AsyncOpenAI
from sqlalchemy.exc import OperationalError

from app.runtime import Runtime
from services import calls
from services.library.builtins import BUILTIN_PROSPECTS, BUILTIN_SCENARIOS
from services.library.prompt import closing_line
from services.models import CallSession
from services.voice import bridge
from services.voice import recorder as recorder_module
from services.voice.bridge import TOO_FAST, VoiceSession
from services.voice.call_service import FULL, LiveCallService
from services.voice.engine import EngineConfig
from services.voice.engines.demo import DemoEngine
from services.voice.engines.hume_evi import HumeEviEngine
from services.voice.engines.openai_realtime import OpenAIRealtimeEngine, RealtimeOptions
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
from services.voice.observer import CallObserver
from services.voice.pacing import AudioPace
from services.voice.protocol import BrowserAudio, BrowserEnd, BrowserMute, BrowserText
from services.voice.updates import CallEnded, LinesUnsaved, TimeIsUp
from tests.support.fakes import MemoryTransport, ScriptedEngine
from tests.support.live import RecordingAnalysis, lines_stored, live_calls, new_call, stored
from tests.support.waiting import until


@dataclass(frozen=True, slots=True)
class Started:
    service: LiveCallService
    analysis: RecordingAnalysis
    running: asyncio.Task[str]
    seen: list[object]


def start(runtime: Runtime, call: CallSession, engine: ScriptedEngine, transport: MemoryTransport) -> Started:
    """The call's bridge, opened through a live-call service around `engine`, running against `transport`."""
    service, analysis = live_calls(runtime, engine)
    seen: list[object] = []
    service.subscribe(call.id, seen.append)
    running = asyncio.create_task(service.run(service.open(call), transport))
    return Started(service=service, analysis=analysis, running=running, seen=seen)


async def test_a_call_runs_both_ways_stores_every_line_and_completes(runtime: Runtime) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    call_run = start(runtime, call, engine, transport)

    ready = (await transport.wait_for('ready'))[0]
    assert ready == {'type': 'ready', 'engine': 'scripted', 'input_sample_rate': 16000, 'output_sample_rate': 24000}
    assert engine.config is not None and 'Morgan Reyes' in engine.config.system_prompt
    assert 'CRM' in engine.config.system_prompt

    transport.push(BrowserAudio(b'\x01\x00' * 1600), BrowserText('What do you use today?'))
    engine.emit(
        SessionInfo(provider_chat_id='chat-42'),
        UserUtterance(text='What do you', start_s=1.0, end_s=1.5, interim=True),
        UserUtterance(text='What do you use today?', start_s=1.0, end_s=2.0, prosody={'Determination': 0.6}),
        AssistantUtterance(text='Spreadsheets, mostly.', start_s=2.5, end_s=4.0),
        AssistantAudio(pcm=b'\x02\x00' * 2400, sample_rate=24000),
        AssistantEnd(),
    )
    await lines_stored(runtime, call, 2)
    await until(lambda: b'\x02\x00' * 2400 in transport.sent)  # the prospect's voice reached the browser
    assert engine.received[:2] == [UserAudio(pcm=b'\x01\x00' * 1600), UserText(text='What do you use today?')]

    _, transcript, emotions = await stored(runtime, call)  # visible while the call is still live
    assert [(m['role'], m['text']) for m in transcript['messages']] == [
        ('user', 'What do you use today?'),  # the interim line is shown live but never stored
        ('assistant', 'Spreadsheets, mostly.'),
    ]
    assert emotions['prosody_scores'] == [{'timestamp': 1.0, 'role': 'user', 'scores': {'Determination': 0.6}}]

    transport.push(BrowserEnd())
    assert await asyncio.wait_for(call_run.running, 5) == 'hang-up'
    assert transport.controls('ended') == [{'type': 'ended', 'reason': 'hang-up'}]
    done, transcript, _ = await stored(runtime, call)
    assert done.status == 'completed'
    assert done.hume_chat_id == 'chat-42'
    assert done.analysis_requested_at is not None
    assert done.duration_seconds is not None and done.duration_seconds >= 0
    assert len(transcript['messages']) == 2
    assert call_run.analysis.submitted == [call.id]  # handed over to the analysis, once
    assert engine.closed >= 1
    assert seen_types(call_run.seen)[0] == 'CallStarted'
    assert call_run.seen[-1] == CallEnded(reason='hang-up')
    assert any(isinstance(u, UserUtterance) and u.interim for u in call_run.seen)
    assert not any(isinstance(u, AssistantAudio | SessionInfo) for u in call_run.seen)  # never shown to the page


async def test_interruption_clears_playback_and_mute_sends_silence(runtime: Runtime) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    running = start(runtime, call, engine, transport).running
    await transport.wait_for('ready')
    engine.emit(Interruption())
    await transport.wait_for('clear')
    transport.push(BrowserMute(True), BrowserAudio(b'\x05\x05' * 800), BrowserMute(False), BrowserAudio(b'\x07\x07'))
    await until(lambda: len(engine.received) == 2)
    assert engine.received == [UserAudio(pcm=bytes(1600)), UserAudio(pcm=b'\x07\x07')]
    transport.disconnect()  # a closed tab ends the call as a hang-up would
    assert await asyncio.wait_for(running, 5) == 'browser-closed'
    assert (await stored(runtime, call))[0].status == 'completed'


async def test_engine_errors_are_shown_and_a_fatal_one_ends_the_call_keeping_what_was_said(runtime: Runtime) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    running = start(runtime, call, engine, transport).running
    await transport.wait_for('ready')
    engine.emit(
        UserUtterance(text='Hello Morgan.', start_s=0.5, end_s=1.2),
        EngineError(code='W1', message='The voice provider is slow right now.'),
        EngineError(code='E0714', message='The call ended after 20 seconds of silence.', fatal=True),
    )
    assert await asyncio.wait_for(running, 5) == 'engine-error'
    assert [m['message'] for m in transport.controls('error')] == [
        'The voice provider is slow right now.',
        'The call ended after 20 seconds of silence.',
    ]
    done, transcript, _ = await stored(runtime, call)
    assert done.status == 'completed'
    assert transcript['messages'][0]['text'] == 'Hello Morgan.'
    assert [(e['code'], e['message']) for e in done.engine_errors or []] == [
        ('W1', 'The voice provider is slow right now.'),
        ('E0714', 'The call ended after 20 seconds of silence.'),
    ]  # recorded with the call, not only shown


@pytest.mark.parametrize('failure', [ConnectionRefusedError('http://key=sk-secret@host refused'), TimeoutError()])
async def test_an_engine_that_cannot_connect_is_explained_without_secrets(runtime: Runtime, failure: Exception) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(fail_connect=failure), MemoryTransport()
    call_run = start(runtime, call, engine, transport)
    reason = await asyncio.wait_for(call_run.running, 20)
    assert reason == 'engine-unavailable'
    [error] = transport.controls('error')
    assert 'scripted voice engine' in error['message']
    assert 'sk-secret' not in error['message']
    assert transport.controls('ready') == []
    assert transport.controls('ended') == [{'type': 'ended', 'reason': 'engine-unavailable'}]
    done = (await stored(runtime, call))[0]
    assert done.status == 'active'  # nothing was said: the call stays open, so the rep can retry it
    assert [e['code'] for e in done.engine_errors or []] == ['connect']
    assert call_run.analysis.submitted == []
    assert seen_types(call_run.seen) == ['EngineError', 'CallEnded']


async def test_an_engine_that_ends_ends_the_call(runtime: Runtime) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    running = start(runtime, call, engine, transport).running
    await transport.wait_for('ready')
    engine.emit(AssistantUtterance(text='I have to go.', start_s=None, end_s=None))
    engine.end_events()
    assert await asyncio.wait_for(running, 5) == 'engine-ended'
    _, transcript, _ = await stored(runtime, call)
    [line] = transcript['messages']
    assert line['text'] == 'I have to go.'
    assert line['timestamp'] is not None  # the bridge's clock stands in for missing times


async def test_no_task_is_left_behind(runtime: Runtime) -> None:
    before = {t for t in asyncio.all_tasks() if not t.done()}
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    running = start(runtime, call, engine, transport).running
    await transport.wait_for('ready')
    transport.push(BrowserEnd())
    await asyncio.wait_for(running, 5)
    await runtime.analysis.wait_idle()
    left = {t for t in asyncio.all_tasks() if not t.done()} - before - {asyncio.current_task()}
    assert left == set()


def seen_types(updates: list[object]) -> list[str]:
    return [type(update).__name__ for update in updates]


async def test_a_finished_call_lets_go_of_its_bridge_engine_and_observers_at_once(runtime: Runtime) -> None:
    """No reference cycles: what a call held (the engine's buffers, the tone track) goes when the call ends, not
    whenever the garbage collector next runs (the bridge benchmark's memory counts on it)."""
    made: list[weakref.ref[ScriptedEngine]] = []

    class Engines:
        def new_engine(self, name: str) -> ScriptedEngine:
            engine = ScriptedEngine()
            made.append(weakref.ref(engine))
            return engine

        async def aclose(self) -> None:
            return None

    call, transport = await new_call(runtime), MemoryTransport()
    service = LiveCallService(runtime.database.sessionmaker, engines=Engines(), analysis=RecordingAnalysis())
    gc.collect()
    gc.disable()  # from here only reference counting frees: a cycle cannot hide behind a lucky collection
    try:
        bridge = service.open(call)
        running = asyncio.create_task(service.run(bridge, transport))
        await transport.wait_for('ready')
        transport.push(BrowserAudio(b'\x01\x00' * 1600), BrowserEnd())
        await asyncio.wait_for(running, 5)
        gone = [weakref.ref(bridge), *made]
        del bridge, running
        assert [ref() for ref in gone] == [None, None]
    finally:
        gc.enable()


def test_the_real_engines_hold_no_reference_to_themselves() -> None:
    made = [
        OpenAIRealtimeEngine(
            client=AsyncOpenAI(api_key='sk-test'), options=RealtimeOptions(model='m', transcribe_model='t')
        ),
        HumeEviEngine(client=None),  # type: ignore[arg-type]
        DemoEngine(speak=False),
    ]
    gone = [weakref.ref(engine) for engine in made]
    gc.disable()
    try:
        del made
        assert [ref() for ref in gone] == [None, None, None]
    finally:
        gc.enable()


@pytest.mark.parametrize('ending', ['hang-up', 'browser-closed'])
async def test_what_the_engine_still_holds_of_the_rep_at_the_end_is_stored(runtime: Runtime, ending: str) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    engine.finishing_takes_s = 0.2  # recognising the last words takes a moment
    engine.at_hang_up = [UserUtterance(text='One last thing.', start_s=3.0, end_s=4.0)]
    call_run = start(runtime, call, engine, transport)
    await transport.wait_for('ready')
    transport.push(BrowserEnd()) if ending == 'hang-up' else transport.disconnect()

    assert await asyncio.wait_for(call_run.running, 5) == ending
    assert engine.finished_input == 1
    done, transcript, _ = await stored(runtime, call)
    assert done.status == 'completed'
    assert [m['text'] for m in transcript['messages']] == ['One last thing.']
    assert call_run.seen[-1] == CallEnded(reason=ending)


async def test_an_engine_that_ended_on_its_own_is_not_asked_to_finish(runtime: Runtime) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    call_run = start(runtime, call, engine, transport)
    await transport.wait_for('ready')
    engine.emit(UserUtterance(text='Bye.', start_s=1.0, end_s=1.2))
    engine.end_events()
    assert await asyncio.wait_for(call_run.running, 5) == 'engine-ended'
    assert engine.finished_input == 0
    assert [m['text'] for m in (await stored(runtime, call))[1]['messages']] == ['Bye.']


async def test_a_call_ended_while_its_lines_cannot_be_written_completes_once_they_are(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = await new_call(runtime)
    database_down = asyncio.Event()
    database_down.set()
    real_add_line = calls.add_line

    async def add_line(*args: object, **kwargs: Any) -> None:
        if database_down.is_set():
            raise OperationalError('INSERT INTO utterance', {}, ConnectionRefusedError('connection refused'))
        await real_add_line(*args, **kwargs)

    monkeypatch.setattr(calls, 'add_line', add_line)
    monkeypatch.setattr(recorder_module, 'CLOSE_WAIT_S', 0.2)
    engine, transport = ScriptedEngine(), MemoryTransport()
    call_run = start(runtime, call, engine, transport)
    await transport.wait_for('ready')
    engine.emit(UserUtterance(text='What do you use today?', start_s=1.0, end_s=2.0))
    await transport.wait_for('error')
    assert transport.controls('error')[0]['message'] == '1 line not saved yet — retrying. Nothing is lost.'
    assert LinesUnsaved(count=1) in call_run.seen
    assert 'writes are failing' in str(call_run.service.health.problem())

    transport.push(BrowserEnd())
    assert await asyncio.wait_for(call_run.running, 5) == 'hang-up'  # the browser is not kept waiting
    assert call_run.service.saving(call.id) == 1
    assert (await stored(runtime, call))[0].status == 'active'  # not completed, not analysed, with a line missing
    assert call_run.analysis.submitted == []

    database_down.clear()  # the database is back
    await until(lambda: call_run.analysis.submitted == [call.id], within=10)
    done, transcript, _ = await stored(runtime, call)
    assert done.status == 'completed'
    assert [m['text'] for m in transcript['messages']] == ['What do you use today?']
    assert call_run.seen[-1] == LinesUnsaved(count=0)
    assert call_run.service.health.problem() is None
    assert call_run.service.saving(call.id) == 0


async def test_lines_still_unwritten_at_shutdown_are_logged_as_lost_with_a_count(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    call = await new_call(runtime)

    async def add_line(*args: object, **kwargs: Any) -> None:
        raise OperationalError('INSERT INTO utterance', {}, OSError('database or disk is full'))

    monkeypatch.setattr(calls, 'add_line', add_line)
    monkeypatch.setattr(recorder_module, 'CLOSE_WAIT_S', 0.1)
    engine, transport = ScriptedEngine(), MemoryTransport()
    call_run = start(runtime, call, engine, transport)
    await transport.wait_for('ready')
    engine.emit(UserUtterance(text='One.', start_s=1.0, end_s=2.0), UserUtterance(text='Two.', start_s=2.0, end_s=3.0))
    transport.push(BrowserEnd())
    await asyncio.wait_for(call_run.running, 5)
    await call_run.service.aclose()  # the server stops before the disk has room again
    assert f'call {call.id}: 2 lines could not be saved before the server stopped and are lost' in caplog.text
    assert call_run.service.health.problem() is None
    assert (await stored(runtime, call))[0].status == 'active'  # completed at the next start from what was stored


def test_audio_is_taken_at_one_and_a_half_times_real_time_after_a_short_burst() -> None:
    now = [0.0]
    pace = AudioPace(16000, clock=lambda: now[0])
    frame = 3200  # 100 ms
    assert sum(pace.admit(frame) for _ in range(100)) == 50  # 10 s at once: the 5 s burst gets through
    now[0] += 10.0  # ten seconds later, 15 s more may come
    assert sum(pace.admit(frame) for _ in range(200)) == 50  # the bucket holds 5 s at most
    admitted = 0
    for _ in range(600):  # a browser sending at twice real time for 30 s: 1.5 times real time gets through
        now[0] += 0.05
        admitted += pace.admit(frame)
    assert 449 <= admitted <= 451


async def test_a_flood_of_audio_is_refused_with_a_word_and_the_call_goes_on(runtime: Runtime) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    call_run = start(runtime, call, engine, transport)
    await transport.wait_for('ready')
    transport.push(*(BrowserAudio(b'\x01\x00' * 1600) for _ in range(1000)))  # 100 s of audio in one go
    transport.push(BrowserText('Still there?'))
    await until(lambda: UserText(text='Still there?') in engine.received)
    audio = [event for event in engine.received if isinstance(event, UserAudio)]
    assert 50 <= len(audio) <= 55  # the burst, and what the rate allowed meanwhile
    assert [c['message'] for c in transport.controls('error')] == [TOO_FAST]  # told once, not a thousand times
    transport.push(BrowserEnd())
    assert await asyncio.wait_for(call_run.running, 5) == 'hang-up'


async def test_a_call_that_reaches_the_most_lines_a_call_may_have_ends_and_says_why(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recorder_module, 'MAX_MESSAGES', 3)  # 5,000 in earnest
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    call_run = start(runtime, call, engine, transport)
    await transport.wait_for('ready')
    engine.emit(*(UserUtterance(text=f'Line {n}.', start_s=n, end_s=n + 0.5) for n in range(3)))
    assert await asyncio.wait_for(call_run.running, 5) == 'hang-up'
    assert FULL in [c['message'] for c in transport.controls('error')]
    assert [m['text'] for m in (await stored(runtime, call))[1]['messages']] == ['Line 0.', 'Line 1.', 'Line 2.']


class Watcher(CallObserver):
    """Keeps the events around the time limit."""

    observes = (TimeIsUp, TimeUp, UserText)

    def __init__(self) -> None:
        self.events: list[object] = []

    def observe(self, event: object) -> None:
        self.events.append(event)


def timed_call(engine: ScriptedEngine, watcher: Watcher, ended: list[str]) -> VoiceSession:
    """A bridge for a call on a scenario with a time limit of one second."""
    scenario = BUILTIN_SCENARIOS['saas_crm'].model_copy(update={'time_limit_s': 1})

    async def hand_over(reason: str, _duration: float | None) -> None:
        ended.append(reason)

    return VoiceSession(
        engine=engine,
        config=EngineConfig.builtin('busy_executive', scenario=scenario),
        observers=(watcher,),
        hand_over=hand_over,
    )


async def test_at_the_time_limit_the_prospect_says_a_last_line_and_the_call_ends_once_the_rep_has_heard_it() -> None:
    engine, transport, watcher, ended = ScriptedEngine(), MemoryTransport(), Watcher(), []
    running = asyncio.create_task(timed_call(engine, watcher, ended).run(transport))
    await transport.wait_for('ready')
    await until(lambda: any(isinstance(e, TimeUp) for e in engine.received), within=5)
    [time_up] = [e for e in engine.received if isinstance(e, TimeUp)]
    assert time_up.line == closing_line(BUILTIN_PROSPECTS['busy_executive'])
    assert watcher.events[:2] == [TimeIsUp(), time_up]  # the page is told first

    transport.push(BrowserText('Can I send you a summary?'))  # the rep is still heard
    await until(lambda: UserText(text='Can I send you a summary?') in engine.received)
    second_of_voice = AssistantAudio(pcm=bytes(2 * 24000), sample_rate=24000)
    engine.emit(AssistantUtterance(text=time_up.line, start_s=1.0, end_s=2.0), second_of_voice, LastLineSaid())
    said = time.monotonic()
    assert await asyncio.wait_for(running, 5) == 'time-up'
    assert time.monotonic() - said >= 0.8  # the browser had a second of voice to play
    assert bytes(2 * 24000) in transport.sent
    assert engine.finished_input == 1  # the rep's last words are kept as at a hang-up
    assert ended == ['time-up'] and transport.controls('ended') == [{'type': 'ended', 'reason': 'time-up'}]


async def test_an_engine_that_never_says_the_last_line_still_ends_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bridge, 'LAST_LINE_TIMEOUT_S', 0.3)
    engine, transport, watcher, ended = ScriptedEngine(), MemoryTransport(), Watcher(), []
    running = asyncio.create_task(timed_call(engine, watcher, ended).run(transport))
    assert await asyncio.wait_for(running, 5) == 'time-up'
    assert ended == ['time-up'] and engine.closed >= 1
