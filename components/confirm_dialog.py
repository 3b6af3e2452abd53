"""A yes-or-no question before something that cannot be undone."""

from nicegui import ui


class ConfirmDialog(ui.dialog):
    """One dialog per page, asked again for each question; `await dialog.ask(...)` is True only on confirm."""

    def __init__(self, *, confirm_text: str) -> None:
        super().__init__()
        with self, ui.card().classes('gap-3 max-w-md'):
            self._question = ui.label().classes('text-lg font-medium')
            self._detail = ui.label().classes('text-gray-600')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: self.submit(False)).props('flat no-caps')
                ui.button(confirm_text, color='negative', on_click=lambda: self.submit(True)).props('no-caps')

    async def ask(self, *, title: str, text: str) -> bool:
        self._question.text = title
        self._detail.text = text
        # Escape or a click outside closes the dialog with no answer: that is a "no".
        return await self is True
