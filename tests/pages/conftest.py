"""Page tests run `main.py` in NiceGUI's simulated browser, on a fresh SQLite database per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from nicegui.testing import User

from app.settings import get_settings


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data_dir = tmp_path / 'data'
    monkeypatch.setenv('DATA_DIR', str(data_dir))
    for name in ('DATABASE_URL', 'VOICE_ENGINE', 'HUME_API_KEY', 'OPENAI_API_KEY', 'FIRST_SUPERUSER'):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


@pytest.fixture
def user(app_env: Path, user: User) -> User:
    return user
