"""GET /hume/token: a short-lived Hume access token for a signed-in user."""

from fastapi import APIRouter, HTTPException, status

from app.api.deps import CurrentUser, RuntimeDep
from services.hume_token import HumeToken, HumeTokenError, mint_hume_token

router = APIRouter(prefix='/hume', tags=['hume'])


@router.get('/token', responses={502: {'description': 'Hume refused or cannot be reached'}})
async def hume_token(_user: CurrentUser, runtime: RuntimeDep) -> HumeToken:
    """Mints a Hume access token (30 minutes) with the server's key and secret, which never leave the server."""
    settings = runtime.settings
    if settings.hume_api_key is None or settings.hume_secret_key is None:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail='Hume is not configured here (HUME_API_KEY and HUME_SECRET_KEY).',
        )
    try:
        return await mint_hume_token(
            api_key=settings.hume_api_key.get_secret_value(),
            secret_key=settings.hume_secret_key.get_secret_value(),
            base_url=settings.hume_api_url,
        )
    except HumeTokenError as error:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, detail=str(error)) from None
