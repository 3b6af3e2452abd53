"""A manager's review of a rep's call: comments on the report or on one transcript line, a score override with its
reason (the coach's score is kept beside it), and certifying a rep on a scenario; each sends the rep a notice.
Reviewers are the managers of a team the rep is in, and admins; the rep reads all of it and may reply with
comments, but never overrides their own score."""

import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import managed_team_ids, may_see_work_of
from services.calls import recorded_data
from services.library.store import SCENARIOS, EntryNotFound
from services.models import CallComment, CallSession, Certification, Notice, Team, TeamMember, TeamRole, User
from services.models.base import utcnow

MAX_COMMENT = 2_000
MAX_REASON = 500


class ReviewError(Exception):
    """Refused; `kind`: 'forbidden', 'not_found', 'invalid' or 'conflict'."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Override:
    call_id: uuid.UUID
    coach_score: int | None
    score: int
    reason: str
    by: uuid.UUID
    at: datetime


@dataclass(frozen=True, slots=True)
class CommentView:
    comment: CallComment
    author_name: str


async def is_reviewer(session: AsyncSession, viewer: User, owner_id: uuid.UUID) -> bool:
    """An admin, or a manager of a team `owner_id` is in; never the rep themselves."""
    return viewer.id != owner_id and await may_see_work_of(session, viewer, owner_id)


async def comments(session: AsyncSession, call: CallSession) -> list[CommentView]:
    rows = await session.execute(
        select(CallComment, User.full_name, User.email)
        .outerjoin(User, User.id == CallComment.author_id)
        .where(CallComment.call_id == call.id)
        .order_by(CallComment.created_at)
    )
    return [CommentView(comment, name or email or 'A former user') for comment, name, email in rows.all()]


async def add_comment(
    session: AsyncSession, author: User, call: CallSession, *, text: str, line_index: int | None
) -> CallComment:
    """A comment by the rep or a reviewer; on a line, that line must exist. A reviewer's comment sends a notice."""
    if not text.strip():
        raise ReviewError('A comment needs some words.', 'invalid')
    if line_index is not None:
        transcript, _ = await recorded_data(session, call)
        lines = len(transcript.get('messages', []))
        if not 0 <= line_index < lines:
            raise ReviewError(f'The call has no line {line_index} (its lines are 0 to {lines - 1}).', 'invalid')
    comment = CallComment(call_id=call.id, author_id=author.id, text=text.strip(), line_index=line_index)
    session.add(comment)
    if author.id != call.owner_id:
        where = 'a line of your call' if line_index is not None else 'your call'
        _notify(session, call.owner_id, 'comment', f'{author.display_name} commented on {where}.', f'/calls/{call.id}')
    await session.commit()
    return comment


async def override_score(
    session: AsyncSession, reviewer: User, call: CallSession, *, score: int, reason: str
) -> Override:
    """The reviewer's score in place of the coach's (kept in overall_score), with the reason; a notice to the rep."""
    if not await is_reviewer(session, reviewer, call.owner_id):
        raise ReviewError("Only a manager of the rep's team (or an admin) overrides a score.", 'forbidden')
    if not reason.strip():
        raise ReviewError('Say why the score changes: the rep reads the reason.', 'invalid')
    override = Override(
        call_id=call.id, coach_score=call.overall_score, score=score, reason=reason.strip(), by=reviewer.id, at=utcnow()
    )
    call.override_score, call.override_reason = override.score, override.reason
    call.override_by, call.override_at = override.by, override.at
    _notify(
        session,
        call.owner_id,
        'override',
        f'{reviewer.display_name} scored your call {score}: {reason.strip()[:200]}',
        f'/calls/{call.id}',
    )
    await session.commit()
    return override


async def certify(
    session: AsyncSession, reviewer: User, team: Team, *, user_id: uuid.UUID, scenario_id: str
) -> Certification:
    """Marks a member of the team certified on a scenario the reviewer may use; a notice to the rep. Signing off a
    rep who is signed off on the scenario already changes nothing and returns that certification."""
    if not (reviewer.is_admin or team.id in await managed_team_ids(session, reviewer.id)):
        raise ReviewError('Only a manager of this team (or an admin) signs reps off.', 'forbidden')
    member = await session.get(TeamMember, (team.id, user_id))
    if member is None or member.role != TeamRole.MEMBER:
        raise ReviewError('That user is not a rep of this team.', 'not_found')
    try:
        scenario = await SCENARIOS.get(session, user=reviewer, entry_id=scenario_id)
    except EntryNotFound:
        raise ReviewError(f'No scenario {scenario_id} that you may use.', 'not_found') from None
    if (earlier := await _sign_off_of(session, user_id, scenario_id)) is not None:
        return earlier
    certification = Certification(user_id=user_id, scenario_id=scenario_id, team_id=team.id, certified_by=reviewer.id)
    session.add(certification)
    _notify(
        session, user_id, 'certified', f'{reviewer.display_name} signed you off on “{scenario.content.title}”.', '/'
    )
    try:
        await session.commit()
    except IntegrityError:  # another sign-off of the same rep and scenario got in first: theirs stands, one notice
        await session.rollback()
        standing = await _sign_off_of(session, user_id, scenario_id)
        if standing is None:  # the other was undone since: this one is refused rather than lost silently
            raise ReviewError('The sign-off did not save; try again.', 'conflict') from None
        return standing
    return certification


async def _sign_off_of(session: AsyncSession, user_id: uuid.UUID, scenario_id: str) -> Certification | None:
    return await session.scalar(
        select(Certification).where(Certification.user_id == user_id, Certification.scenario_id == scenario_id)
    )


@dataclass(frozen=True, slots=True)
class SignOff:
    """A certification as the rep reads it: the scenario's title, who signed them off and when."""

    scenario_id: str
    title: str
    by: str
    at: datetime


async def sign_offs(session: AsyncSession, user_id: uuid.UUID, *, scenario_id: str | None = None) -> list[SignOff]:
    """The scenarios `user_id` is signed off on (only `scenario_id`, when given), oldest first, each titled as the
    manager who signed saw it."""
    query = select(Certification).where(Certification.user_id == user_id).order_by(Certification.created_at)
    if scenario_id is not None:
        query = query.where(Certification.scenario_id == scenario_id)
    found = []
    for certification in await session.scalars(query):
        manager = await session.get(User, certification.certified_by) if certification.certified_by else None
        title = await _title_for(session, manager, certification.scenario_id)
        by = manager.display_name if manager is not None else 'a former manager'
        found.append(SignOff(certification.scenario_id, title, by, certification.created_at))
    return found


async def _title_for(session: AsyncSession, manager: User | None, scenario_id: str) -> str:
    if manager is not None:
        with contextlib.suppress(EntryNotFound):
            return (await SCENARIOS.get(session, user=manager, entry_id=scenario_id)).content.title
    return 'A scenario no longer available'


async def notices(session: AsyncSession, user: User, *, limit: int = 50) -> tuple[Sequence[Notice], int]:
    """The user's newest notices and how many are unread."""
    rows = await session.scalars(
        select(Notice).where(Notice.user_id == user.id).order_by(Notice.created_at.desc()).limit(limit)
    )
    return rows.all(), await unread_count(session, user.id)


async def unread_count(session: AsyncSession, user_id: uuid.UUID) -> int:
    query = select(func.count()).select_from(Notice).where(Notice.user_id == user_id, Notice.read_at.is_(None))
    return await session.scalar(query) or 0


async def mark_read(session: AsyncSession, user: User) -> None:
    await session.execute(
        update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None)).values(read_at=utcnow())
    )
    await session.commit()


def _notify(session: AsyncSession, user_id: uuid.UUID, kind: str, text: str, link: str) -> None:
    session.add(Notice(user_id=user_id, kind=kind, text=text[:500], link=link))
