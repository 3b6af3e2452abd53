"""At LOG_LEVEL=DEBUG the log holds our own code's detail, never a driver's SQL parameters: no password hash, no
e-mail, no transcript."""

import logging

import httpx
import pytest

from app.log import DRIVERS, configure_logging
from app.runtime import Runtime
from tests.factories import PASSWORD, create_call, sample_call_body, signup_and_login

SECRETS = ('$argon2', '@example.com', 'My confidential pipeline', PASSWORD)


async def a_rep_at_work(client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, email: str) -> str:
    caplog.clear()
    caplog.set_level(logging.DEBUG)  # as a harness may: the drivers must stay quiet all the same
    headers = await signup_and_login(client, email)
    call_id = await create_call(client, headers)
    body = sample_call_body()
    body['transcript']['messages'][0]['text'] = 'My confidential pipeline'
    response = await client.post(f'/api/v1/calls/{call_id}/complete', json=body, headers=headers)
    assert response.status_code == 200, response.text
    return caplog.text


async def test_debug_logging_holds_no_hash_email_or_transcript(
    client: httpx.AsyncClient, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    if runtime.database.dialect == 'sqlite':  # what aiosqlite prints when nothing stops it
        for name in DRIVERS:
            logging.getLogger(name).setLevel(logging.NOTSET)
        leaked = await a_rep_at_work(client, caplog, 'first@example.com')
        assert '$argon2' in leaked and 'My confidential pipeline' in leaked
    configure_logging('DEBUG')
    try:
        assert logging.getLogger('services.voice').getEffectiveLevel() == logging.DEBUG  # our own code: DEBUG
        logged = await a_rep_at_work(client, caplog, 'second@example.com')
    finally:
        configure_logging('INFO')
    for secret in SECRETS:
        assert secret not in logged
