"""Who a rep can practise with, and the scenarios ready to use."""

from fastapi.responses import RedirectResponse
from nicegui import ui

from app.auth import login_redirect, signed_in_user
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.persona_card import persona_card
from services.personas import PERSONAS, SCENARIO_PRESETS


@ui.page('/practice')
async def practice_page() -> RedirectResponse | None:
    user = await signed_in_user()
    if user is None:
        return login_redirect('/practice')
    engine = current_runtime().engine_choice()

    with member_frame('Practice', path='/practice', user=user):
        ui.label('Prospects').classes('text-lg font-medium')
        with ui.row().classes('gap-4 items-stretch'):
            for persona in PERSONAS.values():
                persona_card(
                    title=persona.title,
                    name=persona.name,
                    description=persona.description,
                    difficulty=persona.difficulty,
                    objections=list(persona.objections),
                )
        ui.label('Scenarios').classes('text-lg font-medium mt-2')
        with ui.column().classes('gap-2 w-full'):
            for preset in SCENARIO_PRESETS:
                with ui.card().classes('w-full gap-1'):
                    ui.label(preset.title).classes('font-medium')
                    ui.label(preset.text).classes('text-sm')
        with ui.row().classes('items-center gap-2 text-gray-500 mt-2'):
            ui.icon('graphic_eq')
            ui.label(f'Voice engine: {engine.reason}')
    return None
