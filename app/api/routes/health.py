"""GET /healthz: is the app up and can it reach its database."""

import asyncio
import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.runtime import current_runtime

router = APIRouter(tags=['health'])
log = logging.getLogger(__name__)

PING_TIMEOUT_S = 3.0


@router.get('/healthz')
async def healthz() -> JSONResponse:
    """200 with `{"status": "ok", "database": "ok"}`, or 503 saying what is wrong."""
    try:
        async with asyncio.timeout(PING_TIMEOUT_S):
            await current_runtime().database.ping()
    except Exception as error:  # any failure means "not healthy"; the kind goes to the log, not the response
        log.warning('health check failed: %s', type(error).__name__)
        return JSONResponse({'status': 'error', 'database': 'unreachable'}, status_code=503)
    return JSONResponse({'status': 'ok', 'database': 'ok'})
