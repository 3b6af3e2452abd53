"""The analysis of a call while it runs: a spinner and how long it has taken; Retry when it fails or is slow."""

import time
from collections.abc import Awaitable, Callable

from nicegui import ui


class AnalysisProgress:
    """Told what happens (`failed`); it never asks. Retry appears after `patience_s` or on a failure.

    :param on_retry: asks for the analysis again.
    :param patience_s: how long the analysis may take before Retry is offered.
    """

    def __init__(self, *, on_retry: Callable[[], Awaitable[None]], patience_s: float) -> None:
        self._on_retry = on_retry
        self._patience_s = patience_s
        self._since = time.monotonic()
        with ui.card().classes('w-full') as self.card:
            with ui.row().classes('items-center gap-3'):
                self._spinner = ui.spinner(size='lg')
                self._status = ui.label('Analysing your call…').classes('text-lg')
            self._note = ui.label('').classes('text-warning').mark('unsaved-lines')
            self._note.set_visibility(False)
            self._retry = ui.button('Retry the analysis', icon='refresh', on_click=self._retry_clicked)
            self._retry.set_visibility(False)
            self._timer = ui.timer(1.0, self._tick)

    def set_note(self, text: str | None) -> None:
        """A word on what the analysis waits for (lines not saved yet); None clears it."""
        self._note.set_text(text or '')
        self._note.set_visibility(text is not None)

    def failed(self, message: str) -> None:
        self._timer.deactivate()
        self._status.set_text(message)
        self._spinner.set_visibility(False)
        self._retry.set_visibility(True)

    def delete(self) -> None:
        self._timer.cancel()
        self.card.delete()

    def _tick(self) -> None:
        waited = time.monotonic() - self._since
        self._status.set_text(f'Analysing your call… ({waited:.0f} s)')
        if waited > self._patience_s:
            self._retry.set_visibility(True)

    async def _retry_clicked(self) -> None:
        await self._on_retry()
        self._since = time.monotonic()
        self._retry.set_visibility(False)
        self._spinner.set_visibility(True)
        self._timer.activate()
