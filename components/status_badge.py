"""A call's status and score as small coloured badges."""

from nicegui import ui

STATUS_LABELS = {
    'active': 'In progress',
    'completed': 'Completed',
    'analyzing': 'Analysing',
    'done': 'Analysed',
    'error': 'Analysis failed',
}
STATUS_COLORS = {'active': 'blue', 'completed': 'grey', 'analyzing': 'orange', 'done': 'green', 'error': 'red'}


def score_color(score: int | None) -> str:
    """Red below 40, amber 40-69, green 70-89, blue 90 and above."""
    if score is None:
        return 'grey'
    if score < 40:
        return 'red'
    if score < 70:
        return 'amber'
    if score < 90:
        return 'green'
    return 'blue'


def status_badge(status: str) -> ui.badge:
    return ui.badge(STATUS_LABELS.get(status, status), color=STATUS_COLORS.get(status, 'grey'))


def score_badge(score: int | None) -> ui.badge:
    return ui.badge('—' if score is None else str(score), color=score_color(score)).classes('text-sm')
