"""Puts the REST API together and installs it on an app (the NiceGUI app, or a bare FastAPI app in tests)."""

from fastapi import APIRouter, FastAPI

from app.api.limits import BodySizeLimit
from app.api.routes import calls, health, login, users

API_PREFIX = '/api/v1'
# A 5,000-line call with prosody on every rep line is about 5 MiB of JSON.
MAX_BODY_BYTES = 16 * 1024 * 1024

api_router = APIRouter(prefix=API_PREFIX)
api_router.include_router(login.router)
api_router.include_router(users.router)
api_router.include_router(calls.router)


def install_api(app: FastAPI) -> None:
    app.include_router(api_router)
    app.include_router(health.router)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES, path_prefix=f'{API_PREFIX}/')
