"""Practice calls: create, list, read and delete them, and store a live call's lines as they come.

A call's status changes only through services/call_lifecycle.py. Every function that takes `owner_id` only ever
sees that owner's calls; another user's call is "not found".
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.call_status import CallStatus
from services.library.builtins import BUILTIN_PROSPECTS
from services.library.snapshot import ProspectSnapshot, ScenarioSnapshot
from services.models import CallSession, Utterance
from services.text import make_storable
from services.transcript import LineSource

CallSort = Literal['newest', 'oldest', 'score_high', 'score_low']


async def create_call(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    persona: str,
    scenario: str | None,
    engine: str,
    persona_snapshot: ProspectSnapshot | None = None,
    scenario_snapshot: ScenarioSnapshot | None = None,
    assignment_id: uuid.UUID | None = None,
) -> CallSession:
    """A new active call that keeps what it is practised on: the prospect (`persona` is its id; without a snapshot,
    a built-in's is taken) and the scenario of the library, if any, beside the free-text `scenario`."""
    if persona_snapshot is None and persona in BUILTIN_PROSPECTS:
        persona_snapshot = ProspectSnapshot(id=persona, builtin=True, profile=BUILTIN_PROSPECTS[persona])
    call = CallSession(
        owner_id=owner_id,
        persona=persona,
        scenario=scenario or None,
        engine=engine,
        persona_snapshot=None if persona_snapshot is None else persona_snapshot.model_dump(mode='json'),
        scenario_snapshot=None if scenario_snapshot is None else scenario_snapshot.model_dump(mode='json'),
        scenario_id=None if scenario_snapshot is None else scenario_snapshot.id,
        assignment_id=assignment_id,
    )
    session.add(call)
    await session.commit()
    return call


@dataclass(frozen=True, kw_only=True, slots=True)
class CallListing:
    """What a list shows of a call: its summary columns, never its transcript, tone data or report."""

    id: uuid.UUID
    persona: str
    scenario: str | None
    status: CallStatus
    engine: str
    created_at: datetime
    ended_at: datetime | None
    duration_seconds: float | None
    overall_score: int | None
    scenario_id: str | None = None  # the library's scenario it was practised on
    override_score: int | None = None  # a manager's score, shown in place of the coach's
    prospect_name: str | None = None  # from the snapshots: names that stay as they were when the call was made
    scenario_title: str | None = None


# Read column by column: a whole row carries about 40 KiB of JSON that a list never shows, and a sort that has to
# carry it (score order on SQLite) took 2.6 s at 10,000 calls. The names are read out of the snapshots' JSON.
_NAMES = {
    'prospect_name': CallSession.persona_snapshot[('profile', 'name')].as_string(),
    'scenario_title': CallSession.scenario_snapshot[('spec', 'title')].as_string(),
}
_LISTED = tuple(
    _NAMES[field.name].label(field.name) if field.name in _NAMES else getattr(CallSession, field.name)
    for field in fields(CallListing)
)


async def list_calls(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    skip: int = 0,
    limit: int = 100,
    persona: str | None = None,
    scenario_id: str | None = None,
    sort: CallSort = 'newest',
) -> tuple[list[CallListing], int]:
    """The owner's calls (only with `persona` and only on the scenario `scenario_id`, when given) in the `sort`
    order, and how many match in all.

    Score sorts put calls without a score last in both directions; ties go newest first.
    """
    matching = _matching(owner_id, persona, scenario_id)
    count = await session.scalar(select(func.count()).select_from(CallSession).where(*matching))
    page = page_ids(owner_id=owner_id, persona=persona, scenario_id=scenario_id, sort=sort, skip=skip, limit=limit)
    rows = await session.execute(
        select(*_LISTED).where(CallSession.id.in_(page.scalar_subquery())).order_by(*_ORDER[sort])
    )
    return [CallListing(**row._asdict()) for row in rows], count or 0


def page_ids(
    *,
    owner_id: uuid.UUID,
    persona: str | None,
    sort: CallSort,
    skip: int,
    limit: int,
    scenario_id: str | None = None,
) -> Select[Any]:
    """The ids of one page of a list, found in the index of its order: the rows are read after, only the page's.
    Skipping whole rows would read every skipped call's record (a deep page on SQLite took 0.13 s that way)."""
    matching = _matching(owner_id, persona, scenario_id)
    return select(CallSession.id).where(*matching).order_by(*_ORDER[sort]).offset(skip).limit(limit)


def _matching(owner_id: uuid.UUID, persona: str | None, scenario_id: str | None = None) -> list[ColumnElement[bool]]:
    matching = [CallSession.owner_id == owner_id]
    if persona is not None:
        matching.append(CallSession.persona == persona)
    if scenario_id is not None:  # the (owner_id, scenario_id) index finds them
        matching.append(CallSession.scenario_id == scenario_id)
    return matching


_NEWEST = (CallSession.created_at.desc(), CallSession.id.desc())
# Each order has its index (services/models/call.py). `IS NULL` sorts false (0) before true (1) on every backend,
# where NULLS LAST is not portable.
_ORDER: dict[CallSort, tuple[ColumnElement[Any], ...]] = {
    'newest': _NEWEST,
    'oldest': (CallSession.created_at.asc(), CallSession.id.asc()),
    'score_high': (CallSession.overall_score.is_(None), CallSession.overall_score.desc(), *_NEWEST),
    'score_low': (CallSession.overall_score.is_(None), CallSession.overall_score.asc(), *_NEWEST),
}


async def get_call(session: AsyncSession, *, owner_id: uuid.UUID, call_id: uuid.UUID) -> CallSession | None:
    call = await session.get(CallSession, call_id)
    return call if call is not None and call.owner_id == owner_id else None


async def delete_call(session: AsyncSession, call: CallSession) -> None:
    await session.execute(delete(CallSession).where(CallSession.id == call.id))
    await session.commit()


async def add_line(
    session: AsyncSession,
    call_id: uuid.UUID,
    *,
    role: str,
    text: str,
    start_s: float | None,
    end_s: float | None,
    prosody: dict[str, float] | None = None,
    acoustic: dict[str, dict[str, float]] | None = None,
    source: LineSource = 'spoken',
) -> None:
    """Appends one final line of a live call; committed at once, so a crash loses no finished line.

    `prosody` is what the engine measured (Hume's names); `acoustic` is our own analysis of the rep's voice.
    In a fresh session the line is one INSERT that commits itself: the write lock is held while it runs, not across
    a trip through the event loop to a separate COMMIT. Under load on SQLite those trips held the lock long enough
    for other calls' writes to time out ("database is locked", benchmarks/load.py).
    """
    line = insert(Utterance).values(
        call_id=call_id,
        role=role,
        text=make_storable(text),
        start_s=start_s,
        end_s=end_s,
        prosody=prosody,
        acoustic=acoustic,
        source=source,
    )
    if session.in_transaction():  # the caller has begun: the line goes with its transaction
        await session.execute(line)
        await session.commit()
        return
    connection = await session.connection(execution_options={'isolation_level': 'AUTOCOMMIT'})
    await connection.execute(line)


async def set_provider_chat_id(session: AsyncSession, call_id: uuid.UUID, chat_id: str) -> None:
    await session.execute(update(CallSession).where(CallSession.id == call_id).values(hume_chat_id=chat_id[:128]))
    await session.commit()


async def add_engine_error(session: AsyncSession, call_id: uuid.UUID, *, at: float, code: str, message: str) -> None:
    call = await session.get(CallSession, call_id)
    if call is None:
        return
    call.engine_errors = [*(call.engine_errors or []), {'at': round(at, 3), 'code': code[:64], 'message': message}]
    await session.commit()


async def active_call_ids(session: AsyncSession, *, with_lines: bool = False) -> Sequence[uuid.UUID]:
    """The calls still `active`; with `with_lines`, only those with at least one stored line."""
    query = select(CallSession.id).where(CallSession.status == CallStatus.ACTIVE)
    if with_lines:
        query = query.where(select(Utterance.id).where(Utterance.call_id == CallSession.id).exists())
    return (await session.scalars(query)).all()


def in_spoken_order(rows: Sequence[Utterance]) -> list[Utterance]:
    """Lines by when they were said: a spoken turn still being recognised is stored after a typed turn that came
    later. Lines without a time keep their place (they sort with the line before them)."""
    keyed: list[tuple[float, int, Utterance]] = []
    last = 0.0
    for index, row in enumerate(rows):
        last = row.start_s if row.start_s is not None else last
        keyed.append((last, index, row))
    return [row for _, _, row in sorted(keyed, key=lambda item: (item[0], item[1]))]


async def recorded_data(session: AsyncSession, call: CallSession) -> tuple[dict[str, Any], dict[str, Any]]:
    """The call's transcript and emotion data: as stored, or for a call still running the lines persisted so far."""
    if call.transcript is not None:
        return call.transcript, call.emotion_data or {'prosody_scores': []}
    stored = (await session.scalars(select(Utterance).where(Utterance.call_id == call.id).order_by(Utterance.id))).all()
    rows = in_spoken_order(stored)
    transcript = {
        'messages': [
            {'role': row.role, 'text': row.text, 'timestamp': row.start_s, 'end': row.end_s, 'source': row.source}
            for row in rows
        ]
    }
    points: list[dict[str, Any]] = []
    for row in rows:
        if row.prosody:
            points.append({'timestamp': row.start_s, 'role': row.role, 'scores': row.prosody})
        if row.acoustic:
            points.append({'timestamp': row.start_s, 'role': row.role, 'source': 'acoustic', **row.acoustic})
    return transcript, {'prosody_scores': points}


async def practised_prospects(session: AsyncSession, *, owner_id: uuid.UUID) -> dict[str, dict[str, Any] | None]:
    """Each prospect the owner has calls with (its id), with the newest such call's snapshot (None for calls from
    before snapshots): what a filter by prospect offers, including prospects edited or deleted since."""
    newest = (
        select(CallSession.persona, func.max(CallSession.created_at).label('at'))
        .where(CallSession.owner_id == owner_id)
        .group_by(CallSession.persona)
        .subquery()
    )
    rows = await session.execute(
        select(CallSession.persona, CallSession.persona_snapshot)
        .join(newest, (CallSession.persona == newest.c.persona) & (CallSession.created_at == newest.c.at))
        .where(CallSession.owner_id == owner_id)
        .order_by(newest.c.at.desc())
    )
    return {persona: snapshot for persona, snapshot in rows.all()}
