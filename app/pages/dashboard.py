"""The rep's home: how many calls, where the score is heading, the speech metrics and skills, the latest calls."""

import math

from nicegui import ui

from app.auth import page_user
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.browser_zone import browser_zone
from components.calls_table import calls_table
from components.empty_state import empty_state
from components.my_assignments import my_assignments
from components.progress_charts import (
    FILLERS_IDEAL,
    TALK_RATIO_IDEAL,
    WPM_IDEAL,
    fillers_chart,
    score_chart,
    skills_radar,
    talk_ratio_chart,
    wpm_chart,
)
from components.scenario_progress import scenario_progress_cards
from components.sign_offs import sign_offs_card
from services.assignments import assignments_of
from services.calls import list_calls
from services.progress import RECENT, Progress, progress_for, scenario_progress
from services.reviews import sign_offs

TREND_COLORS = {'▲': 'text-green-600', '▼': 'text-red-600 dark:text-red-400', '=': 'text-gray-500'}


@ui.page('/')
async def dashboard_page() -> None:
    user = page_user()
    async with current_runtime().database.session() as session:
        progress = await progress_for(session, owner_id=user.id)
        recent, _ = await list_calls(session, owner_id=user.id, limit=RECENT)
        scenarios = await scenario_progress(session, owner_id=user.id)
        assigned = await assignments_of(session, user)
        signed = await sign_offs(session, user.id)

    with member_frame('Dashboard', path='/', user=user):
        ui.label(f'Welcome{", " + user.full_name.split()[0] if user.full_name.strip() else ""}!').classes('text-lg')
        if assigned:
            my_assignments(assigned)
        if signed:
            sign_offs_card(signed, browser_zone())
        if not progress.total_calls:
            empty_state(
                icon='record_voice_over',
                title='No calls yet',
                text='Practise a sales call with an AI prospect and get a coaching report when you hang up.',
                link_text='Go to Practice',
                link_target='/practice',
            )
            return
        _stats(progress)
        _charts(progress)
        if scenarios:
            ui.label('Your scenarios').classes('text-lg font-medium mt-2')
            scenario_progress_cards(scenarios)
        ui.label('Latest calls').classes('text-lg font-medium mt-2')
        calls_table(recent, zone=browser_zone()).mark('latest-calls')
        ui.link('All calls', '/history').classes('text-primary')


def _stats(progress: Progress) -> None:
    with ui.row().classes('w-full gap-4 items-stretch'):
        _stat('Calls in the last 7 days', str(progress.calls_last_7_days), marker='calls-week')
        _stat('Calls in all', str(progress.total_calls), marker='calls-total')
        average = progress.recent_average
        label = f'Average score, last {progress.recent_count} analysed' if average is not None else 'Average score'
        with _stat(label, '—' if average is None else str(_whole(average)), marker='average-score'):
            if progress.trend is not None:
                text = trend_text(progress.trend)
                ui.label(text).classes(f'text-sm font-medium {TREND_COLORS[text[0]]}').mark('trend')


def _charts(progress: Progress) -> None:
    if not progress.points:
        ui.label('Your charts appear here once a call has been analysed.').classes('text-gray-500')
        return
    with ui.row().classes('w-full gap-4 items-stretch'):
        with _card('Score over time').classes('grow basis-96'):
            score_chart(progress.points)
        with _card('Skills').classes('w-full sm:w-80'):
            if progress.skill_averages is None:
                ui.label('No skill scores yet.').classes('text-sm text-gray-500 my-auto')
            else:
                skills_radar(progress.skill_averages, calls=progress.skill_calls)
    with ui.grid().classes('w-full gap-4 grid-cols-1 sm:grid-cols-3'):  # one a row on a phone
        with _card('Words per minute', WPM_IDEAL):
            wpm_chart(progress.points)
        with _card('Fillers per minute', FILLERS_IDEAL):
            fillers_chart(progress.points)
        with _card('You talked (share of words)', TALK_RATIO_IDEAL):
            talk_ratio_chart(progress.points)


def trend_text(trend: float) -> str:
    """'▲ +6 vs the 5 before', '▼ −3 vs the 5 before' or '= same as the 5 before' (rounded to whole points)."""
    change = _whole(trend)
    if change > 0:
        return f'▲ +{change} vs the {RECENT} before'
    if change < 0:
        return f'▼ −{-change} vs the {RECENT} before'
    return f'= same as the {RECENT} before'


def _whole(number: float) -> int:
    """Rounded half up, as people round (Python's round() takes 64.5 to 64)."""
    return math.floor(number + 0.5)


def _stat(label: str, value: str, *, marker: str) -> ui.card:
    with ui.card().classes('w-56 gap-0').mark(marker) as card:
        ui.label(value).classes('text-3xl font-bold')
        ui.label(label).classes('text-sm text-gray-500')
    return card


def _card(title: str, caption: str = '') -> ui.card:
    with ui.card().classes('gap-1 min-w-0') as card:
        ui.label(title).classes('font-medium')
        if caption:
            ui.label(caption).classes('text-xs text-green-700 dark:text-green-400')
    return card
