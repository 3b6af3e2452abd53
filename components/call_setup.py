"""Setting up a call: pick a prospect, describe what you sell, see which engine answers, start."""

from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

from components.persona_card import persona_card
from services.personas import Persona, ScenarioPreset
from services.voice.demo_prospect import SCRIPTED_NOTE

MAX_SCENARIO_CHARS = 2_000


def call_setup(
    *,
    personas: Sequence[Persona],
    presets: Sequence[ScenarioPreset],
    engine_reason: str,
    coach_note: str,
    is_demo: bool,
    on_start: Callable[[str, str], Awaitable[None]],
) -> None:
    """`on_start(persona_id, scenario)` is called when the rep starts the call."""
    chosen = {'persona': personas[0].id}
    cards: dict[str, ui.card] = {}

    def choose(persona_id: str) -> None:
        chosen['persona'] = persona_id
        for key, card in cards.items():
            card.classes(remove='ring-4 ring-primary')
            if key == persona_id:
                card.classes(add='ring-4 ring-primary')

    ui.label('1. Who will you call?').classes('text-lg font-medium')
    with ui.row().classes('gap-4 items-stretch'):
        for persona in personas:
            card = persona_card(
                title=persona.title,
                name=persona.name,
                description=persona.description,
                difficulty=persona.difficulty,
                objections=list(persona.objections),
            )
            card.classes('cursor-pointer').on('click', lambda _, key=persona.id: choose(key)).mark(persona.title)
            cards[persona.id] = card
    choose(chosen['persona'])

    ui.label('2. What are you selling, and to whom?').classes('text-lg font-medium mt-2')
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
            await on_start(chosen['persona'], (scenario.value or '').strip())
        finally:
            if not start.is_deleted:  # a started call replaces the setup, button and all
                start.enable()

    start.on_click(begin)
