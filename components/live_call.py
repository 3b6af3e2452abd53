"""The live call: timer, connection status, mic level, the transcript as it happens, tone bars, controls."""

import math
from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

from components.scenario_brief import GoalsPanel
from services.clock import clock
from services.emotion_analysis import COMPOSITES, PROSODY_NAMES, canonical_scores, composite
from services.voice.demo_prospect import SCRIPTED_NOTE
from services.voice.updates import LiveTone

STATUS_COLORS = {
    'Connecting…': 'orange',
    'Live': 'positive',
    'Muted': 'grey',
    'Time is up': 'warning',
    'Ended': 'grey',
    'Failed': 'negative',
}
LAST_SECONDS = 30.0  # the countdown turns red
VOICE_TONE_NOTE = 'From your voice: loudness, pitch, pace and pauses over the last few seconds.'


class LiveCallPanel:
    """Shows a call in progress; the page feeds it what the bridge publishes.

    :param engine_label: the engine's name as the rep sees it.
    :param demo: the engine is a scripted stand-in: its name is shown as a badge, and a line says it is scripted.
    :param prospect: who the rep is talking to.
    :param on_send: called with a typed turn; returns whether the call took it (a turn it did not take stays
        in the box, so nothing typed is lost).
    :param on_mute: called with the new muted state.
    :param on_end: called when the rep hangs up.
    :param goals: the scenario's goals, shown in a panel above the transcript.
    """

    def __init__(
        self,
        *,
        engine_label: str,
        demo: bool,
        prospect: str,
        on_send: Callable[[str], Awaitable[bool]],
        on_mute: Callable[[bool], None],
        on_end: Callable[[], Awaitable[None]],
        goals: Sequence[str] = (),
    ) -> None:
        self.muted = False
        self._draft = ''
        with ui.row().classes('w-full items-center gap-4'):
            self.timer = ui.label('0:00').classes('text-3xl font-mono').mark('call-timer')
            self.status = ui.badge('Connecting…', color='orange').classes('text-sm')
            ui.label(f'with {prospect}').classes('text-lg')
            if demo:
                ui.badge(engine_label, color='purple').classes('text-sm').tooltip(SCRIPTED_NOTE)
            ui.space()
            ui.icon('mic').classes('text-xl')
            self.level = ui.linear_progress(value=0, show_value=False).classes('w-32').props('instant-feedback')
            self.level.mark('mic-level')
        if demo:
            ui.label(SCRIPTED_NOTE).classes('text-sm text-gray-500').mark('demo-note')
        if goals:
            GoalsPanel(goals)

        # Side by side from a tablet up; on a phone the tone card goes under the transcript.
        with ui.row().classes('w-full gap-4 items-start'):
            with ui.card().classes('grow min-w-0 basis-80'):
                ui.label('Transcript').classes('font-medium')
                self.scroll = ui.scroll_area().classes('h-80 w-full')
                with self.scroll:
                    self.lines = ui.column().classes('w-full gap-2')
                # The prospect's words as its voice plays (a line is kept, and shown above, once it was heard).
                self.draft = ui.label('').classes('text-sm text-gray-500 dark:text-gray-400 italic').mark('draft')
                self.draft.set_visibility(False)
                self.interim = ui.label('').classes('text-gray-400 italic')
                self.recognising = ui.label('Recognising your speech…').classes('text-sm text-gray-500 italic')
                self.recognising.mark('recognising').set_visibility(False)
            with ui.card().classes('w-full sm:w-72 shrink-0'):
                ui.label('How you sound').classes('font-medium')
                self.tone = ui.column().classes('w-full gap-1')
                with self.tone:
                    ui.label('Bars appear once you speak.').classes('text-sm text-gray-500')

        self.unsaved = ui.label('').classes('w-full text-warning font-medium').mark('unsaved-lines')
        self.unsaved.set_visibility(False)

        with ui.row().classes('w-full items-center gap-2'):
            self.text = ui.input(placeholder='Type a turn instead of speaking, then press Enter').classes('grow')
            self.text.props('outlined dense maxlength=2000').mark('typed-turn')

            async def send() -> None:
                text = (self.text.value or '').strip()
                # Emptied only once taken, and not if the rep typed more meanwhile.
                if text and await on_send(text) and (self.text.value or '').strip() == text:
                    self.text.set_value('')

            self.text.on('keydown.enter', send)
            ui.button('Send', icon='send', on_click=send).props('flat')

            def toggle_mute() -> None:
                self.muted = not self.muted
                self.mute.set_text('Unmute' if self.muted else 'Mute')
                self.mute.props(f'icon={"mic_off" if self.muted else "mic"}')
                on_mute(self.muted)

            self.mute = ui.button('Mute', icon='mic', on_click=toggle_mute).props('outline')
            self.end = ui.button('End call', icon='call_end', on_click=on_end).props('color=negative')

    def set_status(self, text: str) -> None:
        self.status.set_text(text)
        self.status.props(f'color={STATUS_COLORS.get(text, "grey")}')

    def set_elapsed(self, seconds: float) -> None:
        self.timer.set_text(clock(seconds))

    def set_time_left(self, seconds: float) -> None:
        """With a time limit, the timer counts down: '4:59 left', red in the last half minute."""
        self.timer.set_text(f'{clock(math.ceil(max(0.0, seconds)))} left')
        if seconds <= LAST_SECONDS:
            self.timer.classes(add='text-negative')

    def set_level(self, level: float) -> None:
        # Speech RMS rarely exceeds 0.3: scale so that normal speech fills most of the bar.
        self.level.set_value(min(1.0, level * 4))

    def add_line(self, *, speaker: str, text: str, at: float | None, rep: bool) -> None:
        stamp = '' if at is None else f'{clock(at)} '
        with self.lines, ui.row().classes('w-full gap-2 no-wrap items-baseline'):
            ui.label(f'{stamp}{speaker}').classes(
                'text-xs font-medium shrink-0 ' + ('text-primary' if rep else 'text-orange-700 dark:text-orange-400')
            )
            ui.label(text).classes('text-sm')
        self.interim.set_text('')
        if not rep and self._draft.startswith(text):  # the line as heard (whole or cut) replaces its draft
            self.set_draft(None)
        self.scroll.scroll_to(percent=1.0)

    def set_draft(self, text: str | None, *, speaker: str = '') -> None:
        """What the prospect (`speaker`) is saying so far (None: it is not speaking)."""
        self._draft = text or ''
        self.draft.set_text(f'{speaker}: {text}…' if text else '')
        self.draft.set_visibility(bool(text))

    def set_interim(self, text: str) -> None:
        self.interim.set_text(text)

    def set_recognising(self, pending: int) -> None:
        """Speech the engine heard and is still turning into words (0: none)."""
        self.recognising.set_visibility(pending > 0)

    def set_unsaved(self, text: str | None) -> None:
        """Says that lines wait to be saved (None: all are saved)."""
        self.unsaved.set_text(text or '')
        self.unsaved.set_visibility(text is not None)

    def show_tone(self, bars: list[tuple[str, float]]) -> None:
        """Bars of 0..1, in the given order (confidence, energy, hesitation, then the top emotions)."""
        self.tone.clear()
        with self.tone:
            for name, value in bars:
                with ui.row().classes('w-full items-center gap-2 no-wrap'):
                    ui.label(name).classes('text-sm w-28 shrink-0')
                    ui.linear_progress(value=round(value, 2), show_value=False).classes('grow')

    def show_prosody(self, prosody: dict[str, float]) -> None:
        """The engine's prosody of one line: confidence, energy and hesitation, then its three strongest emotions."""
        scores = canonical_scores(prosody)
        bars = [(name.capitalize(), value) for name in COMPOSITES if (value := composite(scores, name)) is not None]
        strongest = sorted(((v, n) for n, v in scores.items() if n in PROSODY_NAMES), reverse=True)[:3]
        self.show_tone(bars + [(name, value) for value, name in strongest])

    def show_voice_tone(self, tone: LiveTone) -> None:
        """Bars from our own analysis of the rep's voice, for engines that measure no prosody."""
        self.show_tone([('Confidence', tone.confidence), ('Energy', tone.energy), ('Hesitation', tone.hesitation)])
        with self.tone:
            if tone.monotone:
                ui.badge('Monotone', color='amber').classes('text-sm').mark('monotone')
            ui.label(VOICE_TONE_NOTE).classes('text-xs text-gray-500').mark('voice-tone')
