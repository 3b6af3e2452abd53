"""The prospect editor's form: every field of a prospect, grouped as a team thinks of a buyer (who they are, how
they behave, what they hide, their objections, how they decide, what earns a next step, their voice), with each
field's messages under it and the three 1-5 knobs explained in words."""

from collections.abc import Callable, Mapping
from typing import Any

from nicegui import ui

from components.form_errors import FieldErrors
from components.list_editor import ListEditor
from services.library.prompt import behaviour_in_words
from services.library.prospect import MAX_ITEMS, Behaviour, ProspectProfile
from services.voice.registry import ENGINES

DIFFICULTIES = {'easy': 'Easy', 'medium': 'Medium', 'hard': 'Hard'}
VOICE_STYLES = {'warm': 'Warm', 'neutral': 'Neutral', 'crisp': 'Crisp', 'deep': 'Deep', 'bright': 'Bright'}
KNOBS = {
    'openness': ('How readily they share information', '1 guarded … 5 volunteers'),
    'pushback': ('How quickly they push back', '1 rarely objects … 5 objects at the first claim'),
    'trust_needed': ('How much trust a next step needs', '1 agrees easily … 5 only after every objection'),
}
BLANK = ProspectProfile.model_construct(name='', job_title='')


def section(title: str, caption: str = '') -> ui.card:
    """A card of the form with its heading."""
    with ui.card().classes('w-full gap-2') as card:
        ui.label(title).classes('text-lg font-medium')
        if caption:
            ui.label(caption).classes('text-sm text-gray-500 dark:text-gray-400')
    return card


class ProspectForm:
    """`value()` is the form as a prospect's fields (for validation and to create one), `changes()` the same as a
    JSON merge patch (a voice name removed is null). `on_change` is called after any edit."""

    def __init__(self, *, on_change: Callable[[], None]) -> None:
        self.on_change = on_change
        self.errors = FieldErrors()
        self.texts: dict[str, ui.input | ui.textarea] = {}
        self.knobs: dict[str, ui.slider] = {}
        self.knob_words: dict[str, ui.label] = {}
        self.voice_names: dict[str, ui.input] = {}
        changed = self._changed

        with section('Who they are'):
            with ui.grid().classes('w-full gap-x-4 gap-y-1 grid-cols-1 sm:grid-cols-2'):
                self._text('name', 'Name *', maxlength=80)
                self._text('job_title', 'Job title *', maxlength=80)
                self._text('company', 'Company')
                self._text('industry', 'Industry')
                self._text('company_size', 'Company size', placeholder='e.g. about 120 people')
                with ui.column().classes('w-full gap-0'):
                    self.difficulty = ui.select(DIFFICULTIES, label='Difficulty', value='medium', on_change=changed)
                    self.difficulty.props('outlined dense').classes('w-full').mark('difficulty')
                    self.errors.field('difficulty')
            self._text('summary', 'Summary', area=True, placeholder='One or two sentences shown in the library')

        with section('How they behave', 'Each knob changes what the prospect does; the words say how.'):
            self._text('personality', 'Personality', area=True)
            self._text('speaking_style', 'Speaking style', area=True)
            for key, (title, scale) in KNOBS.items():
                with ui.column().classes('w-full gap-0 mt-1'):
                    with ui.row().classes('w-full items-baseline justify-between gap-2'):
                        ui.label(title).classes('font-medium')
                        ui.label(scale).classes('text-xs text-gray-500 dark:text-gray-400')
                    slider = ui.slider(min=1, max=5, step=1, value=3, on_change=changed)
                    slider.props('markers snap label').classes('w-full px-2').mark(key)
                    self.knobs[key] = slider
                    self.knob_words[key] = ui.label().classes('text-sm').mark(f'{key}-words')
                    self.errors.field(f'behaviour.{key}')

        hide = 'Pains come out only when the rep asks well; hidden needs are never volunteered.'
        with section('What they hide', hide):
            ui.label('Pains').classes('font-medium')
            self.pains = self._list('pains', 'Add a pain', 'e.g. Three hours a day go on manual tracking')
            ui.label('Hidden needs').classes('font-medium mt-2')
            self.hidden_needs = self._list('hidden_needs', 'Add a hidden need', 'e.g. Wants a quick win to show')

        with section('Objections', 'In their own words; raised when they fit, and again while not resolved.'):
            self.objections = self._list('objections', 'Add an objection', 'e.g. We already have a system that works.')

        with section('Decision process'):
            with ui.grid().classes('w-full gap-x-4 gap-y-1 grid-cols-1 sm:grid-cols-2'):
                self._text('decision.authority', 'What they may decide alone')
                self._text('decision.others', 'Who else decides or weighs in')
                self._text('decision.budget', 'Budget')
                self._text('decision.timeline', 'Timeline')

        with section('Next step'):
            self._text('next_step', 'What earns a next step, and which one', area=True)

        with section('Voice'):
            self._text('opening_line', 'Opening line', placeholder='What they say when they pick up')
            with ui.column().classes('w-full gap-0'):
                self.voice_style = ui.select(VOICE_STYLES, label='Voice style', value='neutral', on_change=changed)
                self.voice_style.props('outlined dense').classes('w-full sm:w-64').mark('voice-style')
                self.errors.field('voice.style')
            ui.label('A voice name for an engine, if you want a particular one (it wins over the style).').classes(
                'text-sm text-gray-500 dark:text-gray-400'
            )
            with ui.grid().classes('w-full gap-x-4 gap-y-1 grid-cols-1 sm:grid-cols-2'):
                for spec in ENGINES:
                    with ui.column().classes('w-full gap-0'):
                        name = ui.input(label=f'{spec.label} voice', on_change=changed)
                        name.props('outlined dense maxlength=200').classes('w-full').mark(f'voice-{spec.name}')
                        self.voice_names[spec.name] = name
                        self.errors.field(f'voice.per_engine.{spec.name}')
            self.errors.field('voice.per_engine')
        self.errors.place_summary()
        self.fill(BLANK)

    def fill(self, profile: ProspectProfile) -> None:
        """Shows the prospect's fields (a draft's, a copy's or a stored one's)."""
        data = profile.model_dump(mode='json')
        for path, field in self.texts.items():
            field.set_value(_get(data, path) or '')
        self.difficulty.set_value(profile.difficulty)
        for key, slider in self.knobs.items():
            slider.set_value(getattr(profile.behaviour, key))
        self.pains.set_values(profile.pains)
        self.hidden_needs.set_values(profile.hidden_needs)
        self.objections.set_values(profile.objections)
        self.voice_style.set_value(profile.voice.style)
        for engine, field in self.voice_names.items():
            field.set_value(profile.voice.per_engine.get(engine, ''))
        self._show_knob_words()

    def value(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            'difficulty': self.difficulty.value,
            'behaviour': {key: int(slider.value or 3) for key, slider in self.knobs.items()},
            'pains': self.pains.values(),
            'hidden_needs': self.hidden_needs.values(),
            'objections': self.objections.values(),
            'voice': {
                'style': self.voice_style.value,
                'per_engine': {engine: text for engine, field in self.voice_names.items() if (text := _text(field))},
            },
        }
        for path, field in self.texts.items():
            _put(data, path, _text(field))
        return data

    def changes(self) -> dict[str, Any]:
        data = self.value()
        data['voice']['per_engine'] = {engine: _text(field) or None for engine, field in self.voice_names.items()}
        return data

    def set_enabled(self, enabled: bool) -> None:
        for element in (*self.texts.values(), *self.knobs.values(), *self.voice_names.values()):
            element.set_enabled(enabled)
        self.difficulty.set_enabled(enabled)
        self.voice_style.set_enabled(enabled)
        for editor in (self.pains, self.hidden_needs, self.objections):
            editor.set_enabled(enabled)

    def _changed(self) -> None:
        self._show_knob_words()
        self.on_change()

    def _show_knob_words(self) -> None:
        levels = {key: int(slider.value or 3) for key, slider in self.knobs.items()}
        words = behaviour_in_words(Behaviour(**levels))
        for key, label in self.knob_words.items():
            label.set_text(f'{levels[key]} of 5: {words[key]}')

    def _text(self, path: str, label: str, *, area: bool = False, placeholder: str = '', maxlength: int = 0) -> None:
        limit = maxlength or (2_000 if area else 200)
        with ui.column().classes('w-full gap-0'):
            field = (ui.textarea if area else ui.input)(label=label, placeholder=placeholder, on_change=self._changed)
            field.props(f'outlined dense maxlength={limit}' + (' autogrow' if area else '')).classes('w-full')
            field.mark(path)
            self.texts[path] = field
            self.errors.field(path)

    def _list(self, path: str, add_text: str, placeholder: str) -> ListEditor:
        editor = ListEditor(
            items=[],
            marker=path,
            add_text=add_text,
            placeholder=placeholder,
            max_items=MAX_ITEMS,
            on_change=self._changed,
        )
        self.errors.add(path, editor)
        return editor


def _text(field: ui.input | ui.textarea) -> str:
    return str(field.value or '').strip()


def _get(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split('.'):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split('.')
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value
