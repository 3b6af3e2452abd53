"""A card that introduces one persona."""

from nicegui import ui

DIFFICULTY_COLORS = {'easy': 'green', 'medium': 'amber', 'hard': 'red'}


def persona_card(*, title: str, name: str, description: str, difficulty: str, objections: list[str]) -> ui.card:
    with ui.card().classes('w-72 gap-2') as card:
        with ui.row().classes('w-full items-center justify-between'):
            ui.label(title).classes('text-lg font-semibold')
            ui.badge(difficulty.capitalize(), color=DIFFICULTY_COLORS.get(difficulty, 'grey'))
        ui.label(name).classes('text-sm text-gray-500')
        ui.label(description)
        ui.label('Objections you may hear').classes('text-xs uppercase tracking-wide text-gray-500 mt-2')
        with ui.column().classes('gap-1'):
            for objection in objections:
                ui.label(f'“{objection}”').classes('text-sm italic')
    return card
