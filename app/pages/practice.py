"""Practice: set up a call, hold it, wait for the analysis, read the report; all on one page."""

import time
import uuid

from fastapi.responses import RedirectResponse
from nicegui import Client, background_tasks, ui

from app.auth import login_redirect, signed_in_user
from app.pages.frame import member_frame
from app.pages.report import show_report
from app.runtime import Runtime, current_runtime
from components.call_setup import call_setup
from components.live_call import LiveCallPanel
from components.mic_streamer import MicStreamer
from services import calls
from services.emotion_analysis import COMPOSITES, PROSODY_NAMES, canonical_scores, composite
from services.models import CallSession
from services.personas import PERSONAS, SCENARIO_PRESETS
from services.voice.bridge import CallEnded, CallStarted, CallUpdate, LiveTone, VoiceSession
from services.voice.events import AssistantUtterance, EngineError, UserUtterance

ENGINE_LABELS = {'demo': 'Demo', 'hume_evi': 'Hume EVI', 'openai_realtime': 'OpenAI Realtime'}
REPORT_PATIENCE_S = 120.0
MIC_HELP = (
    'Sales Coach needs your microphone to hear you. Click the microphone or lock icon in the address bar, '
    'allow the microphone for this site, then press Retry. You can also carry on by typing your turns.'
)


@ui.page('/practice')
async def practice_page(client: Client) -> RedirectResponse | None:
    user = await signed_in_user()
    if user is None:
        return login_redirect('/practice')
    runtime = current_runtime()
    choice = runtime.engine_choice()

    with member_frame('Practice', path='/practice', user=user):
        stage = ui.column().classes('w-full gap-4')

    async def start(persona_id: str, scenario: str) -> None:
        async with runtime.database.session() as session:
            call = await calls.create_call(
                session, owner_id=user.id, persona=persona_id, scenario=scenario or None, engine=choice.name
            )
        stage.clear()
        CallView(runtime=runtime, call=call, stage=stage, client=client)

    with stage:
        call_setup(
            personas=list(PERSONAS.values()),
            presets=SCENARIO_PRESETS,
            engine_reason=choice.reason,
            coach_note=runtime.coach_note(),
            is_demo=choice.name == 'demo',
            on_start=start,
        )
    return None


class CallView:
    """Wires one call's bridge to the live panel, then follows the analysis to the report."""

    def __init__(self, *, runtime: Runtime, call: CallSession, stage: ui.column, client: Client) -> None:
        self.runtime = runtime
        self.call = call
        self.stage = stage
        self.persona = PERSONAS[call.persona]
        self.session: VoiceSession | None = None
        self.ended = False
        self.voice_bars = False  # bars from our own tone analysis, when the engine measures no prosody
        self._unsubscribe = [runtime.live.opened.subscribe(self._opened)]
        client.on_delete(self._leave)
        with stage:
            self.mic = MicStreamer(
                on_state=self._mic_state,
                on_level=lambda args: self.panel.set_level(float(args.get('level', 0))),
                on_failure=self._mic_failure,
            )
            self.panel = LiveCallPanel(
                engine_label=ENGINE_LABELS.get(call.engine, call.engine),
                prospect=f'{self.persona.name}, {self.persona.title.lower()}',
                on_send=self._send,
                on_mute=self._mute,
                on_end=self._end,
            )
            self.clock = ui.timer(0.5, self._tick)
        self._connect()

    def _connect(self) -> None:
        ticket = self.runtime.live.tickets.issue(user_id=self.call.owner_id, call_id=self.call.id)
        self.mic.start(f'/ws/calls/{self.call.id}?ticket={ticket}')

    def _opened(self, session: VoiceSession) -> None:
        if session.call_id == self.call.id:
            self.session = session
            self._unsubscribe.append(session.updates.subscribe(self._update))

    def _update(self, update: CallUpdate) -> None:
        with self.stage:
            if isinstance(update, CallStarted):
                self.panel.set_status('Live')
                self.voice_bars = not update.gives_prosody
            elif isinstance(update, LiveTone):
                if self.voice_bars:
                    self.panel.show_voice_tone(voice_tone_bars(update), monotone=update.monotone)
            elif isinstance(update, UserUtterance):
                if update.interim:
                    self.panel.set_interim(update.text)
                else:
                    self.panel.add_line(speaker='You', text=update.text, at=update.start_s, rep=True)
                    if update.prosody:
                        self.panel.show_tone(tone_bars(update.prosody))
            elif isinstance(update, AssistantUtterance):
                self.panel.add_line(speaker=self.persona.name, text=update.text, at=update.start_s, rep=False)
            elif isinstance(update, EngineError):
                ui.notify(update.message, type='warning', multi_line=True)
            elif isinstance(update, CallEnded):
                if update.reason == 'engine-unavailable':
                    self._engine_failed()
                else:
                    self._processing(update.reason)

    def _mic_state(self, args: dict[str, object]) -> None:
        if args.get('state') == 'live' and not self.ended:
            self.panel.set_status('Live')

    def _mic_failure(self, args: dict[str, object]) -> None:
        if self.ended:
            return
        if args.get('kind') == 'permission':
            with self.stage, ui.dialog(value=True) as dialog, ui.card().classes('max-w-md'):
                ui.label('Allow the microphone').classes('text-lg font-medium')
                ui.label(MIC_HELP)
                with ui.row():
                    ui.button('Retry', on_click=lambda: (dialog.close(), self.mic.retry_microphone()))
                    ui.button('Type instead', on_click=dialog.close).props('flat')
            return
        self._offer_retry(str(args.get('message') or 'The connection failed.'))

    def _engine_failed(self) -> None:
        """The engine did not answer: the call stays open, and Retry connects it again."""
        self._detach_session()
        self._offer_retry('The voice engine could not start the call. Nothing was lost.')

    def _offer_retry(self, message: str) -> None:
        self.panel.set_status('Failed')
        with self.stage, ui.row().classes('items-center gap-2') as row:
            ui.label(message).classes('text-negative')
            ui.button('Retry', on_click=lambda: (row.delete(), self._reconnect())).props('outline')

    def _reconnect(self) -> None:
        if self.ended:
            return
        self.panel.set_status('Connecting…')
        if self.session is not None and self.runtime.live.get(self.call.id) is self.session:
            self.mic.retry_microphone()  # the socket is fine; only the microphone failed
        else:
            self._detach_session()
            self._connect()

    def _detach_session(self) -> None:
        self.session = None
        while len(self._unsubscribe) > 1:  # keep the subscription to new sessions, drop the old one's
            self._unsubscribe.pop()()

    async def _send(self, text: str) -> None:
        if self.session is None:
            ui.notify('The call is still connecting; try again in a moment.', type='info')
            return
        await self.session.say(text)

    def _mute(self, muted: bool) -> None:
        self.mic.set_muted(muted)
        if self.session is not None:
            self.session.muted = muted
        self.panel.set_status('Muted' if muted else 'Live')

    def _end(self) -> None:
        if self.session is not None:
            self.session.hang_up()
        else:  # never connected: nothing to hang up, the call is closed as it is
            self.mic.stop()
            ui.timer(0, self._close_unconnected, once=True)

    async def _close_unconnected(self) -> None:
        await self._close_unconnected_quietly()
        self._processing('hang-up')

    def _tick(self) -> None:
        if self.session is not None and not self.ended:
            self.panel.set_elapsed(self.session.elapsed())

    def _processing(self, reason: str) -> None:
        if self.ended:
            return
        self.ended = True
        self.clock.cancel()
        self.mic.stop()
        self._detach()
        self.stage.clear()  # the call view gives way to the analysis, then to the report
        with self.stage:
            ProcessingView(runtime=self.runtime, call_id=self.call.id, stage=self.stage, prospect=self.persona.name)

    def _detach(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()

    def _leave(self) -> None:
        """The rep left the page. A live call ends with its socket; one that never connected is closed here."""
        self._detach()
        if not self.ended and self.runtime.live.get(self.call.id) is None:
            background_tasks.create(self._close_unconnected_quietly(), name=f'close-call-{self.call.id}')

    async def _close_unconnected_quietly(self) -> None:
        async with self.runtime.database.session() as session:
            if await calls.finish_live_call(session, self.call.id, duration_seconds=0.0):
                self.runtime.analysis.submit(self.call.id)


class ProcessingView:
    """The analysis status, live; the report as soon as it is ready; Retry when it takes too long or fails."""

    def __init__(self, *, runtime: Runtime, call_id: uuid.UUID, stage: ui.column, prospect: str) -> None:
        self.runtime = runtime
        self.call_id = call_id
        self.stage = stage
        self.prospect = prospect
        self.since = time.monotonic()
        with ui.card().classes('w-full') as self.card:
            with ui.row().classes('items-center gap-3'):
                self.spinner = ui.spinner(size='lg')
                self.status = ui.label('Analysing your call…').classes('text-lg')
            self.retry = ui.button('Retry the analysis', icon='refresh', on_click=self._retry_analysis)
            self.retry.set_visibility(False)
        self.poll = ui.timer(1.0, self._check)

    async def _check(self) -> None:
        async with self.runtime.database.session() as session:
            call = await session.get(CallSession, self.call_id)
        if call is None:
            self.poll.cancel()
            self.status.set_text('This call was deleted.')
            return
        if call.status == calls.DONE and call.analysis_results:
            self.poll.cancel()
            self.card.delete()
            with self.stage:
                await show_report(call, prospect=self.prospect)
            return
        if call.status == calls.ERROR:
            self.status.set_text(call.analysis_error or 'The analysis failed.')
            self.spinner.set_visibility(False)
            self.retry.set_visibility(True)
            return
        waited = time.monotonic() - self.since
        self.status.set_text(f'Analysing your call… ({call.status}, {waited:.0f} s)')
        if waited > REPORT_PATIENCE_S:
            self.retry.set_visibility(True)

    async def _retry_analysis(self) -> None:
        await self.runtime.analyse_again(self.call_id)
        self.since = time.monotonic()
        self.retry.set_visibility(False)
        self.spinner.set_visibility(True)
        if not self.poll.active:
            self.poll.activate()


def tone_bars(prosody: dict[str, float]) -> list[tuple[str, float]]:
    """Confidence, energy and hesitation of one line, then its three strongest emotions."""
    scores = canonical_scores(prosody)
    bars = [(name.capitalize(), value) for name in COMPOSITES if (value := composite(scores, name)) is not None]
    known = sorted(((v, n) for n, v in scores.items() if n in PROSODY_NAMES), reverse=True)[:3]
    return bars + [(name, value) for value, name in known]


def voice_tone_bars(tone: LiveTone) -> list[tuple[str, float]]:
    return [('Confidence', tone.confidence), ('Energy', tone.energy), ('Hesitation', tone.hesitation)]
