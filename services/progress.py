"""A rep's progress: how many calls, where the score is heading, the speech metrics and skills call by call, and
how they do on each scenario of the library (its scorecard's total call by call).

Counts include every call. Scores, metrics and skills come only from scored calls (status `done` with a report
and a score: one too short to score has none), read straight out of the stored report's JSON so no whole report
is loaded. A call a manager re-scored counts with the manager's score.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from statistics import fmean
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.call_status import CallStatus
from services.coaching.report import SKILLS
from services.models import CallSession

SCENARIO_CALLS_READ = 1_000  # the latest calls practised on a scenario that per-scenario progress reads
RECENT = 5  # the average compares the last RECENT analysed calls with the RECENT before them
WEEK = timedelta(days=7)


@dataclass(frozen=True, kw_only=True, slots=True)
class ProgressPoint:
    """One analysed call on the charts; a metric the report does not have is None (and left off its chart)."""

    call_id: uuid.UUID
    created_at: datetime
    score: int | None
    words_per_minute: float | None
    fillers_per_minute: float | None
    talk_ratio: float | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Progress:
    """What the dashboard shows.

    Attributes:
        total_calls: every call of the rep, in any state.
        calls_last_7_days: those created in the 7 days up to `now`.
        recent_average: the mean score of the last `recent_count` (at most 5) scored calls; None without any.
        trend: `recent_average` minus the mean of the 5 scored calls before them; None with fewer than 10.
        points: the analysed calls read (at most `history_limit`), oldest first.
        skill_averages: per skill (keys of `SKILLS`), the mean over the last `skill_calls` (at most 5) calls
            whose report has skill scores; None when no call has them.
    """

    total_calls: int
    calls_last_7_days: int
    recent_count: int
    recent_average: float | None
    trend: float | None
    points: tuple[ProgressPoint, ...]
    skill_averages: dict[str, float] | None
    skill_calls: int


async def progress_for(
    session: AsyncSession, *, owner_id: uuid.UUID, now: datetime | None = None, history_limit: int = 100
) -> Progress:
    """The owner's progress as of `now` (default: the current time), from their latest `history_limit` analysed
    calls."""
    since = (now or datetime.now(UTC)) - WEEK
    counts = (
        await session.execute(
            select(func.count(), func.count(case((CallSession.created_at >= since, 1)))).where(
                CallSession.owner_id == owner_id
            )
        )
    ).one()
    rows = (
        await session.execute(
            select(CallSession.id, CallSession.created_at, _SCORE, *_METRICS, *_SKILLS)
            .where(
                CallSession.owner_id == owner_id,
                CallSession.status == CallStatus.DONE,
                CallSession.analysis_results.is_not(None),
                CallSession.overall_score.is_not(None),  # a call too short to score is in no chart or average
            )
            .order_by(CallSession.created_at.desc(), CallSession.id.desc())
            .limit(history_limit)
        )
    ).all()

    newest_first = [_point(row) for row in rows]
    scores = [point.score for point in newest_first if point.score is not None]
    recent, previous = scores[:RECENT], scores[RECENT : 2 * RECENT]
    skill_rows = [skills for row in rows if None not in (skills := _skills(row))][:RECENT]
    return Progress(
        total_calls=counts[0],
        calls_last_7_days=counts[1],
        recent_count=len(recent),
        recent_average=fmean(recent) if recent else None,
        trend=fmean(recent) - fmean(previous) if len(previous) == RECENT else None,
        points=tuple(reversed(newest_first)),
        skill_averages=(
            {skill: fmean(values) for skill, values in zip(SKILLS, zip(*skill_rows, strict=True), strict=True)}
            if skill_rows
            else None
        ),
        skill_calls=len(skill_rows),
    )


def _json_float(*path: str) -> ColumnElement[float]:
    # A JSON path read in SQL (JSON_EXTRACT on SQLite, #>> on PostgreSQL); a missing key or JSON null is NULL.
    value: ColumnElement[float] = CallSession.analysis_results[path].as_float()
    return value


# A call's score as the rep's progress counts it: the manager's override when there is one (the same score the
# team's table and the assignment count), else the coach's.
_SCORE = func.coalesce(CallSession.override_score, CallSession.overall_score)
_METRICS = (
    _json_float('speech_metrics', 'words_per_minute'),
    _json_float('speech_metrics', 'filler_words', 'per_minute'),
    _json_float('speech_metrics', 'talk_listen_ratio'),
)
_SKILLS = tuple(CallSession.analysis_results[('skill_scores', skill)].as_integer() for skill in SKILLS)


def _point(row: Sequence[Any]) -> ProgressPoint:
    call_id, created_at, score, wpm, fillers, talk_ratio = row[:6]
    return ProgressPoint(
        call_id=call_id,
        created_at=created_at,
        score=score,
        words_per_minute=wpm,
        fillers_per_minute=fillers,
        talk_ratio=talk_ratio,
    )


def _skills(row: Sequence[Any]) -> tuple[int | None, ...]:
    return tuple(row[6:])


@dataclass(frozen=True, kw_only=True, slots=True)
class ScenarioProgress:
    """How the rep does on one scenario.

    Attributes:
        scenario_id: the library's id of the scenario (calls keep it after the scenario is deleted).
        title: its title as the latest call on it kept it.
        calls: the rep's calls on it, in any state.
        average_score: the mean overall score of those analysed with a score; None without any.
        average_total: the mean scorecard total of those scored and graded on the scorecard; None without any.
        last_total: the scorecard total of the latest graded call; None without any.
        last_passed: whether that call passed (None: criteria wait for the AI coach, or no graded call).
        pass_mark: the pass mark of the latest call's scenario.
    """

    scenario_id: str
    title: str
    calls: int
    average_score: float | None
    average_total: float | None
    last_total: float | None
    last_passed: bool | None
    pass_mark: int | None


async def scenario_progress(session: AsyncSession, *, owner_id: uuid.UUID) -> list[ScenarioProgress]:
    """The owner's progress on each scenario they practised, the most recently practised first (from their latest
    `SCENARIO_CALLS_READ` calls on a scenario; found through the (owner_id, scenario_id) index)."""
    # As in the charts, only scored calls count: one too short to score has a scorecard of nothing said.
    done = (CallSession.status == CallStatus.DONE) & CallSession.overall_score.is_not(None)
    rows = (
        await session.execute(
            select(
                CallSession.scenario_id,
                CallSession.scenario_snapshot[('spec', 'title')].as_string(),
                CallSession.scenario_snapshot[('spec', 'pass_mark')].as_integer(),
                case((done, _SCORE)),
                case((done, CallSession.analysis_results[('scorecard', 'total')].as_float())),
                case((done, CallSession.analysis_results[('scorecard', 'passed')].as_boolean())),
            )
            .where(CallSession.owner_id == owner_id, CallSession.scenario_id.is_not(None))
            .order_by(CallSession.created_at.desc(), CallSession.id.desc())
            .limit(SCENARIO_CALLS_READ)
        )
    ).all()
    by_scenario: dict[str, list[Sequence[Any]]] = {}
    for row in rows:
        by_scenario.setdefault(row[0], []).append(row)
    return [_scenario_progress(scenario_id, newest_first) for scenario_id, newest_first in by_scenario.items()]


def _scenario_progress(scenario_id: str, newest_first: Sequence[Sequence[Any]]) -> ScenarioProgress:
    latest = newest_first[0]
    scores = [row[3] for row in newest_first if row[3] is not None]
    graded = [row for row in newest_first if row[4] is not None]
    return ScenarioProgress(
        scenario_id=scenario_id,
        title=latest[1] or scenario_id,
        calls=len(newest_first),
        average_score=fmean(scores) if scores else None,
        average_total=fmean(row[4] for row in graded) if graded else None,
        last_total=graded[0][4] if graded else None,
        last_passed=None if not graded or graded[0][5] is None else bool(graded[0][5]),
        pass_mark=latest[2],
    )
