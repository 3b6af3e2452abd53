"""Barge-in on the pipeline engine: the rep talks over the prospect; the streams stop and only what was heard stays."""

import asyncio
import time

from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    Interruption,
    LastLineSaid,
    TimeUp,
    UserText,
    UserUtterance,
)
from tests.fake_openai_audio import Step
from tests.support.waiting import until
from tests.voice.pipeline_support import Running, events_until, of_type, quiet, running, say, spoken

__all__ = ['running']  # the fixture, used by name

FIRST = 'Look, we already have a vendor for this and they do fine.'  # 12 words: 3 s of voice
SECOND = 'Our contract runs until next spring anyway, so there is no rush.'
THIRD = 'And honestly, before I would even think about a change, I would need to see numbers from a hospital our size.'
ANSWER = f'{FIRST} {SECOND} {THIRD}'  # 45 words
LAST_LINE = 'Sorry, I have to go. Thanks.'


async def test_talking_over_the_prospect_stops_it_cancels_the_streams_and_keeps_what_was_heard(
    running: Running,
) -> None:
    fake = running.fake
    fake.llm.steps.append(Step(text=ANSWER, between_s=0.1))  # 4.5 s to stream: still streaming at the barge-in
    fake.tts.steps.extend([Step(), Step(delay_s=5.0)])  # the second sentence's voice is still on its way
    fake.transcripts.append('Sorry, can I jump in?')
    engine = await running.engine()
    events = engine.events()
    await engine.send(UserText(text='Who handles this today?'))
    seen = await events_until(events, AssistantAudio)
    voice_began = time.monotonic()
    await asyncio.sleep(1.5)  # the rep hears half the first sentence (the second is asked for), then talks
    talking = asyncio.create_task(say(engine, spoken(), real_time=1.0))
    seen += await events_until(events, AssistantUtterance)
    cut_at = time.monotonic() - voice_began
    talking.cancel()
    await say(engine, quiet(1.0))  # the rep stops: the turn ends

    assert of_type(seen, Interruption) == [Interruption()]
    assert seen.index(Interruption()) < len(seen) - 1  # said before the cut line is kept
    [line] = of_type(seen, AssistantUtterance)
    assert isinstance(line, AssistantUtterance)
    heard = line.text.split()
    # About two seconds of 3 s (the detector needs a moment of speech): most of the first sentence.
    assert 0 < len(heard) < 12 and FIRST.startswith(line.text)
    assert line.start_s is not None and line.end_s is not None
    assert abs((line.end_s - line.start_s) - cut_at) < 0.4
    # The model's stream and the speech request still waiting were both cancelled.
    await until(lambda: fake.llm.cancelled == 1 and fake.tts.cancelled == 1)
    assert fake.llm.finished == 0 and fake.tts.finished == 1

    # The model remembers only what the rep heard, then the rep's words.
    await until(lambda: len(fake.llm.requests) == 2, within=15)
    messages = fake.llm.requests[1]['messages']
    assert messages[-2:] == [
        {'role': 'assistant', 'content': line.text},
        {'role': 'user', 'content': 'Sorry, can I jump in?'},
    ]
    await engine.close()


async def test_a_typed_turn_over_the_prospect_cuts_it_off_too(running: Running) -> None:
    running.fake.replies.extend([ANSWER, 'Sure.'])
    engine = await running.engine()
    events = engine.events()
    await engine.send(UserText(text='Who handles this today?'))
    await events_until(events, AssistantAudio)
    await asyncio.sleep(0.5)
    await engine.send(UserText(text='Wait, one thing first.'))
    seen = await events_until(events, AssistantEnd, count=2)
    await engine.close()
    assert of_type(seen, Interruption) == [Interruption()]
    first, second = of_type(seen, AssistantUtterance)
    assert isinstance(first, AssistantUtterance) and isinstance(second, AssistantUtterance)
    assert FIRST.startswith(first.text) and len(first.text.split()) <= 4
    assert second.text == 'Sure.'


async def test_talking_after_the_prospect_has_finished_is_no_interruption(running: Running) -> None:
    running.fake.replies.append('Fine.')
    running.fake.transcripts.append('Great, thanks.')
    engine = await running.engine()
    events = engine.events()
    await engine.send(UserText(text='Can I call you next week?'))
    seen = await events_until(events, AssistantEnd)
    await say(engine, spoken('rep_opening_48k.wav'), real_time=0.5)
    seen += await events_until(events, AssistantEnd)
    await engine.close()
    assert not of_type(seen, Interruption)
    lines = [e.text for e in of_type(seen, AssistantUtterance) if isinstance(e, AssistantUtterance)]
    assert len(lines) == 2 and lines[0] == 'Fine.'  # kept whole, then the answer to the rep's next words


async def test_at_the_time_limit_the_prospect_stops_says_its_last_line_and_answers_no_more(running: Running) -> None:
    fake = running.fake
    fake.llm.steps.append(Step(text=ANSWER, between_s=0.1))
    engine = await running.engine()
    events = engine.events()
    await engine.send(UserText(text='Who handles this today?'))
    seen = await events_until(events, AssistantAudio)
    await asyncio.sleep(0.5)  # mid-answer
    await engine.send(TimeUp(line=LAST_LINE))
    seen += await events_until(events, LastLineSaid)

    assert of_type(seen, Interruption) == [Interruption()]  # the answer stops where the rep heard it
    cut, last = of_type(seen, AssistantUtterance)
    assert isinstance(cut, AssistantUtterance) and isinstance(last, AssistantUtterance)
    assert FIRST.startswith(cut.text) and last.text == LAST_LINE
    assert [request['input'] for request in fake.tts.requests[-2:]] == ['Sorry, I have to go.', 'Thanks.']
    assert len(fake.llm.requests) == 1  # the last line is said as given, not asked of the model

    await engine.send(UserText(text='Can I send you a summary?'))  # still kept, no longer answered
    heard = of_type(await events_until(events, UserUtterance), UserUtterance)
    assert [line.text for line in heard] == ['Can I send you a summary?']  # type: ignore[attr-defined]
    await asyncio.sleep(0.5)
    assert len(fake.llm.requests) == 1
    await engine.close()
