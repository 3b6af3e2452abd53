"""Page tests run `main.py` in NiceGUI's simulated browser, on a fresh database per test: SQLite and PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nicegui.testing import User

from app.settings import get_settings


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[Path]:
    data_dir = tmp_path / 'data'
    monkeypatch.setenv('DATA_DIR', str(data_dir))
    for name in ('DATABASE_URL', 'VOICE_ENGINE', 'HUME_API_KEY', 'OPENAI_API_KEY', 'FIRST_SUPERUSER'):
        monkeypatch.delenv(name, raising=False)
    if database_url.startswith('postgresql'):  # SQLite is the app's own default, in DATA_DIR
        monkeypatch.setenv('DATABASE_URL', database_url)
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


@pytest.fixture
def user(app_env: Path, user: User) -> User:
    return user


@pytest.fixture(autouse=True)
def patient_should_see(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages appear after redirects and database reads; on a loaded shared machine NiceGUI's default wait for
    `should_see` (3 tries, 0.3 s) is too short, so each wait gets up to 5 s. A page that never shows still fails."""
    original = User.should_see

    async def should_see(self: User, *args: Any, retries: int = 50, **kwargs: Any) -> None:
        await original(self, *args, retries=retries, **kwargs)

    monkeypatch.setattr(User, 'should_see', should_see)
