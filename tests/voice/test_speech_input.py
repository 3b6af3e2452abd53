"""The demo engine hears the rep: speech detection on loudness, offline recognition (faster-whisper here; the
PocketSphinx fallback below), answers to spoken turns."""

import asyncio
import itertools
import math
import multiprocessing
import os
import shutil
import time
import wave
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest

from services.audio import resample_pcm16
from services.voice.engine import EngineConfig
from services.voice.engines.demo import INAUDIBLE, DemoEngine
from services.voice.events import AssistantAudio, AssistantUtterance, Interruption, UserAudio, UserText, UserUtterance
from services.voice.sphinx_stt import SphinxRecogniser, SphinxTranscriber
from services.voice.vad import SpeechDetector, Utterance

FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures'  # copies of ../shared/fixtures: the repo stands alone
RATE = 16_000
FRAME = RATE // 10  # 100 ms


def tone(seconds: float, amplitude: float) -> bytes:
    t = np.arange(int(RATE * seconds)) / RATE
    noise = np.random.default_rng(7).normal(0, 30, len(t))  # a quiet room
    return (amplitude * np.sin(2 * math.pi * 220 * t) + noise).astype('<i2').tobytes()


def frames(pcm: bytes) -> list[bytes]:
    return [pcm[i : i + FRAME * 2] for i in range(0, len(pcm), FRAME * 2)]


def fixture(name: str) -> bytes:
    with wave.open(str(FIXTURES / name)) as reader:
        return resample_pcm16(
            reader.readframes(reader.getnframes()), reader.getframerate(), RATE, channels=reader.getnchannels()
        )


def detect(pcm: bytes) -> list[Utterance]:
    detector = SpeechDetector(RATE)
    return [u for chunk in frames(pcm) if (u := detector.feed(chunk)) is not None]


def test_a_stretch_of_speech_between_silences_is_one_utterance() -> None:
    [utterance] = detect(tone(1.0, 0) + tone(1.5, 4000) + tone(1.2, 0))
    assert 0.6 <= utterance.start_s <= 1.0  # padded a little before the onset
    assert 2.4 <= utterance.end_s <= 2.7
    assert len(utterance.pcm) >= int(1.5 * RATE) * 2


def test_silence_and_short_clicks_are_not_speech() -> None:
    assert detect(tone(3.0, 0)) == []
    assert detect(tone(1.0, 0) + tone(0.1, 8000) + tone(1.0, 0)) == []


def test_a_pause_splits_two_utterances_and_a_monologue_is_cut_at_fifteen_seconds() -> None:
    assert len(detect(tone(0.5, 0) + tone(1.0, 3000) + tone(1.0, 0) + tone(1.0, 3000) + tone(1.0, 0))) == 2
    [first, *_] = detect(tone(0.5, 0) + tone(20.0, 3000) + tone(1.0, 0))
    assert first.end_s - first.start_s == pytest.approx(15.0, abs=0.3)


def test_the_pocketsphinx_fallback_gets_the_gist_and_the_fillers() -> None:
    text = SphinxTranscriber().transcribe(fixture('rep_discovery_48k.wav'))
    words = text.split()
    assert len(words) >= 20
    assert 'basically' in words or 'you know' in text


async def test_the_demo_prospect_answers_what_the_rep_says_out_loud() -> None:
    engine = DemoEngine(speak=False)
    await engine.connect(EngineConfig.builtin('skeptical_buyer'))
    events = engine.events()
    assert isinstance(await anext(events), AssistantUtterance)  # the opening
    await anext(events)
    for chunk in frames(fixture('rep_opening_48k.wav') + tone(1.5, 0)):
        await engine.send(UserAudio(pcm=chunk))
    heard, answer = await lines_until(events, 2, within=20)
    assert isinstance(heard, UserUtterance) and 'Alex from Brightline' in heard.text  # faster-whisper's words
    assert heard.start_s is not None and heard.end_s is not None and heard.end_s - heard.start_s > 5
    assert isinstance(answer, AssistantUtterance) and answer.text
    await engine.close()


@pytest.mark.skipif(shutil.which('espeak-ng') is None, reason='the prospect needs a voice to be talked over')
async def test_speaking_over_the_prospect_interrupts_it() -> None:
    engine = DemoEngine(speak=True)
    await engine.connect(EngineConfig.builtin('busy_executive'))
    events = engine.events()
    await anext(events)
    await anext(events)
    await engine.send(UserText(text='Let me tell you about us.'))
    async with asyncio.timeout(20):
        while not isinstance(await anext(events), UserUtterance):  # the opening may still be playing
            pass
        assert isinstance(await anext(events), AssistantUtterance)  # the objection starts
        for chunk in frames(tone(0.5, 4000)):  # the rep talks again before it ends
            await engine.send(UserAudio(pcm=chunk))
        while not isinstance(event := await anext(events), Interruption):
            assert isinstance(event, AssistantAudio)
    assert isinstance(event, Interruption)
    await engine.close()


class GatedRecogniser:
    """Recognition that takes as long as the test says: each utterance waits for `release`."""

    def __init__(self) -> None:
        self.started = 0
        self.release = asyncio.Event()

    async def transcribe(self, pcm: bytes) -> str:
        self.started += 1
        await self.release.wait()
        return f'spoken words number {self.started}'


async def listening(recogniser: GatedRecogniser, **options: float) -> DemoEngine:
    engine = DemoEngine(speak=False, recogniser=recogniser, **options)  # type: ignore[arg-type]
    await engine.connect(EngineConfig.builtin('friendly_prospect'))
    return engine


async def lines_until(
    events: AsyncIterator[object], count: int, *, within: float = 10
) -> list[UserUtterance | AssistantUtterance]:
    """The next `count` lines, skipping the other events (voice, "recognising…")."""
    found: list[UserUtterance | AssistantUtterance] = []
    async with asyncio.timeout(within):
        while len(found) < count:
            event = await anext(events)
            if isinstance(event, UserUtterance | AssistantUtterance):
                found.append(event)
    return found


async def test_a_typed_turn_is_answered_while_speech_still_waits_for_recognition() -> None:
    recogniser = GatedRecogniser()
    engine = await listening(recogniser)
    events = engine.events()
    await lines_until(events, 1)  # the opening
    for chunk in frames(tone(0.3, 0) + tone(1.5, 4000) + tone(1.0, 0)):
        await engine.send(UserAudio(pcm=chunk))
    await asyncio.sleep(0.05)  # the rep types after speaking (sent at once, both could fall in one millisecond)
    await engine.send(UserText(text='What do you use today?'))

    typed, answer = await lines_until(events, 2)  # recognition has not finished, and need not have
    assert isinstance(typed, UserUtterance) and typed.text == 'What do you use today?'
    assert isinstance(answer, AssistantUtterance)
    assert recogniser.started == 1
    recogniser.release.set()
    spoken, _ = await lines_until(events, 2)
    assert isinstance(spoken, UserUtterance) and spoken.text == 'spoken words number 1'
    assert spoken.start_s is not None and typed.start_s is not None and spoken.start_s < typed.start_s
    await engine.close()


async def test_speech_beyond_what_recognition_can_take_is_kept_as_inaudible_never_dropped() -> None:
    recogniser = GatedRecogniser()
    engine = await listening(recogniser, max_waiting_speech=1, finish_within_s=0.3)
    events = engine.events()
    await lines_until(events, 1)
    utterance = tone(1.0, 4000) + tone(1.0, 0)
    for chunk in frames(tone(0.3, 0) + utterance * 3 + tone(1.0, 4000)):  # three turns, and one cut by the hang-up
        await engine.send(UserAudio(pcm=chunk))
    # One is being recognised, one waits; the third found the queue full.
    [overflow] = await lines_until(events, 1)
    assert overflow.text == INAUDIBLE

    await engine.finish_input()  # recognition never finishes: what is left is kept as inaudible
    rest = await lines_until(events, 3)
    assert [line.text for line in rest] == [INAUDIBLE] * 3
    starts = sorted(line.start_s or 0 for line in (overflow, *rest))
    assert [round(later - earlier, 1) for earlier, later in itertools.pairwise(starts)] == [2.0, 2.0, 2.0]
    assert all(isinstance(line, UserUtterance) for line in rest)
    await engine.close()


async def test_the_pocketsphinx_fallback_never_holds_up_the_event_loop() -> None:
    recogniser = SphinxRecogniser(workers=1)
    lags: list[float] = []

    async def ticking() -> None:
        while True:
            began = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - began)

    ticker = asyncio.create_task(ticking())
    try:
        text = await recogniser.transcribe(fixture('rep_discovery_48k.wav'))  # several seconds of decoding
        # ... in a worker that gives way to the server's own process when the cores are busy
        workers = multiprocessing.active_children()  # (other tests' recognition workers too, if still running)
        assert {os.getpriority(os.PRIO_PROCESS, worker.pid) for worker in workers} == {os.nice(0) + 10}
    finally:
        ticker.cancel()
        recogniser.close()
    assert len(text.split()) >= 20
    # PocketSphinx holds the interpreter lock: run in a thread it froze the loop for the whole utterance (7.9 s).
    assert len(lags) > 50 and max(lags) < 2.0
