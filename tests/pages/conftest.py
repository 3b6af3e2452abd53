"""Page tests run `main.py` in NiceGUI's simulated browser, on a fresh database per test: SQLite and PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nicegui.testing import User

from app.settings import get_settings
from services.coaching import too_short


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


@pytest.fixture(autouse=True)
def short_calls_are_scored(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Page tests hold calls of a few seconds and a line or two, which the app would not score (under 20 s or 3 of
    the rep's lines): here they are scored, so that the tests can look at a report. The rule itself is tested in
    tests/api/test_too_short.py, in the browser tests (real calls of 20 s), and by the page tests marked
    `too_short_rule`, which keep it."""
    if request.node.get_closest_marker('too_short_rule') is None:
        monkeypatch.setattr(too_short, 'MIN_SCORED_SECONDS', 0.0)
        monkeypatch.setattr(too_short, 'MIN_SCORED_REP_LINES', 1)
