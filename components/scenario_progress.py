"""How the rep does on each scenario they practised: calls, average score, and the scorecard's last and average
total against the pass mark; each opens the history of that scenario."""

import math
from collections.abc import Sequence

from nicegui import ui

from services.progress import ScenarioProgress

PASSED_COLORS = {True: 'positive', False: 'negative', None: 'grey-7'}


def scenario_progress_cards(items: Sequence[ScenarioProgress]) -> None:
    with ui.grid().classes('w-full gap-4 grid-cols-1 sm:grid-cols-2 lg:grid-cols-3').mark('scenario-progress'):
        for item in items:
            with ui.card().classes('gap-1 min-w-0').mark(f'scenario-progress-{item.scenario_id}'):
                ui.link(item.title, f'/history?scenario={item.scenario_id}').classes(
                    'font-medium text-primary break-words'
                )
                ui.label(progress_text(item)).classes('text-sm text-gray-600 dark:text-gray-400')
                if item.last_total is not None:
                    with ui.row().classes('items-center gap-2'):
                        ui.label(f'Last scorecard {whole(item.last_total)}').classes('text-sm font-medium')
                        ui.badge(passed_text(item.last_passed), color=PASSED_COLORS[item.last_passed])
                if item.pass_mark is not None:
                    ui.label(f'Pass mark {item.pass_mark}').classes('text-xs text-gray-500 dark:text-gray-400')


def progress_text(item: ScenarioProgress) -> str:
    """'4 calls · average score 62 · average scorecard 70'"""
    parts = [f'{item.calls} call{"s" if item.calls != 1 else ""}']
    if item.average_score is not None:
        parts.append(f'average score {whole(item.average_score)}')
    if item.average_total is not None:
        parts.append(f'average scorecard {whole(item.average_total)}')
    return ' · '.join(parts)


def passed_text(passed: bool | None) -> str:
    return {True: 'Passed', False: 'Not passed', None: 'Waiting for the AI coach'}[passed]


def whole(number: float) -> int:
    """Rounded half up, as people round."""
    return math.floor(number + 0.5)
