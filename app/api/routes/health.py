"""GET /healthz: is the app up, can it reach its database, and are its writes going through."""

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
    """200 with `{"status": "ok", "database": "ok"}`, or 503 saying what is wrong: the database cannot be reached,
    or it answers but writes fail (a full disk, a lost connection mid-write) and lines wait to be saved."""
    runtime = current_runtime()
    try:
        async with asyncio.timeout(PING_TIMEOUT_S):
            await runtime.database.ping()
    except Exception as error:  # any failure means "not healthy"; the kind goes to the log, not the response
        log.warning('health check failed: %s', type(error).__name__)
        return JSONResponse({'status': 'error', 'database': 'unreachable'}, status_code=503)
    if (problem := runtime.write_health.problem()) is not None:
        return JSONResponse({'status': 'degraded', 'database': 'ok', 'writes': problem}, status_code=503)
    return JSONResponse({'status': 'ok', 'database': 'ok'})
