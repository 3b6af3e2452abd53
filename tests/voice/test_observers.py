"""The units a live call's events pass through, each on its own: line timing, the publisher, the recorder and the
tone tap."""

from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError

from app.runtime import Runtime
from services import calls
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    Interruption,
    SessionInfo,
    UserAudio,
    UserText,
    UserUtterance,
)
from services.voice.publisher import UpdatePublisher
from services.voice.recorder import CallRecorder
from services.voice.timing import CallClock, timed
from services.voice.tone_tap import ToneTap
from services.voice.updates import CallEnded, CallStarted, LinesUnsaved, LiveTone
from services.write_faults import Backoff, WriteHealth, is_lasting
from tests.support.audio import pcm, silence, voice
from tests.support.live import new_call, stored


def test_a_line_without_times_gets_the_calls_time_and_nothing_else_reads_the_clock() -> None:
    reads: list[float] = []

    def clock() -> float:
        reads.append(12.3456)
        return 12.3456

    assert timed(AssistantUtterance(text='Hi.', start_s=None, end_s=None), clock) == AssistantUtterance(
        text='Hi.', start_s=12.346, end_s=12.346
    )
    assert timed(UserUtterance(text='So.', start_s=3.0, end_s=None), clock).end_s == 12.346
    timed_line = UserUtterance(text='Timed.', start_s=1.0, end_s=2.0)
    assert timed(timed_line, clock) is timed_line
    audio = AssistantAudio(pcm=b'\x00\x00', sample_rate=24000)
    assert timed(audio, clock) is audio
    assert len(reads) == 2  # only the two lines that lacked a time read it


def test_the_call_clock_counts_from_when_the_engine_answered() -> None:
    now = [50.0]
    clock = CallClock(lambda: now[0])
    assert (clock.started, clock()) == (False, 0.0)
    clock.start()
    now[0] = 53.5
    assert (clock.started, clock()) == (True, 3.5)


def test_the_publisher_shows_the_page_what_it_renders_and_nothing_else() -> None:
    shown: list[object] = []
    publisher = UpdatePublisher(shown.append)
    events = [
        CallStarted(engine='demo', gives_prosody=False),
        UserAudio(pcm=b'\x01\x00'),
        UserText(text='Typed.'),
        UserUtterance(text='Typ', start_s=1.0, end_s=1.2, interim=True),
        UserUtterance(text='Typed.', start_s=1.0, end_s=1.5),
        AssistantAudio(pcm=b'\x00\x00', sample_rate=24000),
        SessionInfo(provider_chat_id='chat-1'),
        AssistantUtterance(text='Go on.', start_s=2.0, end_s=2.5),
        Interruption(),
        AssistantEnd(),
        EngineError(code='W1', message='Slow.'),
        CallEnded(reason='hang-up'),
    ]
    for event in events:
        publisher.observe(event)
    assert [type(event).__name__ for event in shown] == [
        'CallStarted',
        'UserUtterance',
        'UserUtterance',
        'AssistantUtterance',
        'Interruption',
        'AssistantEnd',
        'EngineError',
        'CallEnded',
    ]


async def test_the_recorder_writes_what_the_call_must_keep_in_order_and_drains_on_close(runtime: Runtime) -> None:
    call = await new_call(runtime)
    recorder = CallRecorder(runtime.database.sessionmaker, call.id, clock=lambda: 7.25)
    recorder.start()
    for event in (
        SessionInfo(provider_chat_id='chat-9'),
        UserUtterance(text='What do', start_s=1.0, end_s=1.4, interim=True),  # a live guess: never stored
        UserUtterance(text='What do you use today?', start_s=1.0, end_s=2.0, prosody={'Calmness': 0.4}),
        UserUtterance(text='   ', start_s=2.1, end_s=2.2),  # nothing said
        UserAudio(pcm=b'\x01\x00'),
        AssistantUtterance(text='Spreadsheets.', start_s=2.5, end_s=3.0),
        EngineError(code='W1', message='The provider is slow.'),
    ):
        recorder.observe(event)
    await recorder.close()  # everything queued is written before it returns

    done, transcript, emotions = await stored(runtime, call)
    assert [(m['role'], m['text'], m['timestamp']) for m in transcript['messages']] == [
        ('user', 'What do you use today?', 1.0),
        ('assistant', 'Spreadsheets.', 2.5),
    ]
    assert emotions['prosody_scores'] == [{'timestamp': 1.0, 'role': 'user', 'scores': {'Calmness': 0.4}}]
    assert done.hume_chat_id == 'chat-9'
    assert done.engine_errors == [{'at': 7.25, 'code': 'W1', 'message': 'The provider is slow.'}]
    assert recorder.lines == 2


async def test_a_write_that_fails_for_a_while_is_retried_in_order_and_the_rep_is_told(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = await new_call(runtime)
    real_add_line, attempts, failures_left = calls.add_line, [], [3]
    health, told, problems = WriteHealth(), [], []

    async def disk_full_for_three_writes(*args: Any, **kwargs: Any) -> None:
        attempts.append(kwargs['text'])
        if failures_left[0]:
            failures_left[0] -= 1
            problems.append(health.problem())
            raise OperationalError('INSERT INTO utterance', {}, OSError('database or disk is full'))
        await real_add_line(*args, **kwargs)

    monkeypatch.setattr(calls, 'add_line', disk_full_for_three_writes)
    recorder = CallRecorder(
        runtime.database.sessionmaker,
        call.id,
        clock=lambda: 0.0,
        publish=told.append,
        health=health,
        backoff=Backoff(first_s=0.01, most_s=0.02),
    )
    recorder.start()
    for number, text in enumerate(('First.', 'Second.', 'Third.')):
        recorder.observe(UserUtterance(text=text, start_s=number, end_s=number + 0.5))
    await recorder.close()

    assert attempts == ['First.'] * 4 + ['Second.', 'Third.']  # the first is retried; none overtakes it
    assert [m['text'] for m in (await stored(runtime, call))[1]['messages']] == ['First.', 'Second.', 'Third.']
    assert told[0] == LinesUnsaved(count=3) and told[-1] == LinesUnsaved(count=0)
    assert problems[1:] == ['writes are failing: 3 waiting to be saved, retrying'] * 2  # /healthz says so meanwhile
    assert health.problem() is None and recorder.pending == 0 and recorder.lost == 0


async def test_a_write_no_retry_can_mend_is_logged_as_lost_and_the_rest_is_kept(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    call = await new_call(runtime)
    real_add_line = calls.add_line

    async def first_write_refused(*args: Any, **kwargs: Any) -> None:
        if kwargs['text'] == 'This one is refused.':
            raise IntegrityError('INSERT INTO utterance', {}, Exception('the call was deleted'))
        await real_add_line(*args, **kwargs)

    monkeypatch.setattr(calls, 'add_line', first_write_refused)
    recorder = CallRecorder(runtime.database.sessionmaker, call.id, clock=lambda: 0.0)
    recorder.start()
    recorder.observe(AssistantUtterance(text='This one is refused.', start_s=0.0, end_s=1.0))
    recorder.observe(UserUtterance(text='This one is kept.', start_s=1.5, end_s=2.0))
    await recorder.close()
    assert [m['text'] for m in (await stored(runtime, call))[1]['messages']] == ['This one is kept.']
    assert 'AssistantUtterance could not be stored and is lost (IntegrityError)' in caplog.text
    assert recorder.lost == 1


def test_failures_that_pass_are_told_apart_from_those_that_last() -> None:
    assert not is_lasting(OperationalError('SELECT 1', {}, Exception('database is locked')))
    assert not is_lasting(SATimeoutError('QueuePool limit of size 5 overflow 10 reached'))
    assert not is_lasting(ConnectionRefusedError())
    assert is_lasting(IntegrityError('INSERT', {}, Exception('FOREIGN KEY constraint failed')))
    assert is_lasting(TypeError('a bug'))
    backoff = Backoff(first_s=0.2, most_s=1.0)
    assert [backoff.next_wait() for _ in range(5)] == [0.2, 0.4, 0.8, 1.0, 1.0]
    backoff.reset()
    assert backoff.next_wait() == 0.2


async def test_the_tone_tap_scores_a_reps_line_from_the_audio_it_heard() -> None:
    now = [0.0]
    published: list[LiveTone] = []
    tap = ToneTap(sample_rate=16000, clock=lambda: now[0], publish=published.append)
    audio = pcm(voice(2.5, semitones=4))
    for start in range(0, len(audio), 3200):
        tap.observe(UserAudio(pcm=audio[start : start + 3200]))
        now[0] += 0.1
    scored = await tap.score(UserUtterance(text='We cut onboarding time in half.', start_s=0.0, end_s=2.5))
    assert scored is not None
    assert set(scored['scores']) == {'confidence', 'energy', 'hesitation', 'monotone'}
    assert scored['scores']['monotone'] == 0.0  # ±4 semitones is a lively voice
    assert await tap.score(UserUtterance(text='Typed.', start_s=None, end_s=None)) is None
    quiet = ToneTap(sample_rate=16000, clock=lambda: 0.0, publish=published.append)
    quiet.observe(UserAudio(pcm=pcm(silence(2.0))))
    assert await quiet.score(UserUtterance(text='Muted.', start_s=0.0, end_s=2.0)) is None
    assert published == []  # live bars come from `run`, once a second, not from scoring
