"""A rep practises a scenario of the library: picks it, sees its goals and pass mark before the call, picks one of
its prospects (listed first), and the call keeps both as they were; during the call the goals stay in a panel, and a
time limit counts down, warns at 30 s and ends the call politely, keeping what was said."""

import asyncio
import time

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select

from app.runtime import current_runtime
from services.library.prompt import closing_line
from services.library.prospect import ProspectProfile
from services.library.scenario import Criterion, ScenarioSpec
from services.library.snapshot import ProspectSnapshot, ScenarioSnapshot
from services.library.store import PROSPECTS, SCENARIOS, Draft, Entry
from services.models import CallSession, Utterance
from services.users import get_user_by_email
from tests.support.fakes import MemoryTransport
from tests.support.pages import sign_up
from tests.support.waiting import until, until_async

GOALS = ['Find out who else decides', 'Book a 30-minute demo']


async def sams_scenario(*, time_limit_s: int | None = None) -> tuple[Entry[ProspectProfile], Entry[ScenarioSpec]]:
    """Sam's own prospect and a scenario it suits, with two goals and a scorecard."""
    async with current_runtime().database.session() as session:
        sam = await get_user_by_email(session, 'sam@example.com')
        assert sam is not None
        prospect = await PROSPECTS.create(
            session,
            user=sam,
            draft=Draft(content=ProspectProfile(name='Dana Whitfield', job_title='Finance director', summary='Busy.')),
        )
        spec = ScenarioSpec(
            title='Payroll to retail chains',
            product='PayFlow, payroll for shift workers',
            call_type='cold_call',
            persona_ids=[prospect.id],
            goals=GOALS,
            criteria=[Criterion(id='decides', text='Did the rep ask who else decides?')],
            pass_mark=75,
            time_limit_s=time_limit_s,
        )
        scenario = await SCENARIOS.create(session, user=sam, draft=Draft(content=spec))
    return prospect, scenario


def timer_text(user: User) -> str:
    timer = user.find(marker='call-timer').elements.pop()
    assert isinstance(timer, ui.label)
    return timer.text


async def latest_call() -> CallSession:
    async with current_runtime().database.session() as session:
        call = await session.scalar(select(CallSession).order_by(CallSession.created_at.desc()).limit(1))
    assert call is not None
    return call


async def test_a_scenario_shows_its_goals_and_pass_mark_and_the_call_keeps_the_snapshots(user: User) -> None:
    await sign_up(user)
    prospect, scenario = await sams_scenario()
    await user.open('/practice')
    user.find(marker='scenario-choice').click()
    user.find('Payroll to retail chains').click()
    await user.should_see('Your goals')
    for goal in GOALS:
        await user.should_see(goal)
    await user.should_see('Graded on 1 criterion; passing needs 75 of 100.')
    await user.should_see('Suits this scenario')  # Dana, listed first and chosen
    await user.should_not_see(marker='scenario')  # no free text with a scenario of the library
    user.find('Start call').click()
    await user.should_see('Connecting…')

    call = await latest_call()
    assert call.persona == prospect.id
    assert call.scenario is None and call.scenario_id == scenario.id
    assert ProspectSnapshot.model_validate(call.persona_snapshot).profile.name == 'Dana Whitfield'
    assert ScenarioSnapshot.model_validate(call.scenario_snapshot).spec.goals == GOALS
    await user.should_see('with Dana Whitfield, finance director')
    await user.should_see('Goals (2)')  # the panel during the call
    await user.should_see('Book a 30-minute demo')


async def test_the_scenarios_page_opens_practice_with_the_scenario_chosen(user: User) -> None:
    await sign_up(user)
    _, scenario = await sams_scenario()
    await user.open('/scenarios')
    user.find(marker=f'practise-{scenario.id}').click()
    await user.should_see('Your goals')
    await user.should_see('Find out who else decides')


async def test_free_practice_keeps_the_built_in_prospect_and_no_scenario(user: User) -> None:
    await sign_up(user)
    await user.open('/practice')
    user.find('Busy executive').click()
    user.find(marker='scenario').type('Selling fleet insurance')
    user.find('Start call').click()
    await user.should_see('Connecting…')
    call = await latest_call()
    assert (call.persona, call.scenario, call.scenario_id, call.scenario_snapshot) == (
        'busy_executive',
        'Selling fleet insurance',
        None,
        None,
    )
    assert ProspectSnapshot.model_validate(call.persona_snapshot).builtin


async def test_the_time_limit_counts_down_warns_and_the_prospect_closes_the_call_keeping_what_was_said(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_up(user)
    _, scenario = await sams_scenario(time_limit_s=120)
    await user.open(f'/practice?scenario={scenario.id}')
    await user.should_see('Time limit 2:00.')
    runtime = current_runtime()
    shift = [0.0]  # the calls' clock, moved on by the test
    monkeypatch.setattr(runtime.live, '_clock', lambda: time.monotonic() + shift[0])
    user.find('Start call').click()
    await user.should_see('Connecting…')
    call = await latest_call()
    running = asyncio.create_task(runtime.live.run(runtime.live.open(call), MemoryTransport()))
    await user.should_see('Live')
    user.find(marker='typed-turn').type('Who else signs off on payroll?').trigger('keydown.enter')
    await user.should_see('Who else signs off on payroll?')

    shift[0] = 65.0
    await until(lambda: timer_text(user).startswith('0:5'))  # 0:55 left, less the seconds the test took
    assert timer_text(user).endswith(' left')
    shift[0] = 95.5
    await user.should_see('left: time to agree on a next step.')
    shift[0] = 120.5  # the server's timer sees the limit: the prospect says its last line, then the call ends
    await user.should_see('Time is up: Dana Whitfield is wrapping up, and the call ends once they have.')
    last_line = closing_line(ProspectProfile(name='Dana Whitfield', job_title='Finance director'))
    await user.should_see(last_line)
    assert await asyncio.wait_for(running, 20) == 'time-up'  # once the line has been heard

    async def rep_lines() -> list[str]:
        async with runtime.database.session() as session:
            said = select(Utterance.text).where(Utterance.call_id == call.id, Utterance.role == 'user')
            return list(await session.scalars(said))

    assert await until_async(rep_lines, bool) == ['Who else signs off on payroll?']
    await until(lambda: not runtime.live.is_live(call.id))
    async with runtime.database.session() as session:
        said = select(Utterance.text).where(Utterance.call_id == call.id, Utterance.role == 'assistant')
        assert list(await session.scalars(said.order_by(Utterance.start_s)))[-1] == last_line
