"""A call's report at its own address, `/calls/{id}`."""

import uuid

from fastapi.responses import RedirectResponse
from nicegui import ui

from app.auth import login_redirect, signed_in_user
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.report_view import report_view
from services import calls
from services.coaching.report import CoachingReport
from services.models import CallSession
from services.personas import PERSONAS
from services.report_markdown import ReportHeading, file_name, report_markdown
from services.score_change import score_change
from services.transcript import Transcript


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
            await show_report(call, prospect=prospect)
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


async def show_report(call: CallSession, *, prospect: str) -> None:
    """The report with its comparison to the rep's last call on this persona, a Markdown download and a re-run."""
    assert call.analysis_results is not None
    runtime = current_runtime()
    async with runtime.database.session() as session:
        change = await score_change(session, call)
    heading = ReportHeading(
        prospect=prospect,
        scenario=call.scenario,
        created_at=call.created_at,
        duration_seconds=call.duration_seconds,
        score_change=change,
    )

    def download() -> None:
        # Built on demand from what is stored, so the file always matches the report on screen.
        report = CoachingReport.model_validate(call.analysis_results)
        text = report_markdown(report, heading, Transcript.model_validate(call.transcript or {}))
        ui.download.content(text.encode(), file_name(heading), 'text/markdown; charset=utf-8')

    async def again() -> None:
        await runtime.analyse_again(call.id)
        ui.navigate.to(f'/calls/{call.id}')

    with ui.row().classes('w-full justify-end gap-2'):
        ui.button('Download as Markdown', icon='download', on_click=download).props('outline')
        ui.button('Analyse again', icon='refresh', on_click=again).props('outline')
    report_view(
        report=call.analysis_results,
        transcript=call.transcript or {'messages': []},
        prospect=prospect,
        issues=call.engine_errors,
        score_change=change,
    )
