"""The migrations build exactly the tables the models describe, on both backends, and undo cleanly."""

import uuid
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, insert, inspect, select

from app.db import Database
from app.migrate import alembic_config, upgrade_to_head
from services.models import Base, Certification, User

SIGN_OFFS = {name: uuid.uuid4() for name in ('older', 'newer', 'other')}


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


def _sign_offs_before_and_after_0012(connection: Connection) -> list[tuple[uuid.UUID, str]]:
    """Two sign-offs of one rep on one scenario (made before 0012 could refuse the second) and one on another; the
    upgrade keeps the older of the twins. The tables' other columns are as 0011 left them."""
    config = alembic_config()
    config.attributes['connection'] = connection
    command.downgrade(config, '0011')
    user = uuid.uuid4()
    connection.execute(insert(User).values(id=user, email='rep@example.com', hashed_password='x'))
    for name, scenario, day in (('older', 'saas_crm', 2), ('newer', 'saas_crm', 3), ('other', 'cybersecurity', 4)):
        at = datetime(2026, 11, day, tzinfo=UTC)
        connection.execute(
            insert(Certification).values(id=SIGN_OFFS[name], user_id=user, scenario_id=scenario, created_at=at)
        )
    command.upgrade(config, 'head')
    query = select(Certification.id, Certification.scenario_id).order_by(Certification.created_at)
    return [(row[0], row[1]) for row in connection.execute(query).all()]


async def test_0012_keeps_one_sign_off_per_rep_and_scenario_the_oldest(database_url: str) -> None:
    database = Database(database_url)
    try:
        await upgrade_to_head(database)
        async with database.engine.begin() as connection:
            kept = await connection.run_sync(_sign_offs_before_and_after_0012)
        assert kept == [(SIGN_OFFS['older'], 'saas_crm'), (SIGN_OFFS['other'], 'cybersecurity')]
    finally:
        await database.dispose()
