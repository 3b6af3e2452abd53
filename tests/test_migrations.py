"""The migrations build exactly the tables the models describe, on both backends, and undo cleanly."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect

from app.db import Database
from app.migrate import alembic_config, upgrade_to_head
from services.models import Base


def _differences(connection: Connection) -> list:
    return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def _downgrade_and_upgrade(connection: Connection) -> list[str]:
    config = alembic_config()
    config.attributes['connection'] = connection
    command.downgrade(config, 'base')
    left = [t for t in inspect(connection).get_table_names() if t != 'alembic_version']
    command.upgrade(config, 'head')
    return left


# SQLite's reflection skips expression indexes (the score orders'); tests/services/test_call_listing.py reads the
# query plans to prove they are there and used, on both databases.
@pytest.mark.filterwarnings('ignore:.*expression-based index:UserWarning', 'ignore:.*expression-based index')
async def test_models_match_the_migrations_and_downgrade_works(database_url: str) -> None:
    database = Database(database_url)
    try:
        await upgrade_to_head(database)
        await upgrade_to_head(database)  # running it again changes nothing
        async with database.engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
        async with database.engine.begin() as connection:
            assert await connection.run_sync(_downgrade_and_upgrade) == []
        async with database.engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            indexes = await connection.run_sync(lambda c: {i['name'] for i in inspect(c).get_indexes('call_session')})
        assert {'user', 'call_session', 'utterance'} <= tables
        assert 'ix_call_session_owner_created' in indexes
    finally:
        await database.dispose()
