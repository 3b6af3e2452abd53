"""A rep's progress on hand-made calls, on both databases: counts, the recent average and its trend, the series
for the charts and the skill averages."""

import uuid

import pytest
from sqlalchemy import update

from app.runtime import Runtime
from services.call_status import CallStatus
from services.models import CallSession
from services.progress import Progress, progress_for, scenario_progress
from tests.support.seeds import NOW, Seed, ago, make_rep, seed_calls, skills


async def test_counts_every_call_and_the_week_is_the_last_seven_days(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    await seed_calls(
        runtime,
        rep,
        [
            Seed(created_at=ago(hours=1)),
            Seed(created_at=ago(days=6, hours=23)),
            Seed(created_at=ago(days=2), status=CallStatus.COMPLETED),  # not analysed, still a call this week
            Seed(created_at=ago(days=7, minutes=1)),  # just over a week ago
            Seed(created_at=ago(days=30)),
        ],
    )
    progress = await _progress(runtime, rep)
    assert (progress.total_calls, progress.calls_last_7_days) == (5, 3)
    assert len(progress.points) == 4  # the unanalysed call gives no score and no metrics


async def test_the_average_of_the_last_five_and_its_trend_against_the_five_before(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    scores = [10, 20, 40, 50, 60, 70, 80, 55, 65, 75, 85, 95]  # oldest first
    await seed_calls(runtime, rep, [Seed(created_at=ago(days=12 - i), score=s) for i, s in enumerate(scores)])
    await seed_calls(runtime, rep, [Seed(created_at=ago(hours=1), status=CallStatus.ANALYZING)])  # no score yet

    progress = await _progress(runtime, rep)
    assert progress.recent_count == 5
    assert progress.recent_average == pytest.approx(75)  # 55, 65, 75, 85, 95
    assert progress.trend == pytest.approx(75 - 60)  # against 40, 50, 60, 70, 80; 10 and 20 are too old
    assert [point.score for point in progress.points] == scores


async def test_with_fewer_than_ten_analysed_calls_there_is_an_average_but_no_trend(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    await seed_calls(runtime, rep, [Seed(created_at=ago(days=9 - i), score=50 + i) for i in range(9)])
    progress = await _progress(runtime, rep)
    assert progress.recent_average == pytest.approx(56)  # 54..58
    assert progress.trend is None

    newcomer = await make_rep(runtime, 'new@example.com')
    await seed_calls(
        runtime, newcomer, [Seed(created_at=ago(days=1), score=41), Seed(created_at=ago(days=2), score=60)]
    )
    progress = await _progress(runtime, newcomer)
    assert (progress.recent_count, progress.recent_average, progress.trend) == (2, pytest.approx(50.5), None)


async def test_skill_averages_come_from_the_last_five_calls_that_have_skill_scores(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    await seed_calls(
        runtime,
        rep,
        [
            Seed(created_at=ago(days=7), skills=skills(1, 1, 1, 1, 1)),  # a sixth one back: left out
            Seed(created_at=ago(days=6), skills=skills(5, 4, 3, 2, 1)),
            Seed(created_at=ago(days=5), skills=skills(4, 4, 3, 2, 2)),
            Seed(created_at=ago(days=4), skills=skills(3, 4, 3, 3, 3)),
            Seed(created_at=ago(days=3)),  # a report without skill scores
            Seed(created_at=ago(days=2), skills=skills(2, 4, 3, 3, 4)),
            Seed(created_at=ago(days=1), skills=skills(1, 4, 5, 5, 5)),
        ],
    )
    progress = await _progress(runtime, rep)
    assert progress.skill_calls == 5
    assert progress.skill_averages == pytest.approx(
        {'opening': 3.0, 'discovery': 4.0, 'objection_handling': 3.4, 'next_step': 3.0, 'delivery': 3.0}
    )


async def test_no_skill_scores_at_all_is_none(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    await seed_calls(runtime, rep, [Seed(created_at=ago(days=1))])
    progress = await _progress(runtime, rep)
    assert (progress.skill_averages, progress.skill_calls) == (None, 0)


async def test_the_series_are_oldest_first_and_missing_metrics_stay_missing(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    ids = await seed_calls(
        runtime,
        rep,
        [
            Seed(created_at=ago(days=3), score=40, wpm=171.5, fillers=3.25, talk_ratio=0.72),
            Seed(created_at=ago(days=2), score=55, wpm=None, fillers=None, drop_talk_ratio=True),
            Seed(created_at=ago(days=1), score=70, wpm=142.0, fillers=0.0, talk_ratio=0.5),
        ],
    )
    points = (await _progress(runtime, rep)).points
    assert [p.call_id for p in points] == ids
    assert [p.created_at for p in points] == [ago(days=3), ago(days=2), ago(days=1)]
    assert [p.score for p in points] == [40, 55, 70]
    assert [p.words_per_minute for p in points] == [171.5, None, 142.0]
    assert [p.fillers_per_minute for p in points] == [3.25, None, 0.0]
    assert [p.talk_ratio for p in points] == [0.72, None, 0.5]


async def test_only_the_latest_history_limit_calls_are_read(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    await seed_calls(runtime, rep, [Seed(created_at=ago(days=10 - i), score=10 * i) for i in range(8)])
    progress = await _progress(runtime, rep, history_limit=3)
    assert [point.score for point in progress.points] == [50, 60, 70]
    assert progress.total_calls == 8


async def test_other_reps_calls_are_never_counted(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    other = await make_rep(runtime, 'other@example.com')
    await seed_calls(runtime, rep, [Seed(created_at=ago(days=1), score=30, skills=skills(1, 1, 1, 1, 1))])
    await seed_calls(
        runtime, other, [Seed(created_at=ago(days=d), score=90, skills=skills(5, 5, 5, 5, 5)) for d in range(1, 11)]
    )
    progress = await _progress(runtime, rep)
    assert (progress.total_calls, progress.calls_last_7_days, progress.recent_count) == (1, 1, 1)
    assert progress.recent_average == 30
    assert progress.trend is None
    assert [point.score for point in progress.points] == [30]
    assert progress.skill_averages == {
        'opening': 1,
        'discovery': 1,
        'objection_handling': 1,
        'next_step': 1,
        'delivery': 1,
    }


async def test_a_rep_without_calls_has_nothing_to_show(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    progress = await _progress(runtime, rep)
    assert (progress.total_calls, progress.calls_last_7_days, progress.recent_count) == (0, 0, 0)
    assert (progress.recent_average, progress.trend, progress.skill_averages) == (None, None, None)
    assert progress.points == ()


async def _progress(runtime: Runtime, owner_id: uuid.UUID, *, history_limit: int = 100) -> Progress:
    async with runtime.database.session() as session:
        return await progress_for(session, owner_id=owner_id, now=NOW, history_limit=history_limit)


async def test_a_call_a_manager_re_scored_counts_with_the_managers_score(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    _first, second = await seed_calls(
        runtime, rep, [Seed(created_at=ago(days=2), score=40), Seed(created_at=ago(days=1), score=54)]
    )
    async with runtime.database.session() as session:
        await session.execute(update(CallSession).where(CallSession.id == second).values(override_score=86))
        await session.commit()
    progress = await _progress(runtime, rep)
    assert [point.score for point in progress.points] == [40, 86]
    assert progress.recent_average == pytest.approx(63)


async def test_a_scenarios_average_score_counts_a_managers_override_too(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    [call] = await seed_calls(runtime, rep, [Seed(created_at=ago(days=1), score=54)])
    async with runtime.database.session() as session:
        await session.execute(
            update(CallSession).where(CallSession.id == call).values(override_score=86, scenario_id='saas_crm')
        )
        await session.commit()
        [progress] = await scenario_progress(session, owner_id=rep)
    assert progress.average_score == pytest.approx(86)
