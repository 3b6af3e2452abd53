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
    text: ui.input
    kind: ui.select
    weight: ui.number
    hint: ui.input
    share: ui.label
    errors: dict[str, ErrorLabel]


class ScorecardEditor:
    """`values()` is the criteria as the scenario's fields; messages about a criterion's field show under it."""

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
        self._draw([c.model_dump() for c in criteria])

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._draw(self._state())

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

    def _state(self) -> list[dict[str, Any]]:
        return [
            {
                'id': row.id,
                'text': row.text.value or '',
                'kind': row.kind.value,
                'weight': row.weight.value,
                'evidence_hint': row.hint.value or '',
            }
            for row in self.rows
        ]

    def _add(self) -> None:
        self._draw([*self._state(), {'id': None, 'text': '', 'kind': 'yes_no', 'weight': 1, 'evidence_hint': ''}])
        self.on_change()

    def _remove(self, index: int) -> None:
        state = self._state()
        del state[index]
        self._draw(state)
        self.on_change()

    def _move(self, index: int, by: int) -> None:
        state = self._state()
        state[index], state[index + by] = state[index + by], state[index]
        self._draw(state)
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

    def _draw(self, state: list[dict[str, Any]]) -> None:
        self.box.clear()
        self.rows = []
        last = len(state) - 1
        with self.box:
            for index, item in enumerate(state):
                with ui.card().classes('w-full gap-1 p-3').props('flat bordered').mark(f'criterion-{index}'):
                    errors: dict[str, ErrorLabel] = {}
                    text = ui.input(label=f'Criterion {index + 1}', value=item['text'], on_change=self.on_change)
                    text.props('outlined dense maxlength=300').classes('w-full').mark(f'criterion-text-{index}')
                    text.props('placeholder="As a question a grader answers: Did the rep ask who else decides?"')
                    errors['text'] = ErrorLabel(f'criteria.{index}.text')
                    with ui.row().classes('w-full items-center gap-2'):
                        kind = ui.select(KINDS, label='Kind', value=item['kind'], on_change=self.on_change)
                        kind.props('outlined dense').classes('w-32').mark(f'criterion-kind-{index}')
                        weight = ui.number(
                            label='Weight', value=item['weight'], min=0, step=1, on_change=self._weights_changed
                        )
                        weight.props('outlined dense').classes('w-24').mark(f'criterion-weight-{index}')
                        share = ui.label().classes('text-sm text-gray-500 dark:text-gray-400').mark(f'share-{index}')
                        ui.space()
                        with ui.row().classes('gap-0 no-wrap'):
                            up = ui.button(icon='arrow_upward', on_click=lambda _, i=index: self._move(i, -1))
                            up.props('flat round dense aria-label="Move up"').mark(f'move-up-{index}')
                            up.set_enabled(self.enabled and index > 0)
                            down = ui.button(icon='arrow_downward', on_click=lambda _, i=index: self._move(i, 1))
                            down.props('flat round dense aria-label="Move down"').mark(f'move-down-{index}')
                            down.set_enabled(self.enabled and index < last)
                            remove = ui.button(icon='delete_outline', on_click=lambda _, i=index: self._remove(i))
                            remove.props('flat round dense aria-label="Remove criterion"')
                            remove.mark(f'remove-criterion-{index}')
                            remove.set_enabled(self.enabled)
                    errors['kind'] = ErrorLabel(f'criteria.{index}.kind')
                    errors['weight'] = ErrorLabel(f'criteria.{index}.weight')
                    hint = ui.input(label='What counts as evidence', value=item['evidence_hint'] or '')
                    hint.on_value_change(self.on_change)
                    hint.props('outlined dense maxlength=200').classes('w-full').mark(f'criterion-hint-{index}')
                    errors['evidence_hint'] = ErrorLabel(f'criteria.{index}.evidence_hint')
                    errors['id'] = errors['text']  # an id is made from the text
                    for element in (text, kind, weight, hint):
                        element.set_enabled(self.enabled)
                self.rows.append(
                    _Row(id=item['id'], text=text, kind=kind, weight=weight, hint=hint, share=share, errors=errors)
                )
        self.add_button.set_visibility(self.enabled)
        self.add_button.set_enabled(len(state) < MAX_CRITERIA)
        self._show_shares()


def _weight(value: Any) -> float:
    try:
        weight = float(value)
    except (TypeError, ValueError):
        return 0.0
    return weight if weight > 0 else 0.0
