"""A call's report at its own address, `/calls/{id}`."""

import uuid

from nicegui import ui

from app.auth import page_user
from app.pages.call_names import prospect_name
from app.pages.frame import member_frame
from app.pages.report_panel import show_report
from app.pages.review import show_review
from app.runtime import Runtime, current_runtime
from components.not_found import not_found
from services.call_status import CallStatus
from services.voice.updates import AnalysisFailed, CallUpdate, ReportReady

NOT_FOUND = 'This call does not exist, or it is not yours.'


@ui.page('/calls/{call_id}')
async def report_page(call_id: str) -> None:
    user = page_user()
    call = None
    runtime = current_runtime()
    try:
        wanted = uuid.UUID(call_id)
    except ValueError:
        wanted = None
    if wanted is not None:
        call = await runtime.visible_call(viewer=user, call_id=wanted)

    with member_frame('Call report', path='/history', user=user):
        if call is None:
            not_found(NOT_FOUND, link_text='Back to your calls', target='/history')
            return
        prospect = prospect_name(call.persona, call.persona_snapshot)
        reviewer = call.owner_id != user.id  # a manager (or an admin) reading a rep's call
        if call.status in (CallStatus.DONE, CallStatus.ERROR) and call.analysis_results:
            # After a failed re-run: the old report, and why it failed.
            await show_report(call, prospect=prospect, reviewer=reviewer)
            await show_review(call.id, user)
        elif call.status == CallStatus.ACTIVE:
            ui.label('This call is still in progress; its report comes when it ends.')
        elif call.status == CallStatus.ERROR:
            ui.label(call.analysis_error or 'The analysis failed.').classes('text-negative')
            if reviewer:
                return

            async def again() -> None:
                await runtime.analyse_again(call.id)
                ui.navigate.reload()

            ui.button('Analyse again', icon='refresh', on_click=again)
        else:
            note = ui.label('The report is being written; this page refreshes itself when it is ready.')
            _reload_when_analysed(runtime, call.id, note)


def _reload_when_analysed(runtime: Runtime, call_id: uuid.UUID, note: ui.label) -> None:
    def analysed(update: CallUpdate) -> None:
        if isinstance(update, ReportReady | AnalysisFailed):
            with note:  # told from the analysis' task: the page's context comes from one of its elements
                ui.navigate.reload()

    ui.context.client.on_delete(runtime.live.subscribe(call_id, analysed))
