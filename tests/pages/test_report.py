"""A rep reads a report the AI coach wrote, compares it with their last call, downloads it, and re-runs a fallback."""

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from app.runtime import current_runtime
from app.settings import get_settings
from components.transcript_pages import TranscriptPage
from services import call_lifecycle, calls
from services.coaching.prompt import PROMPT_VERSION
from services.library.scenario import Criterion, ScenarioSpec
from services.library.snapshot import ScenarioSnapshot
from services.models import CallSession
from services.transcript import EmotionData, Transcript
from services.users import get_user_by_email
from tests.coaches import GatedCoach
from tests.factories import longest_call_body, sample_call_body
from tests.fake_openai import API_KEY, FakeOpenAI, Reply
from tests.support.pages import add_analysed_call, sign_up
from tests.support.waiting import until


@pytest.fixture
def ai_coach_env(
    app_env: Path, fake_openai: tuple[FakeOpenAI, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeOpenAI]:
    """The app's AI coach pointed at the fake server (set before the app starts)."""
    server, base_url = fake_openai
    monkeypatch.setenv('OPENAI_API_KEY', API_KEY)
    monkeypatch.setenv('OPENAI_BASE_URL', base_url)
    get_settings.cache_clear()
    yield server
    get_settings.cache_clear()


async def latest_call_id(email: str) -> str:
    async with current_runtime().database.session() as session:
        owner = await get_user_by_email(session, email)
        assert owner is not None
        rows, _ = await calls.list_calls(session, owner_id=owner.id, limit=1)
    return str(rows[0].id)


async def test_the_ai_coachs_report_with_skills_say_instead_and_a_markdown_download(
    ai_coach_env: FakeOpenAI, user: User
) -> None:
    await sign_up(user)
    ai_coach_env.replies.append(Reply(changes={'overall_score': 58}))
    assert await add_analysed_call('sam@example.com', persona='skeptical_buyer') == 58
    assert await add_analysed_call('sam@example.com', persona='skeptical_buyer') == 64
    call_id = await latest_call_id('sam@example.com')

    await user.open(f'/calls/{call_id}')
    facts = user.find(marker='call-facts').elements.pop()
    assert isinstance(facts, ui.label)
    assert re.fullmatch(r'\d{4}-\d\d-\d\d \d\d:\d\d UTC · Morgan Reyes · .+ · 1:02 · demo engine', facts.text), (
        facts.text
    )
    back = user.find(marker='back-to-history').elements.pop()
    assert isinstance(back, ui.link) and back.props['href'] == '/history'
    await user.should_see(f'Written by the AI coach (openai:gpt-4o, prompt {PROMPT_VERSION}).')
    await user.should_see('+6 vs your last call with Morgan Reyes')
    await user.should_see('Say instead:')
    await user.should_see('Before I go on, how are you handling this today?')
    await user.should_see('Questions: 2 open, 2 closed')
    radar = user.find(marker='skill-radar').elements.pop()
    assert isinstance(radar, ui.echart)
    assert radar.options['series'][0]['data'][0]['value'] == [4, 3, 2, 4, 3]

    user.find('Download as Markdown').click()
    markdown = (await user.download.next()).text
    assert markdown.startswith('# Call with Morgan Reyes\n')
    assert '- **Overall score:** 64/100 (+6 vs your last call with this prospect)' in markdown
    assert '**Say instead:** Before I go on, how are you handling this today?' in markdown
    assert '| Objection handling | 2 |' in markdown
    assert '**You:** Fair. What does a lost deal cost you in a typical quarter?' in markdown
    assert API_KEY not in markdown


async def test_a_fallback_report_says_so_and_analyse_again_asks_the_model(ai_coach_env: FakeOpenAI, user: User) -> None:
    await sign_up(user)
    ai_coach_env.replies.append(Reply(status=400))  # not worth retrying: the rule-based coach steps in at once
    await add_analysed_call('sam@example.com')
    call_id = await latest_call_id('sam@example.com')

    await user.open(f'/calls/{call_id}')
    await user.should_see('could not write this report: the model server answered HTTP 400')
    await user.should_see('Written by the rule-based coach')

    user.find(kind=ui.button, content='Analyse again').click()
    await until(lambda: len(ai_coach_env.requests) == 2)
    await current_runtime().analysis.wait_idle()
    await user.open(f'/calls/{call_id}')
    await user.should_see('Written by the AI coach (openai:gpt-4o')
    await user.should_not_see('could not write this report')


async def test_practice_says_who_will_write_the_report(ai_coach_env: FakeOpenAI, user: User) -> None:
    await sign_up(user)
    await user.open('/practice')
    await user.should_see('Reports are written by the AI coach (openai:gpt-4o).')


async def test_without_a_key_the_rule_based_coach_writes_reports(user: User) -> None:
    await sign_up(user)
    await user.open('/practice')
    await user.should_see('Reports are written by the rule-based coach (set OPENAI_API_KEY for the AI coach).')


async def test_a_report_being_written_shows_itself_when_the_analysis_is_done(user: User) -> None:
    await sign_up(user)
    runtime = current_runtime()
    runtime.analysis.coach = coach = GatedCoach()
    async with runtime.database.session() as session:
        owner = await get_user_by_email(session, 'sam@example.com')
        assert owner is not None
        call = await calls.create_call(
            session, owner_id=owner.id, persona='busy_executive', scenario=None, engine='demo'
        )
        body = sample_call_body()
        await call_lifecycle.complete(
            session,
            call,
            duration_seconds=body['duration_seconds'],
            transcript=Transcript.model_validate(body['transcript']),
            emotion_data=EmotionData(),
        )
        await call_lifecycle.request_analysis(session, call)
    runtime.analysis.submit(call.id)
    await coach.started.wait()

    await user.open(f'/calls/{call.id}')
    await user.should_see('The report is being written; this page refreshes itself when it is ready.')
    await user.should_not_see('overall score')
    coach.release.set()  # told, not polled: the page reloads when the analysis stores the report
    await user.should_see('overall score')


async def test_the_longest_call_a_rep_can_have_shows_its_transcript_a_page_at_a_time(user: User) -> None:
    await sign_up(user)
    await add_analysed_call('sam@example.com', persona='skeptical_buyer', body=longest_call_body())
    call_id = await latest_call_id('sam@example.com')

    await user.open(f'/calls/{call_id}')
    await user.should_see('overall score')
    await user.should_see('Full transcript (5,000 lines)')
    assert shown_lines(user) == []  # drawn only when the rep opens it

    open_transcript(user)
    await user.should_see('Lines 1–100 of 5,000')
    await user.should_see('Page 1 of 50')
    lines = shown_lines(user)
    assert len(lines) == 100
    assert lines[0].startswith('0:00 You: Line 1 of the call: We keep every order in a shared spreadsheet')
    assert lines[1].startswith('0:06 Morgan Reyes: Line 2 of the call: How many orders a week')
    assert lines[-1].startswith('9:54 Morgan Reyes: Line 100 of the call:')
    elements = len(user.client.elements)
    assert elements < 200  # the report and one element for the page's lines; every line at once made 15,113

    user.find(marker='next-page').click()
    await user.should_see('Lines 101–200 of 5,000')
    assert shown_lines(user)[0].startswith('10:00 You: Line 101 of the call:')

    user.find(marker='last-page').click()
    await user.should_see('Lines 4,901–5,000 of 5,000')
    await user.should_see('Page 50 of 50')
    assert shown_lines(user)[-1].startswith('499:54 Morgan Reyes: Line 5000 of the call: What would it be worth')
    assert not enabled(user, 'next-page') and not enabled(user, 'last-page')
    assert len(user.client.elements) == elements  # turning pages adds nothing

    user.find(marker='previous-page').click()
    await user.should_see('Lines 4,801–4,900 of 5,000')
    user.find(marker='first-page').click()
    await user.should_see('Lines 1–100 of 5,000')
    assert shown_lines(user)[0].startswith('0:00 You: Line 1 of the call:')

    user.find('Download as Markdown').click()
    markdown = (await user.download.next()).text
    assert markdown.startswith('# Call with Morgan Reyes\n')
    transcript = markdown.split('## Transcript\n\n', 1)[1].splitlines()
    assert len(transcript) == 5000  # the whole call, not a page of it
    assert transcript[0].startswith('[0:00] **You:** Line 1 of the call: We keep every order')
    assert transcript[-1].startswith('[499:54] **Morgan Reyes:** Line 5000 of the call: What would it be worth')


async def test_the_download_of_a_call_deleted_meanwhile_says_so(user: User) -> None:
    await sign_up(user)
    await add_analysed_call('sam@example.com')
    call_id = await latest_call_id('sam@example.com')
    await user.open(f'/calls/{call_id}')
    await user.should_see('overall score')

    runtime = current_runtime()  # deleted from another tab, say: the report is still on this one
    async with runtime.database.session() as session:
        call = await session.get(CallSession, uuid.UUID(call_id))
        assert call is not None
        await calls.delete_call(session, call)

    user.find('Download as Markdown').click()
    await user.should_see('This call has been deleted.')


def open_transcript(user: User) -> None:
    """Opens "Full transcript" as a tap on it does (the simulated click does not reach Quasar's expansion)."""
    expansion = user.find(kind=ui.expansion, content='Full transcript').elements.pop()
    with user.client:
        expansion.open()


def shown_lines(user: User) -> list[str]:
    """The transcript's lines on screen, as "m:ss Speaker: text" (the browser draws them from one element)."""
    page = user.find(kind=TranscriptPage).elements.pop()
    assert isinstance(page, TranscriptPage)
    return [f'{speaker}: {text}' for speaker, text in page.lines]


def enabled(user: User, marker: str) -> bool:
    button = user.find(marker=marker).elements.pop()
    assert isinstance(button, ui.button)
    return button.enabled


async def test_what_happened_shows_codes_reading_and_where_the_ai_coach_overruled_it(
    ai_coach_env: FakeOpenAI, user: User
) -> None:
    await sign_up(user)
    overrule = "outcome: 'Send me a time' was a brush-off; no time was ever agreed"
    ai_coach_env.replies.append(Reply(changes={'reading_overrides': [overrule]}))
    await add_analysed_call('sam@example.com', persona='skeptical_buyer')
    call_id = await latest_call_id('sam@example.com')

    await user.open(f'/calls/{call_id}')
    await user.should_see('What happened')
    await user.should_see('Next step: Agreed, with a day or time, and who joins')
    await user.should_see('You: “Could we book a 30 minute demo next week with your team?”')
    await user.should_see('Morgan Reyes: “Send me a time.”')
    await user.should_see('Objection (price): Explored before answering')
    await user.should_see("The AI coach overruled code's reading:")
    override = user.find(marker='reading-override').elements.pop()
    assert isinstance(override, ui.label) and override.text == overrule


async def scenario_call(email: str, spec: ScenarioSpec) -> str:
    """A call practised on `spec` (its snapshot stored as starting it stores one), completed and analysed."""
    runtime = current_runtime()
    body = sample_call_body()
    async with runtime.database.session() as session:
        owner = await get_user_by_email(session, email)
        assert owner is not None
        call = await calls.create_call(
            session, owner_id=owner.id, persona='skeptical_buyer', scenario=None, engine='demo'
        )
        call.scenario_snapshot = ScenarioSnapshot(id='custom', builtin=False, spec=spec).model_dump(mode='json')
        await call_lifecycle.complete(
            session,
            call,
            duration_seconds=body['duration_seconds'],
            transcript=Transcript.model_validate(body['transcript']),
            emotion_data=EmotionData.model_validate(body['emotion_data']),
        )
        await call_lifecycle.request_analysis(session, call)
    runtime.analysis.submit(call.id)
    await runtime.analysis.wait_idle()
    return str(call.id)


SCENARIO = ScenarioSpec(
    title='CRM to a logistics firm',
    goals=['Book a 30-minute demo', 'Build rapport'],
    criteria=[
        Criterion(id='step', text='Did the rep agree a next step?', weight=2),
        Criterion(id='budget', text='Did the rep ask about budget?'),
        Criterion(id='story', text='Did the rep tell a customer story?'),
    ],
    pass_mark=70,
)


async def test_the_scorecard_card_shows_rule_grades_and_what_waits_for_the_ai_coach(user: User) -> None:
    await sign_up(user)
    call_id = await scenario_call('sam@example.com', SCENARIO)

    await user.open(f'/calls/{call_id}')
    await user.should_see('Scorecard')
    await user.should_see('Waiting for the AI coach (1 of 3 criteria)')
    await user.should_see('Total 66.7 / 100, pass mark 70')
    await user.should_see('Yes · weight 2 · graded by the rule-based coach')
    await user.should_see('“Send me a time.”')
    await user.should_see('No · weight 1 · graded by the rule-based coach')
    await user.should_see('Needs the AI coach · weight 1')
    await user.should_see('Book a 30-minute demo: met')
    await user.should_see('Build rapport: not judged')
    assert len(user.find(marker='criterion').elements) == 3

    user.find('Download as Markdown').click()
    markdown = (await user.download.next()).text
    assert '## Goals\n\n- ✅ Book a 30-minute demo: met\n- ➖ Build rapport: not judged' in markdown
    assert '## Scorecard\n\n**Waiting for the AI coach (1 of 3 criteria)** · total 66.7 / 100, pass mark 70' in markdown
    assert '- **Did the rep agree a next step?** — Yes (weight 2, graded by the rule-based coach)' in markdown
    assert '- **Did the rep tell a customer story?** — Needs the AI coach (weight 1)' in markdown


async def test_the_scorecard_card_shows_the_ai_coachs_grades_and_the_verdict(
    ai_coach_env: FakeOpenAI, user: User
) -> None:
    await sign_up(user)
    grades = [
        {'id': 'step', 'met': True, 'score': None, 'rationale': 'A demo next week.', 'quote': 'Send me a time.'},
        {'id': 'budget', 'met': False, 'score': None, 'rationale': 'Never asked.', 'quote': 'What is your budget?'},
        {'id': 'story', 'met': True, 'score': None, 'rationale': 'Lost deals.', 'quote': None},
    ]
    ai_coach_env.replies.append(Reply(changes={'criteria': grades, 'goals': [{'number': 1, 'met': True}]}))
    call_id = await scenario_call('sam@example.com', SCENARIO)

    await user.open(f'/calls/{call_id}')
    await user.should_see('Passed')
    await user.should_see('Total 75 / 100, pass mark 70')
    await user.should_see('Yes · weight 2 · graded by the AI coach')
    await user.should_see('The quote the coach gave was never said, so it was left out.')
    await user.should_see('Never asked.')
    verdict = user.find(marker='scorecard-verdict').elements.pop()
    assert isinstance(verdict, ui.badge) and verdict.props['color'] == 'positive'


async def test_a_report_without_a_scenario_has_no_scorecard_card(user: User) -> None:
    await sign_up(user)
    await add_analysed_call('sam@example.com', persona='skeptical_buyer')
    await user.open(f'/calls/{await latest_call_id("sam@example.com")}')
    await user.should_see('What happened')
    await user.should_not_see(marker='scorecard')
