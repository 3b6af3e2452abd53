"""The bridge taps the rep's audio into our own tone analysis: scores stored with each rep line, live bars."""

import asyncio

import numpy as np
import pytest

from app.runtime import Runtime
from services import acoustic_tone
from services.models import CallSession
from services.voice.events import UserUtterance
from services.voice.protocol import BrowserAudio, BrowserEnd
from services.voice.updates import LiveTone
from tests.support.audio import pcm, silence, voice
from tests.support.fakes import MemoryTransport, ScriptedEngine
from tests.support.live import lines_stored, live_calls, new_call, stored
from tests.support.waiting import until

CHUNK = 3200  # 100 ms at 16 kHz, as the browser sends it


class ProsodylessEngine(ScriptedEngine):
    name = 'plain'
    gives_prosody = False


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def tapped(
    runtime: Runtime,
    call: CallSession,
    engine: ScriptedEngine,
    transport: MemoryTransport,
    *,
    clock: Clock | None = None,
    muted: bool = False,
) -> tuple[asyncio.Task[str], list[object]]:
    """The call running through a live-call service (on `clock`), and what its page is shown."""
    service, _ = live_calls(runtime, engine, clock=clock or Clock())
    seen: list[object] = []
    service.subscribe(call.id, seen.append)
    service.mute(call.id, muted)  # before it connects: the call starts so
    return asyncio.create_task(service.run(service.open(call), transport)), seen


async def speak(transport: MemoryTransport, engine: ScriptedEngine, audio: bytes) -> None:
    """The browser streams the audio; returns once the engine (and so the tap) has had all of it."""
    before = len(engine.received)
    chunks = [audio[i : i + CHUNK] for i in range(0, len(audio), CHUNK)]
    transport.push(*(BrowserAudio(chunk) for chunk in chunks))
    await until(lambda: len(engine.received) == before + len(chunks))


async def hang_up(transport: MemoryTransport, running: asyncio.Task[str]) -> None:
    transport.push(BrowserEnd())
    assert await asyncio.wait_for(running, 10) == 'hang-up'


async def test_the_reps_line_is_stored_with_its_acoustic_scores_at_its_time_and_the_page_gets_live_tone(
    runtime: Runtime,
) -> None:
    call = await new_call(runtime)
    engine, transport, clock = ProsodylessEngine(), MemoryTransport(), Clock()
    running, seen = tapped(runtime, call, engine, transport, clock=clock)
    await transport.wait_for('ready')

    clock.now = 102.0  # the first chunk arrives 2 s into the call: the tap's clock starts there
    await speak(transport, engine, pcm(np.concatenate([silence(1.0), voice(3.0, semitones=4), silence(1.0)])))
    engine.emit(
        UserUtterance(text='We cut onboarding time by half for teams like yours.', start_s=2.9, end_s=6.1),
        UserUtterance(text='Hello?', start_s=6.2, end_s=6.9),  # only the room: no scores
    )
    await lines_stored(runtime, call, 2)
    await until(lambda: any(isinstance(u, LiveTone) for u in seen))
    await hang_up(transport, running)

    _, transcript, emotions = await stored(runtime, call)
    assert [m['text'] for m in transcript['messages']][1] == 'Hello?'
    [point] = emotions['prosody_scores']
    assert point['timestamp'] == 2.9 and point['role'] == 'user' and point['source'] == 'acoustic'
    assert set(point['scores']) == {'confidence', 'energy', 'hesitation', 'monotone'}
    assert point['scores']['monotone'] == 0.0
    assert point['features']['speech_s'] == pytest.approx(3.0, abs=0.1)
    assert point['features']['pitch_median_hz'] > 100

    live = next(u for u in seen if isinstance(u, LiveTone))
    assert 0 <= live.hesitation <= 1 and 0 < live.energy <= 1 and 0 < live.confidence <= 1
    assert 3.0 < live.at_s <= 7.0  # on the call's clock


async def test_an_engine_with_prosody_keeps_it_and_gains_the_acoustic_scores_beside_it(runtime: Runtime) -> None:
    call = await new_call(runtime)
    engine, transport = ScriptedEngine(), MemoryTransport()
    running, _ = tapped(runtime, call, engine, transport)
    await transport.wait_for('ready')

    await speak(transport, engine, pcm(voice(2.5)))
    engine.emit(UserUtterance(text='It is flat.', start_s=0.0, end_s=2.5, prosody={'Determination': 0.6}))
    await lines_stored(runtime, call, 1)
    await hang_up(transport, running)

    _, _, emotions = await stored(runtime, call)
    engines, ours = emotions['prosody_scores']
    assert engines == {'timestamp': 0.0, 'role': 'user', 'scores': {'Determination': 0.6}}
    assert ours['source'] == 'acoustic' and ours['timestamp'] == 0.0
    assert ours['scores']['monotone'] == 1.0  # 2.5 s of one pitch


async def test_typed_turns_and_a_muted_microphone_get_no_acoustic_scores(runtime: Runtime) -> None:
    call = await new_call(runtime)
    engine, transport = ProsodylessEngine(), MemoryTransport()
    running, _ = tapped(runtime, call, engine, transport, muted=True)  # the engine and the tap hear silence
    await transport.wait_for('ready')
    await speak(transport, engine, pcm(voice(2.0)))
    engine.emit(UserUtterance(text='Typed or muted.', start_s=0.0, end_s=2.0))
    await lines_stored(runtime, call, 1)
    await hang_up(transport, running)
    assert (await stored(runtime, call))[2]['prosody_scores'] == []


async def test_the_analysis_runs_in_the_tone_worker_not_in_the_servers_interpreter(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Praat and the scores hold the interpreter lock; in the server they stalled every call's audio."""

    def not_here(*args: object, **kwargs: object) -> None:
        raise AssertionError('the tone analysis ran in the server process')

    monkeypatch.setattr(acoustic_tone, '_pitch', not_here)
    monkeypatch.setattr(acoustic_tone, 'tone_of_frames', not_here)
    call = await new_call(runtime)
    engine, transport = ProsodylessEngine(), MemoryTransport()
    running, seen = tapped(runtime, call, engine, transport)
    await transport.wait_for('ready')
    await speak(transport, engine, pcm(voice(3.0, semitones=4)))
    engine.emit(UserUtterance(text='We cut onboarding time by half.', start_s=0.0, end_s=3.0))
    await lines_stored(runtime, call, 1)
    await until(lambda: any(isinstance(u, LiveTone) for u in seen))
    await hang_up(transport, running)
    [point] = (await stored(runtime, call))[2]['prosody_scores']
    assert point['source'] == 'acoustic' and point['features']['speech_s'] == pytest.approx(3.0, abs=0.1)
