"""The scenarios a rep is signed off on, as their dashboard lists them: the scenario, who signed and when."""

from collections.abc import Sequence
from datetime import tzinfo

from nicegui import ui

from services.local_time import day_of
from services.reviews import SignOff


def sign_offs_card(signed: Sequence[SignOff], zone: tzinfo) -> None:
    with ui.card().classes('w-full gap-1').mark('sign-offs'):
        ui.label('Signed off').classes('text-lg font-medium')
        for sign_off in signed:
            with ui.row().classes('w-full items-center gap-2 no-wrap'):
                ui.icon('verified', color='positive')
                ui.label(f'{sign_off.title} · by {sign_off.by}, {day_of(sign_off.at, zone)}').classes(
                    'text-sm break-words min-w-0'
                )
