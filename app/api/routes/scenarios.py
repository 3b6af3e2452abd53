"""The scenarios of the library: the built-ins, your own and those shared
with a team of yours or with everyone.

The rules are services/library/store.py's: another user's private scenario is 404 everywhere, a built-in is 403 to
change, only its author changes a scenario, only an admin shares one with everyone and only a manager of a team
(or an admin) shares one with that team (403). A scenario names only prospects you may use in `persona_ids`, and
one shared with a team only prospects the whole team may use (422 naming the one that is not).
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response, status

from app.api.deps import CurrentUser, SessionDep
from app.api.library import EXPORT_RESPONSES, IMPORT_BODY, download, imported_entries, patch_body, updated_entry
from app.schemas.library import ScenarioCreate, ScenarioPublic, ScenariosPublic
from services.library.scenario import ScenarioSpec
from services.library.store import SCENARIOS, Draft
from services.library.transfer import read_drafts, write_document

router = APIRouter(prefix='/scenarios', tags=['scenarios'])
KEY = 'scenarios'  # of an import or export document


@router.get('/')
async def list_scenarios(session: SessionDep, user: CurrentUser) -> ScenariosPublic:
    """The scenarios you may use: the built-ins first, then yours and those shared
    with a team of yours or with everyone, oldest first."""
    entries = await SCENARIOS.entries(session, user=user)
    return ScenariosPublic(data=[ScenarioPublic.of(entry, user) for entry in entries], count=len(entries))


@router.post('/', status_code=status.HTTP_201_CREATED)
async def create_scenario(body: ScenarioCreate, session: SessionDep, user: CurrentUser) -> ScenarioPublic:
    """A new scenario, private unless shared with a team you manage or (admins) with everyone."""
    content = ScenarioSpec.model_validate(body.model_dump(exclude={'visibility', 'team_id'}))
    entry = await SCENARIOS.create(
        session, user=user, draft=Draft(content=content, visibility=body.visibility, team_id=body.team_id)
    )
    return ScenarioPublic.of(entry, user)


# Declared before /{scenario_id} so that "export" is never read as an id.
@router.get('/export', response_class=Response, responses=EXPORT_RESPONSES)
async def export_scenarios(
    session: SessionDep,
    user: CurrentUser,
    format: Literal['yaml', 'json'] = 'yaml',
    builtins: Annotated[bool, Query(description='the built-in scenarios too')] = False,
) -> Response:
    """The scenarios you may use as a YAML or JSON document that the import reads back."""
    entries = [entry for entry in await SCENARIOS.entries(session, user=user) if builtins or not entry.builtin]
    return download(write_document(entries, key=KEY, format=format, user=user), format=format, name=KEY)


@router.post('/import', status_code=status.HTTP_201_CREATED, openapi_extra=IMPORT_BODY)
async def import_scenarios(request: Request, session: SessionDep, user: CurrentUser) -> ScenariosPublic:
    """Creates every scenario of a JSON or YAML document, or none: 422 names the entry (its index) and the field."""
    drafts = read_drafts(await imported_entries(request, key=KEY), content_type=ScenarioSpec)
    entries = await SCENARIOS.create_many(session, user=user, drafts=drafts)
    return ScenariosPublic(data=[ScenarioPublic.of(entry, user) for entry in entries], count=len(entries))


@router.get('/{scenario_id}')
async def read_scenario(scenario_id: str, session: SessionDep, user: CurrentUser) -> ScenarioPublic:
    """One scenario you may use."""
    return ScenarioPublic.of(await SCENARIOS.get(session, user=user, entry_id=scenario_id), user)


@router.patch('/{scenario_id}', openapi_extra=patch_body('ScenarioCreate'))
async def update_scenario(
    scenario_id: str, changes: Annotated[dict[str, Any], Body()], session: SessionDep, user: CurrentUser
) -> ScenarioPublic:
    """Changes the fields given (a JSON merge patch: objects merge, lists are replaced, null resets a field); the
    result is validated as a whole."""
    entry = await updated_entry(SCENARIOS, session, user=user, entry_id=scenario_id, changes=changes)
    return ScenarioPublic.of(entry, user)


@router.delete('/{scenario_id}', status_code=status.HTTP_204_NO_CONTENT)
async def delete_scenario(scenario_id: str, session: SessionDep, user: CurrentUser) -> Response:
    """Deletes your scenario; calls practised on it keep what it was."""
    await SCENARIOS.delete(session, user=user, entry_id=scenario_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post('/{scenario_id}/duplicate', status_code=status.HTTP_201_CREATED)
async def duplicate_scenario(scenario_id: str, session: SessionDep, user: CurrentUser) -> ScenarioPublic:
    """A private copy of a scenario you may use (a built-in too), named "... (copy)", for you to edit."""
    return ScenarioPublic.of(await SCENARIOS.duplicate(session, user=user, entry_id=scenario_id), user)
