"""A call's report wired to its services: the comparison with the rep's last call, a Markdown download and
"Analyse again". The report page shows it, and so does the practice page when a call's analysis is done.

"Analyse again" works in place: the button turns into a spinner, the same progress card as after hang-up shows
how long it has taken, and the new report replaces the old one when it is stored; a failed run says why and
leaves the old report where it was. The panel follows the call's outcomes while the page is open, so a re-run
asked for elsewhere (another tab, the API) shows up here too.
"""

from nicegui import background_tasks, ui

from app.pages.call_names import scenario_title
from app.runtime import Runtime, current_runtime
from components.analysis_progress import AnalysisProgress
from components.browser_zone import browser_zone
from components.report_view import report_view
from components.scorecard import scorecard_card
from components.transcript_lines import TranscriptLines
from services.call_status import CallStatus
from services.clock import clock
from services.coaching.report import CoachingReport
from services.local_time import date_time
from services.models import CallSession
from services.report_markdown import ReportHeading, file_name, report_markdown
from services.score_change import score_change
from services.transcript import Transcript
from services.voice.updates import AnalysisFailed, CallUpdate, ReportReady

SCENARIO_SHOWN = 60  # characters of the scenario in the report's heading
REPORT_PATIENCE_S = 120.0  # how long a re-run may take before Retry is offered (as after hang-up)


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


async def show_report(call: CallSession, *, prospect: str, reviewer: bool = False) -> None:
    """The report with its comparison to the rep's last call on this persona, a Markdown download and a re-run;
    a call whose last re-run failed shows its old report under the reason. A `reviewer` (the rep's manager) reads it
    without the re-run."""
    panel = ReportPanel(current_runtime(), call, prospect=prospect, reviewer=reviewer)
    await panel.show(call)
    if call.status == CallStatus.ERROR:
        panel.failed(call.analysis_error or 'The analysis failed.')


class ReportPanel:
    """One call's report on a page, redrawn in place when a new analysis of the call is stored.

    An open report keeps its transcript's lines, packed, for paging, and the report itself (a few kB); never `call`,
    whose transcript is a megabyte or two for the largest call."""

    def __init__(self, runtime: Runtime, call: CallSession, *, prospect: str, reviewer: bool = False) -> None:
        self.runtime, self.prospect, self.reviewer = runtime, prospect, reviewer
        self.call_id, self.owner_id = call.id, call.owner_id
        self.zone = browser_zone()
        self.box = ui.column().classes('w-full gap-4')
        self.running = False
        self.progress: AnalysisProgress | None = None
        self.again_button: ui.button | None = None
        ui.context.client.on_delete(runtime.live.subscribe(call.id, self._analysed))

    async def show(self, call: CallSession) -> None:
        """Draws the call's report (the old one, if any, goes)."""
        assert call.analysis_results is not None
        analysis = call.analysis_results
        async with self.runtime.database.session() as session:
            change = await score_change(session, call)
        heading = ReportHeading(
            prospect=self.prospect,
            scenario=scenario_title(call),  # the library scenario's title, or the free text
            created_at=call.created_at,
            duration_seconds=call.duration_seconds,
            score_change=change,
            zone=self.zone,
        )
        written = CoachingReport.model_validate(analysis).generated_at

        async def download() -> None:
            # The report on screen, and the transcript read again: the page keeps no copy of it for a file most
            # reps never want (a finished call's transcript does not change).
            async with self.runtime.database.session() as session:
                stored = await session.get(CallSession, self.call_id)
            if stored is None:
                ui.notify('This call has been deleted.', type='warning')
                return
            report = CoachingReport.model_validate(analysis)
            text = report_markdown(report, heading, Transcript.model_validate(stored.transcript or {}))
            ui.download.content(text.encode(), file_name(heading), 'text/markdown; charset=utf-8')

        self._drop_progress()
        self.running = False
        self.box.clear()
        with self.box:
            with ui.row().classes('w-full items-center justify-between gap-2'):
                with ui.column().classes('gap-0'):
                    back = ('← Your team', '/teams') if self.reviewer else ('← Your calls', '/history')
                    ui.link(*back).classes('text-primary text-sm').mark('back-to-history')
                    ui.label(call_facts(heading, engine=call.engine)).classes('text-sm text-gray-500').mark(
                        'call-facts'
                    )
                    ui.label(f'Report written {date_time(written, self.zone)}').classes('text-xs text-gray-500').mark(
                        'report-written'
                    )
                with ui.row().classes('gap-2'):
                    ui.button('Download as Markdown', icon='download', on_click=download).props('outline')
                    if not self.reviewer:  # the rep's own: a manager reads it as it is
                        self.again_button = ui.button('Analyse again', icon='refresh', on_click=self.analyse_again)
                        self.again_button.props('outline').mark('analyse-again')
            scorecard_card(analysis)  # what the call was graded on comes first; nothing for a call without one
            report_view(
                report=analysis,
                transcript=TranscriptLines(call.transcript or {}),
                prospect=self.prospect,
                issues=call.engine_errors,
                score_change=change,
            )

    async def analyse_again(self) -> None:
        """Starts a new analysis, once: a second click while one runs does nothing."""
        if self.running:
            return
        self.running = True  # before the first await: a click that arrives meanwhile sees it
        self._set_working(True)
        self._drop_progress()
        with self.box:
            self.progress = AnalysisProgress(on_retry=self._request, patience_s=REPORT_PATIENCE_S)
        self.progress.card.move(self.box, target_index=1)  # under the heading, above the old report
        await self._request()

    async def _request(self) -> None:
        self.running = True
        self._set_working(True)
        await self.runtime.analyse_again(self.call_id)

    def _analysed(self, update: CallUpdate) -> None:
        """Told from the analysis' task, so the page's context comes from the panel's own element."""
        if self.box.is_deleted:
            return
        with self.box:
            if isinstance(update, ReportReady):
                background_tasks.create(self._show_new(), name=f'report-again-{self.call_id}')
            elif isinstance(update, AnalysisFailed):
                self.failed(update.message)

    async def _show_new(self) -> None:
        call = await self.runtime.own_call(owner_id=self.owner_id, call_id=self.call_id)
        if call is None or call.analysis_results is None or self.box.is_deleted:
            return
        with self.box:
            await self.show(call)

    def failed(self, message: str) -> None:
        """The last analysis failed: says why above the report, which stays."""
        self.running = False
        self._set_working(False)
        if self.progress is None:
            self.progress = AnalysisProgress(on_retry=self._request, patience_s=REPORT_PATIENCE_S)
            self.progress.card.move(self.box, target_index=1)
        self.progress.failed(f'{message} The report below is the one from before.')

    def _set_working(self, working: bool) -> None:
        if self.again_button is None:
            return
        self.again_button.set_enabled(not working)
        if working:
            self.again_button.props('loading')
        else:
            self.again_button.props(remove='loading')

    def _drop_progress(self) -> None:
        if self.progress is not None:
            self.progress.delete()
            self.progress = None
