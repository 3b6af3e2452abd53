"""Every call of the rep, 25 a page: filtered by prospect and by scenario, sorted by date or score; a row opens its
report. Filtered by a scenario, the page says how the rep does on it (average score, the scorecard's last total).

The view (prospect, scenario, sort, page) is kept in the address, so Back from a report returns to the same page.
"""

import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import get_args
from urllib.parse import urlencode

from nicegui import ui

from app.auth import page_user
from app.pages.call_names import prospect_label
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.browser_zone import browser_zone
from components.calls_table import calls_table
from components.confirm_dialog import ConfirmDialog
from components.empty_state import empty_state
from components.scenario_progress import passed_text, progress_text, whole
from services import calls
from services.calls import CallListing, CallSort
from services.local_time import date_time
from services.models import User
from services.progress import ScenarioProgress, scenario_progress

PAGE_SIZE = 25
MAX_PAGE = 1_000_000
ALL = 'all'
SORTS: dict[CallSort, str] = {
    'newest': 'Newest first',
    'oldest': 'Oldest first',
    'score_high': 'Highest score first',
    'score_low': 'Lowest score first',
}


@dataclass(kw_only=True, slots=True)
class HistoryView:
    """What the rep asked to see, and the page of calls that answers it."""

    persona: str = ALL
    scenario: str = ALL
    sort: CallSort = 'newest'
    page: int = 1
    rows: Sequence[CallListing] = field(default_factory=list)
    total: int = 0

    @classmethod
    def from_query(
        cls, persona: str | None, sort: str | None, page: str | None, scenario: str | None = None
    ) -> 'HistoryView':
        """What the address asks for; anything unknown falls back to the default instead of an error page (a
        scenario is checked against those the rep practised, once they are read)."""
        view = cls()
        if persona:
            view.persona = persona
        if scenario:
            view.scenario = scenario
        view.sort = next((known for known in get_args(CallSort) if known == sort), 'newest')
        if page and page.isdigit():
            # Capped so that the offset stays inside every database's integer range; past the end is clamped later.
            view.page = min(max(1, int(page)), MAX_PAGE)
        return view

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))

    def address(self) -> str:
        query = {'persona': self.persona, 'scenario': self.scenario, 'sort': self.sort, 'page': self.page}
        wanted = {key: value for key, value in query.items() if value not in (ALL, 'newest', 1)}
        return f'/history?{urlencode(wanted)}' if wanted else '/history'


@ui.page('/history')
async def history_page(
    persona: str | None = None, sort: str | None = None, page: str | None = None, scenario: str | None = None
) -> None:
    user = page_user()
    view = HistoryView.from_query(persona, sort, page, scenario)
    async with current_runtime().database.session() as session:
        practised = {item.scenario_id: item for item in await scenario_progress(session, owner_id=user.id)}
        talked_to = await calls.practised_prospects(session, owner_id=user.id)
    if view.scenario not in practised:
        view.scenario = ALL
    if view.persona not in talked_to:
        view.persona = ALL
    await _load(user, view)
    latest_request = 0

    with member_frame('History', path='/history', user=user):
        confirm = ConfirmDialog(confirm_text='Delete call')
        with ui.row().classes('w-full items-center gap-4') as toolbar:
            # The prospects the rep has calls with (a deleted one too), named as their newest call knew them.
            prospects = {ALL: 'All prospects', **{key: prospect_label(key, kept) for key, kept in talked_to.items()}}
            persona_filter = ui.select(
                prospects, label='Prospect', value=view.persona, on_change=lambda e: show(persona=e.value)
            )
            persona_filter.classes('w-56').mark('persona-filter')
            scenarios = {ALL: 'All scenarios', **{key: item.title for key, item in practised.items()}}
            scenario_filter = ui.select(
                scenarios, label='Scenario', value=view.scenario, on_change=lambda e: show(scenario=e.value)
            )
            scenario_filter.classes('w-64 max-w-full').mark('scenario-filter').set_visibility(bool(practised))
            ui.select(dict(SORTS), label='Sort', value=view.sort, on_change=lambda e: show(sort=e.value)).classes(
                'w-56'
            ).mark('sort')

        @ui.refreshable
        def results() -> None:
            toolbar.set_visibility(bool(view.total) or view.persona != ALL or view.scenario != ALL)
            if view.scenario in practised:
                _scenario_summary(practised[view.scenario])
            if view.total:
                _calls_page(view, go_to=lambda page: show(page=page), delete=delete)
            else:
                _nothing_to_show(view, clear_filter=clear_filters)

        def clear_filters() -> None:
            persona_filter.set_value(ALL)
            scenario_filter.set_value(ALL)

        async def show(
            *, persona: str | None = None, scenario: str | None = None, sort: CallSort | None = None, page: int = 1
        ) -> None:
            """Loads what the rep asked for; an answer overtaken by a newer request is dropped."""
            nonlocal latest_request, view
            latest_request += 1
            request = latest_request
            wanted = HistoryView(
                persona=persona or view.persona,
                scenario=scenario or view.scenario,
                sort=sort or view.sort,
                page=page,
            )
            await _load(user, wanted)
            if request != latest_request:
                return
            view = wanted
            ui.navigate.history.replace(view.address())
            results.refresh()

        async def delete(call_id: str) -> None:
            if await _delete_call(user, call_id, confirm):
                await show(page=view.page)

        results()


async def _load(user: User, view: HistoryView) -> None:
    """Fills in one page of calls (25 at most) and how many match; a page past the end (after a delete, or from
    an old address) becomes the last page there is."""
    async with current_runtime().database.session() as session:
        while True:
            view.rows, view.total = await calls.list_calls(
                session,
                owner_id=user.id,
                skip=(view.page - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
                persona=None if view.persona == ALL else view.persona,
                scenario_id=None if view.scenario == ALL else view.scenario,
                sort=view.sort,
            )
            if view.page <= view.pages:
                return
            view.page = view.pages


def _calls_page(view: HistoryView, *, go_to: Callable[[int], object], delete: Callable[[str], object]) -> None:
    first = (view.page - 1) * PAGE_SIZE + 1
    shown = f'{view.total}' if view.pages == 1 else f'{first}–{first + len(view.rows) - 1} of {view.total}'
    ui.label(f'Showing {shown} call{"s" if view.total != 1 else ""}.').classes('text-gray-500')
    calls_table(view.rows, zone=browser_zone(), on_delete=delete)
    if view.pages == 1:
        return
    with ui.row().classes('w-full items-center justify-end gap-2'):
        ui.label(f'Page {view.page} of {view.pages}').classes('text-sm text-gray-500')
        ui.button('Previous', icon='chevron_left', on_click=lambda: go_to(view.page - 1)).props(
            'flat no-caps'
        ).set_enabled(view.page > 1)
        ui.button('Next', on_click=lambda: go_to(view.page + 1)).props(
            'flat no-caps icon-right=chevron_right'
        ).set_enabled(view.page < view.pages)


def _scenario_summary(item: ScenarioProgress) -> None:
    """How the rep does on the scenario the list is filtered by."""
    with ui.card().classes('w-full gap-1').mark('scenario-summary'):
        ui.label(item.title).classes('font-medium break-words')
        ui.label(progress_text(item)).classes('text-sm')
        if item.last_total is not None:
            mark = '' if item.pass_mark is None else f' (pass mark {item.pass_mark})'
            ui.label(f'Last scorecard {whole(item.last_total)}{mark}: {passed_text(item.last_passed)}').classes(
                'text-sm text-gray-600 dark:text-gray-400'
            )


def _nothing_to_show(view: HistoryView, *, clear_filter: Callable[[], object]) -> None:
    if view.scenario != ALL:
        with ui.card().classes('w-full items-center text-center py-10 gap-2'):
            ui.icon('filter_alt_off', size='3rem').classes('text-primary')
            ui.label('No calls match these filters').classes('text-lg font-medium')
            ui.button('Show all calls', on_click=clear_filter).props('flat no-caps')
        return
    if view.persona == ALL:
        empty_state(
            icon='history',
            title='No calls yet',
            text='Your practice calls will be listed here, with their scores.',
            link_text='Go to Practice',
            link_target='/practice',
        )
        return
    with ui.card().classes('w-full items-center text-center py-10 gap-2'):
        ui.icon('filter_alt_off', size='3rem').classes('text-primary')
        ui.label('No calls match these filters').classes('text-lg font-medium')
        ui.label('Practise with this prospect and scenario, or look at all your calls.').classes('text-gray-500')
        ui.button('Show all prospects', on_click=clear_filter).props('flat no-caps')


async def _delete_call(user: User, call_id: str, confirm: ConfirmDialog) -> bool:
    """Asks first, then deletes the rep's own call (stopping its analysis, should one be running).

    Returns whether the list changed: also when the call had gone already.
    """
    runtime = current_runtime()
    try:
        wanted = uuid.UUID(call_id)
    except ValueError:
        return False
    async with runtime.database.session() as session:
        call = await calls.get_call(session, owner_id=user.id, call_id=wanted)
    if call is None:
        ui.notify('That call is gone already.')
        return True
    prospect = prospect_label(call.persona, call.persona_snapshot)
    score = '' if call.overall_score is None else f', score {call.overall_score}'
    when = date_time(call.created_at, browser_zone())
    if not await confirm.ask(
        title=f'Delete your call with {prospect} from {when}{score}?',
        text='Its transcript and report go with it. This cannot be undone.',
    ):
        return False
    async with runtime.database.session() as session:
        await runtime.delete_call(session, call)
    ui.notify('Call deleted.', type='positive')
    return True
