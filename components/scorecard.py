"""A call's scorecard and goals on the report: the verdict (passed, not passed, or waiting for the AI coach), the
total against the pass mark, each criterion with its result, who graded it, why and the words it rests on, and each
goal met, not met or not judged. Reports of calls without a scenario have neither, and show nothing."""

from typing import Any

from nicegui import ui

from services.coaching.scorecard_words import goal_text, graded_by_text, result_text, result_tone, total_text, verdict
from services.library.scorecard import GoalResult, ScorecardResult

ICONS = {
    'good': ('check_circle', 'text-green-600 dark:text-green-400'),
    'mixed': ('remove_circle', 'text-amber-600 dark:text-amber-400'),
    'poor': ('cancel', 'text-red-600 dark:text-red-400'),
    'waiting': ('hourglass_empty', 'text-gray-500 dark:text-gray-400'),
}
VERDICT_COLORS = {True: 'positive', False: 'negative', None: 'grey-7'}
GOAL_ICONS = {'met': ICONS['good'], 'not met': ICONS['poor'], 'not judged': ICONS['waiting']}
QUOTE_CLASSES = 'text-sm italic text-gray-600 dark:text-gray-400 break-words'


def scorecard_card(report: dict[str, Any]) -> None:
    """The card, when the report has a scorecard or goals."""
    card = ScorecardResult.model_validate(report['scorecard']) if report.get('scorecard') else None
    goals = [GoalResult.model_validate(goal) for goal in report.get('goals') or []]
    if card is None and not goals:
        return
    with ui.card().classes('w-full gap-3').mark('scorecard'):
        if card is not None:
            _scorecard(card)
        if goals:
            _goals(goals)


def _goals(goals: list[GoalResult]) -> None:
    ui.label('Goals').classes('font-medium mt-1')
    with ui.column().classes('w-full gap-1'):
        for goal in goals:
            said = goal_text(goal)
            icon, color = GOAL_ICONS[said]
            with ui.row().classes('w-full items-start gap-2 no-wrap').mark('goal'):
                ui.icon(icon).classes(f'{color} shrink-0 mt-0.5')
                ui.label(f'{goal.text}: {said}').classes('text-sm min-w-0 break-words')


def _scorecard(card: ScorecardResult) -> None:
    with ui.row().classes('w-full items-center justify-between gap-2'):
        ui.label('Scorecard').classes('font-medium')
        ui.badge(verdict(card), color=VERDICT_COLORS[card.passed]).classes('text-sm').mark('scorecard-verdict')
    ui.label(f'Total {total_text(card)}').classes('text-sm').mark('scorecard-total')
    for result in card.criteria:
        icon, color = ICONS[result_tone(result)]
        with ui.row().classes('w-full items-start gap-2 no-wrap').mark('criterion'):
            ui.icon(icon).classes(f'{color} shrink-0 mt-0.5')
            with ui.column().classes('gap-0 min-w-0 grow'):
                ui.label(result.text).classes('text-sm font-medium break-words')
                by = '' if result.result is None else f' · graded by {graded_by_text(result)}'
                ui.label(f'{result_text(result)} · weight {result.weight:g}{by}').classes(
                    'text-xs text-gray-500 dark:text-gray-400'
                )
                if result.rationale:
                    ui.label(result.rationale).classes('text-sm break-words')
                if result.quote:
                    ui.label(f'“{result.quote}”').classes(QUOTE_CLASSES)
                elif result.quote_missing:
                    ui.label('The quote the coach gave was never said, so it was left out.').classes(
                        'text-xs text-amber-700 dark:text-amber-400'
                    )
