"""The time zone a page shows times in: the one the user chose in their account settings, else the browser's, so
that a page shows times as the rep's clock does.

Every page's own script writes the browser's IANA zone ('Europe/Berlin') into a cookie, and a page reads it from
the request that opened it: the times are right in the page as first drawn, with no second trip over the socket.
The log-in page sets it before any page with a time is shown; a browser that has not sent one yet, or sends a
name that is no zone, sees UTC (services/local_time.py checks the name).
"""

from datetime import tzinfo

from nicegui import Client, ui

from services.local_time import zone_named

COOKIE = 'sales_coach_zone'
YEAR_S = 365 * 24 * 3600
REPORTER = (
    '<script>document.cookie = "'
    + COOKIE
    + '=" + (Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC")'
    + f' + "; path=/; max-age={YEAR_S}; samesite=lax";</script>'
)


def install_zone_reporter() -> None:
    """Adds the script to the head of every page (once, however often the app is built)."""
    if REPORTER not in Client.shared_head_html:
        ui.add_head_html(REPORTER, shared=True)


def browser_zone() -> tzinfo:
    """The zone the page's times are shown in: the signed-in user's own choice (account settings), else the
    browser's; UTC when neither is known."""
    request = ui.context.client.request
    chosen = getattr(getattr(request.state, 'user', None), 'time_zone', None)
    return zone_named(chosen or request.cookies.get(COOKIE))
