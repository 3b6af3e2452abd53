"""The demo engine: the scripted prospect's answers as events, in the rep's scenario, with a voice that starts soon
after the rep stops talking and can be talked over."""

import asyncio
import math
import shutil
from collections.abc import AsyncIterator

import numpy as np
import pytest

from services.personas import PERSONAS, SCENARIO_PRESETS
from services.voice.engine import EngineConfig
from services.voice.engines.demo import ESPEAK_RATE, DemoEngine, spoken_parts
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    EngineEvent,
    Interruption,
    LastLineSaid,
    TimeUp,
    UserAudio,
    UserText,
    UserUtterance,
)

RATE = 16_000
FRAME_S = 0.1
FIRST_VOICE_WITHIN_S = 2.0  # the bound, from the end of the rep's speech to the prospect's first audio
needs_espeak = pytest.mark.skipif(shutil.which('espeak-ng') is None, reason='espeak-ng is not installed')


async def started(
    persona: str = 'skeptical_buyer',
    *,
    speak: bool = False,
    scenario: str | None = None,
    recogniser: 'FixedRecogniser | None' = None,
) -> DemoEngine:
    engine = DemoEngine(speak=speak, recogniser=recogniser)
    await engine.connect(EngineConfig.builtin(persona, scenario_text=scenario))
    return engine


async def test_typed_turns_are_answered_in_the_reps_scenario() -> None:
    engine = await started('friendly_prospect', scenario=SCENARIO_PRESETS[0].text)
    events = engine.events()
    opening = await anext(events)
    assert isinstance(opening, AssistantUtterance) and 'Jordan' in opening.text
    assert isinstance(await anext(events), AssistantEnd)
    await engine.send(UserText(text='What do you use today to keep track of deals?'))
    heard = await anext(events)
    assert isinstance(heard, UserUtterance) and heard.text == 'What do you use today to keep track of deals?'
    assert heard.start_s is not None and heard.end_s is not None and heard.end_s > heard.start_s
    answer = await anext(events)
    assert isinstance(answer, AssistantUtterance) and 'sales team tracks deals in spreadsheets' in answer.text
    await engine.close()


async def test_at_the_time_limit_the_prospect_says_its_last_line_then_hears_the_rep_without_answering() -> None:
    engine = await started('friendly_prospect')
    events = engine.events()
    assert [type(await anext(events)) for _ in range(2)] == [AssistantUtterance, AssistantEnd]  # the opening
    await engine.send(TimeUp(line='Sorry, I have to stop there. Thanks for the call.'))
    last = await anext(events)
    assert isinstance(last, AssistantUtterance) and last.text == 'Sorry, I have to stop there. Thanks for the call.'
    assert [type(await anext(events)) for _ in range(2)] == [AssistantEnd, LastLineSaid]

    await engine.send(UserText(text='Could I send you a short summary?'))
    heard = await anext(events)
    assert isinstance(heard, UserUtterance) and heard.text == 'Could I send you a short summary?'
    with pytest.raises(TimeoutError):  # kept, and not answered
        await asyncio.wait_for(anext(events), 0.5)
    await engine.close()


async def test_reply_to_is_the_prospects_answer_and_never_repeats() -> None:
    engine = await started('skeptical_buyer', scenario='Managed security')
    answers = [engine.reply_to('What do you use today?') for _ in range(5)]
    assert 'security alerts' in answers[0]
    assert len(set(answers)) == 5
    await engine.close()


def test_an_answer_is_voiced_first_sentence_first() -> None:
    assert spoken_parts('No. Not until you have answered me on the price. Bring numbers.') == [
        'No.',
        'Not until you have answered me on the price. Bring numbers.',
    ]
    assert spoken_parts('Next question.') == ['Next question.']
    assert spoken_parts('') == []


@needs_espeak
async def test_with_espeak_the_prospect_speaks_and_can_be_interrupted() -> None:
    engine = await started('busy_executive', speak=True)
    events = engine.events()
    line = await anext(events)
    assert isinstance(line, AssistantUtterance)
    audio = await anext(events)
    assert isinstance(audio, AssistantAudio) and audio.sample_rate == ESPEAK_RATE and audio.pcm

    await engine.send(UserText(text='Let me tell you about our company and everything we do.'))
    answer_started = False
    async with asyncio.timeout(20):
        async for event in events:
            if isinstance(event, UserUtterance):
                answer_started = True
            elif answer_started and isinstance(event, AssistantAudio):
                break  # the answer is being spoken now
    await engine.send(UserText(text='Sorry, one quick question?'))  # talk over it
    async with asyncio.timeout(20):
        kinds = []
        async for event in events:
            kinds.append(type(event))
            if isinstance(event, UserUtterance):
                break
    assert Interruption in kinds
    await engine.close()


class FixedRecogniser:
    """Recognition that hears `text` after `delay_s` (faster-whisper's tiny.en takes a few tenths of a second on a
    short turn here), so that the test times the engine's own part and that delay."""

    def __init__(self, text: str, delay_s: float = 0.0) -> None:
        self.text = text
        self.delay_s = delay_s

    async def transcribe(self, pcm: bytes) -> str:
        await asyncio.sleep(self.delay_s)
        return self.text


@needs_espeak
@pytest.mark.parametrize('recognition_s', [0.0, 0.5])
@pytest.mark.parametrize('persona', list(PERSONAS))
async def test_the_first_answer_is_heard_within_two_seconds_of_the_rep_finishing(
    persona: str, recognition_s: float
) -> None:
    """From the end of the rep's speech to the first audio of the answer: the speech detector's 0.7 s of silence,
    recognition, the answer and its first sentence's voice. Fed in real time, as a browser streams."""
    recogniser = FixedRecogniser('What do you use today for this?', recognition_s)
    engine = await started(persona, speak=True, recogniser=recogniser, scenario=SCENARIO_PRESETS[1].text)
    waited = await first_voice_after_speaking(engine, speech_s=1.5)
    print(f'\n{persona}, recognition {recognition_s:.1f} s: first voice {waited:.2f} s after the rep finished')
    assert waited < FIRST_VOICE_WITHIN_S
    await engine.close()


async def first_voice_after_speaking(engine: DemoEngine, *, speech_s: float) -> float:
    """Seconds from the end of `speech_s` of the rep's voice to the first audio of the prospect's answer."""
    loop = asyncio.get_running_loop()
    events = engine.events()
    speech = voice(speech_s)
    frame = int(RATE * FRAME_S) * 2
    start = loop.time()
    for index, offset in enumerate(range(0, len(speech), frame)):  # a frame leaves once its 100 ms are recorded
        await asyncio.sleep(max(0.0, start + (index + 1) * FRAME_S - loop.time()))
        await engine.send(UserAudio(pcm=speech[offset : offset + frame]))
    finished = loop.time()
    room = asyncio.create_task(keep_streaming_silence(engine, since=finished))
    try:
        async with asyncio.timeout(15):
            answer = await next_answer(events)
            async for event in events:
                if isinstance(event, AssistantAudio):
                    return loop.time() - finished
            raise AssertionError(f'no voice for {answer.text!r}')
    finally:
        room.cancel()


async def next_answer(events: AsyncIterator[EngineEvent]) -> AssistantUtterance:
    heard = False
    async for event in events:
        heard = heard or isinstance(event, UserUtterance)
        if heard and isinstance(event, AssistantUtterance):
            return event
    raise AssertionError('the call ended without an answer')


async def keep_streaming_silence(engine: DemoEngine, *, since: float) -> None:
    """The browser goes on sending the microphone's (quiet) audio after the rep stops."""
    loop = asyncio.get_running_loop()
    for index in range(200):
        await asyncio.sleep(max(0.0, since + (index + 1) * FRAME_S - loop.time()))
        await engine.send(UserAudio(pcm=voice(FRAME_S, amplitude=0)))


def voice(seconds: float, amplitude: float = 4000) -> bytes:
    t = np.arange(int(RATE * seconds)) / RATE
    noise = np.random.default_rng(7).normal(0, 30, len(t))  # a quiet room
    return (amplitude * np.sin(2 * math.pi * 220 * t) + noise).astype('<i2').tobytes()
