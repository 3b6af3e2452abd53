"""Scenarios: the library of practice scenarios (/scenarios) and the editor of one (/scenarios/new,
/scenarios/{id}): what the rep sells, the call, the goals, the scorecard with its pass mark, a time limit."""

from collections.abc import Callable

from nicegui import ui

from app.auth import page_user
from app.pages.library import EntryForm, Kind, editor_page, library_page, prompt_card
from app.runtime import current_runtime
from components.library_list import LibraryItem
from components.scenario_form import ScenarioForm
from services.library.prompt import scenario_preview
from services.library.scenario import CALL_TYPE_LABELS, ScenarioSpec
from services.library.store import PROSPECTS, SCENARIOS, Entry
from services.models import User


def _item(entry: Entry[ScenarioSpec], user: User) -> LibraryItem:
    spec = entry.content
    criteria = len(spec.criteria)
    return LibraryItem(
        id=entry.id,
        title=spec.title,
        detail=spec.audience,
        summary=spec.product,
        tags=(
            CALL_TYPE_LABELS[spec.call_type],
            *([f'{criteria} criteria · pass {spec.pass_mark}'] if criteria else []),
        ),
        builtin=entry.builtin,
        own=entry.owned_by(user),
    )


SCENARIO_KIND = Kind(
    shelf=SCENARIOS,
    noun='scenario',
    title='Scenarios',
    path='/scenarios',
    key='scenarios',
    draft_kind='scenario',
    intro='What you practise: what you sell and to whom, the goals of the call and the scorecard it is graded on.',
    item=_item,
    name_of=lambda spec: spec.title,
)


def _practise(item: LibraryItem) -> None:
    ui.button(
        'Practise', icon='record_voice_over', on_click=lambda: ui.navigate.to(f'/practice?scenario={item.id}')
    ).props('flat dense no-caps color=positive').mark(f'practise-{item.id}')


@ui.page('/scenarios')
async def scenarios_page() -> None:
    await library_page(SCENARIO_KIND, page_user(), extra=_practise)


@ui.page('/scenarios/new')
async def new_scenario_page() -> None:
    user = page_user()
    await editor_page(SCENARIO_KIND, user, None, make_form=lambda on_change: _form(user, on_change), side=_preview)


@ui.page('/scenarios/{entry_id}')
async def scenario_page(entry_id: str) -> None:
    user = page_user()
    await editor_page(SCENARIO_KIND, user, entry_id, make_form=lambda on_change: _form(user, on_change), side=_preview)


async def _form(user: User, on_change: Callable[[], None]) -> EntryForm:
    """The form, with the prospects the user may name."""
    async with current_runtime().database.session() as session:
        prospects = await PROSPECTS.entries(session, user=user)
    labels = {entry.id: f'{entry.content.name}, {entry.content.job_title}' for entry in prospects}
    return ScenarioForm(prospects=labels, on_change=on_change)


def _preview(form: EntryForm) -> Callable[[], None]:
    """The scenario's part of every prospect's prompt, redrawn as the fields change."""
    return prompt_card(
        form,
        title='What the prospect is told',
        note="The end of the prospect's system prompt; the prospect's own brief comes before it.",
        render=lambda value: scenario_preview(ScenarioSpec.model_validate(value)),
    )
