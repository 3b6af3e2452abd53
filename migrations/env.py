"""Alembic environment: runs on a connection handed over by the app, or opens its own from the settings."""

import asyncio
import logging.config

from alembic import context
from sqlalchemy import Connection

from app.db import Database
from app.settings import get_settings
from services.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_standalone() -> None:
    database = Database(get_settings().resolved_database_url)
    async with database.engine.connect() as connection:
        await connection.run_sync(run_on)
        await connection.commit()
    await database.dispose()


given = config.attributes.get('connection')
if given is not None:
    run_on(given)
else:
    if config.config_file_name is not None:
        logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)
    asyncio.run(run_standalone())
