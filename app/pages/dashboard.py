"""The rep's home: how many calls, how they scored, and the latest ones."""

from fastapi.responses import RedirectResponse
from nicegui import ui

from app.auth import login_redirect, signed_in_user
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.calls_table import calls_table
from components.empty_state import empty_state
from services.calls import list_calls

RECENT = 5


@ui.page('/')
async def dashboard_page() -> RedirectResponse | None:
    user = await signed_in_user()
    if user is None:
        return login_redirect('/')
    async with current_runtime().database.session() as session:
        recent, total = await list_calls(session, owner_id=user.id, limit=RECENT)

    with member_frame('Dashboard', path='/', user=user):
        ui.label(f'Welcome{", " + user.full_name.split()[0] if user.full_name.strip() else ""}!').classes('text-lg')
        if not total:
            empty_state(
                icon='record_voice_over',
                title='No calls yet',
                text='Practise a sales call with an AI prospect and get a coaching report when you hang up.',
                link_text='Go to Practice',
                link_target='/practice',
            )
            return None
        scores = [call.overall_score for call in recent if call.overall_score is not None]
        with ui.row().classes('gap-4'):
            _stat('Calls', str(total))
            _stat(
                f'Average score, last {len(scores)} analysed' if scores else 'Average score',
                f'{round(sum(scores) / len(scores))}' if scores else '—',
            )
        ui.label('Latest calls').classes('text-lg font-medium mt-2')
        calls_table(recent)
        ui.link('All calls', '/history').classes('text-primary')
    return None


def _stat(label: str, value: str) -> None:
    with ui.card().classes('w-56 gap-0'):
        ui.label(value).classes('text-3xl font-bold')
        ui.label(label).classes('text-sm text-gray-500')
