"""A friendly empty state with one way forward."""

from nicegui import ui


def empty_state(*, icon: str, title: str, text: str, link_text: str, link_target: str) -> None:
    with ui.card().classes('w-full items-center text-center py-10 gap-2'):
        ui.icon(icon, size='3rem').classes('text-primary')
        ui.label(title).classes('text-lg font-medium')
        ui.label(text).classes('text-gray-500')
        ui.link(link_text, link_target).classes('mt-2 text-primary font-medium')
