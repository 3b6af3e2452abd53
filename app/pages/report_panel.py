"""A call's report wired to its services: the comparison with the rep's last call, a Markdown download and
"Analyse again". The report page shows it, and so does the practice page when a call's analysis is done."""

from nicegui import ui

from app.runtime import current_runtime
from components.browser_zone import browser_zone
from components.report_view import report_view
from components.transcript_lines import TranscriptLines
from services.clock import clock
from services.coaching.report import CoachingReport
from services.local_time import date_time
from services.models import CallSession
from services.report_markdown import ReportHeading, file_name, report_markdown
from services.score_change import score_change
from services.transcript import Transcript

SCENARIO_SHOWN = 60  # characters of the scenario in the report's heading


def call_facts(heading: ReportHeading, *, engine: str) -> str:
    """When, with whom, on what, how long and through which engine: '2026-11-24 10:05 CET · Morgan Reyes · CRM
    software · 6:02 · demo engine' (the time in the heading's zone, as in history and the Markdown)."""
    when = date_time(heading.created_at, heading.zone)
    scenario = heading.scenario or 'no scenario'
    if len(scenario) > SCENARIO_SHOWN:  # the whole scenario is in the Markdown
        scenario = scenario[: SCENARIO_SHOWN - 1].rstrip() + '…'
    parts = [when, heading.prospect, scenario]
    if heading.duration_seconds is not None:
        parts.append(clock(heading.duration_seconds))
    return ' · '.join([*parts, f'{engine} engine'])


async def show_report(call: CallSession, *, prospect: str) -> None:
    """The report with its comparison to the rep's last call on this persona, a Markdown download and a re-run.

    An open report keeps its transcript's lines, packed, for paging, and the report itself (a few kB); never `call`,
    whose transcript is a megabyte or two for the largest call."""
    assert call.analysis_results is not None
    runtime = current_runtime()
    call_id, owner_id, analysis = call.id, call.owner_id, call.analysis_results
    async with runtime.database.session() as session:
        change = await score_change(session, call)
    heading = ReportHeading(
        prospect=prospect,
        scenario=call.scenario,
        created_at=call.created_at,
        duration_seconds=call.duration_seconds,
        score_change=change,
        zone=browser_zone(),
    )

    async def download() -> None:
        # The report on screen, and the transcript read again: the page keeps no copy of it for a file most reps
        # never want (a finished call's transcript does not change).
        stored = await runtime.own_call(owner_id=owner_id, call_id=call_id)
        if stored is None:
            ui.notify('This call has been deleted.', type='warning')
            return
        report = CoachingReport.model_validate(analysis)
        text = report_markdown(report, heading, Transcript.model_validate(stored.transcript or {}))
        ui.download.content(text.encode(), file_name(heading), 'text/markdown; charset=utf-8')

    async def again() -> None:
        await runtime.analyse_again(call_id)
        ui.navigate.to(f'/calls/{call_id}')

    with ui.row().classes('w-full items-center justify-between gap-2'):
        with ui.column().classes('gap-0'):
            ui.link('← Your calls', '/history').classes('text-primary text-sm').mark('back-to-history')
            ui.label(call_facts(heading, engine=call.engine)).classes('text-sm text-gray-500').mark('call-facts')
        with ui.row().classes('gap-2'):
            ui.button('Download as Markdown', icon='download', on_click=download).props('outline')
            ui.button('Analyse again', icon='refresh', on_click=again).props('outline')
    report_view(
        report=analysis,
        transcript=TranscriptLines(call.transcript or {}),
        prospect=prospect,
        issues=call.engine_errors,
        score_change=change,
    )
