"""Shared fixtures: a database on each backend, a started runtime, and an API client.

Database tests run once on SQLite and once on PostgreSQL (127.0.0.1:5432, a throwaway database per test run).
Where PostgreSQL cannot be reached its half is skipped, unless REQUIRE_POSTGRES=1 (as in CI) makes that a failure.
"""

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from app.api.router import install_api
from app.db import Database
from app.log import DRIVERS, OUR_PACKAGES, QUIET_AT_DEBUG
from app.migrate import upgrade_to_head
from app.runtime import Runtime, set_runtime
from app.settings import Settings
from services.models import Base
from tests.fake_openai import FakeOpenAI
from tests.servers import serving

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_DSN = os.environ.get('TEST_POSTGRES_DSN', 'postgresql://postgres@127.0.0.1:5432/postgres')
TABLES = tuple(f'"{table.name}"' for table in Base.metadata.sorted_tables)  # every table, emptied between tests


@pytest.fixture(autouse=True)
def logger_levels() -> Iterator[None]:
    """A test that configures logging (as the app does at start) leaves the levels as it found them."""
    names = ('', *OUR_PACKAGES, *QUIET_AT_DEBUG, *DRIVERS)
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture(scope='session')
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test run, dropped at the end."""
    name = f'salescoach_test_{os.getpid()}_{uuid.uuid4().hex[:6]}'
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE {name}'))
    except (OSError, asyncpg.PostgresError) as error:
        if os.environ.get('REQUIRE_POSTGRES') == '1':
            pytest.fail(f'PostgreSQL is required but not reachable at {PG_ADMIN_DSN}: {error}')
        pytest.skip(f'PostgreSQL is not reachable: {error}')
    base = PG_ADMIN_DSN.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+asyncpg://', 1)
    url = f'{base}/{name}'
    asyncio.run(_migrate(url))
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))


@pytest.fixture(params=['sqlite', 'postgresql'])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == 'sqlite':
        return f'sqlite+aiosqlite:///{tmp_path / "test.db"}'
    url: str = request.getfixturevalue('postgres_url')
    asyncio.run(_truncate(url))
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / 'data', DATABASE_URL=database_url)  # type: ignore[call-arg]


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    started = await Runtime.start(settings)
    set_runtime(started)
    yield started
    await started.stop()
    set_runtime(None)


@pytest.fixture
def api_app() -> FastAPI:
    app = FastAPI()
    install_api(app)
    return app


@pytest.fixture
async def client(runtime: Runtime, api_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=api_app)
    async with httpx.AsyncClient(transport=transport, base_url='http://test') as http:
        yield http


async def _pg_admin(statement: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    database = Database(url)
    try:
        await upgrade_to_head(database)
    finally:
        await database.dispose()


async def _truncate(url: str) -> None:
    connection = await asyncpg.connect(url.replace('postgresql+asyncpg://', 'postgresql://', 1), timeout=5)
    try:
        await connection.execute(f'TRUNCATE {", ".join(TABLES)} CASCADE')
    finally:
        await connection.close()


@pytest.fixture
async def fake_openai() -> AsyncIterator[tuple[FakeOpenAI, str]]:
    """A local OpenAI-compatible chat server and its base URL."""
    server = FakeOpenAI()
    async with serving(server.app()) as port:
        yield server, f'http://127.0.0.1:{port}/v1'
