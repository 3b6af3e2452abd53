"""What an admin's page shows anyone else."""

from nicegui import ui


def admins_only(detail: str) -> None:
    with ui.card().classes('w-full items-center text-center py-10 gap-2').mark('admins-only'):
        ui.icon('lock', size='3rem').classes('text-gray-500')
        ui.label('Only admins can see this page.').classes('text-lg font-medium')
        ui.label(detail).classes('text-gray-500')
