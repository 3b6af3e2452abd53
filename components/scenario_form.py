"""The scenario editor's form: what the rep sells and to whom, the kind of call, the prospects it suits, the goals
shown to the rep, the scorecard and its pass mark, and an optional time limit."""

from collections.abc import Callable, Mapping
from typing import Any

from nicegui import ui

from components.form_errors import FieldErrors, Loc
from components.list_editor import ListEditor
from components.prospect_form import section
from components.scorecard_editor import ScorecardEditor
from services.library.prospect import MAX_ITEMS
from services.library.scenario import CALL_TYPE_LABELS, DEFAULT_PASS_MARK, MAX_GOALS, ScenarioSpec

BLANK = ScenarioSpec.model_construct(title='')
UNAVAILABLE = ' (not available to you)'


class _MinutesErrors:
    """The time limit is stored in seconds and typed in minutes: its messages are said in minutes."""

    def __init__(self, sink: Any) -> None:
        self.sink = sink

    def show_error(self, rest: Loc, message: str) -> None:
        self.sink.show_error(rest, 'A time limit is 1 to 60 whole minutes, or none.')

    def clear_errors(self) -> None:
        self.sink.clear_errors()


class ScenarioForm:
    """`value()` is the form as a scenario's fields; `changes()` the same as a JSON merge patch (no time limit is
    null). `prospects` are the prospects the rep may name: id to label."""

    def __init__(self, *, prospects: Mapping[str, str], on_change: Callable[[], None]) -> None:
        self.on_change = on_change
        self.prospect_labels = dict(prospects)
        self.errors = FieldErrors()
        with section('What the rep sells'):
            self.title = self._input('title', 'Title *', maxlength=80)
            self.product = self._input('product', 'Product or service', area=True)
            ui.label('Value propositions').classes('font-medium')
            self.value_props = ListEditor(
                items=[],
                marker='value_props',
                add_text='Add a value proposition',
                placeholder='e.g. Cuts follow-up time by half',
                max_items=MAX_ITEMS,
                on_change=on_change,
            )
            self.errors.add('value_props', self.value_props)
            self.audience = self._input('audience', 'Audience', placeholder='The kind of buyer and company')

        with section('The call'):
            with ui.column().classes('w-full gap-0'):
                self.call_type = ui.select(CALL_TYPE_LABELS, label='Call type', value='discovery', on_change=on_change)
                self.call_type.props('outlined dense').classes('w-full sm:w-64').mark('call_type')
                self.errors.field('call_type')
            with ui.column().classes('w-full gap-0'):
                self.prospects = ui.select(
                    dict(self.prospect_labels), label='Suitable prospects', multiple=True, value=[], on_change=on_change
                )
                self.prospects.props('outlined dense use-chips').classes('w-full').mark('persona_ids')
                ui.label('None chosen: any prospect suits it.').classes('text-xs text-gray-500 dark:text-gray-400')
                self.errors.field('persona_ids')

        with section('Goals', 'Shown to the rep before the call and in a panel during it.'):
            self.goals = ListEditor(
                items=[],
                marker='goals',
                add_text='Add a goal',
                placeholder='e.g. Book a 30-minute demo',
                max_items=MAX_GOALS,
                on_change=on_change,
            )
            self.errors.add('goals', self.goals)

        with section('Scorecard', 'The call is graded on these; each weight counts as its share of the total.'):
            self.scorecard = ScorecardEditor(on_change=on_change)
            self.errors.add('criteria', self.scorecard)
            with ui.row().classes('w-full items-start gap-4 mt-2'):
                with ui.column().classes('gap-0'):
                    self.pass_mark = ui.number(
                        label='Pass mark', value=DEFAULT_PASS_MARK, min=0, max=100, step=1, on_change=on_change
                    )
                    self.pass_mark.props('outlined dense suffix="/ 100"').classes('w-36').mark('pass_mark')
                    self.errors.field('pass_mark')
                with ui.column().classes('gap-0'):
                    self.minutes = ui.number(label='Time limit', min=1, max=60, step=1, on_change=on_change)
                    self.minutes.props('outlined dense clearable suffix=min').classes('w-36').mark('time_limit')
                    ui.label('Empty: no limit.').classes('text-xs text-gray-500 dark:text-gray-400')
                    self.errors.add('time_limit_s', _MinutesErrors(self.errors.field('time_limit')))
        self.errors.place_summary()
        self.fill(BLANK)

    def fill(self, spec: ScenarioSpec) -> None:
        self.title.set_value(spec.title)
        self.product.set_value(spec.product)
        self.value_props.set_values(spec.value_props)
        self.audience.set_value(spec.audience)
        self.call_type.set_value(spec.call_type)
        missing = {pid: pid + UNAVAILABLE for pid in spec.persona_ids if pid not in self.prospect_labels}
        self.prospects.set_options({**self.prospect_labels, **missing}, value=list(spec.persona_ids))
        self.goals.set_values(spec.goals)
        self.scorecard.set_values(spec.criteria)
        self.pass_mark.set_value(spec.pass_mark)
        self.minutes.set_value(None if spec.time_limit_s is None else round(spec.time_limit_s / 60))

    def value(self) -> dict[str, Any]:
        minutes = self.minutes.value
        return {
            'title': _text(self.title),
            'product': _text(self.product),
            'value_props': self.value_props.values(),
            'audience': _text(self.audience),
            'call_type': self.call_type.value,
            'persona_ids': list(self.prospects.value or []),
            'goals': self.goals.values(),
            'criteria': self.scorecard.values(),
            'pass_mark': self.pass_mark.value,
            'time_limit_s': None if minutes in (None, '') else _seconds(minutes),
        }

    def changes(self) -> dict[str, Any]:
        return self.value()  # null time limit: back to none

    def set_enabled(self, enabled: bool) -> None:
        for element in (self.title, self.product, self.audience, self.call_type, self.prospects, self.pass_mark):
            element.set_enabled(enabled)
        self.minutes.set_enabled(enabled)
        for editor in (self.value_props, self.goals, self.scorecard):
            editor.set_enabled(enabled)

    def _input(
        self, path: str, label: str, *, area: bool = False, placeholder: str = '', maxlength: int = 0
    ) -> ui.input | ui.textarea:
        limit = maxlength or (2_000 if area else 200)
        with ui.column().classes('w-full gap-0'):
            field = (ui.textarea if area else ui.input)(label=label, placeholder=placeholder, on_change=self.on_change)
            field.props(f'outlined dense maxlength={limit}' + (' autogrow' if area else '')).classes('w-full')
            field.mark(path)
            self.errors.field(path)
        return field


def _text(field: ui.input | ui.textarea) -> str:
    return str(field.value or '').strip()


def _seconds(minutes: Any) -> Any:
    """Whole minutes as seconds; anything else as it is, for validation to name."""
    number = float(minutes)
    return round(number * 60) if number == int(number) else number * 60
