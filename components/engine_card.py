"""One voice engine for the admin: its state, its settings (secrets only as "set"), and a connection test."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.voice.engine_check import EngineCheck
from services.voice.engine_status import NOT_SET, EngineStatus


def engine_card(status: EngineStatus, *, in_use: bool, on_test: Callable[[], Awaitable[EngineCheck]]) -> ui.card:
    """`on_test()` runs the connection test; the card shows a spinner meanwhile and the answer next to the button."""
    with ui.card().classes('w-full gap-3').mark(f'engine-{status.name}') as card:
        with ui.row().classes('w-full items-center gap-2'):
            ui.label(status.label).classes('text-lg font-semibold')
            ui.label(status.name).classes('font-mono text-sm text-gray-500')
            ui.space()
            if in_use:
                ui.badge('New calls use this', color='primary').classes('text-sm')
            _state_badge(status)

        if status.settings:
            with ui.element('div').classes('grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm'):
                for setting in status.settings:
                    ui.label(setting.name).classes('font-mono')
                    # Long URLs break anywhere, but only where a word does not fit on a line of its own.
                    value = ui.label(setting.value_shown).style('overflow-wrap: anywhere')
                    if setting.value_shown.startswith(NOT_SET):
                        value.classes('text-gray-500')
        else:
            ui.label('Needs no settings: no keys, no network.').classes('text-sm text-gray-500')
        if status.needs:
            with ui.row().classes('items-center gap-2 text-sm no-wrap'):
                ui.icon('info', color='warning')
                ui.label(status.needs)

        with ui.row().classes('items-center gap-3'):
            button = ui.button('Test connection', icon='cable').props('outline no-caps').classes('shrink-0')
            button.mark(f'test-{status.name}')
            with ui.row().classes('items-center gap-2') as spinner:
                ui.spinner(size='md')
                ui.label(f'Opening a session with {status.label}…').classes('text-sm text-gray-500')
            spinner.set_visibility(False)
            answer = ui.row().classes('items-center gap-1 no-wrap')

    async def run_test() -> None:
        button.disable()
        answer.clear()
        spinner.set_visibility(True)
        try:
            check = await on_test()
        finally:
            spinner.set_visibility(False)
            button.enable()
        with answer:
            ui.icon('check_circle' if check.ok else 'error', color='positive' if check.ok else 'negative')
            ui.label(check.message).mark(f'result-{status.name}')

    button.on_click(run_test)
    return card


def _state_badge(status: EngineStatus) -> None:
    if status.available:
        # "Configured", not "working": only the connection test can tell that.
        ui.badge('Configured' if status.settings else 'Built in', color='positive').classes('text-sm')
    elif status.configured:
        ui.badge('Configured, not available', color='warning').classes('text-sm')
    else:
        ui.badge('Not configured', color='grey').classes('text-sm')
