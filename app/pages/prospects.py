"""Prospects: the library of AI buyers (/prospects) and the editor of one (/prospects/new, /prospects/{id}), with a
live preview of the system prompt an engine would be given."""

from collections.abc import Callable

from nicegui import ui

from app.auth import page_user
from app.pages.library import EntryForm, Kind, editor_page, library_page, prompt_card
from components.library_list import LibraryItem
from components.prospect_form import DIFFICULTIES, ProspectForm
from services.library.prompt import prompt_preview
from services.library.prospect import ProspectProfile
from services.library.store import PROSPECTS, Entry
from services.models import User


def _item(entry: Entry[ProspectProfile], user: User) -> LibraryItem:
    profile = entry.content
    at = f' at {profile.company}' if profile.company else ''
    return LibraryItem(
        id=entry.id,
        title=profile.name,
        detail=f'{profile.job_title}{at}',
        summary=profile.summary,
        tags=(DIFFICULTIES[profile.difficulty],),
        builtin=entry.builtin,
        own=entry.owned_by(user),
    )


PROSPECT_KIND = Kind(
    shelf=PROSPECTS,
    noun='prospect',
    title='Prospects',
    path='/prospects',
    key='personas',
    draft_kind='prospect',
    intro='The buyers you practise with: who they are, how they behave, what they hide and what earns a next step.',
    item=_item,
    name_of=lambda profile: profile.name,
)


@ui.page('/prospects')
async def prospects_page() -> None:
    await library_page(PROSPECT_KIND, page_user())


@ui.page('/prospects/new')
async def new_prospect_page() -> None:
    await editor_page(PROSPECT_KIND, page_user(), None, make_form=_form, side=_preview)


@ui.page('/prospects/{entry_id}')
async def prospect_page(entry_id: str) -> None:
    await editor_page(PROSPECT_KIND, page_user(), entry_id, make_form=_form, side=_preview)


async def _form(on_change: Callable[[], None]) -> EntryForm:
    return ProspectForm(on_change=on_change)


def _preview(form: EntryForm) -> Callable[[], None]:
    """The start of the system prompt the fields make, redrawn as they change."""
    return prompt_card(
        form,
        title='System prompt preview',
        note='What every engine is told, built from these fields.',
        render=lambda value: prompt_preview(ProspectProfile.model_validate(value)),
    )
