"""Settings: every documented name, secrets generated once and kept, keys never printed."""

import re
from pathlib import Path

from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DESIGN_NAMES = [
    'DATA_DIR',
    'DATABASE_URL',
    'HOST',
    'PORT',
    'STORAGE_SECRET',
    'VOICE_ENGINE',
    'HUME_API_KEY',
    'HUME_SECRET_KEY',
    'HUME_CONFIG_ID',
    'HUME_API_URL',
    'OPENAI_API_KEY',
    'OPENAI_BASE_URL',
    'OPENAI_MODEL',
    'OPENAI_REALTIME_MODEL',
    'OPENAI_REALTIME_URL',
    'OPENAI_TRANSCRIBE_MODEL',
    'FIRST_SUPERUSER',
    'FIRST_SUPERUSER_PASSWORD',
]


def setting_names() -> set[str]:
    return {str(field.validation_alias) for field in Settings.model_fields.values()}


def test_every_design_setting_exists_and_env_example_lists_every_setting_with_a_comment() -> None:
    assert set(DESIGN_NAMES) <= setting_names()
    example = (ROOT / '.env.example').read_text()
    lines = example.splitlines()
    for name in setting_names():
        index = next((i for i, line in enumerate(lines) if re.match(rf'#?\s*{name}=', line)), None)
        assert index is not None, f'{name} is missing from .env.example'
        assert lines[index - 1].startswith('# '), f'{name} has no comment line above it'


def test_defaults_are_local_and_keyless(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in setting_names():
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert (settings.host, settings.port, settings.voice_engine) == ('127.0.0.1', 8080, 'auto')
    assert settings.resolved_database_url.startswith('sqlite+aiosqlite:///')
    assert settings.resolved_database_url.endswith('data/sales_coach.db')
    assert settings.openai_model == 'gpt-4o'
    assert settings.hume_api_url == 'https://api.hume.ai'
    # Current models only: gpt-realtime(-mini) shut 2027-01-20; the transcriber is one known to work in Realtime.
    assert settings.openai_realtime_model == 'gpt-realtime-2.1'
    assert settings.openai_transcribe_model == 'gpt-4o-mini-transcribe'
    assert (settings.openai_turn_detection, settings.openai_vad_eagerness) == ('semantic_vad', 'low')


def test_secrets_are_generated_once_kept_private_and_reused(tmp_path: Path) -> None:
    first = Settings(_env_file=None, DATA_DIR=tmp_path)  # type: ignore[call-arg]
    storage, signing = first.resolved_storage_secret(), first.resolved_secret_key()
    assert len(storage) >= 40 and len(signing) >= 40 and storage != signing
    again = Settings(_env_file=None, DATA_DIR=tmp_path)  # type: ignore[call-arg]
    assert again.resolved_storage_secret() == storage and again.resolved_secret_key() == signing
    for name in ('storage_secret', 'secret_key'):
        assert (tmp_path / '.secrets' / name).stat().st_mode & 0o777 == 0o600
    given = Settings(_env_file=None, DATA_DIR=tmp_path, STORAGE_SECRET='from-env')  # type: ignore[call-arg]
    assert given.resolved_storage_secret() == 'from-env'


def test_empty_values_count_as_unset_and_keys_never_print(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, DATA_DIR=tmp_path, HUME_API_KEY='', OPENAI_API_KEY='sk-very-secret')  # type: ignore[call-arg]
    assert settings.hume_api_key is None
    assert 'sk-very-secret' not in repr(settings) and 'sk-very-secret' not in str(settings.model_dump())
