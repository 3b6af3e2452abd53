"""Oversized request bodies are refused before they are read, whether announced or streamed; a call has at most 5,000
lines."""

from collections.abc import AsyncIterator

import httpx

from app.api.router import MAX_BODY_BYTES
from tests.factories import create_call, message, signup_and_login


async def test_an_announced_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    body = b'{"duration_seconds": 1, "transcript": {"messages": []}, "pad": "' + b'x' * MAX_BODY_BYTES + b'"}'
    response = await client.post(
        f'/api/v1/calls/{call_id}/complete', content=body, headers={**headers, 'Content-Type': 'application/json'}
    )
    assert response.status_code == 413
    assert 'larger than 16 MiB' in response.json()['detail']
    assert (await client.get(f'/api/v1/calls/{call_id}', headers=headers)).json()['status'] == 'active'


async def test_a_streamed_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"duration_seconds": 1, "transcript": {"messages": []}, "pad": "'
        for _ in range(17):
            yield b'x' * (1024 * 1024)
        yield b'"}'

    response = await client.post(
        f'/api/v1/calls/{call_id}/complete', content=chunks(), headers={**headers, 'Content-Type': 'application/json'}
    )
    assert response.status_code == 413


async def test_a_call_of_more_lines_than_a_call_may_have_is_refused(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    lines = [message('user' if n % 2 else 'assistant', f'Line {n}.', n, n + 0.5) for n in range(5_001)]
    response = await client.post(
        f'/api/v1/calls/{call_id}/complete',
        json={'duration_seconds': 6000.0, 'transcript': {'messages': lines}},
        headers=headers,
    )
    assert response.status_code == 422
    assert 'at most 5000 items' in response.text
    lines.pop()  # 5,000 is allowed
    allowed = await client.post(
        f'/api/v1/calls/{call_id}/complete',
        json={'duration_seconds': 6000.0, 'transcript': {'messages': lines}},
        headers=headers,
    )
    assert allowed.status_code == 200
