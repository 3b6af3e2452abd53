"""The library over HTTP: a partial update's body, an import document read from the request body (JSON or YAML) or
from an uploaded file, and an export sent as a download. What a document may hold is services/library/transfer.py's.
"""

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypeVar

from fastapi import HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.library.prospect import Model
from services.library.store import Entry, Shelf, Visibility
from services.library.transfer import MAX_DOCUMENT_BYTES, DocumentError, DocumentFormat, read_document
from services.models import User

C = TypeVar('C', bound=Model)

JSON_TYPES = frozenset({'application/json'})
YAML_TYPES = frozenset({'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'})
MULTIPART = 'multipart/form-data'
MULTIPART_ROOM = 64 * 1024  # a form's own bytes around the file
MEDIA_TYPES: dict[DocumentFormat, str] = {'json': 'application/json', 'yaml': 'application/yaml'}

_VISIBILITY = TypeAdapter(Visibility | None)
_TEAM = TypeAdapter(uuid.UUID | None)


def patch_body(schema: str) -> dict[str, Any]:
    """For OpenAPI: a PATCH takes any of the fields of `schema`."""
    return {
        'requestBody': {
            'required': True,
            'description': 'Any of the fields: objects merge, lists are replaced, null resets a field to its default.',
            'content': {'application/json': {'schema': {'$ref': f'#/components/schemas/{schema}'}}},
        }
    }


@dataclass(frozen=True, slots=True)
class Sharing:
    """A PATCH body's new sharing: `visibility` None leaves it as it is; a `team_id` alone means 'team'."""

    visibility: Visibility | None
    team_id: uuid.UUID | None


async def updated_entry(
    shelf: Shelf[C], session: AsyncSession, *, user: User, entry_id: str, changes: dict[str, Any]
) -> Entry[C]:
    """A PATCH of an entry: its new sharing taken out of `changes`, the rest merged into its fields."""
    sharing = sharing_of(changes)
    return await shelf.update(
        session, user=user, entry_id=entry_id, changes=changes, visibility=sharing.visibility, team_id=sharing.team_id
    )


def sharing_of(changes: dict[str, Any]) -> Sharing:
    """Takes the new visibility and team, if any, out of a PATCH body's `changes`."""
    visibility = _field(_VISIBILITY, changes, 'visibility')
    team_id = _field(_TEAM, changes, 'team_id')
    return Sharing('team' if visibility is None and team_id is not None else visibility, team_id)


def _field(adapter: TypeAdapter[Any], changes: dict[str, Any], name: str) -> Any:
    try:
        return adapter.validate_python(changes.pop(name, None))
    except ValidationError as error:
        raise RequestValidationError(
            [{**problem, 'loc': ('body', name)} for problem in error.errors(include_url=False)]
        ) from None


# For OpenAPI: the ways a document may come.
IMPORT_BODY: dict[str, Any] = {
    'requestBody': {
        'required': True,
        'description': (
            'A JSON or YAML document: one entry, a list of entries, or {"<kind>": [...]} as an export writes it; '
            f'{MAX_DOCUMENT_BYTES // 1024} KiB at most. As the body, or as the file `file` of a form.'
        ),
        'content': {
            'application/json': {'schema': {}},
            'application/yaml': {'schema': {'type': 'string'}},
            'multipart/form-data': {
                'schema': {
                    'type': 'object',
                    'properties': {'file': {'type': 'string', 'format': 'binary'}},
                    'required': ['file'],
                }
            },
        },
    }
}
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {'content': {'application/yaml': {'schema': {'type': 'string'}}, 'application/json': {'schema': {}}}}
}


async def imported_entries(request: Request, *, key: str) -> list[Any]:
    """The entries of the request's document, not yet validated. 413 for a document over the limit, 415 for a body
    that is neither JSON nor YAML, 422 for one that cannot be read (naming where it breaks)."""
    data, format = await _document(request)
    try:
        return await asyncio.to_thread(read_document, data, format=format, key=key)
    except DocumentError as error:
        if error.type == 'too_large':
            raise _too_large() from None
        raise unreadable(str(error), error.type) from None


def download(text: str, *, format: DocumentFormat, name: str) -> Response:
    return Response(
        text,
        media_type=f'{MEDIA_TYPES[format]}; charset=utf-8',
        headers={'Content-Disposition': f'attachment; filename="{name}.{format}"'},
    )


def unreadable(message: str, kind: str, loc: tuple[str, ...] = ('body',)) -> HTTPException:
    """A 422 shaped like the API's other validation errors."""
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT, detail=[{'loc': list(loc), 'msg': message, 'type': kind}]
    )


async def _document(request: Request) -> tuple[bytes, DocumentFormat]:
    media = request.headers.get('content-type', '').split(';')[0].strip().lower()
    length = request.headers.get('content-length', '')
    room = MULTIPART_ROOM if media == MULTIPART else 0
    if length.isdigit() and int(length) > MAX_DOCUMENT_BYTES + room:
        raise _too_large()
    if media == MULTIPART:
        return await _uploaded(request)
    if media in JSON_TYPES:
        return await _body(request), 'json'
    if media in YAML_TYPES:
        return await _body(request), 'yaml'
    raise HTTPException(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        detail='Send the document as application/json or application/yaml (text/yaml), or as the file `file` of a '
        'multipart/form-data form.',
    )


async def _body(request: Request) -> bytes:
    """The body, read no further than the limit (a body without Content-Length is counted as it comes)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_DOCUMENT_BYTES:
            raise _too_large()
        chunks.append(chunk)
    return b''.join(chunks)


async def _uploaded(request: Request) -> tuple[bytes, DocumentFormat]:
    try:
        form = await request.form(max_files=1, max_fields=10)
    except StarletteHTTPException as error:  # a form that does not parse
        raise unreadable(f'not a valid multipart form: {error.detail}', 'multipart_invalid') from None
    try:
        upload = form.get('file')
        if not isinstance(upload, UploadFile):
            raise unreadable('send the document as the file `file` of the form', 'missing', ('body', 'file'))
        data = await upload.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise _too_large()
        return data, _format_of_file(upload)
    finally:
        await form.close()


def _format_of_file(upload: UploadFile) -> DocumentFormat:
    """JSON for a .json file (or one sent as JSON), else YAML, which reads JSON too."""
    suffix = PurePath(upload.filename or '').suffix.lower()
    media = (upload.content_type or '').split(';')[0].strip().lower()
    return 'json' if suffix == '.json' or (suffix not in ('.yaml', '.yml') and media in JSON_TYPES) else 'yaml'


def _too_large() -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE, detail=f'The document is larger than {MAX_DOCUMENT_BYTES // 1024} KiB.'
    )
