"""A manager's view of a team: per rep, calls this week and in all, the average result and its trend, skill
averages, assignment statuses, sign-offs and when they last practised; a leaderboard per scenario (unless the team
switched leaderboards off); and the table as CSV.

A call's result is what counts for assignments (services/assignments.call_result: a manager's override, else the
scorecard's total, else the coach's score). The trend is the mean of the rep's five newest results less the mean of
the five before (the newer half against the older with fewer than ten); None with fewer than two.
"""

import csv
import io
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.assignments import RESULT_COLUMNS, call_result, progress
from services.call_status import CallStatus
from services.models import Assignment, AssignmentRep, CallSession, Certification, Team, TeamMember, TeamRole, User
from services.models.base import utcnow

SKILLS = ('opening', 'discovery', 'objection_handling', 'next_step', 'delivery')
TREND_WINDOW = 5
Sort = Literal['name', 'average', 'calls', 'last_practised', 'trend']


@dataclass(frozen=True, slots=True)
class RepRow:
    user_id: uuid.UUID
    name: str
    email: str
    calls_this_week: int
    calls_total: int
    average: float | None
    trend: float | None
    skills: dict[str, float | None]
    assignments: dict[str, int]  # status → how many
    certified: list[str]  # scenario ids
    last_practised: datetime | None


@dataclass(frozen=True, slots=True)
class LeaderboardEntry:
    user_id: uuid.UUID
    name: str
    best: int


@dataclass(frozen=True, slots=True)
class TeamSummary:
    team: Team
    reps: list[RepRow]
    leaderboards: dict[str, list[LeaderboardEntry]] = field(default_factory=dict)  # scenario id → best first


async def team_summary(
    session: AsyncSession, team: Team, *, sort: Sort = 'name', now: datetime | None = None
) -> TeamSummary:
    now = now or utcnow()
    members = (
        (
            await session.execute(
                select(User)
                .join(TeamMember, TeamMember.user_id == User.id)
                .where(TeamMember.team_id == team.id, TeamMember.role == TeamRole.MEMBER)
            )
        )
        .scalars()
        .all()
    )
    ids = [member.id for member in members]
    calls = (
        await session.scalars(
            select(CallSession)
            .options(RESULT_COLUMNS)
            .where(CallSession.owner_id.in_(ids), CallSession.status != CallStatus.ACTIVE)
            .order_by(CallSession.created_at)
        )
    ).all()
    by_rep: dict[uuid.UUID, list[CallSession]] = defaultdict(list)
    for call in calls:
        by_rep[call.owner_id].append(call)
    statuses = await _assignment_statuses(session, ids, now)
    certified: dict[uuid.UUID, list[str]] = defaultdict(list)
    for row in await session.scalars(select(Certification).where(Certification.user_id.in_(ids))):
        certified[row.user_id].append(row.scenario_id)
    rows = [_row(member, by_rep[member.id], statuses[member.id], certified[member.id], now) for member in members]
    return TeamSummary(
        team=team,
        reps=_sorted(rows, sort),
        leaderboards=_leaderboards(members, calls) if team.leaderboard else {},
    )


def _row(user: User, calls: list[CallSession], statuses: Counter[str], certified: list[str], now: datetime) -> RepRow:
    results = [result for call in calls if (result := call_result(call)) is not None]
    skills: dict[str, list[int]] = {skill: [] for skill in SKILLS}
    for call in calls:
        scores = (call.analysis_results or {}).get('skill_scores') or {}
        for skill in SKILLS:
            if isinstance(scores.get(skill), int):
                skills[skill].append(scores[skill])
    return RepRow(
        user_id=user.id,
        name=user.display_name,
        email=user.email,
        calls_this_week=sum(call.created_at >= now - timedelta(days=7) for call in calls),
        calls_total=len(calls),
        average=round(fmean(results), 1) if results else None,
        trend=_trend(results),
        skills={skill: round(fmean(values), 2) if values else None for skill, values in skills.items()},
        assignments=dict(statuses),
        certified=certified,
        last_practised=calls[-1].created_at if calls else None,
    )


def _trend(results: Sequence[int]) -> float | None:
    """Newest results against the ones before them (results oldest first)."""
    if len(results) < 2:
        return None
    window = min(TREND_WINDOW, len(results) // 2)
    newer, older = results[-window:], results[-2 * window : -window]
    return round(fmean(newer) - fmean(older), 1)


async def _assignment_statuses(
    session: AsyncSession, ids: Sequence[uuid.UUID], now: datetime
) -> dict[uuid.UUID, Counter[str]]:
    assigned = await session.scalars(
        select(Assignment)
        .join(AssignmentRep, AssignmentRep.assignment_id == Assignment.id)
        .where(AssignmentRep.user_id.in_(ids))
    )
    counts: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    for assignment in set(assigned):
        for rep in await progress(session, assignment, now=now):
            if rep.user_id in ids:
                counts[rep.user_id][rep.status] += 1
    return counts


def _sorted(rows: list[RepRow], sort: Sort) -> list[RepRow]:
    by_name = sorted(rows, key=lambda row: row.name.lower())
    if sort == 'name':
        return by_name
    keys: dict[str, Callable[[RepRow], Any]] = {
        'average': lambda row: row.average,
        'calls': lambda row: row.calls_total,
        'last_practised': lambda row: row.last_practised,
        'trend': lambda row: row.trend,
    }
    key = keys[sort]
    known = [row for row in by_name if key(row) is not None]
    unknown = [row for row in by_name if key(row) is None]
    return sorted(known, key=key, reverse=True) + unknown  # best, most, latest first; the unknown last


def _leaderboards(members: Sequence[User], calls: Sequence[CallSession]) -> dict[str, list[LeaderboardEntry]]:
    names = {member.id: member.display_name for member in members}
    best: dict[str, dict[uuid.UUID, int]] = defaultdict(dict)
    for call in calls:
        result = call_result(call)
        if call.scenario_id is None or result is None:
            continue
        mine = best[call.scenario_id]
        mine[call.owner_id] = max(result, mine.get(call.owner_id, result))
    return {
        scenario: [
            LeaderboardEntry(user_id=user_id, name=names[user_id], best=score)
            for user_id, score in sorted(scores.items(), key=lambda item: (-item[1], names[item[0]].lower()))
        ]
        for scenario, scores in best.items()
    }


def summary_csv(summary: TeamSummary) -> str:
    """The table, one rep a row, with a header; numbers plain, dates in ISO 8601 UTC."""
    out = io.StringIO()
    writer = csv.writer(out)
    statuses = ('not_started', 'in_progress', 'passed', 'overdue')
    writer.writerow(
        [
            'name',
            'email',
            'calls_this_week',
            'calls_total',
            'average',
            'trend',
            *SKILLS,
            *statuses,
            'certified',
            'last_practised',
        ]
    )
    for row in summary.reps:
        writer.writerow(
            [
                _safe(row.name),
                _safe(row.email),
                row.calls_this_week,
                row.calls_total,
                '' if row.average is None else row.average,
                '' if row.trend is None else row.trend,
                *('' if row.skills[skill] is None else row.skills[skill] for skill in SKILLS),
                *(row.assignments.get(status, 0) for status in statuses),
                ' '.join(row.certified),
                '' if row.last_practised is None else row.last_practised.isoformat(),
            ]
        )
    return out.getvalue()


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (a name may start with '=', '+', '-' or '@')."""
    return f"'{text}" if text[:1] in ('=', '+', '-', '@', '\t', '\r') else text
