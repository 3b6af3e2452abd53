"""The scorecard editor: criteria as rows (what the rep should do, yes/no or 1-5, a weight, what counts as evidence),
added, removed and moved up or down; at most 20. Each weight is shown as its share of the total, which is how the
report weighs it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nicegui import ui

from components.form_errors import ErrorLabel, Loc
from services.library.scenario import MAX_CRITERIA, Criterion, criterion_id

KINDS = {'yes_no': 'Yes / no', 'scale_1_5': '1–5'}
FIELDS = ('text', 'kind', 'weight', 'evidence_hint')


@dataclass(kw_only=True, slots=True)
class _Row:
    id: str | None  # kept for a stored criterion (grades refer to it); a new one gets one from its text
    card: ui.card
    text: ui.input
    kind: ui.select
    weight: ui.number
    hint: ui.input
    share: ui.label
    up: ui.button
    down: ui.button
    remove: ui.button
    errors: dict[str, ErrorLabel]

    def mark(self, index: int) -> None:
        """Marks and the label follow the row's place (tests and error messages refer to rows by place)."""
        self.card.mark(f'criterion-{index}')
        self.text.props(f'label="Criterion {index + 1}"')
        for name, element in (
            ('criterion-text', self.text),
            ('criterion-kind', self.kind),
            ('criterion-weight', self.weight),
            ('criterion-hint', self.hint),
            ('share', self.share),
            ('move-up', self.up),
            ('move-down', self.down),
            ('remove-criterion', self.remove),
        ):
            element.mark(f'{name}-{index}')
        for field, label in self.errors.items():
            label.label.mark(f'error-criteria.{index}.{field}')

    def enable(self, enabled: bool, *, first: bool, last: bool) -> None:
        for element in (self.text, self.kind, self.weight, self.hint, self.remove):
            element.set_enabled(enabled)
        self.up.set_enabled(enabled and not first)
        self.down.set_enabled(enabled and not last)


class ScorecardEditor:
    """`values()` is the criteria as the scenario's fields; messages about a criterion's field show under it.

    Add, Remove and the moves change only the rows they concern: redrawing every row would put back the server's
    copy of the others, and a word typed a moment before (still on its way from the browser) would be lost."""

    def __init__(self, *, on_change: Callable[[], None]) -> None:
        self.on_change = on_change
        self.enabled = True
        self.rows: list[_Row] = []
        with ui.column().classes('w-full gap-2'):
            self.box = ui.column().classes('w-full gap-2')
            self.list_error = ErrorLabel('criteria')
            with ui.row().classes('w-full items-center gap-2'):
                self.add_button = ui.button('Add criterion', icon='add', on_click=self._add).props('flat dense no-caps')
                self.add_button.mark('add-criterion')
                self.count = ui.label().classes('text-sm text-gray-500 dark:text-gray-400')

    def values(self) -> list[dict[str, Any]]:
        taken = {row.id for row in self.rows if row.id}
        criteria = []
        for row in self.rows:
            text = str(row.text.value or '').strip()
            slug = row.id or criterion_id(text, taken)
            taken.add(slug)
            criteria.append(
                {
                    'id': slug,
                    'text': text,
                    'kind': row.kind.value,
                    'weight': row.weight.value,
                    'evidence_hint': str(row.hint.value or '').strip() or None,
                }
            )
        return criteria

    def set_values(self, criteria: Sequence[Criterion]) -> None:
        self.box.clear()
        self.rows = []
        for criterion in criteria:
            self._append(criterion.model_dump())
        self._update()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._update()

    def show_error(self, rest: Loc, message: str) -> None:
        if rest and isinstance(rest[0], int) and rest[0] < len(self.rows):
            row = self.rows[rest[0]]
            field = str(rest[1]) if len(rest) > 1 else 'text'
            row.errors.get(field, row.errors['text']).show_error(rest[2:], message)
            return
        self.list_error.show_error(rest, message)

    def clear_errors(self) -> None:
        self.list_error.clear_errors()
        for row in self.rows:
            for label in row.errors.values():
                label.clear_errors()

    def _add(self) -> None:
        if len(self.rows) >= MAX_CRITERIA:
            return
        row = self._append({'id': None, 'text': '', 'kind': 'yes_no', 'weight': 1, 'evidence_hint': ''})
        self._update()
        row.text.run_method('focus')
        self.on_change()

    def _remove(self, row: _Row) -> None:
        if row not in self.rows:
            return  # a second click on a row already gone
        self.rows.remove(row)
        self.box.remove(row.card)
        self._update()
        self.on_change()

    def _move(self, row: _Row, by: int) -> None:
        if row not in self.rows:
            return
        index = self.rows.index(row)
        if not 0 <= index + by < len(self.rows):
            return
        self.rows.insert(index + by, self.rows.pop(index))
        row.card.move(target_index=index + by)
        self._update()
        self.on_change()

    def _weights_changed(self) -> None:
        self._show_shares()
        self.on_change()

    def _show_shares(self) -> None:
        weights = [_weight(row.weight.value) for row in self.rows]
        total = sum(weights)
        for row, weight in zip(self.rows, weights, strict=True):
            row.share.set_text(f'{weight / total:.0%} of the total' if total and weight else '—')
        self.count.set_text(f'{len(self.rows)} of {MAX_CRITERIA} criteria')

    def _update(self) -> None:
        last = len(self.rows) - 1
        for index, row in enumerate(self.rows):
            row.mark(index)
            row.enable(self.enabled, first=index == 0, last=index == last)
        self.add_button.set_visibility(self.enabled)
        self.add_button.set_enabled(len(self.rows) < MAX_CRITERIA)
        self._show_shares()

    def _append(self, item: dict[str, Any]) -> _Row:
        with self.box, ui.card().classes('w-full gap-1 p-3').props('flat bordered') as card:
            errors: dict[str, ErrorLabel] = {}
            text = ui.input(label='Criterion', value=item['text'], on_change=self.on_change)
            text.props('outlined dense maxlength=300').classes('w-full')
            text.props('placeholder="As a question a grader answers: Did the rep ask who else decides?"')
            errors['text'] = ErrorLabel()
            with ui.row().classes('w-full items-center gap-2'):
                kind = ui.select(KINDS, label='Kind', value=item['kind'], on_change=self.on_change)
                kind.props('outlined dense').classes('w-32')
                weight = ui.number(label='Weight', value=item['weight'], min=0, step=1, on_change=self._weights_changed)
                weight.props('outlined dense').classes('w-24')
                share = ui.label().classes('text-sm text-gray-500 dark:text-gray-400')
                ui.space()
                with ui.row().classes('gap-0 no-wrap'):
                    up = ui.button(icon='arrow_upward').props('flat round dense aria-label="Move up"')
                    down = ui.button(icon='arrow_downward').props('flat round dense aria-label="Move down"')
                    remove = ui.button(icon='delete_outline').props('flat round dense aria-label="Remove criterion"')
            errors['kind'] = ErrorLabel()
            errors['weight'] = ErrorLabel()
            hint = ui.input(label='What counts as evidence', value=item['evidence_hint'] or '')
            hint.on_value_change(self.on_change)
            hint.props('outlined dense maxlength=200').classes('w-full')
            errors['evidence_hint'] = ErrorLabel()
        row = _Row(
            id=item['id'],
            card=card,
            text=text,
            kind=kind,
            weight=weight,
            hint=hint,
            share=share,
            up=up,
            down=down,
            remove=remove,
            errors=errors,
        )
        up.on_click(lambda: self._move(row, -1))
        down.on_click(lambda: self._move(row, 1))
        remove.on_click(lambda: self._remove(row))
        self.rows.append(row)
        return row


def _weight(value: Any) -> float:
    try:
        weight = float(value)
    except (TypeError, ValueError):
        return 0.0
    return weight if weight > 0 else 0.0
