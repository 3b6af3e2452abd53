"""Who is signed in to the pages: the session middleware and the helpers pages use.

The REST API authenticates with bearer tokens (app/api/deps.py); pages use NiceGUI's per-browser session
storage, which holds only the user's id.
"""

import uuid
from urllib.parse import quote, urlsplit

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from nicegui import app as nicegui_app
from nicegui import ui
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from app.runtime import current_runtime
from services.models import User
from services.users import get_user

PUBLIC_PATHS = frozenset(
    {'/login', '/signup', '/healthz', '/favicon.ico', '/docs', '/docs/oauth2-redirect', '/redoc', '/openapi.json'}
)
# The API and the call socket authenticate on their own; /_nicegui serves the framework's assets and socket.
PUBLIC_PREFIXES = ('/_nicegui', '/api/', '/ws/')
SESSION_KEY = 'user_id'


class PageAuthMiddleware(BaseHTTPMiddleware):
    """The one sign-in check of the pages: a browser without an active account's session goes to the log-in page,
    remembering where it wanted to go; otherwise the page finds its user with `page_user()`."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return await call_next(request)
        user = await signed_in_user()
        if user is None:
            return login_redirect(path)
        request.state.user = user
        return await call_next(request)


def page_user() -> User:
    """The signed-in user of the page being built (the middleware let only such requests through)."""
    user = getattr(ui.context.client.request.state, 'user', None)
    if not isinstance(user, User):
        raise RuntimeError('page_user() is for pages behind PageAuthMiddleware')
    return user


def login_redirect(path: str = '/') -> RedirectResponse:
    target = '/login' if path in ('', '/') else f'/login?redirect_to={quote(path, safe="/")}'
    return RedirectResponse(target)


def sign_in(user: User) -> None:
    nicegui_app.storage.user.clear()
    nicegui_app.storage.user[SESSION_KEY] = str(user.id)


def sign_out() -> None:
    nicegui_app.storage.user.clear()


def log_out() -> None:
    """Ends the session of the page's browser and shows the log-in page."""
    sign_out()
    ui.navigate.to('/login')


async def signed_in_user() -> User | None:
    """The active user of this browser session; a session whose account is gone or disabled is ended."""
    try:
        raw = nicegui_app.storage.user.get(SESSION_KEY)
    except (RuntimeError, AssertionError):  # no browser session here (an API client, or no session middleware)
        return None
    if not raw:
        return None
    try:
        user_id = uuid.UUID(str(raw))
    except ValueError:
        user_id = None
    user = None
    if user_id is not None:
        async with current_runtime().database.session() as session:
            user = await get_user(session, user_id)
    if user is None or not user.is_active:
        sign_out()
        return None
    return user


def safe_redirect_target(target: str | None) -> str:
    """Only paths on this site: `redirect_to=https://evil.example` must not send a rep off-site after log-in.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so "/\t/evil.example" and
    "/\\evil.example" would reach another host; any such character sends the rep to the dashboard instead.
    """
    if not target or not target.startswith('/') or target.startswith('//'):
        return '/'
    if '\\' in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return '/'
    parts = urlsplit(target)
    return '/' if parts.scheme or parts.netloc else target
