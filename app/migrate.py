"""Applies the Alembic migrations at start-up, on the app's own engine."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from app.db import Database

ROOT = Path(__file__).resolve().parent.parent


def alembic_config() -> Config:
    config = Config(str(ROOT / 'alembic.ini'))
    config.set_main_option('script_location', str(ROOT / 'migrations'))
    return config


async def upgrade_to_head(database: Database) -> None:
    """Brings the schema to the newest revision; a no-op when it is already there."""
    async with database.engine.begin() as connection:
        await connection.run_sync(_upgrade)


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes['connection'] = connection
    command.upgrade(config, 'head')
