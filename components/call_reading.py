"""What happened in a call, as code read it: the next step, each objection, discovery and any pressure, each line
with its verdict and the words it rests on; and where the AI coach overruled that reading, its reasons."""

from typing import Any

from nicegui import ui

from services.coaching.reading import CallReading
from services.coaching.reading_summary import reading_lines

ICONS = {'good': ('check_circle', 'text-green-600'), 'mixed': ('remove_circle', 'text-amber-600'),
         'poor': ('cancel', 'text-red-600')}  # fmt: skip


def call_reading(report: dict[str, Any], prospect: str) -> None:
    """The card, when the report has a reading (reports written before there was one have none)."""
    if not report.get('reading'):
        return
    reading = CallReading.model_validate(report['reading'])
    with ui.card().classes('w-full').mark('call-reading'):
        ui.label('What happened').classes('font-medium')
        for line in reading_lines(reading, prospect):
            icon, color = ICONS[line.tone]
            with ui.row().classes('w-full items-start gap-2 no-wrap'):
                ui.icon(icon).classes(f'{color} shrink-0 mt-0.5')
                with ui.column().classes('gap-0 min-w-0'):
                    ui.label(f'{line.topic}: {line.verdict}').classes('text-sm')
                    for said in line.quotes:
                        who = 'You' if said.speaker == 'rep' else prospect
                        ui.label(f'{who}: “{said.quote}”').classes('text-sm italic text-gray-600 dark:text-gray-400')
        overrides = report.get('reading_overrides') or []
        if overrides:
            ui.label("The AI coach overruled code's reading:").classes('text-sm font-medium mt-2')
            for override in overrides:
                ui.label(override).classes('text-sm').mark('reading-override')
