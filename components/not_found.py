"""What a page says of something that does not exist for this user: missing, or another user's (the same words for
both, so that an address never tells whether someone else's call or private entry is there)."""

from nicegui import ui


def not_found(text: str, *, link_text: str, target: str) -> None:
    with ui.column().classes('gap-2').mark('not-found'):
        ui.label(text)
        ui.link(link_text, target)
