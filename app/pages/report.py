"""A call's report at its own address, `/calls/{id}`."""

import uuid

from fastapi.responses import RedirectResponse
from nicegui import ui

from app.auth import login_redirect, signed_in_user
from app.models import CallSession
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.report_view import report_view
from services import calls
from services.personas import PERSONAS


@ui.page('/calls/{call_id}')
async def report_page(call_id: str) -> RedirectResponse | None:
    user = await signed_in_user()
    if user is None:
        return login_redirect(f'/calls/{call_id}')
    call = None
    runtime = current_runtime()
    try:
        wanted = uuid.UUID(call_id)
    except ValueError:
        wanted = None
    if wanted is not None:
        async with runtime.database.session() as session:
            call = await calls.get_call(session, owner_id=user.id, call_id=wanted)

    with member_frame('Call report', path='/history', user=user):
        if call is None:
            ui.label('This call does not exist, or it is not yours.')
            ui.link('Back to your calls', '/history')
            return None
        persona = PERSONAS.get(call.persona)
        prospect = persona.name if persona else call.persona
        if call.status == calls.DONE and call.analysis_results:
            show_report(call, prospect=prospect)
        elif call.status == calls.ACTIVE:
            ui.label('This call is still in progress; its report comes when it ends.')
        elif call.status == calls.ERROR:
            ui.label(call.analysis_error or 'The analysis failed.').classes('text-negative')

            async def again() -> None:
                await runtime.analyse_again(call.id)
                ui.navigate.reload()

            ui.button('Analyse again', icon='refresh', on_click=again)
        else:
            ui.label('The report is being written; this page refreshes itself.')
            ui.timer(2.0, ui.navigate.reload, once=True)
    return None


def show_report(call: CallSession, *, prospect: str) -> None:
    assert call.analysis_results is not None
    report_view(
        report=call.analysis_results,
        transcript=call.transcript or {'messages': []},
        prospect=prospect,
        issues=call.engine_errors,
    )
