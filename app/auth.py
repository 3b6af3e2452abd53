"""Who is signed in to the pages: the session middleware, the helpers pages use, and the sign-in hand-over.

The REST API authenticates with bearer tokens (app/api/deps.py); pages use NiceGUI's per-browser session
storage, which holds only the user's id. Signing in and out gives the browser a new session (a new cookie): a
session cookie someone copied before the log-in is worth nothing after it. A cookie can only change in an HTTP
response, and pages act over their websocket, so a page that checked the password hands over to `/session/start`
with a single-use grant: that route renews the session and `/session/finish` writes the user into the new one.
"""

import secrets
import time
import uuid
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from nicegui import app as nicegui_app
from nicegui import ui
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from app.runtime import current_runtime
from services.models import User
from services.reviews import unread_count
from services.users import get_user

PUBLIC_PATHS = frozenset(
    {
        '/login',
        '/signup',
        '/forgot-password',
        '/reset-password',
        '/healthz',
        '/favicon.ico',
        '/docs',
        '/docs/oauth2-redirect',
        '/redoc',
        '/openapi.json',
        '/session/start',
        '/session/finish',
        '/session/end',
    }
)
GRANT_TTL_S = 60.0
# The API and the call socket authenticate on their own; /_nicegui serves the framework's assets and socket, and
# /docs-assets the API documentation's.
PUBLIC_PREFIXES = ('/_nicegui', '/api/', '/ws/', '/docs-assets/')
SESSION_KEY = 'user_id'
VERSION_KEY = 'session_version'  # the user's at sign-in: a password change or deactivation since ends the session


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
        async with current_runtime().database.session() as session:
            request.state.unread = await unread_count(session, user.id)  # the header's badge
        return await call_next(request)


def page_unread() -> int:
    """How many unread notices the page's user has (read with the user by the middleware)."""
    return int(getattr(ui.context.client.request.state, 'unread', 0))


def page_user() -> User:
    """The signed-in user of the page being built (the middleware let only such requests through)."""
    user = getattr(ui.context.client.request.state, 'user', None)
    if not isinstance(user, User):
        raise RuntimeError('page_user() is for pages behind PageAuthMiddleware')
    return user


def login_redirect(path: str = '/') -> RedirectResponse:
    target = '/login' if path in ('', '/') else f'/login?redirect_to={quote(path, safe="/")}'
    return RedirectResponse(target)


class _Grants:
    """Single-use sign-in grants (a minute each), from a page that checked the password to the session routes."""

    def __init__(self) -> None:
        self._grants: dict[str, tuple[uuid.UUID, int, float]] = {}

    def issue(self, user: User) -> str:
        now = time.monotonic()
        self._grants = {grant: entry for grant, entry in self._grants.items() if entry[2] > now}
        grant = secrets.token_urlsafe(32)
        self._grants[grant] = (user.id, user.session_version, now + GRANT_TTL_S)
        return grant

    def valid(self, grant: str) -> bool:
        entry = self._grants.get(grant)
        return entry is not None and entry[2] > time.monotonic()

    def redeem(self, grant: str) -> tuple[uuid.UUID, int] | None:
        """The user's id and session version the grant was issued for."""
        entry = self._grants.pop(grant, None)
        return (entry[0], entry[1]) if entry is not None and entry[2] > time.monotonic() else None


_grants = _Grants()
session_router = APIRouter(include_in_schema=False)


def sign_in(user: User, *, then: str = '/') -> None:
    """From a page: signs the browser in to `user` in a new session, and goes on to `then` (a path here)."""
    query = urlencode({'grant': _grants.issue(user), 'next': safe_redirect_target(then)})
    ui.navigate.to(f'/session/start?{query}')


def sign_out() -> None:
    nicegui_app.storage.user.clear()


def log_out() -> None:
    """Ends the session of the page's browser (a new, empty one replaces it) and shows the log-in page."""
    ui.navigate.to('/session/end')


@session_router.get('/session/start')
def start_session(request: Request, grant: str = '', next: str = '/') -> RedirectResponse:
    """Forgets the browser's old session and gives it a new id (the response carries the new cookie)."""
    if not _grants.valid(grant):
        return RedirectResponse('/login')
    sign_out()
    request.session['id'] = str(uuid.uuid4())
    return RedirectResponse(f'/session/finish?{urlencode({"grant": grant, "next": safe_redirect_target(next)})}')


@session_router.get('/session/finish')
def finish_session(grant: str = '', next: str = '/') -> RedirectResponse:
    """In the new session: the user the grant was for is signed in."""
    redeemed = _grants.redeem(grant)
    if redeemed is None:
        return RedirectResponse('/login')
    user_id, version = redeemed
    nicegui_app.storage.user[SESSION_KEY] = str(user_id)
    nicegui_app.storage.user[VERSION_KEY] = version
    return RedirectResponse(safe_redirect_target(next))


@session_router.get('/session/end')
def end_session(request: Request) -> RedirectResponse:
    """Logs out: the session's storage is emptied and the browser gets a new session id."""
    sign_out()
    request.session['id'] = str(uuid.uuid4())
    return RedirectResponse('/login')


async def signed_in_user() -> User | None:
    """The active user of this browser session; a session whose account is gone or disabled, or whose password
    changed since it signed in, is ended."""
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
    if user is None or not user.is_active or nicegui_app.storage.user.get(VERSION_KEY, 0) != user.session_version:
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
