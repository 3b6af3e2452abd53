"""The library as each user sees it: the built-in prospects and scenarios, the user's own entries and those shared
with a team of theirs or with everyone; and the only way to change an entry.

Who sees what: a user sees the built-ins, their own entries, entries with visibility 'everyone' and entries shared
with a team they are in (visibility 'team' and its `team_id`; an admin sees every team's); anything else does not
exist for them (EntryNotFound, whatever they try). Only an entry's owner changes or deletes it, only an admin shares
with everyone, only a manager of a team (or an admin) shares with that team, and the built-ins are read-only
(EntryForbidden). A scenario names only prospects its author may use; a scenario shared with a team only prospects
that the whole team may use, and a scenario shared with everyone only prospects that everyone may use.

A change is validated as a whole: `update` merges the changes into the stored entry (a JSON merge patch, RFC 7396:
objects merge, lists are replaced, null puts a field back to its default) and validates the result, and
`create_many` saves every entry or none.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import ValidationError
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import managed_team_ids, member_team_ids
from services.library.builtins import BUILTIN_PROSPECTS, BUILTIN_SCENARIOS
from services.library.prospect import Model, ProspectProfile
from services.library.scenario import ScenarioSpec
from services.library.snapshot import ProspectSnapshot, ScenarioSnapshot
from services.models import ProspectEntry, ScenarioEntry, Team, User
from services.models.base import utcnow
from services.models.library import LibraryRow

Visibility = Literal['private', 'team', 'everyone']
EVERYONE: Visibility = 'everyone'
TEAM: Visibility = 'team'
COPY_SUFFIX = ' (copy)'
NAME_MAX = 80  # a prospect's name and a scenario's title (services/library/prospect.py `Name`)

C = TypeVar('C', bound=Model)
Loc = tuple[str | int, ...]


class LibraryError(Exception):
    """A refusal of the library, with a message for the user."""


class EntryNotFound(LibraryError):
    """No such entry, or one that the user may not see."""


class EntryForbidden(LibraryError):
    """An entry the user sees but may not change (a built-in, another user's), or a share only admins may make."""


class EntryInvalid(LibraryError):
    """Input that makes no valid entry; `errors` name each bad field, as pydantic does (`loc`, `msg`, `type`)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__('; '.join(f'{".".join(map(str, e["loc"]))}: {e["msg"]}' for e in errors))
        self.errors = errors


@dataclass(frozen=True, kw_only=True, slots=True)
class Entry(Generic[C]):
    """A prospect or scenario as a user sees it. A built-in has no owner and no dates."""

    id: str
    builtin: bool
    owner_id: uuid.UUID | None
    visibility: Visibility
    content: C
    team_id: uuid.UUID | None = None  # the team it is shared with, when visibility is 'team'
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def owned_by(self, user: User) -> bool:
        return self.owner_id == user.id


@dataclass(frozen=True, kw_only=True, slots=True)
class Draft(Generic[C]):
    """An entry to create: its content and who may see it (`team_id`: the team, for visibility 'team')."""

    content: C
    visibility: Visibility = 'private'
    team_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Audience:
    """Whom a user's view of the library is for: the user, and the teams they are in."""

    user: User
    team_ids: frozenset[uuid.UUID]

    def may_see(self, row: LibraryRow) -> bool:
        if row.owner_id == self.user.id or row.visibility == EVERYONE:
            return True
        return row.visibility == TEAM and (self.user.is_admin or row.team_id in self.team_ids)


async def audience_of(session: AsyncSession, user: User) -> Audience:
    return Audience(user, frozenset(await member_team_ids(session, user.id)))


class Shelf(Generic[C]):
    """One kind of entry (prospects or scenarios): the built-ins and one table, under the rules above."""

    def __init__(
        self,
        *,
        noun: str,
        table: type[LibraryRow],
        column: str,
        content_type: type[C],
        builtins: Mapping[str, C],
        title_field: str,
    ) -> None:
        self.noun = noun  # 'prospect' or 'scenario', in messages
        self.table = table
        self.column = column  # the table's JSON column of the content
        self.content_type: type[C] = content_type
        self.builtins: Mapping[str, C] = builtins
        self.title_field = title_field  # gets the "(copy)" suffix

    def builtin_entries(self) -> list[Entry[C]]:
        return [_builtin_entry(entry_id, content) for entry_id, content in self.builtins.items()]

    async def entries(self, session: AsyncSession, *, user: User) -> list[Entry[C]]:
        """The built-ins, then the user's own entries and those shared with everyone, oldest first."""
        visible = _visible(self.table, await audience_of(session, user))
        rows = await session.scalars(select(self.table).where(visible).order_by(self.table.created_at, self.table.id))
        return [*self.builtin_entries(), *(self._entry(row) for row in rows)]

    async def get(self, session: AsyncSession, *, user: User, entry_id: str) -> Entry[C]:
        """The entry of this id if the user may see it; EntryNotFound otherwise."""
        if entry_id in self.builtins:
            return _builtin_entry(entry_id, self.builtins[entry_id])
        row = await session.get(self.table, entry_id)
        if row is None or not (await audience_of(session, user)).may_see(row):
            raise EntryNotFound(f'{self.noun.capitalize()} not found.')
        return self._entry(row)

    async def create(self, session: AsyncSession, *, user: User, draft: Draft[C]) -> Entry[C]:
        return (await self.create_many(session, user=user, drafts=[draft], indexed=False))[0]

    async def create_many(
        self, session: AsyncSession, *, user: User, drafts: Sequence[Draft[C]], indexed: bool = True
    ) -> list[Entry[C]]:
        """Saves every draft or none: EntryInvalid names each bad field of each entry (its index first in `loc`
        when `indexed`), EntryForbidden a share the user may not make."""
        problems: list[dict[str, Any]] = []
        for index, draft in enumerate(drafts):
            where = f' (entry {index})' if indexed else ''
            prefix: Loc = (index,) if indexed else ()
            found = await self._sharing_problems(session, user, draft.visibility, draft.team_id, where)
            if not found:
                found = await self._problems(
                    session, user=user, content=draft.content, visibility=draft.visibility, team_id=draft.team_id
                )
            problems.extend({**problem, 'loc': (*prefix, *problem['loc'])} for problem in found)
        if problems:
            raise EntryInvalid(problems)
        rows = [self._new_row(user, draft) for draft in drafts]
        session.add_all(rows)
        await session.commit()
        return [self._entry(row) for row in rows]

    async def update(
        self,
        session: AsyncSession,
        *,
        user: User,
        entry_id: str,
        changes: Mapping[str, Any],
        visibility: Visibility | None = None,
        team_id: uuid.UUID | None = None,
    ) -> Entry[C]:
        """Merges `changes` into the entry (a JSON merge patch) and saves it if the whole is valid. `visibility`
        (None: unchanged) shares it anew; with 'team', `team_id` names the team (None: the team it has)."""
        row = await self._own_row(session, user=user, entry_id=entry_id)
        before = self._content(row)
        try:
            content = self.content_type.model_validate(merge_patch(before.model_dump(mode='json'), changes))
        except ValidationError as error:
            raise EntryInvalid(_pydantic_problems(error)) from None
        shared = visibility or _visibility(row.visibility)
        team = (team_id or row.team_id) if shared == TEAM else team_id
        # Sharing anew (with everyone, or with another team) is checked as a new share, and every prospect the
        # content names is checked against the new audience.
        publishing = shared != _visibility(row.visibility) or team != (row.team_id if shared == TEAM else None)
        if publishing and (problems := await self._sharing_problems(session, user, shared, team, '')):
            raise EntryInvalid(problems)
        known = None if publishing else before
        if problems := await self._problems(
            session, user=user, content=content, visibility=shared, team_id=team, known=known
        ):
            raise EntryInvalid(problems)
        setattr(row, self.column, content.model_dump(mode='json'))
        row.visibility = shared
        row.team_id = team if shared == TEAM else None
        row.updated_at = utcnow()
        await session.commit()
        return self._entry(row)

    async def delete(self, session: AsyncSession, *, user: User, entry_id: str) -> None:
        """Deletes the user's own entry. Calls practised on it keep their snapshot."""
        row = await self._own_row(session, user=user, entry_id=entry_id)
        await session.delete(row)
        await session.commit()

    async def duplicate(self, session: AsyncSession, *, user: User, entry_id: str) -> Entry[C]:
        """A private copy, owned by the user, of an entry they may see (a built-in too), named with "(copy)"."""
        source = await self.get(session, user=user, entry_id=entry_id)
        title = with_copy_suffix(getattr(source.content, self.title_field))
        content = await self._copyable(
            session, user=user, content=source.content.model_copy(update={self.title_field: title})
        )
        row = self._new_row(user, Draft(content=content))
        session.add(row)
        await session.commit()
        return self._entry(row)

    async def _problems(
        self,
        session: AsyncSession,
        *,
        user: User,
        content: C,
        visibility: Visibility,
        team_id: uuid.UUID | None = None,
        known: C | None = None,
    ) -> list[dict[str, Any]]:
        """What the content may not name, for this user and audience (`known`: the content before a change,
        whose references were checked then)."""
        return []

    async def _copyable(self, session: AsyncSession, *, user: User, content: C) -> C:
        """The content as the user's private copy may hold it."""
        return content

    async def _own_row(self, session: AsyncSession, *, user: User, entry_id: str) -> LibraryRow:
        if entry_id in self.builtins:
            raise EntryForbidden(f'Built-in {self.noun}s are read-only; duplicate one to make it yours.')
        row = await session.get(self.table, entry_id)
        if row is None or not (await audience_of(session, user)).may_see(row):
            raise EntryNotFound(f'{self.noun.capitalize()} not found.')
        if row.owner_id != user.id:
            raise EntryForbidden(f'Only its author may change or delete this {self.noun}.')
        return row

    async def _sharing_problems(
        self, session: AsyncSession, user: User, visibility: Visibility, team_id: uuid.UUID | None, where: str
    ) -> list[dict[str, Any]]:
        """What is wrong with sharing this way (as `team_id` problems); EntryForbidden for a share the user may
        not make: with everyone unless an admin, with a team unless its manager or an admin."""
        if visibility != TEAM:
            if visibility == EVERYONE and not user.is_admin:
                raise EntryForbidden(f"Only an admin may share a {self.noun} with everyone{where}; use 'private'.")
            return [] if team_id is None else [_team_without_share()]
        if team_id is None:
            return [{'loc': ('team_id',), 'msg': 'name the team to share with', 'type': 'missing'}]
        if await session.get(Team, team_id) is None:
            return [{'loc': ('team_id',), 'msg': 'no team has this id', 'type': 'unknown_team'}]
        if not (user.is_admin or team_id in await managed_team_ids(session, user.id)):
            raise EntryForbidden(f'Only a manager of the team (or an admin) may share a {self.noun} with it{where}.')
        return []

    def _new_row(self, user: User, draft: Draft[C]) -> LibraryRow:
        now = utcnow()
        return self.table(
            owner_id=user.id,
            visibility=draft.visibility,
            team_id=draft.team_id if draft.visibility == TEAM else None,
            created_at=now,
            updated_at=now,
            **{self.column: draft.content.model_dump(mode='json')},
        )

    def _content(self, row: LibraryRow) -> C:
        content: C = self.content_type.model_validate(getattr(row, self.column))
        return content

    def _entry(self, row: LibraryRow) -> Entry[C]:
        return Entry(
            id=row.id,
            builtin=False,
            owner_id=row.owner_id,
            visibility=_visibility(row.visibility),
            team_id=row.team_id if row.visibility == TEAM else None,
            content=self._content(row),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class ScenarioShelf(Shelf[ScenarioSpec]):
    """Scenarios: their `persona_ids` name only prospects the author may use (shared with a team: only prospects
    that team may use; shared with everyone: only prospects everyone may use)."""

    async def _problems(
        self,
        session: AsyncSession,
        *,
        user: User,
        content: ScenarioSpec,
        visibility: Visibility,
        team_id: uuid.UUID | None = None,
        known: ScenarioSpec | None = None,
    ) -> list[dict[str, Any]]:
        wanted = [
            (index, prospect_id)
            for index, prospect_id in enumerate(content.persona_ids)
            if known is None or prospect_id not in known.persona_ids
        ]
        ids = [prospect_id for _, prospect_id in wanted]
        if visibility == EVERYONE:
            usable = await _usable_prospects(session, ids=ids, visible=ProspectEntry.visibility == EVERYONE)
            message = (
                'a scenario shared with everyone may name only built-in prospects or prospects shared with everyone'
            )
        elif visibility == TEAM:
            usable = await _usable_prospects(session, ids=ids, visible=_shared_with(team_id))
            message = (
                'a scenario shared with a team may name only built-in prospects or prospects shared with everyone or '
                'with that team'
            )
        else:
            usable = await _usable_prospects(session, ids=ids, visible=await _visible_prospects(session, user))
            message = 'no prospect you may use has this id'
        return [
            {'loc': ('persona_ids', index), 'msg': message, 'type': 'unknown_prospect'}
            for index, prospect_id in wanted
            if prospect_id not in usable
        ]

    async def _copyable(self, session: AsyncSession, *, user: User, content: ScenarioSpec) -> ScenarioSpec:
        usable = await _usable_prospects(
            session, ids=content.persona_ids, visible=await _visible_prospects(session, user)
        )
        return content.model_copy(update={'persona_ids': [i for i in content.persona_ids if i in usable]})


PROSPECTS: Shelf[ProspectProfile] = Shelf(
    noun='prospect',
    table=ProspectEntry,
    column='profile',
    content_type=ProspectProfile,
    builtins=BUILTIN_PROSPECTS,
    title_field='name',
)
SCENARIOS: Shelf[ScenarioSpec] = ScenarioShelf(
    noun='scenario',
    table=ScenarioEntry,
    column='spec',
    content_type=ScenarioSpec,
    builtins=BUILTIN_SCENARIOS,
    title_field='title',
)


def prospect_snapshot(entry: Entry[ProspectProfile]) -> ProspectSnapshot:
    """What a call keeps of the prospect it is practised on."""
    return ProspectSnapshot(id=entry.id, builtin=entry.builtin, profile=entry.content)


def scenario_snapshot(entry: Entry[ScenarioSpec]) -> ScenarioSnapshot:
    return ScenarioSnapshot(id=entry.id, builtin=entry.builtin, spec=entry.content)


def merge_patch(target: Any, patch: Any) -> Any:
    """`patch` applied to `target` as a JSON merge patch (RFC 7396)."""
    if not isinstance(patch, Mapping):
        return patch
    merged = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def with_copy_suffix(name: str) -> str:
    """`name` with " (copy)", shortened to fit the longest name."""
    return name[: NAME_MAX - len(COPY_SUFFIX)].rstrip() + COPY_SUFFIX


async def _usable_prospects(session: AsyncSession, *, ids: Sequence[str], visible: Any) -> set[str]:
    """Those of `ids` that name a built-in prospect or an entry that the condition `visible` lets through."""
    usable = {prospect_id for prospect_id in ids if prospect_id in BUILTIN_PROSPECTS}
    rest = [prospect_id for prospect_id in ids if prospect_id not in usable]
    if rest:
        usable.update(await session.scalars(select(ProspectEntry.id).where(ProspectEntry.id.in_(rest), visible)))
    return usable


def _visible(table: type[LibraryRow], audience: Audience) -> Any:
    """The SQL condition of `Audience.may_see`."""
    shared_with_team = table.visibility == TEAM
    if not audience.user.is_admin:
        shared_with_team = shared_with_team & table.team_id.in_(audience.team_ids)
    return or_(table.owner_id == audience.user.id, table.visibility == EVERYONE, shared_with_team)


async def _visible_prospects(session: AsyncSession, user: User) -> Any:
    return _visible(ProspectEntry, await audience_of(session, user))


def _shared_with(team_id: uuid.UUID | None) -> Any:
    """Prospects the members of a team may all use: shared with everyone or with the team."""
    return or_(
        ProspectEntry.visibility == EVERYONE, (ProspectEntry.visibility == TEAM) & (ProspectEntry.team_id == team_id)
    )


def _team_without_share() -> dict[str, Any]:
    return {'loc': ('team_id',), 'msg': "a team is named only with visibility 'team'", 'type': 'team_without_share'}


def _builtin_entry(entry_id: str, content: C) -> Entry[C]:
    return Entry(id=entry_id, builtin=True, owner_id=None, visibility=EVERYONE, content=content)


def _visibility(value: str) -> Visibility:
    return EVERYONE if value == EVERYONE else TEAM if value == TEAM else 'private'


def _pydantic_problems(error: ValidationError) -> list[dict[str, Any]]:
    return [
        {'loc': tuple(problem['loc']), 'msg': problem['msg'], 'type': problem['type'], 'ctx': problem.get('ctx')}
        for problem in error.errors(include_url=False, include_input=False)
    ]
