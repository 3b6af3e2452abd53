"""GET /engines and POST /engines/{name}/test: the voice engines as the admin sees them, and a connection test."""

from fastapi import APIRouter, HTTPException, status

from app.api.deps import AdminUser, RuntimeDep
from app.schemas.engines import EnginesPublic
from services.voice.engine_check import CHECK_TIMEOUT_S, EngineCheck
from services.voice.registry import spec_of

router = APIRouter(prefix='/engines', tags=['engines'])


@router.get('', responses={403: {'description': 'Admins only'}})
async def list_engines(_admin: AdminUser, runtime: RuntimeDep) -> EnginesPublic:
    """Each engine's settings (secrets only as "set"), what it needs, which engine new calls use and why."""
    return EnginesPublic.model_validate(runtime.engines_overview())


@router.post('/{name}/test', responses={403: {'description': 'Admins only'}, 404: {'description': 'No such engine'}})
async def check_connection(name: str, _admin: AdminUser, runtime: RuntimeDep) -> EngineCheck:
    """Opens and closes a session with the engine (15 s at most) and says whether it worked."""
    if spec_of(name, runtime.engines.specs) is None:  # the name is not echoed: it may not even be encodable text
        names = ', '.join(spec.name for spec in runtime.engines.specs)
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f'No such engine; choose one of: {names}.')
    return await runtime.engines.check(name, timeout_s=CHECK_TIMEOUT_S)
