"""A rep's progress on hand-made calls, on both databases: counts, the recent average and its trend, the series
for the charts and the skill averages."""

import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from app.runtime import Runtime
from services import calls
from services.call_status import CallStatus
from services.models import CallSession
from services.progress import Progress, progress_for
from services.users import create_user
from tests.factories import PASSWORD, analysed_call, sample_call_body

NOW = datetime(2025, 6, 12, 15, 0, tzinfo=UTC)
UNSET: Any = object()  # keep what the real analysis wrote


@dataclass(kw_only=True)
class Seed:
    """One call to store: analysed (status `done`, the report edited to these values) unless `status` says not."""

    created_at: datetime
    persona: str = 'skeptical_buyer'
    score: int | None = 60
    status: str = CallStatus.DONE
    wpm: float | None = UNSET
    fillers: float | None = UNSET
    talk_ratio: float | None = UNSET
    skills: dict[str, int] | None = None
    drop_talk_ratio: bool = False  # a report written before the metric existed


async def seed_calls(runtime: Runtime, owner_id: uuid.UUID, seeds: Sequence[Seed]) -> list[uuid.UUID]:
    """Stores the calls quickly: one real analysis gives a report, which every analysed seed gets a copy of."""
    template = await _analysed_report(runtime, owner_id)
    body = sample_call_body()
    ids = []
    async with runtime.database.session() as session:
        for seed in seeds:
            call = await calls.create_call(
                session, owner_id=owner_id, persona=seed.persona, scenario='CRM software', engine='demo'
            )
            values: dict[str, Any] = {
                'created_at': seed.created_at,
                'status': seed.status,
                'duration_seconds': body['duration_seconds'],
                'transcript': body['transcript'],
                'emotion_data': body['emotion_data'],
                'overall_score': seed.score if seed.status == CallStatus.DONE else None,
            }
            if seed.status == CallStatus.DONE:
                values['analysis_results'] = _report(template, seed)
            await session.execute(update(CallSession).where(CallSession.id == call.id).values(**values))
            await session.commit()
            ids.append(call.id)
    return ids


async def make_rep(runtime: Runtime, email: str = 'rep@example.com') -> uuid.UUID:
    async with runtime.database.session() as session:
        return (await create_user(session, email=email, password=PASSWORD, full_name='Riley Rep')).id


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def skills(opening: int, discovery: int, objection_handling: int, next_step: int, delivery: int) -> dict[str, int]:
    return {
        'opening': opening,
        'discovery': discovery,
        'objection_handling': objection_handling,
        'next_step': next_step,
        'delivery': delivery,
    }


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


async def _analysed_report(runtime: Runtime, owner_id: uuid.UUID) -> dict[str, Any]:
    """A report the real pipeline wrote for `sample_call_body`; its call is removed again."""
    done = await analysed_call(runtime, owner_id)
    async with runtime.database.session() as session:
        await calls.delete_call(session, done)
    assert done.analysis_results is not None
    return done.analysis_results


def _report(template: dict[str, Any], seed: Seed) -> dict[str, Any]:
    report = copy.deepcopy(template)
    report['overall_score'] = seed.score
    metrics = report['speech_metrics']
    if seed.wpm is not UNSET:
        metrics['words_per_minute'] = seed.wpm
    if seed.fillers is not UNSET:
        metrics['filler_words']['per_minute'] = seed.fillers
    if seed.talk_ratio is not UNSET:
        metrics['talk_listen_ratio'] = seed.talk_ratio
    if seed.drop_talk_ratio:
        del metrics['talk_listen_ratio']
    report['skill_scores'] = seed.skills
    return report
