"""An editable list of short texts (objections, pains, goals): a row per item with its remove button, and Add."""

from collections.abc import Callable, Sequence

from nicegui import ui

from components.form_errors import ErrorLabel, Loc


class ListEditor:
    """The rows' texts as a list; blank rows are left out of `values`. Messages about the list go under it, about
    an item under that item's row (`show_error` takes the rest of the path: the item's index among `values`).

    :param marker: each row's input is marked `{marker}-{n}` (n from 0), the Add button `add-{marker}`.
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
        self.inputs: list[ui.input] = []
        self.labels: list[ErrorLabel] = []
        self.enabled = True
        with ui.column().classes('w-full gap-1'):
            self.rows = ui.column().classes('w-full gap-1')
            self.list_error = ErrorLabel(marker)
            self.add_button = ui.button(add_text, icon='add', on_click=self._add).props('flat dense no-caps')
            self.add_button.mark(f'add-{marker}')
        self.set_values(items)

    def values(self) -> list[str]:
        return [text for field in self.inputs if (text := (field.value or '').strip())]

    def set_values(self, items: Sequence[str]) -> None:
        self._draw(list(items))

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._draw(self._texts())

    def show_error(self, rest: Loc, message: str) -> None:
        if rest and isinstance(rest[0], int):
            filled = [index for index, field in enumerate(self.inputs) if (field.value or '').strip()]
            if rest[0] < len(filled):
                self.labels[filled[rest[0]]].show_error(rest[1:], message)
                return
        self.list_error.show_error(rest, message)

    def clear_errors(self) -> None:
        self.list_error.clear_errors()
        for label in self.labels:
            label.clear_errors()

    def _texts(self) -> list[str]:
        return [field.value or '' for field in self.inputs]

    def _add(self) -> None:
        self._draw([*self._texts(), ''])
        if self.inputs:
            self.inputs[-1].run_method('focus')

    def _remove(self, index: int) -> None:
        texts = self._texts()
        del texts[index]
        self._draw(texts)
        self.on_change()

    def _draw(self, texts: list[str]) -> None:
        self.rows.clear()
        self.inputs, self.labels = [], []
        with self.rows:
            for index, text in enumerate(texts):
                with ui.column().classes('w-full gap-0'):
                    with ui.row().classes('w-full items-center gap-1 no-wrap'):
                        field = ui.input(value=text, placeholder=self.placeholder, on_change=self.on_change)
                        field.props('outlined dense maxlength=300').classes('grow min-w-0')
                        field.mark(f'{self.marker}-{index}')
                        field.set_enabled(self.enabled)
                        remove = ui.button(icon='close', on_click=lambda _, i=index: self._remove(i))
                        remove.props('flat round dense aria-label=Remove').tooltip('Remove').set_enabled(self.enabled)
                    self.labels.append(ErrorLabel())
                self.inputs.append(field)
        self.add_button.set_visibility(self.enabled)
        self.add_button.set_enabled(len(texts) < self.max_items)
