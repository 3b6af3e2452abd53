"""Engines (admins only): which voice engine new calls use and why, each engine's settings, a connection test."""

from functools import partial

from nicegui import ui

from app.auth import page_user
from app.pages.frame import member_frame
from app.runtime import current_runtime
from components.admins_only import admins_only
from components.engine_card import engine_card
from services.voice.engine_check import CHECK_TIMEOUT_S
from services.voice.engine_status import EnginesOverview
from services.voice.registry import auto_order_text, label_of
from services.voice.transcriber import RecognitionStatus

PATH = '/admin/engines'


@ui.page(PATH)
async def engines_page() -> None:
    user = page_user()
    with member_frame('Engines', path=PATH, user=user):
        if not user.is_admin:
            admins_only('Ask the admin of this Sales Coach if you need to know how its voice engines are set up.')
            return
        runtime = current_runtime()
        overview = runtime.engines_overview()
        _summary(overview, coach_note=runtime.coach_note(), recognition=runtime.recognition())
        for status in overview.engines:
            engine_card(
                status,
                in_use=status.name == overview.auto_choice.name,
                on_test=partial(runtime.engines.check, status.name, timeout_s=CHECK_TIMEOUT_S),
            )


def _summary(overview: EnginesOverview, *, coach_note: str, recognition: RecognitionStatus) -> None:
    choice = overview.auto_choice
    with ui.card().classes('w-full gap-2').mark('engine-choice'):
        with ui.row().classes('items-center gap-2'):
            ui.icon('record_voice_over', size='sm').classes('text-primary')
            ui.label(f'New calls use {label_of(choice.name)}').classes('text-lg font-semibold')
        ui.label(choice.reason)
        with ui.row().classes('items-center gap-2 text-sm text-gray-500'):
            ui.label('VOICE_ENGINE').classes('font-mono')
            ui.label(overview.voice_engine_setting).classes('font-mono')
            if overview.voice_engine_setting == 'auto':
                ui.label(f'({auto_order_text()})')
        ui.separator()
        with ui.row().classes('items-center gap-2'):
            ui.icon('rate_review', size='sm').classes('text-primary')
            kind = 'AI coach' if overview.coach.kind == 'ai' else 'Rule-based coach'
            ui.label(f'Coach: {kind}').classes('font-semibold')
            ui.label(overview.coach.name).classes('font-mono text-sm text-gray-500')
        ui.label(coach_note).classes('text-sm text-gray-500')
        ui.separator()
        with ui.row().classes('items-center gap-2'):
            ui.icon('hearing', size='sm').classes('text-primary')
            ui.label('Offline speech recognition').classes('font-semibold')
            ui.label('demo engine, pipeline with PIPELINE_STT_MODEL=local').classes('text-sm text-gray-500')
        ui.label(recognition.text).classes('text-sm').mark('recognition')
