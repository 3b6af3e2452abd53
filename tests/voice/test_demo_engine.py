"""The demo prospect: answers by topic, objections to pitches, a close earned by discovery, and a voice."""

import asyncio
import shutil
import uuid

import pytest

from services.personas import PERSONAS
from services.voice.engine import EngineConfig
from services.voice.engines.demo import ESPEAK_RATE, SCRIPTS, DemoEngine
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    Interruption,
    UserText,
    UserUtterance,
)


async def started(persona: str = 'skeptical_buyer', *, speak: bool = False) -> DemoEngine:
    engine = DemoEngine(speak=speak)
    await engine.connect(EngineConfig(call_id=uuid.uuid4(), persona=PERSONAS[persona], scenario=None))
    return engine


async def test_questions_get_answers_on_their_topic_and_pitches_get_objections() -> None:
    engine = await started('skeptical_buyer')
    script = SCRIPTS['skeptical_buyer']
    assert engine.reply_to('What do you use today for supplier data?') == script.answers['tools'][0]
    assert engine.reply_to('How big is your team?') == script.answers['team'][0]
    assert engine.reply_to('We are the leading platform for procurement.') == script.objections[0]
    assert engine.reply_to('Our customers save a lot of time.') == script.objections[1]
    await engine.close()


@pytest.mark.parametrize('persona', list(PERSONAS))
async def test_a_meeting_is_earned_by_discovery(persona: str) -> None:
    script = SCRIPTS[persona]
    hasty = await started(persona)
    assert hasty.reply_to('Can we book a demo next week?') == script.close_no
    await hasty.close()
    patient = await started(persona)
    patient.reply_to('What is your biggest challenge right now?')
    patient.reply_to('Who decides on tools like this?')
    assert patient.reply_to('Can we book a demo next week?') == script.close_yes
    assert patient.reply_to('Thanks for your time, bye!') == script.goodbye
    await patient.close()


async def test_a_conversation_of_typed_turns_flows_as_events() -> None:
    engine = await started('friendly_prospect')
    events = engine.events()
    opening = await anext(events)
    assert isinstance(opening, AssistantUtterance) and 'Jordan' in opening.text
    assert isinstance(await anext(events), AssistantEnd)
    await engine.send(UserText(text='What frustrates your team most?'))
    heard = await anext(events)
    assert isinstance(heard, UserUtterance) and heard.text == 'What frustrates your team most?'
    assert heard.start_s is not None and heard.end_s is not None and heard.end_s > heard.start_s
    answer = await anext(events)
    assert isinstance(answer, AssistantUtterance) and 'three hours a day' in answer.text
    await engine.close()


@pytest.mark.skipif(shutil.which('espeak-ng') is None, reason='espeak-ng is not installed')
async def test_with_espeak_the_prospect_speaks_and_can_be_interrupted() -> None:
    engine = await started('busy_executive', speak=True)
    events = engine.events()
    line = await anext(events)
    assert isinstance(line, AssistantUtterance)
    audio = await anext(events)
    assert isinstance(audio, AssistantAudio) and audio.sample_rate == ESPEAK_RATE and audio.pcm

    await engine.send(UserText(text='Let me tell you about our company.'))
    answer_started = False
    async with asyncio.timeout(20):
        async for event in events:
            if isinstance(event, UserUtterance):
                answer_started = True
            elif answer_started and isinstance(event, AssistantAudio):
                break  # the objection is being spoken now
    await engine.send(UserText(text='Sorry, one quick question?'))  # talk over it
    async with asyncio.timeout(20):
        kinds = []
        async for event in events:
            kinds.append(type(event))
            if isinstance(event, UserUtterance):
                break
    assert Interruption in kinds
    await engine.close()
