"""A rep reads a report the AI coach wrote, compares it with their last call, downloads it, and re-runs a fallback."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from app.runtime import current_runtime
from app.settings import get_settings
from services import call_lifecycle, calls
from services.coaching.prompt import PROMPT_VERSION
from services.transcript import EmotionData, Transcript
from services.users import get_user_by_email
from tests.coaches import GatedCoach
from tests.factories import sample_call_body
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
