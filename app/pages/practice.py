"""Practice: set up a call, hold it, wait for the analysis, read the report; all on one page.

The page is layout and wiring. It acts on the call only through the live-call service (say, mute, hang up) and
learns about it only from the service's updates: its lines and tone, its end, and its report.
"""

import math
import uuid

from nicegui import Client, background_tasks, ui

from app.auth import page_user
from app.pages.call_names import prospect_name, prospect_role
from app.pages.frame import member_frame
from app.pages.report_panel import show_report
from app.runtime import Runtime, current_runtime
from components.analysis_progress import AnalysisProgress
from components.browser_zone import browser_zone
from components.call_setup import ProspectChoice, ScenarioChoice, call_setup
from components.live_call import LiveCallPanel
from components.mic_streamer import MicStreamer
from components.not_found import not_found
from components.scenario_brief import goal_list
from services import assignments
from services.clock import clock
from services.library.prospect import ProspectProfile
from services.library.snapshot import scenario_of_call
from services.library.store import PROSPECTS, SCENARIOS, Entry, LibraryError, prospect_snapshot, scenario_snapshot
from services.local_time import day_of
from services.models import CallSession, User
from services.personas import PERSONAS, SCENARIO_PRESETS
from services.voice.bridge import ENGINE_UNAVAILABLE
from services.voice.call_service import unsaved_text
from services.voice.events import (
    AssistantDraft,
    AssistantUtterance,
    EngineError,
    Interruption,
    Transcribing,
    UserUtterance,
)
from services.voice.registry import is_demo, label_of
from services.voice.updates import (
    AnalysisFailed,
    CallEnded,
    CallStarted,
    CallUpdate,
    LinesUnsaved,
    LiveTone,
    ReportReady,
    TimeIsUp,
)

REPORT_PATIENCE_S = 120.0
WARN_LEFT_S = 30.0  # with a time limit, the rep is told when this much time is left
TIME_UP = 'Time is up: {prospect} is wrapping up, and the call ends once they have. Everything said is kept.'
MIC_HELP = (
    'Sales Coach needs your microphone to hear you. Click the microphone or lock icon in the address bar, '
    'allow the microphone for this site, then press Retry. You can also carry on by typing your turns.'
)


@ui.page('/practice')
async def practice_page(client: Client, scenario: str | None = None, assignment: str | None = None) -> None:
    user = page_user()
    runtime = current_runtime()
    choice = runtime.engine_choice()
    async with runtime.database.session() as session:
        prospects = await PROSPECTS.entries(session, user=user)
        scenarios = await SCENARIOS.entries(session, user=user)

    with member_frame('Practice', path='/practice', user=user):
        stage = ui.column().classes('w-full gap-4')

    if assignment is not None:
        with stage:
            await _assigned_practice(runtime, user, assignment, stage=stage, client=client)
        return

    async def start(prospect_id: str, scenario_id: str | None, text: str) -> None:
        call = await _new_call(runtime, user, prospect_id=prospect_id, scenario_id=scenario_id, text=text)
        if call is None:
            return
        stage.clear()
        CallView(runtime=runtime, call=call, stage=stage, client=client)

    usable = {entry.id for entry in prospects}
    with stage:
        call_setup(
            prospects=[_prospect_choice(entry) for entry in prospects],
            scenarios=[
                ScenarioChoice(  # naming only prospects the rep may use (one may have been deleted since)
                    id=entry.id,
                    spec=entry.content.model_copy(
                        update={'persona_ids': [pid for pid in entry.content.persona_ids if pid in usable]}
                    ),
                )
                for entry in scenarios
            ],
            presets=SCENARIO_PRESETS,
            scenario_id=scenario,
            engine_reason=choice.reason,
            coach_note=runtime.coach_note(),
            is_demo=is_demo(choice.name),
            on_start=start,
        )


async def _new_call(
    runtime: Runtime, user: User, *, prospect_id: str, scenario_id: str | None, text: str
) -> CallSession | None:
    """A call that keeps the prospect and scenario as they are now (None, with a notice, when one has gone)."""
    try:
        async with runtime.database.session() as session:
            prospect = await PROSPECTS.get(session, user=user, entry_id=prospect_id)
            spec = None if scenario_id is None else await SCENARIOS.get(session, user=user, entry_id=scenario_id)
    except LibraryError as error:
        ui.notify(f'{error} Reload the page to see what you may practise.', type='warning')
        return None
    return await runtime.new_call(
        owner_id=user.id,
        persona=prospect_id,
        scenario=text or None,
        persona_snapshot=prospect_snapshot(prospect),
        scenario_snapshot=None if spec is None else scenario_snapshot(spec),
    )


async def _assigned_practice(
    runtime: Runtime, user: User, assignment_id: str, *, stage: ui.column, client: Client
) -> None:
    """An assignment's practice: its scenario and prospect (usable because assigned), its goals, and Start."""
    try:
        wanted = uuid.UUID(assignment_id)
        async with runtime.database.session() as session:
            spec, assigned = await assignments.for_call(session, user, wanted)
            prospect_id = assignments.prospect_id_for(assigned, spec.content) or 'friendly_prospect'
            prospect = await assignments.prospect_for_call(session, assigned, prospect_id)
    except (ValueError, assignments.AssignmentError):
        not_found('This assignment does not exist, or it is not yours.', link_text='Back to the dashboard', target='/')
        return
    with ui.card().classes('w-full gap-2').mark('assignment-brief'):
        ui.label(f'Assignment: {spec.content.title}').classes('text-lg font-medium')
        ui.label(
            f'With {prospect.content.name}, {prospect.content.job_title} · '
            f'due {day_of(assigned.due_at, browser_zone())} · '
            f'passing needs {assigned.pass_mark} of 100'
        ).classes('text-sm text-gray-600 dark:text-gray-400')
        goal_list(spec.content.goals)

        async def start() -> None:
            call = await runtime.new_call(
                owner_id=user.id,
                persona=prospect.id,
                scenario=None,
                persona_snapshot=prospect_snapshot(prospect),
                scenario_snapshot=scenario_snapshot(spec),
                assignment_id=assigned.id,
            )
            stage.clear()
            CallView(runtime=runtime, call=call, stage=stage, client=client)

        ui.button('Start call', icon='call', on_click=start).props('no-caps').mark('start-assignment')


def _prospect_choice(entry: Entry[ProspectProfile]) -> ProspectChoice:
    profile = entry.content
    builtin = PERSONAS.get(entry.id) if entry.builtin else None
    at = f' at {profile.company}' if profile.company else ''
    return ProspectChoice(
        id=entry.id,
        title=builtin.title if builtin is not None else profile.name,
        name=profile.name if builtin is not None else f'{profile.job_title}{at}',
        description=builtin.description if builtin is not None else profile.summary,
        difficulty=profile.difficulty,
        objections=tuple(builtin.objections if builtin is not None else profile.objections[:3]),
    )


class CallView:
    """One call on the page: the live panel while it runs, then the analysis, then the report."""

    def __init__(self, *, runtime: Runtime, call: CallSession, stage: ui.column, client: Client) -> None:
        self.runtime, self.live, self.call, self.stage = runtime, runtime.live, call, stage
        self.prospect = prospect_name(call.persona, call.persona_snapshot)
        scenario = scenario_of_call(call.scenario_snapshot)
        self.time_limit = None if scenario is None else scenario.time_limit_s
        self.warned = False
        self.ended = False
        self.voice_bars = False  # bars from our own tone analysis, when the engine measures no prosody
        self.analysed: ReportReady | AnalysisFailed | None = None
        self.progress: AnalysisProgress | None = None
        self._unsubscribe = self.live.subscribe(call.id, self._update)
        client.on_delete(self._leave)
        with stage:
            self.mic = MicStreamer(
                on_state=self._mic_state,
                on_level=lambda args: self.panel.set_level(float(args.get('level', 0))),
                on_failure=self._mic_failure,
            )
            self.panel = LiveCallPanel(
                engine_label=label_of(call.engine),
                demo=is_demo(call.engine),
                prospect=f'{self.prospect}, {prospect_role(call.persona, call.persona_snapshot)}',
                on_send=self._send,
                on_mute=self._mute,
                on_end=self._hang_up,
                goals=() if scenario is None else scenario.goals,
            )
            self.clock = ui.timer(0.5, self._tick)
        self._connect()

    def _connect(self) -> None:
        self.mic.start(self.live.socket_url(user_id=self.call.owner_id, call_id=self.call.id))

    def _update(self, update: CallUpdate) -> None:
        with self.stage:
            match update:
                case CallStarted(gives_prosody=gives_prosody):
                    self.panel.set_status('Live')
                    self.voice_bars = not gives_prosody
                case TimeIsUp():
                    self.panel.set_status('Time is up')
                    ui.notify(TIME_UP.format(prospect=self.prospect), type='info', multi_line=True)
                case LiveTone() if self.voice_bars:
                    self.panel.show_voice_tone(update)
                case LinesUnsaved(count=count):
                    self._show_unsaved(count)
                case Transcribing(pending=pending) if not self.ended:
                    self.panel.set_recognising(pending)
                case UserUtterance(interim=True, text=text):
                    self.panel.set_interim(text)
                case UserUtterance(text=text, start_s=at, prosody=prosody):
                    self.panel.add_line(speaker='You', text=text, at=at, rep=True)
                    if prosody:
                        self.panel.show_prosody(prosody)
                case AssistantDraft(text=text) if not self.ended:
                    self.panel.set_draft(text, speaker=self.prospect)
                case Interruption() if not self.ended:  # cut off: the line follows as far as it was heard
                    self.panel.set_draft(None)
                case AssistantUtterance(text=text, start_s=at):
                    self.panel.add_line(speaker=self.prospect, text=text, at=at, rep=False)
                case EngineError(message=message):
                    ui.notify(message, type='warning', multi_line=True)
                case CallEnded(reason=reason) if reason == ENGINE_UNAVAILABLE:  # the call stays open for a retry
                    self._offer_retry('The voice engine could not start the call. Nothing was lost.')
                case CallEnded():
                    self._processing()
                case ReportReady() | AnalysisFailed():
                    self.analysed = update
                    self._show_analysis()

    def _show_unsaved(self, count: int) -> None:
        text = unsaved_text(count) if count else None
        if self.progress is not None:
            self.progress.set_note(text)
        elif not self.ended:
            self.panel.set_unsaved(text)

    def _mic_state(self, args: dict[str, object]) -> None:
        if args.get('state') == 'live' and not self.ended:
            self.panel.set_status('Live')

    def _mic_failure(self, args: dict[str, object]) -> None:
        if self.ended:
            return
        if args.get('kind') != 'permission':
            self._offer_retry(str(args.get('message') or 'The connection failed.'))
            return
        with self.stage, ui.dialog(value=True) as dialog, ui.card().classes('max-w-md'):
            ui.label('Allow the microphone').classes('text-lg font-medium')
            ui.label(MIC_HELP)

            def retry() -> None:
                dialog.delete()
                self.mic.retry_microphone()

            with ui.row():
                ui.button('Retry', on_click=retry)
                ui.button('Type instead', on_click=dialog.delete).props('flat')

    def _offer_retry(self, message: str) -> None:
        self.panel.set_status('Failed')
        with self.stage, ui.row().classes('items-center gap-2').mark('retry-call') as row:
            ui.label(message).classes('text-negative')
            ui.button('Retry', on_click=lambda: self._reconnect(row)).props('outline')

    def _reconnect(self, offer: ui.row) -> None:
        offer.delete()
        if self.ended:
            return
        self.panel.set_status('Connecting…')
        if self.live.is_live(self.call.id):
            self.mic.retry_microphone()  # the socket is fine; only the microphone failed
        else:
            self._connect()

    async def _hang_up(self) -> None:
        self.panel.set_status('Hanging up…')  # the engine may still be turning the rep's last words into lines
        await self.live.hang_up(self.call.id)

    async def _send(self, text: str) -> bool:
        if await self.live.say(self.call.id, text):
            return True
        ui.notify('The call is still connecting: your turn stays in the box; send it once it is Live.', type='info')
        return False

    def _mute(self, muted: bool) -> None:
        self.live.mute(self.call.id, muted)
        self.panel.set_status('Muted' if muted else 'Live')

    def _tick(self) -> None:
        elapsed = self.live.elapsed(self.call.id)
        if elapsed is None or self.ended:
            return
        if self.time_limit is None:
            self.panel.set_elapsed(elapsed)
            return
        left = self.time_limit - elapsed
        self.panel.set_time_left(max(0.0, left))  # at the limit the server has the prospect close the call
        if left <= WARN_LEFT_S and left > 0 and not self.warned:
            self.warned = True
            ui.notify(f'{clock(math.ceil(left))} left: time to agree on a next step.', type='warning')

    def _processing(self) -> None:
        if self.ended:
            return
        self.ended = True
        self.clock.cancel()
        self.mic.stop()
        self.stage.clear()  # the call view gives way to the analysis, then to the report
        with self.stage:
            self.progress = AnalysisProgress(on_retry=self._analyse_again, patience_s=REPORT_PATIENCE_S)
            # The address becomes the report's: a reload, a bookmark or Back and Forward find it there.
            ui.navigate.history.push(f'/calls/{self.call.id}')
        if unsaved := self.live.saving(self.call.id):
            self._show_unsaved(unsaved)
        self._show_analysis()

    def _show_analysis(self) -> None:
        """The analysis' outcome, once both it and the end of the call have arrived (in either order)."""
        if self.progress is None or self.analysed is None:
            return
        if isinstance(self.analysed, AnalysisFailed):
            self.progress.failed(self.analysed.message)
        else:
            background_tasks.create(self._show_report(), name=f'report-{self.call.id}')

    async def _show_report(self) -> None:
        call = await self.runtime.own_call(owner_id=self.call.owner_id, call_id=self.call.id)
        if self.progress is None or call is None or call.analysis_results is None:
            return
        self.progress.delete()
        self.progress = None
        with self.stage:
            await show_report(call, prospect=self.prospect)

    async def _analyse_again(self) -> None:
        self.analysed = None
        await self.runtime.analyse_again(self.call.id)

    def _leave(self) -> None:
        """The rep left the page: the call ends (one that never connected is completed as it is)."""
        self._unsubscribe()
        if not self.ended:
            background_tasks.create(self.live.hang_up(self.call.id), name=f'leave-call-{self.call.id}')
