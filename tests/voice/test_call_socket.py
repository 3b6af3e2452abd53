"""The call socket over a real server: tickets, the contract's frames, bad frames, typed turns with the demo."""

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from app.runtime import Runtime
from services.voice.bridge import TOO_FAST
from tests.factories import create_call, sample_call_body, signup_and_login
from tests.voice.calls import lines_so_far, next_control

API = '/api/v1/calls'


async def ticket_url(http: httpx.AsyncClient, server: str, headers: dict[str, str], call_id: str) -> str:
    response = await http.post(f'{API}/{call_id}/connect', headers=headers)
    assert response.status_code == 200, response.text
    return f'ws://{server}{response.json()["url"]}'


async def test_a_typed_demo_call_from_ticket_to_report(runtime: Runtime, server: str, http: httpx.AsyncClient) -> None:
    headers = await signup_and_login(http)
    call_id = await create_call(http, headers, persona='friendly_prospect')
    async with connect(await ticket_url(http, server, headers, call_id)) as socket:
        ready = json.loads(await socket.recv())
        assert ready == {'type': 'ready', 'engine': 'demo', 'input_sample_rate': 16000, 'output_sample_rate': 22050}
        await lines_so_far(http, headers, call_id, 1)  # the prospect picks up first
        await socket.send(json.dumps({'type': 'text', 'text': 'Hi Jordan, what do you use today to track deliveries?'}))
        await lines_so_far(http, headers, call_id, 3)  # opening, the rep's question, the answer

        detail = (await http.get(f'{API}/{call_id}', headers=headers)).json()
        assert detail['status'] == 'active'
        lines = [(m['role'], m['text']) for m in detail['transcript']['messages']]
        assert lines[0][0] == 'assistant' and 'Brightline' in lines[0][1]
        assert lines[1] == ('user', 'Hi Jordan, what do you use today to track deliveries?')
        assert 'spreadsheets' in lines[2][1]

        await socket.send(json.dumps({'type': 'end'}))
        assert await next_control(socket, 'ended') == {'type': 'ended', 'reason': 'hang-up'}

    report = await _until_report(http, headers, call_id)
    assert report['speech_metrics']['questions_asked'] == 1
    detail = (await http.get(f'{API}/{call_id}', headers=headers)).json()
    assert detail['engine'] == 'demo'
    assert len(detail['transcript']['messages']) == 3


async def test_bad_frames_get_an_error_and_the_call_goes_on(server: str, http: httpx.AsyncClient) -> None:
    headers = await signup_and_login(http)
    call_id = await create_call(http, headers)
    async with connect(await ticket_url(http, server, headers, call_id), max_size=None) as socket:
        await next_control(socket, 'ready')
        await lines_so_far(http, headers, call_id, 1)
        bad_frames: list[str | bytes] = [
            b'\x00' * (64 * 1024 + 2),
            b'\x00\x01\x02',
            '{"type": "text", "text": ',
            '{"type": "shout", "text": "hi"}',
            'null',
        ]
        for frame in bad_frames:
            await socket.send(frame)
            error = await next_control(socket, 'error')
            assert error['message']
        await socket.send(b'\x00\x00' * 1600)  # a good audio frame is still taken
        await socket.send(json.dumps({'type': 'text', 'text': 'Could we book a demo next week?'}))
        await lines_so_far(http, headers, call_id, 3)
        await socket.send(json.dumps({'type': 'end'}))
        await next_control(socket, 'ended')


async def test_refused_handshakes_are_403(runtime: Runtime, server: str, http: httpx.AsyncClient) -> None:
    owner = await signup_and_login(http, 'owner@example.com')
    other = await signup_and_login(http, 'other@example.com')
    call_id = await create_call(http, owner)
    url = await ticket_url(http, server, owner, call_id)

    for bad in (f'ws://{server}/ws/calls/{call_id}', f'ws://{server}/ws/calls/{call_id}?ticket=made-up'):
        assert await refused_status(bad) == 403

    other_call = await create_call(http, other)
    assert await refused_status(url.replace(call_id, other_call)) == 403  # a ticket opens one call only
    assert await refused_status(url) == 403  # ...and it was spent trying

    url = await ticket_url(http, server, owner, call_id)
    async with connect(url) as socket:
        await next_control(socket, 'ready')
        assert await refused_status(url) == 403  # used once already
        second = await ticket_url(http, server, owner, call_id)
        assert await refused_status(second) == 403  # one connection per call
        await socket.send(json.dumps({'type': 'end'}))
        await next_control(socket, 'ended')

    assert (await http.post(f'{API}/{call_id}/connect', headers=other)).status_code == 404
    refused_call = await http.post(f'{API}/{call_id}/connect', headers=owner)
    assert refused_call.status_code == 409
    assert 'Only an active call' in refused_call.json()['detail']


async def test_an_expired_ticket_is_refused(runtime: Runtime, server: str, http: httpx.AsyncClient) -> None:
    headers = await signup_and_login(http)
    call_id = await create_call(http, headers)
    runtime.live.tickets.ttl_s = -1  # every ticket is born expired
    assert await refused_status(await ticket_url(http, server, headers, call_id)) == 403


async def test_a_dropped_browser_ends_the_call_and_keeps_what_was_said(server: str, http: httpx.AsyncClient) -> None:
    headers = await signup_and_login(http)
    call_id = await create_call(http, headers, persona='busy_executive')
    socket = await connect(await ticket_url(http, server, headers, call_id))
    await next_control(socket, 'ready')
    await lines_so_far(http, headers, call_id, 1)
    await socket.send(json.dumps({'type': 'text', 'text': 'What are your priorities this year?'}))
    await lines_so_far(http, headers, call_id, 3)
    socket.transport.abort()  # no close frame: the tab just went away
    report = await _until_report(http, headers, call_id)
    assert report['speech_metrics']['rep_words'] == 6


async def test_a_completed_call_cannot_be_connected(server: str, http: httpx.AsyncClient) -> None:
    headers = await signup_and_login(http)
    call_id = await create_call(http, headers)
    url = await ticket_url(http, server, headers, call_id)
    await http.post(f'{API}/{call_id}/complete', json=sample_call_body(), headers=headers)
    assert await refused_status(url) == 403


async def refused_status(url: str) -> int:
    """The HTTP status that refused the handshake (fails when the socket opens)."""
    with pytest.raises(InvalidStatus) as refused:
        await connect(url)
    await asyncio.sleep(0.05)  # let the refused connection's transport close while the loop still runs
    return refused.value.response.status_code


async def _until_report(http: httpx.AsyncClient, headers: dict[str, str], call_id: str) -> dict[str, Any]:
    async with asyncio.timeout(10):
        while (response := await http.get(f'{API}/{call_id}/report', headers=headers)).status_code != 200:
            assert response.status_code in (202, 409), response.text
            await asyncio.sleep(0.05)
    report: dict[str, Any] = response.json()
    return report


async def test_one_rep_flooding_audio_is_refused_and_holds_up_no_one_else(server: str, http: httpx.AsyncClient) -> None:
    headers = await signup_and_login(http)
    flooder_id, other_id = await create_call(http, headers), await create_call(http, headers)
    flooding = connect(await ticket_url(http, server, headers, flooder_id), max_size=None)
    async with flooding as flooder, connect(await ticket_url(http, server, headers, other_id)) as other:
        await next_control(flooder, 'ready')
        await next_control(other, 'ready')
        await lines_so_far(http, headers, other_id, 1)

        async def flood() -> None:  # 100 s of audio as fast as the socket takes it (the 5 s stall)
            for _ in range(1000):
                await flooder.send(b'\x10\x00' * 1600)

        flood_task = asyncio.create_task(flood())
        began = time.monotonic()
        await other.send(json.dumps({'type': 'text', 'text': 'What do you use today to track deliveries?'}))
        health = []
        while not flood_task.done():
            probe = time.monotonic()
            assert (await http.get('/healthz')).status_code == 200
            health.append(time.monotonic() - probe)
        await lines_so_far(http, headers, other_id, 3)
        answered_in = time.monotonic() - began
        await flood_task

        assert (await next_control(flooder, 'error'))['message'] == TOO_FAST
        # Generous bounds on a shared machine: what this guards against is a stall of seconds.
        assert answered_in < 3.0 and max(health, default=0.0) < 2.0, (answered_in, health)
        await flooder.send(json.dumps({'type': 'text', 'text': 'Sorry, my microphone went wild.'}))
        await lines_so_far(http, headers, flooder_id, 3)  # the flooder's call went on
        for socket in (flooder, other):
            await socket.send(json.dumps({'type': 'end'}))
            await next_control(socket, 'ended')
