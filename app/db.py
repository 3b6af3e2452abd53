"""The async database: one engine and its sessions (the tables live in services/models)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool


class Database:
    """One engine and its session factory for the life of the process."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(url, **_engine_options(url), **engine_kwargs)
        if self.engine.dialect.name == 'sqlite':
            event.listen(self.engine.sync_engine, 'connect', _sqlite_pragmas)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # The health check has its own connection, outside the pool: behind a pool that line writes had taken,
        # /healthz waited seconds under load (p99 1.6 s, max 4.2 s) for a database that was answering. A server
        # is connected to anew each time (a kept connection would say "ok" while it refuses new ones); SQLite,
        # a file, keeps one (each new one starts a thread).
        self._health = create_async_engine(url, **_health_options(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session:
            yield session

    async def ping(self) -> None:
        async with self._health.connect() as connection:
            await connection.execute(text('SELECT 1'))

    async def dispose(self) -> None:
        await self.engine.dispose()
        await self._health.dispose()


def _engine_options(url: str) -> dict[str, Any]:
    parsed = make_url(url)
    if parsed.get_backend_name() == 'sqlite':
        database = parsed.database or ''
        if database and database != ':memory:':
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        return {}
    return {'pool_pre_ping': True, 'pool_size': 10, 'max_overflow': 10}


def _health_options(url: str) -> dict[str, Any]:
    parsed = make_url(url)
    if parsed.get_backend_name() != 'sqlite':
        return {'poolclass': NullPool}
    in_memory = parsed.database in (None, '', ':memory:')  # one shared connection already (SQLAlchemy's choice)
    return {} if in_memory else {'pool_size': 1, 'max_overflow': 0}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the analysis tasks write while pages read; busy_timeout waits out short write locks
    # instead of failing with "database is locked"; SQLite only enforces foreign keys when asked.
    cursor = dbapi_connection.cursor()
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute('PRAGMA busy_timeout=5000')
    cursor.execute('PRAGMA foreign_keys=ON')
    cursor.close()
