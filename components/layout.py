"""The shared page frame: header with the product name, dark-mode toggle and user menu; left navigation."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from nicegui import app, ui

from components.dark_mode import DARK_MODE_CSS

PRODUCT_NAME = 'Sales Coach'
NAV_ITEMS = (
    ('Dashboard', '/', 'dashboard'),
    ('Practice', '/practice', 'record_voice_over'),
    ('History', '/history', 'history'),
    ('Prospects', '/prospects', 'groups'),
    ('Scenarios', '/scenarios', 'assignment'),
)
MANAGER_NAV_ITEMS = (('Teams', '/teams', 'diversity_3'),)
ADMIN_NAV_ITEMS = (
    ('Users', '/admin/users', 'manage_accounts'),
    ('Engines', '/admin/engines', 'settings_input_antenna'),
)


@contextmanager
def frame(
    title: str,
    *,
    path: str,
    user_name: str,
    user_email: str,
    on_log_out: Callable[[], None],
    is_admin: bool = False,
    is_manager: bool = False,
    unread: int = 0,
) -> Iterator[None]:
    """Lays out the header and navigation (with a manager's and an admin's pages for them), then yields inside the
    page's content column. `unread`: the user's unread notices, a badge on the header's bell."""
    ui.page_title(f'{title} · {PRODUCT_NAME}')
    dark = ui.dark_mode(app.storage.user.get('dark_mode', False))
    ui.add_css(DARK_MODE_CSS)

    def toggle_dark() -> None:
        dark.value = not dark.value
        app.storage.user['dark_mode'] = dark.value

    drawer: ui.left_drawer  # made below the header; the menu button toggles it
    with ui.header().classes('items-center justify-between px-4 py-2'):
        with ui.row().classes('items-center gap-2'):
            ui.button(icon='menu', on_click=lambda: drawer.toggle()).props('flat round color=white aria-label=Menu')
            ui.link(PRODUCT_NAME, '/').classes('text-xl font-bold text-white no-underline')
        with ui.row().classes('items-center gap-1'):
            ui.button(icon='dark_mode', on_click=toggle_dark).props(
                'flat round color=white aria-label="Dark mode"'
            ).tooltip('Dark mode').mark('Dark mode')
            with (
                ui.button(icon='notifications', on_click=lambda: ui.navigate.to('/notices'))
                .props('flat round color=white aria-label="Notices"')
                .tooltip('Notices')
                .mark('notices')
            ):
                if unread:
                    ui.badge(str(unread) if unread < 100 else '99+', color='red').props('floating rounded').mark(
                        'unread'
                    )
            with ui.button(icon='account_circle').props('flat round color=white aria-label="Account"'):
                with ui.menu():
                    with ui.column().classes('px-4 py-2 gap-0'):
                        ui.label(user_name or user_email).classes('font-medium')
                        if user_name:
                            ui.label(user_email).classes('text-sm text-gray-500')
                    ui.separator()
                    ui.menu_item('Account settings', on_click=lambda: ui.navigate.to('/account')).mark(
                        'account-settings'
                    )
                    # An event over the page's socket, not a GET link: another site cannot log the rep out.
                    ui.button('Log out', icon='logout', on_click=on_log_out).props('flat no-caps').classes('w-full')

    # Open beside the page on a wide screen; on a phone it starts closed and the menu button opens it over the page.
    # Quasar shows it from its breakpoint (1024 px) up and tells the server so; NiceGUI's own `value=None` would
    # ask the browser instead, and log an error when the page is gone before it answers.
    with ui.left_drawer(value=False, bordered=True).props('show-if-above').classes('pt-4') as drawer:
        extra = (MANAGER_NAV_ITEMS if is_manager or is_admin else ()) + (ADMIN_NAV_ITEMS if is_admin else ())
        for label, target, icon in NAV_ITEMS + extra:
            active = target == path or path.startswith(f'{target}/')
            with (
                ui.link(target=target)
                .classes(
                    'flex items-center gap-3 px-4 py-2 rounded no-underline '
                    + ('bg-primary text-white' if active else 'text-inherit hover:bg-gray-500/10')
                )
                .mark(label)
            ):  # the marker names the whole link, icon and label, for tests that click it
                ui.icon(icon)
                ui.label(label)

    with ui.column().classes('w-full max-w-5xl mx-auto p-4 gap-4'):
        ui.label(title).classes('text-2xl font-semibold')
        yield
