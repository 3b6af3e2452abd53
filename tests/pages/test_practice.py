"""A rep practises with the demo prospect: setup, a live call by typed turns, processing, the report."""

import asyncio

import pytest
from nicegui.testing import User
from sqlalchemy import select

from app.runtime import current_runtime
from components.mic_streamer import MicStreamer
from services import call_lifecycle, calls
from services.analysis import NOTHING_SAID
from services.models import CallSession, Utterance
from services.speech_metrics import TYPED_ONLY_NOTE
from services.transcript import EmotionData, Transcript
from services.users import get_user_by_email
from services.voice.demo_prospect import SCRIPTED_NOTE
from services.voice.events import AssistantDraft, AssistantUtterance, Interruption
from services.voice.protocol import BrowserAudio
from services.voice.registry import UnavailableEngine
from tests.coaches import GatedCoach
from tests.factories import sample_call_body
from tests.support.audio import pcm, voice
from tests.support.fakes import MemoryTransport, ScriptedEngine
from tests.support.live import OneEngine
from tests.support.pages import sign_up


async def latest_call() -> CallSession:
    async with current_runtime().database.session() as session:
        call = await session.scalar(select(CallSession).order_by(CallSession.created_at.desc()).limit(1))
    assert call is not None
    return call


async def start_a_call(user: User) -> CallSession:
    """A new rep starts a call with the first prospect; the page is connecting."""
    await sign_up(user)
    await user.open('/practice')
    user.find('Start call').click()
    await user.should_see('Connecting…')
    return await latest_call()


async def rep_says_something(call: CallSession) -> None:
    """A line of the rep's, stored as the recorder stores one: a call in which the rep said nothing gets no report."""
    async with current_runtime().database.session() as session:
        await calls.add_line(session, call.id, role='user', text='What do you use today?', start_s=1.0, end_s=2.0)


async def test_a_typed_demo_call_from_setup_to_report(user: User) -> None:
    await sign_up(user)
    await user.open('/practice')
    await user.should_see('Demo: no voice provider is configured.')
    await user.should_see(SCRIPTED_NOTE)  # scripted, and said so before the call and during it
    user.find('Skeptical buyer').click()
    user.find('Managed security to an IT leader').click()  # a preset fills the scenario
    user.find('Start call').click()
    await user.should_see('Connecting…')

    # The browser's microphone element would now open the call socket; the test plays the browser's part.
    call = await latest_call()
    assert call.persona == 'skeptical_buyer'
    assert call.scenario is not None and call.scenario.startswith('You sell ShieldOps')
    runtime = current_runtime()
    browser = MemoryTransport()
    running = asyncio.create_task(runtime.live.run(runtime.live.open(call), browser))

    await user.should_see('Live')
    await user.should_see('Bars appear once you speak.', retries=20)
    await user.should_see(marker='demo-note')
    await user.should_see('Morgan Reyes, procurement. I get a lot of these calls. What is it?', retries=50)
    user.find(marker='typed-turn').type('What do you use today for security?').trigger('keydown.enter')
    await user.should_see('What do you use today for security?', retries=50)
    # The answer is in the scenario the rep chose (a small IT team without 24/7 cover), not the persona's own.
    await user.should_see('We have a small IT team and no 24/7 security cover.', retries=50)

    user.find('End call').click()
    await asyncio.wait_for(running, 10)
    await user.should_see('overall score', retries=100)
    await user.should_see('Key moments')
    await user.should_see('Practise again')
    await user.should_see(TYPED_ONLY_NOTE)  # a typed call has no pace (it was told "you spoke fast": 165 wpm)
    await user.should_not_see('words a minute')
    assert browser.controls('ended') == [{'type': 'ended', 'reason': 'hang-up'}]


async def test_a_turn_typed_while_the_call_connects_stays_in_the_box_until_it_can_be_sent(user: User) -> None:
    call = await start_a_call(user)
    box = user.find(marker='typed-turn')
    box.type('What do you use today for security?').trigger('keydown.enter')
    await user.should_see('your turn stays in the box')
    assert [e.value for e in box.elements] == ['What do you use today for security?']  # not cleared, not lost

    runtime = current_runtime()
    running = asyncio.create_task(runtime.live.run(runtime.live.open(call), MemoryTransport()))
    await user.should_see('Hi, this is Jordan', retries=50)  # the prospect has answered: the call is live
    box.trigger('keydown.enter')  # the same words, sent again
    for _ in range(50):  # the box empties once the call has taken the turn
        if [e.value for e in box.elements] == ['']:
            break
        await asyncio.sleep(0.1)
    assert [e.value for e in box.elements] == ['']
    user.find('End call').click()
    await asyncio.wait_for(running, 10)
    async with current_runtime().database.session() as session:
        rep = select(Utterance.text).where(Utterance.call_id == call.id, Utterance.role == 'user')
        said = await session.scalars(rep)
        assert list(said) == ['What do you use today for security?']  # stored once


async def test_the_prospects_words_show_while_its_voice_plays_and_give_way_to_the_line_as_heard(user: User) -> None:
    call = await start_a_call(user)
    runtime = current_runtime()
    engine = ScriptedEngine()
    working, runtime.live.engines = runtime.live.engines, OneEngine(engine)
    running = asyncio.create_task(runtime.live.run(runtime.live.open(call), MemoryTransport()))
    await user.should_see('Live')
    engine.emit(AssistantDraft(text='We use an old system.'))
    await user.should_see('Jordan Lee: We use an old system.…')
    engine.emit(AssistantDraft(text='We use an old system. It mostly works.'))
    await user.should_see('Jordan Lee: We use an old system. It mostly works.…')
    # The rep cuts in: the draft goes, and the line shows as far as it was heard.
    engine.emit(Interruption(), AssistantUtterance(text='We use an old system. It', start_s=1.0, end_s=2.5))
    await user.should_see('We use an old system. It')
    await user.should_not_see('It mostly works.')
    engine.emit(AssistantDraft(text='Fine.'), AssistantUtterance(text='Fine.', start_s=4.0, end_s=4.5))
    await user.should_see('Fine.')
    await user.should_not_see(marker='draft')
    user.find('End call').click()
    engine.end_events()
    await asyncio.wait_for(running, 10)
    runtime.live.engines = working


async def test_the_demo_call_shows_bars_from_the_reps_own_voice(user: User) -> None:
    call = await start_a_call(user)
    runtime = current_runtime()
    browser = MemoryTransport()
    running = asyncio.create_task(runtime.live.run(runtime.live.open(call), browser))
    await user.should_see('Bars appear once you speak.', retries=20)

    audio = pcm(voice(3.0))  # 3 s on one pitch: the monotone flag too
    browser.push(*(BrowserAudio(audio[i : i + 3200]) for i in range(0, len(audio), 3200)))
    await user.should_see('From your voice: loudness, pitch, pace and pauses', retries=50)
    for bar in ('Confidence', 'Energy', 'Hesitation', 'Monotone'):
        await user.should_see(bar)

    user.find('End call').click()
    await asyncio.wait_for(running, 10)


async def test_the_report_has_its_own_address_and_refuses_other_reps(user: User) -> None:
    call = await start_a_call(user)
    await rep_says_something(call)
    user.find('End call').click()  # hung up before the socket ever connected: closed as it is
    await user.should_see('overall score', retries=100)
    await user.open(f'/calls/{call.id}')
    await user.should_see('overall score')

    await user.open('/calls/not-a-call')
    await user.should_see('This call does not exist, or it is not yours.')


async def test_a_refused_microphone_is_explained_and_typing_still_works(user: User) -> None:
    call = await start_a_call(user)
    user.find(MicStreamer).trigger('failure', {'kind': 'permission', 'message': 'Permission denied'})
    await user.should_see('Allow the microphone')
    await user.should_see('You can also carry on by typing your turns.')
    user.find('Type instead').click()
    await user.should_not_see('Allow the microphone')
    await user.should_not_see('Retry')  # the dialog and its Retry are gone, not just hidden

    user.find(MicStreamer).trigger('failure', {'kind': 'socket', 'message': 'The connection to the call was lost.'})
    await user.should_see('The connection to the call was lost.')
    await user.should_see(marker='retry-call')
    issued = len(current_runtime().live.tickets)
    user.find('Retry').click()  # the only Retry: a socket that failed is opened anew, with a new ticket
    await user.should_see('Connecting…')
    await user.should_not_see(marker='retry-call')
    assert len(current_runtime().live.tickets) == issued + 1
    assert (await latest_call()).id == call.id  # the same call, not a new one


async def test_a_slow_analysis_offers_a_retry(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr('app.pages.practice.REPORT_PATIENCE_S', 0.0)
    await sign_up(user)
    runtime = current_runtime()
    runtime.analysis.coach = coach = GatedCoach()
    await user.open('/practice')
    user.find('Start call').click()
    await user.should_see('Connecting…')
    await rep_says_something(await latest_call())
    user.find('End call').click()
    await user.should_see('Analysing your call…', retries=20)
    await user.should_see('Retry the analysis', retries=20)
    coach.release.set()
    await user.should_see('overall score', retries=100)


async def test_a_signed_in_browser_may_ask_for_a_socket_without_a_token(user: User) -> None:
    call = await start_a_call(user)
    response = await user.http_client.post(f'/api/v1/calls/{call.id}/connect')
    assert response.status_code == 200
    assert response.json()['url'].startswith(f'/ws/calls/{call.id}?ticket=')


async def test_the_report_lists_what_the_voice_provider_reported(user: User) -> None:
    call = await start_a_call(user)
    async with current_runtime().database.session() as session:
        await calls.add_engine_error(session, call.id, at=75.0, code='E0714', message='Nothing was said for a while.')
    await rep_says_something(call)
    user.find('End call').click()
    await user.should_see('overall score', retries=100)
    await user.open(f'/calls/{call.id}')
    await user.should_see('During the call')
    await user.should_see('1:15 Nothing was said for a while.')


async def test_an_engine_that_cannot_start_offers_a_retry_that_connects_again(user: User) -> None:
    call = await start_a_call(user)
    runtime = current_runtime()
    working = runtime.live.engines
    runtime.live.engines = OneEngine(UnavailableEngine('demo', 'The provider is down.'))
    await runtime.live.run(runtime.live.open(call), MemoryTransport())
    await user.should_see('The voice engine could not start the call. Nothing was lost.')
    await user.should_see('The provider is down.')

    runtime.live.engines = working
    user.find('Retry').click()
    await user.should_see('Connecting…')
    browser = MemoryTransport()
    running = asyncio.create_task(runtime.live.run(runtime.live.open(call), browser))
    await user.should_see('Live')
    await rep_says_something(call)
    user.find('End call').click()
    await asyncio.wait_for(running, 10)
    await user.should_see('overall score', retries=100)


def acoustic_point(at: float, *, monotone: bool) -> dict:
    scores = {'confidence': 0.7, 'energy': 0.4, 'hesitation': 0.2, 'monotone': float(monotone)}
    return {'timestamp': at, 'role': 'user', 'source': 'acoustic', 'scores': scores, 'features': {'loudness_db': -22.0}}


async def open_report_with(user: User, prosody_scores: list[dict]) -> None:
    """A call analysed with this tone data, as the bridge would have stored it; its report opened."""
    runtime = current_runtime()
    body = sample_call_body()
    async with runtime.database.session() as session:
        owner = await get_user_by_email(session, 'sam@example.com')
        assert owner is not None
        call = await calls.create_call(
            session, owner_id=owner.id, persona='skeptical_buyer', scenario=None, engine='demo'
        )
        await call_lifecycle.complete(
            session,
            call,
            duration_seconds=body['duration_seconds'],
            transcript=Transcript.model_validate(body['transcript']),
            emotion_data=EmotionData.model_validate({'prosody_scores': prosody_scores}),
        )
        await call_lifecycle.request_analysis(session, call)
    runtime.analysis.submit(call.id)
    await runtime.analysis.wait_idle()
    await user.open(f'/calls/{call.id}')
    await user.should_see('How you sounded')


async def test_the_report_says_the_tone_came_from_the_reps_voice_and_flags_a_monotone(user: User) -> None:
    await sign_up(user)
    await open_report_with(user, [acoustic_point(0.0, monotone=True), acoustic_point(7.0, monotone=True)])
    await user.should_see('From your voice: loudness, pitch, pace and pauses.')
    await user.should_see('Confidence: 0.70')
    await user.should_see('Monotone')
    await user.should_see('Your pitch hardly moved')
    await user.should_not_see("From Hume's prosody model")


async def test_the_report_keeps_the_prosody_numbers_and_shows_the_voices_beside_them(user: User) -> None:
    await sign_up(user)
    prosody = sample_call_body()['emotion_data']['prosody_scores']
    await open_report_with(user, [*prosody, acoustic_point(0.0, monotone=False)])
    await user.should_see("From Hume's prosody model.")
    await user.should_see('From your voice: loudness, pitch, pace and pauses: confidence 0.70, energy 0.40')
    await user.should_see('Strongest signals: Determination')
    await user.should_not_see('Monotone')


async def test_a_call_in_which_the_rep_said_nothing_gets_no_report_and_says_why(user: User) -> None:
    call = await start_a_call(user)
    user.find('End call').click()  # hung up before a word was said
    await user.should_see(NOTHING_SAID, retries=100)
    await user.open(f'/calls/{call.id}')
    await user.should_see(NOTHING_SAID)
    await user.should_not_see('overall score')


@pytest.mark.too_short_rule
async def test_a_call_hung_up_at_once_is_not_scored_and_the_report_says_why(user: User) -> None:
    call = await start_a_call(user)
    await rep_says_something(call)
    user.find('End call').click()  # an accidental hang-up: a few seconds, one line
    await user.should_see('too short to score', retries=100)
    await user.should_see('not scored')
    await user.should_not_see('overall score')
    await user.should_not_see('vs your last call')
    async with current_runtime().database.session() as session:
        stored = await session.get(CallSession, call.id)
    assert stored is not None and stored.status == 'done' and stored.overall_score is None
