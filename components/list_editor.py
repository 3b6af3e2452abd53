"""An editable list of short texts (objections, pains, goals): a row per item with its remove button, and Add."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nicegui import ui

from components.form_errors import ErrorLabel, Loc


@dataclass(kw_only=True, slots=True)
class _Row:
    box: ui.column
    field: ui.input
    remove: ui.button
    label: ErrorLabel


class ListEditor:
    """The rows' texts as a list; blank rows are left out of `values`. Messages about the list go under it, about
    an item under that item's row (`show_error` takes the rest of the path: the item's index among `values`).

    Add and Remove change only the row they concern: redrawing every row would put back the server's copy of the
    others, and a word typed a moment before (still on its way from the browser) would be lost.

    :param marker: each row's input is marked `{marker}-{n}` (n from 0), its remove button `remove-{marker}-{n}`,
        the Add button `add-{marker}`.
    """

    def __init__(
        self,
        *,
        items: Sequence[str],
        marker: str,
        add_text: str,
        placeholder: str,
        max_items: int,
        on_change: Callable[[], None],
    ) -> None:
        self.marker, self.placeholder, self.max_items, self.on_change = marker, placeholder, max_items, on_change
        self._rows: list[_Row] = []
        self.enabled = True
        with ui.column().classes('w-full gap-1'):
            self.rows = ui.column().classes('w-full gap-1')
            self.list_error = ErrorLabel(marker)
            self.add_button = ui.button(add_text, icon='add', on_click=self._add).props('flat dense no-caps')
            self.add_button.mark(f'add-{marker}')
        self.set_values(items)

    @property
    def inputs(self) -> list[ui.input]:
        return [row.field for row in self._rows]

    def values(self) -> list[str]:
        return [text for field in self.inputs if (text := (field.value or '').strip())]

    def set_values(self, items: Sequence[str]) -> None:
        self.rows.clear()
        self._rows = []
        for text in items:
            self._append(text)
        self._update()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        for row in self._rows:
            row.field.set_enabled(enabled)
            row.remove.set_enabled(enabled)
        self._update()

    def show_error(self, rest: Loc, message: str) -> None:
        if rest and isinstance(rest[0], int):
            filled = [row for row in self._rows if (row.field.value or '').strip()]
            if rest[0] < len(filled):
                filled[rest[0]].label.show_error(rest[1:], message)
                return
        self.list_error.show_error(rest, message)

    def clear_errors(self) -> None:
        self.list_error.clear_errors()
        for row in self._rows:
            row.label.clear_errors()

    def _add(self) -> None:
        if len(self._rows) >= self.max_items:
            return
        row = self._append('')
        self._update()
        row.field.run_method('focus')

    def _remove(self, row: _Row) -> None:
        if row not in self._rows:
            return  # a second click on a row already gone
        self._rows.remove(row)
        self.rows.remove(row.box)
        self._update()
        self.on_change()

    def _append(self, text: str) -> _Row:
        with self.rows, ui.column().classes('w-full gap-0') as box:
            with ui.row().classes('w-full items-center gap-1 no-wrap'):
                field = ui.input(value=text, placeholder=self.placeholder, on_change=self.on_change)
                field.props('outlined dense maxlength=300').classes('grow min-w-0')
                field.set_enabled(self.enabled)
                remove = ui.button(icon='close').props('flat round dense aria-label=Remove').tooltip('Remove')
                remove.set_enabled(self.enabled)
            label = ErrorLabel()
        row = _Row(box=box, field=field, remove=remove, label=label)
        remove.on_click(lambda: self._remove(row))
        self._rows.append(row)
        return row

    def _update(self) -> None:
        """Marks follow the rows' order (tests and the error messages refer to rows by place)."""
        for index, row in enumerate(self._rows):
            row.field.mark(f'{self.marker}-{index}')
            row.remove.mark(f'remove-{self.marker}-{index}')
        self.add_button.set_visibility(self.enabled)
        self.add_button.set_enabled(len(self._rows) < self.max_items)
