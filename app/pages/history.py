"""Every call of the rep, newest first."""

from fastapi.responses import RedirectResponse
from nicegui import ui

from app.auth import login_redirect, signed_in_user
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.calls_table import calls_table
from components.empty_state import empty_state
from services.calls import list_calls

PAGE_SIZE = 100


@ui.page('/history')
async def history_page() -> RedirectResponse | None:
    user = await signed_in_user()
    if user is None:
        return login_redirect('/history')
    async with current_runtime().database.session() as session:
        rows, total = await list_calls(session, owner_id=user.id, limit=PAGE_SIZE)

    with member_frame('History', path='/history', user=user):
        if not total:
            empty_state(
                icon='history',
                title='No calls yet',
                text='Your practice calls will be listed here, with their scores.',
                link_text='Go to Practice',
                link_target='/practice',
            )
            return None
        shown = f'the latest {len(rows)} of {total}' if total > len(rows) else f'{total}'
        ui.label(f'Showing {shown} call{"s" if total != 1 else ""}.').classes('text-gray-500')
        calls_table(rows)
    return None
