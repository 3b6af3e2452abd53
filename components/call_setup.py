"""Setting up a call: pick a scenario (one of the library's, or free practice described in your own words), then a
prospect (those the scenario suits first), see the goals and how the call is graded, see which engine answers,
start."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from nicegui import ui

from components.persona_card import persona_card
from components.scenario_brief import scenario_brief
from services.library.scenario import ScenarioSpec
from services.personas import ScenarioPreset
from services.voice.demo_prospect import SCRIPTED_NOTE

MAX_SCENARIO_CHARS = 2_000
FREE = 'free'
FREE_LABEL = 'Free practice: describe it yourself'
SUITS_TEXT = 'Suits this scenario'


@dataclass(frozen=True, kw_only=True, slots=True)
class ProspectChoice:
    id: str
    title: str
    name: str
    description: str
    difficulty: str
    objections: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class ScenarioChoice:
    id: str
    spec: ScenarioSpec


StartCall = Callable[[str, str | None, str], Awaitable[None]]


def call_setup(
    *,
    prospects: Sequence[ProspectChoice],
    scenarios: Sequence[ScenarioChoice],
    presets: Sequence[ScenarioPreset],
    scenario_id: str | None,
    engine_reason: str,
    coach_note: str,
    is_demo: bool,
    on_start: StartCall,
) -> None:
    """`on_start(prospect_id, scenario_id, text)` is called when the rep starts the call: the library's scenario, or
    None with the free text."""
    by_id = {choice.id: choice.spec for choice in scenarios}
    chosen = {'scenario': scenario_id if scenario_id in by_id else FREE, 'prospect': prospects[0].id}

    ui.label('1. What will you practise?').classes('text-lg font-medium')
    options = {FREE: FREE_LABEL, **{choice.id: choice.spec.title for choice in scenarios}}
    picker = ui.select(options, label='Scenario', value=chosen['scenario'], on_change=lambda e: pick(e.value))
    picker.props('outlined').classes('w-full sm:w-[28rem]').mark('scenario-choice')

    with ui.column().classes('w-full gap-2') as free_box:
        ui.label('What are you selling, and to whom?').classes('font-medium')
        scenario = (
            ui.textarea(placeholder='For example: a CRM that automates follow-ups, for a 50-person sales team.')
            .props(f'outlined autogrow maxlength={MAX_SCENARIO_CHARS} counter')
            .classes('w-full')
            .mark('scenario')
        )
        with ui.row().classes('gap-2 items-center'):
            ui.label('Or start from:').classes('text-sm text-gray-500')
            for preset in presets:
                ui.button(preset.title, on_click=lambda _, text=preset.text: scenario.set_value(text)).props(
                    'outline dense no-caps'
                )
    brief = ui.column().classes('w-full')

    ui.label('2. Who will you call?').classes('text-lg font-medium mt-2')
    cards_box = ui.row().classes('w-full gap-4 items-stretch')
    cards: dict[str, ui.card] = {}

    def choose(prospect_id: str) -> None:
        chosen['prospect'] = prospect_id
        for key, card in cards.items():
            card.classes(remove='ring-4 ring-primary')
            if key == prospect_id:
                card.classes(add='ring-4 ring-primary')

    def pick(value: str) -> None:
        chosen['scenario'] = value if value in by_id else FREE
        spec = by_id.get(chosen['scenario'])
        free_box.set_visibility(spec is None)
        brief.clear()
        if spec is not None:
            with brief:
                scenario_brief(spec)
        suits = set(spec.persona_ids) if spec is not None else set()
        ordered = sorted(prospects, key=lambda p: p.id not in suits)  # the scenario's prospects first, else as listed
        cards.clear()
        cards_box.clear()
        with cards_box:
            for prospect in ordered:
                card = persona_card(
                    title=prospect.title,
                    name=prospect.name,
                    description=prospect.description,
                    difficulty=prospect.difficulty,
                    objections=list(prospect.objections),
                )
                if prospect.id in suits:
                    with card:
                        ui.badge(SUITS_TEXT, color='positive').classes('self-start').move(target_index=0)
                card.classes('cursor-pointer').on('click', lambda _, key=prospect.id: choose(key)).mark(prospect.title)
                cards[prospect.id] = card
        if suits and chosen['prospect'] not in suits:
            chosen['prospect'] = ordered[0].id
        choose(chosen['prospect'])

    pick(chosen['scenario'])

    with ui.row().classes('items-center gap-3 mt-2'):
        start = ui.button('Start call', icon='call')
        start.props('size=lg color=positive')
        if is_demo:
            ui.badge('Demo', color='purple').classes('text-sm')
        ui.label(engine_reason).classes('text-gray-500')
    if is_demo:
        ui.label(SCRIPTED_NOTE).classes('text-sm text-gray-500').mark('demo-note')
    ui.label(coach_note).classes('text-sm text-gray-500').mark('coach-note')

    async def begin() -> None:
        start.disable()
        try:
            library = chosen['scenario'] if chosen['scenario'] in by_id else None
            text = '' if library is not None else (scenario.value or '').strip()
            await on_start(chosen['prospect'], library, text)
        finally:
            if not start.is_deleted:  # a started call replaces the setup, button and all
                start.enable()

    start.on_click(begin)
