"""Logging for the process: one format, and no library that prints secrets at debug level."""

import logging

# websockets logs every handshake header at DEBUG, the Hume API key among them (X-Hume-Api-Key).
QUIET_AT_DEBUG = ('websockets', 'hume', 'httpcore')


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    for name in QUIET_AT_DEBUG:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
