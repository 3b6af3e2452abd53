"""Progress per scenario: the dashboard shows how the rep does on each scenario they practised (calls, average
score, the scorecard's average and last total with its verdict), and History filters by scenario and says the same."""

import uuid
from datetime import timedelta
from typing import Any

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select, update

from app.runtime import current_runtime
from services.library.builtins import BUILTIN_SCENARIOS
from services.library.snapshot import ScenarioSnapshot
from services.models import CallSession
from tests.support.pages import rep_with_calls
from tests.support.seeds import Seed, ago

SCENARIO = 'saas_crm'
TITLE = BUILTIN_SCENARIOS[SCENARIO].title


async def on_the_scenario(call_id: uuid.UUID, total: float, passed: bool) -> None:
    """Marks a seeded call as practised on the built-in CRM scenario, graded `total` on its scorecard."""
    runtime = current_runtime()
    async with runtime.database.session() as session:
        call = await session.scalar(select(CallSession).where(CallSession.id == call_id))
        assert call is not None and call.analysis_results is not None
        scorecard: dict[str, Any] = {'criteria': [], 'total': total, 'pass_mark': 80, 'passed': passed}
        snapshot = ScenarioSnapshot(id=SCENARIO, builtin=True, spec=BUILTIN_SCENARIOS[SCENARIO])
        await session.execute(
            update(CallSession)
            .where(CallSession.id == call_id)
            .values(
                scenario_id=SCENARIO,
                scenario_snapshot=snapshot.model_dump(mode='json'),
                analysis_results={**call.analysis_results, 'scorecard': scorecard, 'goals': []},
            )
        )
        await session.commit()


async def three_calls(user: User) -> None:
    """Two calls on the CRM scenario (scores 60 then 70; scorecards 50, not passed, then 85, passed), one free."""
    first, second, _ = await rep_with_calls(
        user,
        [
            Seed(created_at=ago(days=3), score=60),
            Seed(created_at=ago(days=2), score=70),
            Seed(created_at=ago(days=1), score=40),
        ],
    )
    await on_the_scenario(first, 50.0, False)
    await on_the_scenario(second, 85.0, True)


async def test_the_dashboard_shows_progress_per_scenario(user: User) -> None:
    await three_calls(user)
    await user.open('/')
    await user.should_see('Your scenarios')
    await user.should_see(TITLE)
    await user.should_see('2 calls · average score 65 · average scorecard 68')
    await user.should_see('Last scorecard 85')
    await user.should_see('Passed')
    await user.should_see('Pass mark 80')


async def test_history_filters_by_scenario_and_shows_its_progress(user: User) -> None:
    await three_calls(user)
    await user.open('/history')
    await user.should_see('Showing 3 calls.')
    table = user.find(ui.table).elements.pop()
    assert sorted(row['scenario'] for row in table.rows) == ['CRM software', TITLE, TITLE]
    user.find(marker='scenario-filter').click()
    user.find(TITLE).click()
    await user.should_see('Showing 2 calls.')
    await user.should_see('Last scorecard 85 (pass mark 80): Passed')
    assert {row['score'] for row in user.find(ui.table).elements.pop().rows} == {60, 70}

    await user.open(f'/history?scenario={SCENARIO}')  # the address keeps the filter
    await user.should_see('Showing 2 calls.')
    await user.open('/history?scenario=someone-elses')  # an unknown scenario shows every call
    await user.should_see('Showing 3 calls.')


async def test_a_rep_without_scenario_calls_sees_no_scenario_filter_or_cards(user: User) -> None:
    await rep_with_calls(user, [Seed(created_at=ago(days=1) - timedelta(hours=1))])
    await user.open('/')
    await user.should_see('Latest calls')
    await user.should_not_see('Your scenarios')
    await user.open('/history')
    await user.should_see('Showing 1 call.')
    await user.should_not_see(marker='scenario-filter')


async def test_a_call_too_short_to_score_counts_as_a_call_but_not_in_the_averages(user: User) -> None:
    await three_calls(user)
    async with current_runtime().database.session() as session:
        latest = await session.scalar(
            select(CallSession.id).where(CallSession.scenario_id == SCENARIO).order_by(CallSession.created_at.desc())
        )
        await session.execute(update(CallSession).where(CallSession.id == latest).values(overall_score=None))
        await session.commit()
    await user.open('/')
    await user.should_see('2 calls · average score 60 · average scorecard 50')
    await user.should_see('Last scorecard 50')
