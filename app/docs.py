"""The API's documentation page, /docs (Swagger UI), with every asset served by the app itself.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, so on a machine without internet /docs stayed blank.
The assets come from the `fastapi-offline` package (kept in the locks, MIT; its wheel holds swagger-ui-bundle.js,
swagger-ui.css, redoc.standalone.js and a favicon); only its files are used, not its app factory, since NiceGUI
builds the app. ReDoc is not offered: even served from here it fetches its maker's logo from their CDN on every
view, so /redoc leads to /docs.
"""

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

TITLE = 'Sales Coach'
OPENAPI_URL = '/openapi.json'
DOCS_URL = '/docs'
OAUTH2_REDIRECT_URL = '/docs/oauth2-redirect'
REDOC_URL = '/redoc'
ASSETS_URL = '/docs-assets'
ASSETS_DIR = Path(str(files('fastapi_offline') / 'static'))

docs_router = APIRouter(include_in_schema=False)


def install_docs(app: FastAPI) -> None:
    """The OpenAPI schema, the page and its assets; once per app, however often the app is built."""
    if any(getattr(route, 'path', None) == DOCS_URL for route in app.routes):
        return
    app.title = TITLE
    app.openapi_url = OPENAPI_URL
    app.docs_url = app.redoc_url = None  # FastAPI's `setup` adds only the schema route, no CDN page
    app.setup()
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name='docs-assets')
    app.include_router(docs_router)


@docs_router.get(DOCS_URL)
def swagger_ui() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title=f'{TITLE} API',
        oauth2_redirect_url=OAUTH2_REDIRECT_URL,
        swagger_js_url=f'{ASSETS_URL}/swagger-ui-bundle.js',
        swagger_css_url=f'{ASSETS_URL}/swagger-ui.css',
        swagger_favicon_url=f'{ASSETS_URL}/favicon.png',
    )


@docs_router.get(OAUTH2_REDIRECT_URL)
def swagger_ui_oauth2_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@docs_router.get(REDOC_URL)
def redoc() -> RedirectResponse:
    return RedirectResponse(DOCS_URL)
