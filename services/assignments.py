"""Assignments: a manager (or an admin) assigns a scenario, and optionally a prospect, to the reps of a team they
manage or to chosen reps, with a due date, a pass mark (the scenario's by default) and how many attempts count.

A rep's status on an assignment: `passed` once one of the counted calls (the first `attempts` calls made for it,
or all) reaches the pass mark, by the manager's override if there is one, else the scorecard's total when the
scenario has a scorecard, else the call's score; otherwise `overdue` after the due date, `in_progress` with a call
made, `not_started` without. Calls made for an assignment use its scenario and prospect even when those are private
to the manager who assigned them.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

from services.access import managed_team_ids, reviewed_user_ids
from services.library.prospect import ProspectProfile
from services.library.scenario import DEFAULT_PASS_MARK, ScenarioSpec
from services.library.store import PROSPECTS, SCENARIOS, Entry, EntryNotFound
from services.models import Assignment, AssignmentRep, CallSession, Notice, Role, Team, TeamMember, TeamRole, User
from services.models.base import utcnow

Status = Literal['not_started', 'in_progress', 'passed', 'overdue']
MAX_ATTEMPTS = 100


class AssignmentError(Exception):
    """Refused; `kind` says how: 'forbidden' (not a manager), 'not_found', 'conflict' or 'invalid'."""

    def __init__(self, message: str, kind: Literal['forbidden', 'not_found', 'conflict', 'invalid']) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class RepProgress:
    user_id: uuid.UUID
    status: Status
    calls: int  # calls made for the assignment
    best: int | None  # the best counted result
    passed_at: datetime | None


@dataclass(frozen=True, slots=True)
class AssignmentView:
    assignment: Assignment
    scenario_title: str
    reps: list[RepProgress]


async def create_assignment(
    session: AsyncSession,
    manager: User,
    *,
    scenario_id: str,
    persona_id: str | None,
    team_id: uuid.UUID | None,
    user_ids: Sequence[uuid.UUID],
    due_at: datetime,
    pass_mark: int | None,
    attempts: int | None,
) -> Assignment:
    """Checks everything first, then saves the assignment, its reps and a notice to each rep, together."""
    if manager.role not in (Role.ADMIN, Role.MANAGER):
        raise AssignmentError('Admins and managers assign practice.', 'forbidden')
    if due_at <= utcnow():
        raise AssignmentError('The due date is in the past; choose a later one.', 'invalid')
    if (team_id is None) == (not user_ids):
        raise AssignmentError(
            'Assign to a team (team_id) or to chosen reps (user_ids), not both or neither.', 'invalid'
        )
    if len(set(user_ids)) != len(user_ids):
        raise AssignmentError('A rep is named twice in user_ids.', 'invalid')
    scenario = await _usable(SCENARIOS, session, manager, scenario_id, 'scenario')
    if persona_id is not None:
        await _usable(PROSPECTS, session, manager, persona_id, 'prospect')
    reps = (
        await _team_reps(session, manager, team_id)
        if team_id is not None
        else await _chosen(session, manager, user_ids)
    )
    busy = await session.scalars(
        select(AssignmentRep.user_id)
        .join(Assignment, Assignment.id == AssignmentRep.assignment_id)
        .where(AssignmentRep.user_id.in_(reps), Assignment.scenario_id == scenario_id, Assignment.due_at > utcnow())
    )
    if already := set(busy):
        names = ', '.join(sorted(str(rep) for rep in already))
        raise AssignmentError(f'Already assigned this scenario, not yet due: {names}.', 'conflict')
    assignment = Assignment(
        scenario_id=scenario_id,
        persona_id=persona_id,
        team_id=team_id,
        created_by=manager.id,
        due_at=due_at,
        pass_mark=scenario.content.pass_mark if pass_mark is None else pass_mark,
        attempts=attempts,
    )
    session.add(assignment)
    await session.flush()
    for rep in reps:
        _give(session, assignment, rep, scenario.content.title)
    await session.commit()
    return assignment


async def enrol(session: AsyncSession, team_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """Gives a rep who joins a team the team's assignments that are not due yet, each with a notice, in the caller's
    transaction (adds, does not commit): practice assigned to a team is the team's, newcomers included."""
    rows = await session.scalars(select(Assignment).where(Assignment.team_id == team_id, Assignment.due_at > utcnow()))
    for assignment in rows.all():
        if await session.get(AssignmentRep, (assignment.id, user_id)) is None:
            _give(session, assignment, user_id, await _scenario_title(session, assignment))


def _give(session: AsyncSession, assignment: Assignment, rep: uuid.UUID, title: str) -> None:
    # The notice names no due date: it is stored as text, and the dashboard shows the date in the reader's zone.
    session.add(AssignmentRep(assignment_id=assignment.id, user_id=rep))
    session.add(Notice(user_id=rep, kind='assignment', text=f'New practice: {title}. See your dashboard.', link='/'))


async def _usable(shelf: Any, session: AsyncSession, user: User, entry_id: str, noun: str) -> Entry[Any]:
    try:
        entry: Entry[Any] = await shelf.get(session, user=user, entry_id=entry_id)
    except EntryNotFound:
        raise AssignmentError(f'No {noun} {entry_id} that you may use.', 'not_found') from None
    return entry


async def _team_reps(session: AsyncSession, manager: User, team_id: uuid.UUID) -> list[uuid.UUID]:
    team = await session.get(Team, team_id)
    if team is None or not (manager.is_admin or team_id in await managed_team_ids(session, manager.id)):
        raise AssignmentError('Team not found.', 'not_found')
    reps = list(
        await session.scalars(
            select(TeamMember.user_id).where(TeamMember.team_id == team_id, TeamMember.role == TeamRole.MEMBER)
        )
    )
    if not reps:
        raise AssignmentError(f'The team {team.name} has no reps to assign.', 'invalid')
    return reps


async def _chosen(session: AsyncSession, manager: User, user_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    reviewed = await reviewed_user_ids(session, manager)
    found = set(await session.scalars(select(User.id).where(User.id.in_(user_ids))))
    for user_id in user_ids:
        if user_id not in found or (reviewed is not None and user_id not in reviewed):
            raise AssignmentError(f'No rep {user_id} in a team you manage.', 'not_found')
    return list(user_ids)


async def visible_assignments(session: AsyncSession, viewer: User) -> Sequence[Assignment]:
    """Every assignment for an admin; a manager's own and those for the teams they manage; a rep's own."""
    query = select(Assignment).order_by(Assignment.due_at, Assignment.created_at)
    if viewer.role == Role.REP:
        mine = select(AssignmentRep.assignment_id).where(AssignmentRep.user_id == viewer.id)
        query = query.where(Assignment.id.in_(mine))
    elif not viewer.is_admin:
        managed = await managed_team_ids(session, viewer.id)
        query = query.where((Assignment.created_by == viewer.id) | Assignment.team_id.in_(managed))
    return (await session.scalars(query)).all()


async def get_visible(session: AsyncSession, viewer: User, assignment_id: uuid.UUID) -> Assignment:
    assignment = await session.get(Assignment, assignment_id)
    if assignment is None or assignment not in await visible_assignments(session, viewer):
        raise AssignmentError('Assignment not found.', 'not_found')
    return assignment


async def is_assigned(session: AsyncSession, assignment_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    return await session.get(AssignmentRep, (assignment_id, user_id)) is not None


async def may_change(session: AsyncSession, viewer: User, assignment: Assignment) -> bool:
    if viewer.is_admin or assignment.created_by == viewer.id:
        return True
    return assignment.team_id is not None and assignment.team_id in await managed_team_ids(session, viewer.id)


async def update_assignment(
    session: AsyncSession,
    viewer: User,
    assignment: Assignment,
    *,
    due_at: datetime | None,
    pass_mark: int | None,
    attempts: int | None,
) -> Assignment:
    if not await may_change(session, viewer, assignment):
        raise AssignmentError('Only the manager who assigned it (or an admin) changes it.', 'forbidden')
    if due_at is not None:
        if due_at <= utcnow():
            raise AssignmentError('The due date is in the past; choose a later one.', 'invalid')
        assignment.due_at = due_at
    if pass_mark is not None:
        assignment.pass_mark = pass_mark
    if attempts is not None:
        assignment.attempts = attempts
    await session.commit()
    return assignment


async def delete_assignment(session: AsyncSession, viewer: User, assignment: Assignment) -> None:
    if not await may_change(session, viewer, assignment):
        raise AssignmentError('Only the manager who assigned it (or an admin) deletes it.', 'forbidden')
    await session.execute(
        update(CallSession).where(CallSession.assignment_id == assignment.id).values(assignment_id=None)
    )
    await session.execute(delete(AssignmentRep).where(AssignmentRep.assignment_id == assignment.id))
    await session.delete(assignment)
    await session.commit()


async def progress(session: AsyncSession, assignment: Assignment, *, now: datetime | None = None) -> list[RepProgress]:
    """Each rep's status on the assignment."""
    now = now or utcnow()
    reps = list(
        await session.scalars(select(AssignmentRep.user_id).where(AssignmentRep.assignment_id == assignment.id))
    )
    rows = (
        await session.scalars(
            select(CallSession)
            .options(RESULT_COLUMNS)
            .where(CallSession.assignment_id == assignment.id, CallSession.owner_id.in_(reps))
            .order_by(CallSession.created_at)
        )
    ).all()
    by_rep: dict[uuid.UUID, list[CallSession]] = {rep: [] for rep in reps}
    for call in rows:
        by_rep[call.owner_id].append(call)
    return [_progress(rep, calls, assignment, now) for rep, calls in by_rep.items()]


def _progress(rep: uuid.UUID, calls: list[CallSession], assignment: Assignment, now: datetime) -> RepProgress:
    counted = calls if assignment.attempts is None else calls[: assignment.attempts]
    results = [(result, call) for call in counted if (result := call_result(call)) is not None]
    mark = assignment.pass_mark if assignment.pass_mark is not None else DEFAULT_PASS_MARK
    passing = [call for result, call in results if result >= mark]
    best = max((result for result, _ in results), default=None)
    if passing:
        first = passing[0]
        return RepProgress(rep, 'passed', len(calls), best, first.ended_at or first.created_at)
    status: Status = 'overdue' if assignment.due_at <= now else ('in_progress' if calls else 'not_started')
    return RepProgress(rep, status, len(calls), best, None)


# What `call_result` and the statuses read of a call. A whole row also carries its transcript, emotion data and
# snapshots (tens of KiB of JSON), which a summary of many calls never uses.
RESULT_COLUMNS = load_only(
    CallSession.id,
    CallSession.owner_id,
    CallSession.created_at,
    CallSession.ended_at,
    CallSession.status,
    CallSession.scenario_id,
    CallSession.overall_score,
    CallSession.override_score,
    CallSession.analysis_results,
)


def call_result(call: CallSession) -> int | None:
    """What a call counts as: the manager's override, else its scorecard's total, else its score."""
    if call.override_score is not None:
        return call.override_score
    card = (call.analysis_results or {}).get('scorecard') or {}
    total = card.get('total')
    if isinstance(total, int | float):
        return round(total)
    return call.overall_score


async def view_of(session: AsyncSession, assignment: Assignment) -> AssignmentView:
    """The assignment with its scenario's title (as the manager who assigned it sees it) and each rep's status."""
    title = await _scenario_title(session, assignment)
    return AssignmentView(assignment=assignment, scenario_title=title, reps=await progress(session, assignment))


async def _scenario_title(session: AsyncSession, assignment: Assignment) -> str:
    try:
        owner = await _assigner(session, assignment)
        scenario: Entry[ScenarioSpec] = await _usable(SCENARIOS, session, owner, assignment.scenario_id, 'scenario')
        return scenario.content.title
    except AssignmentError:
        return 'A scenario no longer available'


async def assignments_of(session: AsyncSession, rep: User) -> list[tuple[AssignmentView, Status]]:
    """The rep's assignments, soonest due first, each with the rep's own status."""
    mine = select(AssignmentRep.assignment_id).where(AssignmentRep.user_id == rep.id)
    rows = await session.scalars(select(Assignment).where(Assignment.id.in_(mine)).order_by(Assignment.due_at))
    found = []
    for assignment in rows.all():
        view = await view_of(session, assignment)
        status = next(p.status for p in view.reps if p.user_id == rep.id)
        found.append((view, status))
    return found


async def for_call(
    session: AsyncSession, rep: User, assignment_id: uuid.UUID
) -> tuple[Entry[ScenarioSpec], Assignment]:
    """The scenario of an assignment of `rep`'s, to start a call for it (as the manager who assigned it sees it)."""
    assignment = await session.get(Assignment, assignment_id)
    target = None
    if assignment is not None:
        target = await session.get(AssignmentRep, (assignment.id, rep.id))
    if assignment is None or target is None:
        raise AssignmentError('Assignment not found.', 'not_found')
    owner = await _assigner(session, assignment)
    return await _usable(SCENARIOS, session, owner, assignment.scenario_id, 'scenario'), assignment


def prospect_id_for(assignment: Assignment, scenario: ScenarioSpec, named: str | None = None) -> str | None:
    """Whom an assignment's call is with: the prospect named, else the assignment's, else the scenario's first."""
    return named or assignment.persona_id or next(iter(scenario.persona_ids), None)


async def prospect_for_call(session: AsyncSession, assignment: Assignment, prospect_id: str) -> Entry[ProspectProfile]:
    """The assignment's (or its scenario's) prospect, as the manager who assigned it sees it."""
    return await _usable(PROSPECTS, session, await _assigner(session, assignment), prospect_id, 'prospect')


async def _assigner(session: AsyncSession, assignment: Assignment) -> User:
    owner = await session.get(User, assignment.created_by) if assignment.created_by else None
    if owner is None:
        raise AssignmentError('The manager who assigned this has left; ask for a new assignment.', 'not_found')
    return owner
