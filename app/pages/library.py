"""What the Prospects and Scenarios pages share: the library list with New, Import and Export, and the editor of one
entry (create, edit, duplicate, delete, export, draft from a description), both wired to services/library.

The rules are the library's (services/library/store.py): a built-in or another user's shared entry opens read-only
with Duplicate; another user's private entry is "not found", as another user's call is; only those who may share
(a team's managers with their team, admins with any team and with everyone) see the control of who may use it.
Nothing is saved that does not validate as a whole: the messages go next to their fields.
"""

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Generic, Literal, Protocol, TypeVar

from nicegui import events, ui
from pydantic import ValidationError

from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.confirm_dialog import ConfirmDialog
from components.form_errors import FieldErrors
from components.library_list import BUILTIN_TEXT, LibraryItem, library_list, sharing_text
from components.not_found import not_found
from services.library.drafting import MAX_DESCRIPTION, DraftFailed, DraftUnavailable, draft_entry
from services.library.prospect import Model
from services.library.store import (
    EVERYONE,
    TEAM,
    Draft,
    Entry,
    EntryForbidden,
    EntryInvalid,
    EntryNotFound,
    LibraryError,
    Shelf,
    Visibility,
)
from services.library.transfer import DocumentError, read_document, read_drafts, write_document
from services.models import User
from services.teams import team_names, teams_to_share_with

C = TypeVar('C', bound=Model)
ONLY_ME = 'Only me'
EVERYONE_TEXT = 'Everyone on this installation'
TEAM_VALUE = 'team:'  # the sharing control's value for a team: 'team:<id>'
IMPORT_TYPES = '.yaml,.yml,.json'
ERRORS_SHOWN = 8


class EntryForm(Protocol):
    errors: FieldErrors

    def fill(self, content: Any) -> None: ...

    def value(self) -> dict[str, Any]: ...

    def changes(self) -> dict[str, Any]: ...

    def set_enabled(self, enabled: bool) -> None: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class Kind(Generic[C]):
    """One shelf of the library as its pages show it."""

    shelf: Shelf[C]
    noun: str  # 'prospect'
    title: str  # 'Prospects'
    path: str  # '/prospects'
    key: Literal['personas', 'scenarios']  # a document's key (services/library/transfer.py)
    draft_kind: Literal['prospect', 'scenario']
    intro: str
    item: Callable[[Entry[C], User], LibraryItem]
    name_of: Callable[[C], str]


# --- the library --------------------------------------------------------------------------------------------


async def library_page(kind: Kind[C], user: User, *, extra: Callable[[LibraryItem], None] | None = None) -> None:
    """The user's library of this kind: the built-ins, their own entries and those shared with everyone."""
    runtime = current_runtime()
    with member_frame(kind.title, path=kind.path, user=user):
        confirm = ConfirmDialog(confirm_text=f'Delete {kind.noun}')
        ui.label(kind.intro).classes('text-gray-600 dark:text-gray-400')
        with ui.row().classes('w-full items-center gap-2'):
            ui.button(f'New {kind.noun}', icon='add', on_click=lambda: ui.navigate.to(f'{kind.path}/new')).props(
                'no-caps'
            ).mark(f'new-{kind.noun}')
            upload = (
                ui.upload(on_upload=lambda e: import_file(e), auto_upload=True, max_file_size=1024 * 1024)
                .props(f'accept="{IMPORT_TYPES}"')
                .classes('hidden')
                .mark('import-file')
            )
            ui.button('Import', icon='upload_file', on_click=lambda: upload.run_method('pickFiles')).props(
                'outline no-caps'
            ).tooltip('A YAML or JSON file of one or more entries')
            with ui.button('Export', icon='download').props('outline no-caps').mark('export'):
                with ui.menu():
                    ui.menu_item('As YAML', on_click=lambda: export('yaml')).mark('export-yaml')
                    ui.menu_item('As JSON', on_click=lambda: export('json')).mark('export-json')
        problems = ui.column().classes('w-full gap-0').mark('import-problems')

        @ui.refreshable
        async def shelf() -> None:
            async with runtime.database.session() as session:
                entries = await kind.shelf.entries(session, user=user)
                names = await team_names(session, [entry.team_id for entry in entries if entry.team_id])
            library_list(
                [replace(kind.item(entry, user), shared_with=_shared_with(entry, names)) for entry in entries],
                path=kind.path,
                on_duplicate=duplicate,
                on_delete=delete,
                extra=extra,
            )

        async def duplicate(item: LibraryItem) -> None:
            copy = await _duplicate(kind, user, item.id)
            if copy is not None:
                ui.notify(f'Duplicated as “{kind.name_of(copy.content)}”: yours to edit.', type='positive')
                shelf.refresh()

        async def delete(item: LibraryItem) -> None:
            if await _delete(kind, user, item.id, item.title, confirm):
                shelf.refresh()

        async def import_file(event: events.UploadEventArguments) -> None:
            problems.clear()
            name = event.file.name
            data = await event.file.read()
            try:
                entries = await asyncio.to_thread(
                    read_document, data, format='json' if name.lower().endswith('.json') else 'yaml', key=kind.key
                )
                drafts = read_drafts(entries, content_type=kind.shelf.content_type)
                async with runtime.database.session() as session:
                    saved = await kind.shelf.create_many(session, user=user, drafts=drafts)
            except DocumentError as error:
                _show_problems(problems, f'{name} could not be read: {error}.', [])
            except EntryInvalid as error:
                _show_problems(problems, f'Nothing was imported from {name}:', error.errors)
            except EntryForbidden as error:
                _show_problems(problems, f'Nothing was imported from {name}: {error}', [])
            else:
                noun = kind.noun if len(saved) == 1 else f'{kind.noun}s'
                ui.notify(f'Imported {len(saved)} {noun} from {name}.', type='positive')
                shelf.refresh()
            upload.reset()

        async def export(format: Literal['json', 'yaml']) -> None:
            async with runtime.database.session() as session:
                entries = await kind.shelf.entries(session, user=user)
            text = write_document(entries, key=kind.key, format=format, user=user)
            ui.download.content(text.encode(), f'{kind.key}.{format}', media_type=f'application/{format}')

        await shelf()


def _show_problems(box: ui.column, title: str, errors: list[dict[str, Any]]) -> None:
    """An import's problems, each named by the entry (its place in the file, from 1) and the field."""
    with box, ui.card().classes('w-full gap-1 bg-red-50 dark:bg-red-950'):
        ui.label(title).classes('text-negative font-medium break-words')
        for error in errors[:ERRORS_SHOWN]:
            loc = list(error.get('loc', ()))
            entry = f'entry {int(loc.pop(0)) + 1}' if loc and isinstance(loc[0], int) else 'the file'
            field = '.'.join(str(part) for part in loc)
            ui.label(f'{entry}, {field or "the entry"}: {error.get("msg", "invalid")}').classes('text-sm break-words')
        if len(errors) > ERRORS_SHOWN:
            ui.label(f'… and {len(errors) - ERRORS_SHOWN} more.').classes('text-sm')


# --- one entry ----------------------------------------------------------------------------------------------


async def editor_page(
    kind: Kind[C],
    user: User,
    entry_id: str | None,
    *,
    make_form: Callable[[Callable[[], None]], Awaitable[EntryForm]],
    side: Callable[[EntryForm], Callable[[], None]] | None = None,
) -> None:
    """A new entry (`entry_id` None) or one the user may see; `make_form(on_change)` draws the form, `side(form)`
    draws what goes beside it and returns what to call when the form changes (the prompt's preview)."""
    runtime = current_runtime()
    entry: Entry[C] | None = None
    try:
        async with runtime.database.session() as session:
            if entry_id is not None:
                entry = await kind.shelf.get(session, user=user, entry_id=entry_id)
            names = await team_names(session, [entry.team_id] if entry and entry.team_id else [])
            teams = await teams_to_share_with(session, user)
    except EntryNotFound:
        with member_frame(kind.title, path=kind.path, user=user):
            not_found(
                f'This {kind.noun} does not exist, or it is not yours.',
                link_text=f'Back to {kind.title.lower()}',
                target=kind.path,
            )
        return
    editable = entry is None or entry.owned_by(user)
    heading = f'New {kind.noun}' if entry is None else kind.name_of(entry.content)

    with member_frame(heading, path=kind.path, user=user):
        confirm = ConfirmDialog(confirm_text=f'Delete {kind.noun}')
        if not editable:
            assert entry is not None
            _read_only_note(kind, entry, _shared_with(entry, names))
        draft_box = ui.column().classes('w-full gap-2')
        refresh_side: Callable[[], None] = lambda: None  # noqa: E731  (set once the side is drawn)
        with ui.row().classes('w-full items-start gap-4'):
            with ui.column().classes('grow basis-[28rem] min-w-0 gap-4'):
                form = await make_form(lambda: refresh_side())
            if side is not None:
                with ui.column().classes('w-full lg:w-96 lg:sticky lg:top-20 gap-4'):
                    refresh_side = side(form)
        if entry is not None:
            form.fill(entry.content)
        form.set_enabled(editable)
        refresh_side()

        visibility: ui.select | None = None
        options = _sharing_options(user, entry, {**names, **teams})
        if editable and len(options) > 1:
            with ui.column().classes('gap-0'):
                visibility = ui.select(options, label='Who may use it', value=_sharing_value(entry))
                visibility.props('outlined dense').classes('w-72 max-w-full').mark('visibility')
                ui.label('Shared entries are read-only to everyone but you.').classes(
                    'text-xs text-gray-500 dark:text-gray-400'
                )

        async def save() -> None:
            shared, team_id = _sharing(visibility.value if visibility is not None else 'private')
            try:
                content = kind.shelf.content_type.model_validate(form.value())
            except ValidationError as error:
                _invalid(form, [dict(problem) for problem in error.errors(include_url=False, include_input=False)])
                return
            try:
                async with runtime.database.session() as session:
                    if entry is None:
                        saved = await kind.shelf.create(
                            session, user=user, draft=Draft(content=content, visibility=shared, team_id=team_id)
                        )
                    else:
                        saved = await kind.shelf.update(
                            session,
                            user=user,
                            entry_id=entry.id,
                            changes=form.changes(),
                            visibility=shared if visibility is not None else None,
                            team_id=team_id,
                        )
            except EntryInvalid as error:
                _invalid(form, error.errors)
                return
            except LibraryError as error:
                ui.notify(str(error), type='negative')
                return
            form.errors.clear()
            ui.notify(f'Saved “{kind.name_of(saved.content)}”.', type='positive')
            if entry is None:
                ui.navigate.to(f'{kind.path}/{saved.id}')

        async def duplicate() -> None:
            assert entry is not None
            copy = await _duplicate(kind, user, entry.id)
            if copy is not None:
                ui.notify(f'Duplicated as “{kind.name_of(copy.content)}”: yours to edit.', type='positive')
                ui.navigate.to(f'{kind.path}/{copy.id}')

        async def delete() -> None:
            assert entry is not None
            if await _delete(kind, user, entry.id, kind.name_of(entry.content), confirm):
                ui.navigate.to(kind.path)

        def export() -> None:
            assert entry is not None
            text = write_document([entry], key=kind.key, format='yaml', user=user)
            ui.download.content(text.encode(), f'{kind.noun}-{entry.id}.yaml', media_type='application/yaml')

        with ui.row().classes('w-full items-center gap-2'):
            if editable:
                ui.button('Save', icon='save', on_click=save).props('no-caps').mark('save')
            ui.button('Back', on_click=lambda: ui.navigate.to(kind.path)).props('flat no-caps')
            if entry is not None:
                ui.button('Duplicate', icon='content_copy', on_click=duplicate).props('outline no-caps').mark(
                    'duplicate'
                )
                ui.button('Export', icon='download', on_click=export).props('flat no-caps').mark('export')
            if entry is not None and editable:
                ui.space()
                ui.button('Delete', icon='delete_outline', on_click=delete).props('flat no-caps color=negative').mark(
                    'delete'
                )

        if editable:
            with draft_box:
                _draft_from_description(kind, form)


def prompt_card(
    form: EntryForm, *, title: str, note: str, render: Callable[[dict[str, Any]], str]
) -> Callable[[], None]:
    """A card beside the editor with the prompt the fields make (`render(form.value())`), and the function that
    redraws it as they change; while they do not validate it keeps the last valid version and says so."""
    with ui.card().classes('w-full gap-2'):
        ui.label(title).classes('font-medium')
        ui.label(note).classes('text-xs text-gray-500 dark:text-gray-400')
        text = ui.label().classes('text-xs font-mono whitespace-pre-wrap break-words').mark('prompt-preview')
        stale = ui.label('Fix the fields marked in red; this shows the last valid version.').classes(
            'text-xs text-warning'
        )
        stale.set_visibility(False)

    def refresh() -> None:
        try:
            preview = render(form.value())
        except ValidationError:
            stale.set_visibility(bool(text.text))
            return
        stale.set_visibility(False)
        text.set_text(preview)

    return refresh


def _read_only_note(kind: Kind[C], entry: Entry[C], shared_with: str | None) -> None:
    with ui.row().classes('w-full items-center gap-2'):
        text = BUILTIN_TEXT if entry.builtin else sharing_text(shared_with or EVERYONE)
        ui.badge(text, color='grey-7' if entry.builtin else 'positive')
        ui.label(f'You may use this {kind.noun} but not change it; duplicate it to make a copy of your own.').classes(
            'text-gray-600 dark:text-gray-400'
        )


def _draft_from_description(kind: Kind[C], form: EntryForm) -> None:
    """'Draft from a description', when a language model is configured: it fills the form and saves nothing."""
    model = current_runtime().draft_model()
    if model is None:
        return
    with ui.expansion('Draft from a description', icon='auto_awesome').classes('w-full').props('dense'):
        ui.label(
            f'Describe the {kind.noun} in a paragraph; the model fills in the fields below for you to review. '
            'Nothing is saved until you press Save.'
        ).classes('text-sm text-gray-600 dark:text-gray-400')
        description = ui.textarea(placeholder='e.g. A finance director at a 300-person retailer who ...')
        description.props(f'outlined autogrow maxlength={MAX_DESCRIPTION} counter').classes('w-full')
        description.mark('draft-description')

        async def draft() -> None:
            button.props('loading')
            try:
                content = await draft_entry(kind.draft_kind, description.value or '', settings=model)
            except (DraftFailed, DraftUnavailable) as error:
                ui.notify(str(error), type='warning', multi_line=True)
                return
            finally:
                button.props(remove='loading')
            form.fill(content)
            form.errors.clear()
            ui.notify('Drafted: review the fields, then Save.', type='positive')

        button = ui.button('Draft the fields', icon='auto_awesome', on_click=draft).props('no-caps').mark('draft')


def _invalid(form: EntryForm, errors: list[dict[str, Any]]) -> None:
    form.errors.show(errors)
    count = len(errors)
    ui.notify(f'Not saved: {count} field{"s" if count != 1 else ""} to fix (marked in red).', type='warning')


async def _duplicate(kind: Kind[C], user: User, entry_id: str) -> Entry[C] | None:
    try:
        async with current_runtime().database.session() as session:
            return await kind.shelf.duplicate(session, user=user, entry_id=entry_id)
    except LibraryError as error:
        ui.notify(str(error), type='negative')
        return None


async def _delete(kind: Kind[C], user: User, entry_id: str, name: str, confirm: ConfirmDialog) -> bool:
    """Asks first; True once the entry is gone (also when it had gone already)."""
    if not await confirm.ask(
        title=f'Delete the {kind.noun} “{name}”?',
        text='Calls practised on it keep what they were practised on. This cannot be undone.',
    ):
        return False
    try:
        async with current_runtime().database.session() as session:
            await kind.shelf.delete(session, user=user, entry_id=entry_id)
    except EntryNotFound:
        ui.notify(f'That {kind.noun} is gone already.')
        return True
    except LibraryError as error:
        ui.notify(str(error), type='negative')
        return False
    ui.notify(f'Deleted “{name}”.', type='positive')
    return True


def _shared_with(entry: Entry[Any], names: Mapping[uuid.UUID, str]) -> str | None:
    """Whom an entry is shared with, as its badge says: 'everyone', a team's name, or None (private)."""
    if entry.visibility == EVERYONE:
        return EVERYONE
    if entry.visibility == TEAM and entry.team_id is not None:
        return names.get(entry.team_id, 'a team')
    return None


def _sharing_options(user: User, entry: Entry[Any] | None, teams: Mapping[uuid.UUID, str]) -> dict[str, str]:
    """What the user may choose: only them, a team they may share with (or the one it is shared with already) and,
    for an admin, everyone."""
    options = {'private': ONLY_ME}
    options.update({f'{TEAM_VALUE}{team_id}': f'Team {name}' for team_id, name in teams.items()})
    if user.is_admin or (entry is not None and entry.visibility == EVERYONE):
        options[EVERYONE] = EVERYONE_TEXT
    return options


def _sharing_value(entry: Entry[Any] | None) -> str:
    if entry is None:
        return 'private'
    return f'{TEAM_VALUE}{entry.team_id}' if entry.visibility == TEAM else entry.visibility


def _sharing(value: str) -> tuple[Visibility, uuid.UUID | None]:
    """The control's value as a visibility and a team."""
    if value.startswith(TEAM_VALUE):
        return TEAM, uuid.UUID(value.removeprefix(TEAM_VALUE))
    return (EVERYONE, None) if value == EVERYONE else ('private', None)
