"""GET /engines and POST /engines/{name}/test: the voice engines as the admin sees them, and a connection test."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status

from app.api.deps import CurrentUser, RuntimeDep
from app.schemas.engines import EnginesPublic, runtime_overview
from services.models import User
from services.voice.engine_check import EngineCheck, check_engine
from services.voice.engine_status import ENGINE_NAMES

router = APIRouter(prefix='/engines', tags=['engines'])


async def get_admin(user: CurrentUser) -> User:
    # A listing for admins only: "forbidden" confirms nothing that a user could not guess.
    if not user.is_superuser:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail='Admins only.')
    return user


AdminUser = Annotated[User, Depends(get_admin)]


@router.get('', responses={403: {'description': 'Admins only'}})
async def list_engines(_admin: AdminUser, runtime: RuntimeDep) -> EnginesPublic:
    """Each engine's settings (secrets only as "set"), what it needs, which engine new calls use and why."""
    return EnginesPublic.model_validate(runtime_overview(runtime))


@router.post('/{name}/test', responses={403: {'description': 'Admins only'}, 404: {'description': 'No such engine'}})
async def check_connection(name: str, _admin: AdminUser, runtime: RuntimeDep) -> EngineCheck:
    """Opens and closes a session with the engine (15 s at most) and says whether it worked."""
    if name not in ENGINE_NAMES:  # the name is not echoed: it may not even be encodable text
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=f'No such engine; choose one of: {", ".join(ENGINE_NAMES)}.'
        )
    return await check_engine(runtime.live.engines, name)
