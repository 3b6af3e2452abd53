"""A library of prospects or scenarios: each entry's title and what it is, marked built-in (read-only), shared with
a team or with everyone, or private, with what the rep may do with it (their own: Edit, Duplicate, Delete; the
others: View, Duplicate)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nicegui import ui

BUILTIN_TEXT = 'Built-in · read-only'
SHARED_TEXT = 'Shared with everyone'
TEAM_TEXT = 'Team {team}'
PRIVATE_TEXT = 'Private'


@dataclass(frozen=True, kw_only=True, slots=True)
class LibraryItem:
    id: str
    title: str
    detail: str  # one line under the title: who they are, or the kind of call
    summary: str
    tags: tuple[str, ...] = ()
    builtin: bool
    own: bool
    shared_with: str | None = None  # 'everyone' or a team's name; None: private


def library_list(
    items: Sequence[LibraryItem],
    *,
    path: str,
    on_duplicate: Callable[[LibraryItem], object],
    on_delete: Callable[[LibraryItem], object],
    extra: Callable[[LibraryItem], None] | None = None,
) -> None:
    """The entries as cards, one a row; `path` is the editor's address (`{path}/{id}`). `extra` draws more buttons
    for an entry (e.g. Practise)."""
    with ui.column().classes('w-full gap-3'):
        for item in items:
            with ui.card().classes('w-full gap-1').mark(f'entry-{item.id}'):
                with ui.row().classes('w-full items-start justify-between gap-2'):
                    with ui.column().classes('gap-0 min-w-0 grow basis-48'):
                        ui.label(item.title).classes('text-lg font-medium break-words')
                        if item.detail:
                            ui.label(item.detail).classes('text-sm text-gray-500 dark:text-gray-400 break-words')
                    with ui.row().classes('gap-1 items-center'):
                        for tag in item.tags:
                            ui.badge(tag, color='blue-grey').props('outline')
                        _visibility_badge(item)
                if item.summary:
                    ui.label(item.summary).classes('text-sm break-words')
                with ui.row().classes('w-full items-center gap-1 mt-1'):
                    target = f'{path}/{item.id}'
                    if item.own:
                        ui.button('Edit', icon='edit', on_click=lambda _, t=target: ui.navigate.to(t)).props(
                            'flat dense no-caps'
                        ).mark(f'edit-{item.id}')
                    else:
                        ui.button('View', icon='visibility', on_click=lambda _, t=target: ui.navigate.to(t)).props(
                            'flat dense no-caps'
                        ).mark(f'view-{item.id}')
                    ui.button('Duplicate', icon='content_copy', on_click=lambda _, i=item: on_duplicate(i)).props(
                        'flat dense no-caps'
                    ).mark(f'duplicate-{item.id}')
                    if extra is not None:
                        extra(item)
                    if item.own:
                        ui.space()
                        ui.button('Delete', icon='delete_outline', on_click=lambda _, i=item: on_delete(i)).props(
                            'flat dense no-caps color=negative'
                        ).mark(f'delete-{item.id}')


def _visibility_badge(item: LibraryItem) -> None:
    if item.builtin:
        ui.badge(BUILTIN_TEXT, color='grey-7').mark('builtin')
    elif item.shared_with is not None:
        ui.badge(sharing_text(item.shared_with), color='positive').mark('shared')
    else:
        ui.badge(PRIVATE_TEXT, color='primary').props('outline').mark('private')


def sharing_text(shared_with: str) -> str:
    """The badge of an entry shared with everyone, or with the team of this name."""
    return SHARED_TEXT if shared_with == 'everyone' else TEAM_TEXT.format(team=shared_with)
