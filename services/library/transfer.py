"""Prospects and scenarios as files: a JSON or YAML document of one entry, a list of entries, or
`{"personas": [...]}` (`{"scenarios": [...]}`); read all or nothing, written from what a user may use.

An entry is the fields of a prospect (scenario), with three optional keys: `visibility` ('private' unless given),
`team_id` (the team, for visibility 'team') and `id` (written on export so that a reader knows which entry it was; an
import always creates new entries). Problems are named by the entry's index in the document (0 for a document of one
entry) and the field.
"""

import json
import uuid
from collections.abc import Sequence
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import StringConstraints, ValidationError

from services.library.prospect import Model
from services.library.store import Draft, Entry, EntryInvalid, Visibility
from services.models import User

DocumentFormat = Literal['json', 'yaml']
MAX_DOCUMENT_BYTES = 1024 * 1024
MAX_ENTRIES = 200
# Values in a document once YAML's aliases are followed: a few aliases of aliases make billions ("billion laughs").
MAX_VALUES = 500_000
ENVELOPE_KEYS = ('id', 'visibility', 'team_id')

# yaml.safe_load's loader, with libyaml's parser where PyYAML has it: 14 times faster (1.4 s -> 0.1 s for 400 KB).
SAFE_LOADER = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)

C = TypeVar('C', bound=Model)


class DocumentError(Exception):
    """A document that cannot be read as entries at all: `type` says how (json_invalid, yaml_invalid, ...)."""

    def __init__(self, message: str, *, type: str) -> None:
        super().__init__(message)
        self.type = type


class _Envelope(Model):
    id: Annotated[str, StringConstraints(max_length=64)] | None = None
    visibility: Visibility = 'private'
    team_id: uuid.UUID | None = None


def read_document(data: bytes, *, format: DocumentFormat, key: str) -> list[Any]:
    """The entries of a document (not yet validated). Runs the parser: call it off the event loop."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f'the document is larger than {MAX_DOCUMENT_BYTES // 1024} KiB', type='too_large')
    try:
        text = data.decode('utf-8-sig')
    except UnicodeDecodeError:
        raise DocumentError('the document is not UTF-8 text', type='unicode_invalid') from None
    document = _parse_json(text) if format == 'json' else _parse_yaml(text)
    _count_values(document)
    return _entries(document, key=key)


def read_drafts(entries: Sequence[Any], *, content_type: type[C]) -> list[Draft[C]]:
    """Each entry validated; EntryInvalid names every bad field of every entry, with the entry's index."""
    drafts: list[Draft[C]] = []
    problems: list[dict[str, Any]] = []
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            problems.append({'loc': (index,), 'msg': 'an entry is a mapping of fields to values', 'type': 'dict_type'})
            continue
        envelope = {name: raw[name] for name in ENVELOPE_KEYS if name in raw}
        fields = {name: value for name, value in raw.items() if name not in ENVELOPE_KEYS}
        shared = _validated(_Envelope, envelope, index, problems)
        content = _validated(content_type, fields, index, problems)
        if shared is not None and content is not None:
            drafts.append(Draft(content=content, visibility=shared.visibility, team_id=shared.team_id))
    if problems:
        raise EntryInvalid(problems)
    return drafts


def write_document(entries: Sequence[Entry[C]], *, key: str, format: DocumentFormat, user: User) -> str:
    """The entries as a document that `read_document` reads back. `visibility` is written for the user's own
    entries only: a copy of someone else's (or a built-in) is private."""
    items = [
        {
            'id': entry.id,
            **({'visibility': entry.visibility} if entry.owned_by(user) else {}),
            **({'team_id': str(entry.team_id)} if entry.owned_by(user) and entry.team_id else {}),
            **entry.content.model_dump(mode='json'),
        }
        for entry in entries
    ]
    if format == 'json':
        return json.dumps({key: items}, ensure_ascii=False, indent=2) + '\n'
    dumped: str = yaml.safe_dump({key: items}, sort_keys=False, allow_unicode=True, width=100)
    return dumped


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(
            f'not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}', type='json_invalid'
        ) from None
    except RecursionError:
        raise DocumentError('not valid JSON: nested too deeply', type='json_invalid') from None


def _parse_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506  (a safe loader)
    except yaml.YAMLError as error:
        mark = getattr(error, 'problem_mark', None)
        where = f' (line {mark.line + 1}, column {mark.column + 1})' if mark is not None else ''
        problem = getattr(error, 'problem', None)
        raise DocumentError(
            f'not valid YAML{where}' + (f': {str(problem)[:200]}' if problem else ''), type='yaml_invalid'
        ) from None
    except RecursionError:
        raise DocumentError('not valid YAML: nested too deeply', type='yaml_invalid') from None


def _count_values(document: Any) -> None:
    """Refuses a document whose values, with aliases followed, are too many to validate."""
    pending, seen = [document], 0
    while pending:
        value = pending.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise DocumentError(f'the document holds more than {MAX_VALUES:,} values', type='too_large')
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def _entries(document: Any, *, key: str) -> list[Any]:
    if isinstance(document, dict) and key in document:
        if set(document) != {key}:
            raise DocumentError(f'a document with "{key}" holds nothing else', type='document_shape')
        document = document[key]
        if not isinstance(document, list):
            raise DocumentError(f'"{key}" is a list of entries', type='document_shape')
    entries = document if isinstance(document, list) else [document]
    if not entries:
        raise DocumentError('the document holds no entries', type='document_shape')
    if len(entries) > MAX_ENTRIES:
        raise DocumentError(f'a document holds at most {MAX_ENTRIES} entries', type='too_many_entries')
    return entries


M = TypeVar('M', bound=Model)


def _validated(model: type[M], data: dict[str, Any], index: int, problems: list[dict[str, Any]]) -> M | None:
    """`data` as a `model`, or None with its problems added to `problems` (named by the entry's index)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems.extend(
            {'loc': (index, *problem['loc']), 'msg': problem['msg'], 'type': problem['type'], 'ctx': problem.get('ctx')}
            for problem in error.errors(include_url=False, include_input=False)
        )
        return None
