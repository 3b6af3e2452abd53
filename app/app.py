"""Builds the one process: REST API, pages, page sessions, and the runtime's start and stop."""

import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from nicegui import app as nicegui_app
from nicegui import ui

from app.api.router import install_api
from app.auth import PageAuthMiddleware, session_router
from app.docs import install_docs
from app.headers import NoFraming
from app.log import configure_logging
from app.runtime import Runtime, set_runtime
from app.settings import Settings, get_settings
from components.browser_zone import install_zone_reporter
from services.memory import MEMORY

log = logging.getLogger(__name__)
GC_YOUNG_THRESHOLD = 10_000  # allocations between young collections (CPython's default is 700)
GC_MIDDLE_THRESHOLD = 2  # a middle collection comes with every third young one (CPython's default: every 11th)

Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]


def build(settings: Settings) -> None:
    """Registers everything on NiceGUI's app; `run` then serves it (tests call `main.py` the same way)."""
    install_api(nicegui_app)
    install_docs(nicegui_app)
    install_zone_reporter()
    nicegui_app.include_router(session_router)
    nicegui_app.add_middleware(PageAuthMiddleware)
    nicegui_app.add_middleware(NoFraming)
    nicegui_app.on_delete(MEMORY.release_soon)
    from app.pages import (  # noqa: F401  (registers the pages)
        account,
        account_settings,
        dashboard,
        engines,
        history,
        password,
        practice,
        prospects,
        report,
        scenarios,
        teams,
        users,
    )

    _install_lifespan(settings)


def run() -> None:
    settings = get_settings()
    configure_logging(settings.log_level)
    build(settings)
    ui.run(
        host=settings.host,
        port=settings.port,
        title='Sales Coach',
        favicon='🎧',
        storage_secret=settings.resolved_storage_secret(),
        fastapi_docs=False,  # app/docs.py serves /docs with its assets (FastAPI's page loads them from a CDN)
        reload=False,
        show=False,
        show_welcome_message=False,
        reconnect_timeout=10.0,
        # Sockets are not compressed: the call audio does not compress, and deflating it took the event loop a
        # large share of its time at 50 calls (benchmarks/load.py). Page updates are small JSON.
        ws_per_message_deflate=False,
        uvicorn_logging_level='warning',
        # Trust X-Forwarded-For only from these proxies: the log-in throttle counts failures per client address.
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


def settle_garbage_collector() -> None:
    """Keeps the cyclic collector's pauses off live calls.

    What start-up loaded (NiceGUI, the SDKs, the speech models) lives as long as the process, so it is frozen out
    of the collector's scans; and young collections run less often, since a live call allocates many short-lived
    objects per audio frame. A middle collection scans what survived the young ones since the last: a call's
    objects (its tasks, coroutines, sockets; about 660) survive, so after 100 calls started at once CPython's
    default scanned 66,000 objects in one pause of 20-45 ms with every rep talking; a middle collection every
    third young one scans at most 40,000 (4 x 10,000), and measured 6-15 ms. Measured with benchmarks/bridge.py
    (README, Performance).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, GC_MIDDLE_THRESHOLD, gc.get_threshold()[2])


def _install_lifespan(settings: Settings) -> None:
    """Starts the runtime inside the server's lifespan, so no request is served before migrations have run.

    (NiceGUI's `on_startup` hooks run as background tasks and are not awaited before serving.) The framework's
    own lifespan is kept once and wrapped anew on every build, so repeated builds in tests do not nest.
    """
    router = nicegui_app.router
    base: Lifespan = router.__dict__.setdefault('sales_coach_base_lifespan', router.lifespan_context)

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        async with base(app) as state:
            runtime = await Runtime.start(settings)
            set_runtime(runtime)
            settle_garbage_collector()
            log.info('Sales Coach is serving at http://%s:%d', settings.host, settings.port)
            try:
                yield state
            finally:
                MEMORY.close()
                await runtime.stop()
                set_runtime(None)

    router.lifespan_context = lifespan
