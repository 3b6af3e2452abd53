"""The prospects (personas) of the library: the built-ins, your own and those shared
with a team of yours or with everyone.

The rules are services/library/store.py's: another user's private prospect is 404 everywhere, a built-in is 403 to
change, only its author changes a prospect, only an admin shares one with everyone and only a manager of a team
(or an admin) shares one with that team (403).
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response, status

from app.api.deps import CurrentUser, SessionDep
from app.api.library import EXPORT_RESPONSES, IMPORT_BODY, download, imported_entries, patch_body, updated_entry
from app.schemas.library import ProspectCreate, ProspectPublic, ProspectsPublic
from services.library.prospect import ProspectProfile
from services.library.store import PROSPECTS, Draft
from services.library.transfer import read_drafts, write_document

router = APIRouter(prefix='/personas', tags=['personas'])
KEY = 'personas'  # of an import or export document


@router.get('/')
async def list_personas(session: SessionDep, user: CurrentUser) -> ProspectsPublic:
    """The prospects you may use: the built-ins first, then yours and those shared
    with a team of yours or with everyone, oldest first."""
    entries = await PROSPECTS.entries(session, user=user)
    return ProspectsPublic(data=[ProspectPublic.of(entry, user) for entry in entries], count=len(entries))


@router.post('/', status_code=status.HTTP_201_CREATED)
async def create_persona(body: ProspectCreate, session: SessionDep, user: CurrentUser) -> ProspectPublic:
    """A new prospect, private unless shared with a team you manage or (admins) with everyone."""
    content = ProspectProfile.model_validate(body.model_dump(exclude={'visibility', 'team_id'}))
    entry = await PROSPECTS.create(
        session, user=user, draft=Draft(content=content, visibility=body.visibility, team_id=body.team_id)
    )
    return ProspectPublic.of(entry, user)


# Declared before /{persona_id} so that "export" is never read as an id.
@router.get('/export', response_class=Response, responses=EXPORT_RESPONSES)
async def export_personas(
    session: SessionDep,
    user: CurrentUser,
    format: Literal['yaml', 'json'] = 'yaml',
    builtins: Annotated[bool, Query(description='the built-in prospects too')] = False,
) -> Response:
    """The prospects you may use as a YAML or JSON document that the import reads back."""
    entries = [entry for entry in await PROSPECTS.entries(session, user=user) if builtins or not entry.builtin]
    return download(write_document(entries, key=KEY, format=format, user=user), format=format, name=KEY)


@router.post('/import', status_code=status.HTTP_201_CREATED, openapi_extra=IMPORT_BODY)
async def import_personas(request: Request, session: SessionDep, user: CurrentUser) -> ProspectsPublic:
    """Creates every prospect of a JSON or YAML document, or none: 422 names the entry (its index) and the field."""
    drafts = read_drafts(await imported_entries(request, key=KEY), content_type=ProspectProfile)
    entries = await PROSPECTS.create_many(session, user=user, drafts=drafts)
    return ProspectsPublic(data=[ProspectPublic.of(entry, user) for entry in entries], count=len(entries))


@router.get('/{persona_id}')
async def read_persona(persona_id: str, session: SessionDep, user: CurrentUser) -> ProspectPublic:
    """One prospect you may use."""
    return ProspectPublic.of(await PROSPECTS.get(session, user=user, entry_id=persona_id), user)


@router.patch('/{persona_id}', openapi_extra=patch_body('ProspectCreate'))
async def update_persona(
    persona_id: str, changes: Annotated[dict[str, Any], Body()], session: SessionDep, user: CurrentUser
) -> ProspectPublic:
    """Changes the fields given (a JSON merge patch: objects merge, lists are replaced, null resets a field); the
    result is validated as a whole."""
    entry = await updated_entry(PROSPECTS, session, user=user, entry_id=persona_id, changes=changes)
    return ProspectPublic.of(entry, user)


@router.delete('/{persona_id}', status_code=status.HTTP_204_NO_CONTENT)
async def delete_persona(persona_id: str, session: SessionDep, user: CurrentUser) -> Response:
    """Deletes your prospect; calls practised on it keep what it was."""
    await PROSPECTS.delete(session, user=user, entry_id=persona_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post('/{persona_id}/duplicate', status_code=status.HTTP_201_CREATED)
async def duplicate_persona(persona_id: str, session: SessionDep, user: CurrentUser) -> ProspectPublic:
    """A private copy of a prospect you may use (a built-in too), named "... (copy)", for you to edit."""
    return ProspectPublic.of(await PROSPECTS.duplicate(session, user=user, entry_id=persona_id), user)
