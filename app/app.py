"""Builds the one process: REST API, pages, page sessions, and the runtime's start and stop."""

import logging
from functools import partial

from nicegui import app as nicegui_app
from nicegui import ui

from app.api.router import install_api
from app.auth import PageAuthMiddleware
from app.runtime import Runtime, current_runtime, set_runtime
from app.settings import Settings, get_settings

log = logging.getLogger(__name__)


def build(settings: Settings) -> None:
    """Registers everything on NiceGUI's app; `run` then serves it (tests call `main.py` the same way)."""
    install_api(nicegui_app)
    nicegui_app.add_middleware(PageAuthMiddleware)
    from app.pages import account, dashboard, history, practice  # noqa: F401  (registers the pages)

    nicegui_app.on_startup(partial(_start, settings))
    nicegui_app.on_shutdown(_stop)


def run() -> None:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    build(settings)
    ui.run(
        host=settings.host,
        port=settings.port,
        title='Sales Coach',
        favicon='🎧',
        storage_secret=settings.resolved_storage_secret(),
        fastapi_docs=True,
        reload=False,
        show=False,
        show_welcome_message=False,
        reconnect_timeout=10.0,
        uvicorn_logging_level='warning',
    )


async def _start(settings: Settings) -> None:
    set_runtime(await Runtime.start(settings))
    log.info('Sales Coach is serving at http://%s:%d', settings.host, settings.port)


async def _stop() -> None:
    await current_runtime().stop()
    set_runtime(None)
