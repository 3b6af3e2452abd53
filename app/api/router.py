"""Puts the REST API together and installs it on an app (the NiceGUI app, or a bare FastAPI app in tests)."""

from functools import partial

from fastapi import APIRouter, FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.api import voice_ws
from app.api.limits import BodySizeLimit
from app.api.routes import (
    assignments,
    calls,
    drafting,
    engines,
    health,
    hume,
    invitations,
    login,
    notices,
    password_reset,
    personas,
    reviews,
    scenarios,
    teams,
    users,
)
from services.call_lifecycle import CallNotFoundError, CallStateError
from services.library.store import EntryForbidden, EntryInvalid, EntryNotFound

API_PREFIX = '/api/v1'
# A 5,000-line call with prosody on every rep line is about 5 MiB of JSON.
MAX_BODY_BYTES = 16 * 1024 * 1024

api_router = APIRouter(prefix=API_PREFIX)
api_router.include_router(login.router)
api_router.include_router(users.router)
api_router.include_router(teams.router)
api_router.include_router(invitations.router)
api_router.include_router(assignments.router)
api_router.include_router(reviews.router)
api_router.include_router(notices.router)
api_router.include_router(password_reset.router)
api_router.include_router(calls.router)
api_router.include_router(personas.router)
api_router.include_router(scenarios.router)
api_router.include_router(drafting.router)
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
    app.add_exception_handler(EntryNotFound, partial(_refusal, status.HTTP_404_NOT_FOUND))
    app.add_exception_handler(EntryForbidden, partial(_refusal, status.HTTP_403_FORBIDDEN))
    app.add_exception_handler(EntryInvalid, _invalid_entry)
    app.add_exception_handler(RequestValidationError, _invalid_request)


async def _refusal(code: int, _request: Request, error: Exception) -> JSONResponse:
    return JSONResponse({'detail': str(error)}, status_code=code)


async def _invalid_entry(request: Request, error: Exception) -> JSONResponse:
    """A library entry that the body would make invalid: its problems are named in the body, as the others are."""
    assert isinstance(error, EntryInvalid)
    problems = [{**problem, 'loc': ('body', *problem['loc'])} for problem in error.errors]
    return await _invalid_request(request, RequestValidationError(problems))


async def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    """422 naming each bad field, without echoing the input: it may be a password, a name the client chose (a key of
    a scores map), or text (a lone surrogate) that cannot even be encoded as JSON. A place in the input is named by
    the API's own field names and list positions; any other key shows as `*`."""
    assert isinstance(error, RequestValidationError)
    known = _declared_names(request.app)
    details = [
        {
            'loc': [part if isinstance(part, int) or part in known else '*' for part in problem.get('loc', ())],
            'msg': problem.get('msg', ''),
            'type': problem.get('type', ''),
            **({'ctx': ctx} if (ctx := _constraints(problem.get('ctx'))) else {}),
        }
        for problem in error.errors()
    ]
    return JSONResponse({'detail': details}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


LOCATIONS = frozenset({'body', 'query', 'path', 'header', 'cookie'})
# The limits a field broke, which say nothing of the input; other context (an error object, the input) is left out.
CONSTRAINTS = frozenset({'gt', 'ge', 'lt', 'le', 'min_length', 'max_length', 'multiple_of', 'expected', 'pattern'})


def _constraints(ctx: dict[str, object] | None) -> dict[str, str]:
    return {key: str(value) for key, value in (ctx or {}).items() if key in CONSTRAINTS}


def _declared_names(app: FastAPI) -> frozenset[str]:
    """Every name the API declares (parameters and the properties of its schemas), read once from its OpenAPI."""
    cached: frozenset[str] | None = getattr(app.state, 'declared_names', None)
    if cached is None:
        schema = app.openapi()
        names = set(LOCATIONS)
        for path in schema.get('paths', {}).values():
            for operation in path.values():
                names.update(parameter['name'] for parameter in operation.get('parameters', []))
        for component in schema.get('components', {}).get('schemas', {}).values():
            names.update(component.get('properties', {}))
        cached = app.state.declared_names = frozenset(names)
    return cached
