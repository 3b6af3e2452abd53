"""Puts the REST API together and installs it on an app (the NiceGUI app, or a bare FastAPI app in tests)."""

from functools import partial

from fastapi import APIRouter, FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.api import voice_ws
from app.api.limits import BodySizeLimit
from app.api.routes import calls, engines, health, hume, login, users
from services.call_lifecycle import CallNotFoundError, CallStateError

API_PREFIX = '/api/v1'
# A 5,000-line call with prosody on every rep line is about 5 MiB of JSON.
MAX_BODY_BYTES = 16 * 1024 * 1024

api_router = APIRouter(prefix=API_PREFIX)
api_router.include_router(login.router)
api_router.include_router(users.router)
api_router.include_router(calls.router)
api_router.include_router(hume.router)
api_router.include_router(engines.router)


def install_api(app: FastAPI) -> None:
    app.include_router(api_router)
    app.include_router(health.router)
    app.include_router(voice_ws.router)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES, path_prefix=f'{API_PREFIX}/')
    # A service's refusal is the same answer on every route: its message, with the matching status.
    app.add_exception_handler(CallNotFoundError, partial(_refusal, status.HTTP_404_NOT_FOUND))
    app.add_exception_handler(CallStateError, partial(_refusal, status.HTTP_409_CONFLICT))
    app.add_exception_handler(RequestValidationError, _invalid_request)


async def _refusal(code: int, _request: Request, error: Exception) -> JSONResponse:
    return JSONResponse({'detail': str(error)}, status_code=code)


async def _invalid_request(_request: Request, error: Exception) -> JSONResponse:
    """422 naming each bad field, without echoing the input: it may be a password, or text (a lone surrogate)
    that cannot even be encoded as JSON."""
    assert isinstance(error, RequestValidationError)
    details = [
        {
            'loc': list(problem.get('loc', ())),
            'msg': problem.get('msg', ''),
            'type': problem.get('type', ''),
            **({'ctx': {k: str(v) for k, v in problem['ctx'].items()}} if problem.get('ctx') else {}),
        }
        for problem in error.errors()
    ]
    return JSONResponse({'detail': details}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
