"""'My assignments' on the dashboard: what the rep's managers assigned, with its status and a way to start."""

from collections.abc import Sequence

from nicegui import ui

from components.browser_zone import browser_zone
from services.assignments import AssignmentView, Status
from services.local_time import day_of

STATUS = {
    'not_started': ('Not started', 'grey-7'),
    'in_progress': ('In progress', 'primary'),
    'passed': ('Passed', 'positive'),
    'overdue': ('Overdue', 'negative'),
}


def my_assignments(assigned: Sequence[tuple[AssignmentView, Status]]) -> None:
    ui.label('My assignments').classes('text-lg font-medium mt-2')
    zone = browser_zone()
    with ui.column().classes('w-full gap-2').mark('my-assignments'):
        for view, status in assigned:
            text, color = STATUS[status]
            a = view.assignment
            with ui.card().classes('w-full gap-1').mark(f'assignment-{status}'):
                with ui.row().classes('w-full items-center gap-2'):
                    ui.label(view.scenario_title).classes('font-medium grow min-w-0 break-words')
                    ui.badge(text, color=color)
                with ui.row().classes('w-full items-center gap-2'):
                    ui.label(f'Due {day_of(a.due_at, zone)} · pass {a.pass_mark} of 100').classes(
                        'text-sm text-gray-600 dark:text-gray-400 grow'
                    )
                    if status != 'passed':
                        ui.button(
                            'Practise',
                            icon='record_voice_over',
                            on_click=lambda _, i=a.id: ui.navigate.to(f'/practice?assignment={i}'),
                        ).props('flat dense no-caps color=positive').mark(f'practise-assignment-{a.id}')
