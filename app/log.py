"""Logging for the process: one format; DEBUG only for our own code, never for libraries.

Libraries log secrets and data at debug level: websockets every handshake header (the Hume API key among them),
aiosqlite every SQL parameter (password hashes, e-mails, whole transcripts). So LOG_LEVEL=DEBUG reaches our own
packages only, and the database drivers stay at WARNING whatever the level.
"""

import logging

OUR_PACKAGES = ('app', 'services', 'components', 'main', '__main__')
# Pinned, so that a root logger turned to DEBUG (by a test harness, say) cannot open them up either.
QUIET_AT_DEBUG = ('websockets', 'hume', 'httpcore', 'httpx', 'openai')
DRIVERS = ('aiosqlite', 'asyncpg', 'sqlalchemy.engine', 'sqlalchemy.pool')


def configure_logging(level: str) -> None:
    chosen = logging.getLevelName(level)
    logging.basicConfig(level=max(logging.INFO, chosen), format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    for name in OUR_PACKAGES:
        logging.getLogger(name).setLevel(chosen)
    for name in QUIET_AT_DEBUG:
        logging.getLogger(name).setLevel(max(logging.INFO, chosen))
    for name in DRIVERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, chosen))
