"""The pipeline engine's turns, through the real `openai` SDK against the fake audio server: typed and spoken turns,
and the answer spoken sentence by sentence while the model still streams."""

import time

from services.voice.engine import EngineConfig
from services.voice.events import (
    AssistantAudio,
    AssistantDraft,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    Transcribing,
    UserText,
    UserUtterance,
)
from tests.fake_openai_audio import SECONDS_PER_WORD, Step
from tests.voice import custom_prospect
from tests.voice.pipeline_support import Running, events_until, of_type, running, say, spoken

__all__ = ['running']  # the fixture, used by name

ANSWER = 'We use an old system. It mostly works. Why would we change?'


async def test_a_typed_turn_is_answered_in_the_personas_words_with_its_voice(running: Running) -> None:
    running.fake.replies.append(ANSWER)
    engine = await running.engine()
    await engine.send(UserText(text='Hi Morgan, do you have a minute?'))
    seen = await events_until(engine.events(), AssistantEnd)
    await engine.close()

    [rep] = of_type(seen, UserUtterance)
    assert isinstance(rep, UserUtterance) and rep.typed and rep.text == 'Hi Morgan, do you have a minute?'
    [line] = of_type(seen, AssistantUtterance)
    assert isinstance(line, AssistantUtterance) and line.text == ANSWER
    voice = of_type(seen, AssistantAudio)
    assert {event.sample_rate for event in voice if isinstance(event, AssistantAudio)} == {24000}
    seconds = sum(len(event.pcm) for event in voice if isinstance(event, AssistantAudio)) / 48000
    assert abs(seconds - len(ANSWER.split()) * SECONDS_PER_WORD) < 0.01  # every sentence's voice, all of it
    # The line is kept once its voice has played: it lasts as long as the voice.
    assert line.start_s is not None and line.end_s is not None
    assert abs((line.end_s - line.start_s) - seconds) < 0.05
    [request] = running.fake.llm.requests
    assert request['model'] == 'llm-test' and request['stream'] is True
    system, user = request['messages']
    assert system['role'] == 'system' and 'Morgan Reyes' in system['content']
    assert 'ShieldOps to a hospital' in system['content']  # the scenario, through services/library/prompt.py
    assert user == {'role': 'user', 'content': 'Hi Morgan, do you have a minute?'}
    assert [r['voice'] for r in running.fake.tts.requests] == ['kokoro_heart'] * 3


async def test_a_teams_prospect_and_scenario_are_the_system_message_and_its_voice_the_profiles(
    running: Running,
) -> None:
    running.fake.replies.extend(['Who is calling?', 'Go on.'])
    engine = await running.engine(custom_prospect.CONFIG, PIPELINE_TTS_VOICE=None)
    await engine.send(UserText(text='Hi Dana, this is Sam from VoltIQ.'))
    await events_until(engine.events(), AssistantEnd)
    await engine.close()
    system = running.fake.llm.requests[0]['messages'][0]
    assert system['role'] == 'system'
    for words in custom_prospect.CARRIED:
        assert words in system['content'], words
    assert {r['voice'] for r in running.fake.tts.requests} == {'coral'}  # the profile's style, "bright"
    named = custom_prospect.PROSPECT.model_copy(
        update={'voice': custom_prospect.PROSPECT.voice.model_copy(update={'per_engine': {'pipeline': 'af_bella'}})}
    )
    config = EngineConfig(call_id=custom_prospect.CONFIG.call_id, prospect_id='team-prospect-1', prospect=named)
    engine = await running.engine(config)  # the profile's name wins over PIPELINE_TTS_VOICE
    await engine.send(UserText(text='Hello?'))
    await events_until(engine.events(), AssistantEnd)
    await engine.close()
    assert running.fake.tts.requests[-1]['voice'] == 'af_bella'


async def test_the_next_turn_carries_the_conversation_so_far(running: Running) -> None:
    running.fake.replies.extend([ANSWER, 'Fine.'])
    engine = await running.engine()
    events = engine.events()
    await engine.send(UserText(text='Hello?'))
    await events_until(events, AssistantEnd)
    await engine.send(UserText(text='What do you use today?'))
    await events_until(events, AssistantEnd)
    await engine.close()
    assert [m['role'] for m in running.fake.llm.requests[1]['messages']] == ['system', 'user', 'assistant', 'user']
    assert running.fake.llm.requests[1]['messages'][2] == {'role': 'assistant', 'content': ANSWER}


async def test_the_first_sentence_speaks_before_the_model_has_finished(running: Running) -> None:
    # A slow model: 0.15 s a word, 11 words; the first sentence is complete after its fifth word.
    running.fake.llm.steps.append(Step(text=ANSWER, between_s=0.15))
    engine = await running.engine()
    started = time.monotonic()
    await engine.send(UserText(text='Hello?'))
    first_voice_at = None
    streaming_then = None
    async for event in engine.events():
        if isinstance(event, AssistantAudio) and first_voice_at is None:
            first_voice_at = time.monotonic() - started
            streaming_then = running.fake.llm.finished == 0
        if isinstance(event, AssistantEnd):
            break
    await engine.close()
    assert streaming_then is True  # the model was still streaming when the prospect began to speak
    assert first_voice_at is not None and first_voice_at < 1.0  # the whole answer takes 1.5 s to stream
    # One speech request a sentence, in order.
    assert [r['input'] for r in running.fake.tts.requests] == [
        'We use an old system.',
        'It mostly works.',
        'Why would we change?',
    ]


async def test_the_live_transcript_shows_each_sentence_as_it_starts_to_play(running: Running) -> None:
    running.fake.replies.append(ANSWER)
    engine = await running.engine()
    await engine.send(UserText(text='Hello?'))
    seen = await events_until(engine.events(), AssistantEnd)
    await engine.close()
    # The answer so far, growing by a sentence as each one's voice begins, before the line it becomes is kept.
    assert [e.text for e in of_type(seen, AssistantDraft) if isinstance(e, AssistantDraft)] == [
        'We use an old system.',
        'We use an old system. It mostly works.',
        ANSWER,
    ]
    first_draft = next(i for i, e in enumerate(seen) if isinstance(e, AssistantDraft))
    first_voice = next(i for i, e in enumerate(seen) if isinstance(e, AssistantAudio))
    assert first_voice - first_draft == 1  # shown as its voice goes out, not seconds later
    [line] = of_type(seen, AssistantUtterance)
    assert seen.index(line) > max(i for i, e in enumerate(seen) if isinstance(e, AssistantDraft))


async def test_a_spoken_turn_is_heard_transcribed_kept_with_its_times_and_answered(running: Running) -> None:
    running.fake.transcripts.append('Hi, this is Riley from ShieldOps. Do you have a minute?')
    running.fake.replies.append('I have two. Go ahead.')
    engine = await running.engine()
    audio = spoken()  # about 10 s of speech and 1 s of quiet
    await say(engine, audio, real_time=0.5)  # twice as fast as it was spoken
    seen = await events_until(engine.events(), AssistantEnd)
    await engine.close()

    [request] = running.fake.stt.requests
    assert request['model'] == 'whisper-test' and request['filename'] == 'turn.wav'
    assert 8.5 < request['seconds'] < 11.5  # the utterance, as a 16 kHz WAV
    [rep] = of_type(seen, UserUtterance)
    assert isinstance(rep, UserUtterance) and not rep.typed
    assert rep.text == 'Hi, this is Riley from ShieldOps. Do you have a minute?'
    # On the call's clock, which the audio (sent at twice real time) is pinned to every quarter second.
    assert rep.start_s is not None and rep.end_s is not None and 4 < rep.end_s - rep.start_s < 11
    assert of_type(seen, Transcribing)[0] == Transcribing(pending=1)
    [line] = of_type(seen, AssistantUtterance)
    assert isinstance(line, AssistantUtterance) and line.text == 'I have two. Go ahead.'
    assert line.start_s is not None and line.start_s >= rep.end_s
    assert running.fake.llm.requests[0]['messages'][-1]['content'] == rep.text
    assert not of_type(seen, EngineError)


async def test_noise_that_is_not_words_gets_no_answer(running: Running) -> None:
    running.fake.transcripts.append('')
    engine = await running.engine()
    await say(engine, spoken())
    events = engine.events()
    seen = await events_until(events, Transcribing, count=2)  # queued, then transcribed
    await engine.close()
    assert of_type(seen, Transcribing)[-1] == Transcribing(pending=0)
    assert not of_type(seen, UserUtterance) and not running.fake.llm.requests
