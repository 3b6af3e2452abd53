#!/usr/bin/env python3
"""Sales Coach: serves the app (pages, REST API, call socket) on HOST:PORT. See README.md."""

import os

from app.settings import get_settings

# NiceGUI reads its storage folder when it is imported, so it is set before anything imports NiceGUI.
os.environ.setdefault('NICEGUI_STORAGE_PATH', str(get_settings().nicegui_storage_path))

if __name__ == '__main__':
    # Imported here: the tone analysis' worker process imports this file too (spawn), and needs none of the app.
    from app.app import run

    run()
