"""A whole call over the real call socket, bridged to the fake EVI through the Hume SDK."""

import json

import httpx

from tests.fake_evi import REPLY, FakeEvi
from tests.voice.calls import finished_report, next_control, spoken_call

FRAME = b'\x10\x00' * 1600  # 100 ms at 16 kHz


async def test_a_spoken_call_with_evi_from_ready_to_a_report_with_tone(
    hume_app: tuple[str, FakeEvi],
) -> None:
    server, fake = hume_app
    async with (
        httpx.AsyncClient(base_url=f'http://{server}', timeout=10) as http,
        spoken_call(http, server, engine='hume_evi') as call,
    ):
        socket = call.socket
        for _ in range(10):
            await socket.send(FRAME)
        while not isinstance(await socket.recv(), bytes):  # the prospect starts answering out loud
            pass
        for _ in range(10):  # the rep talks over it: the browser is told to stop playback at once
            await socket.send(FRAME)
        assert await next_control(socket, 'clear') == {'type': 'clear'}
        await socket.send(json.dumps({'type': 'end'}))
        assert await next_control(socket, 'ended') == {'type': 'ended', 'reason': 'hang-up'}
        data = await finished_report(http, call)
        detail = (await http.get(f'/api/v1/calls/{call.call_id}', headers=call.headers)).json()

    assert detail['hume_chat_id']
    lines = [(m['role'], m['text']) for m in detail['transcript']['messages']]
    assert lines[0] == ('user', 'Hello, I am calling about your deliveries, line 1.')
    assert lines[1] == ('assistant', REPLY)
    assert len(detail['emotion_data']['prosody_scores']) >= 1
    assert len(detail['emotion_data']['prosody_scores'][0]['scores']) == 48
    assert data['emotion_summary']['available'] is True
    assert data['emotion_summary']['source'] == 'prosody'
    assert fake.connections[0].query['config_id'] == 'cfg-sales'
    assert fake.connections[0].audio_bytes == 20 * len(FRAME)
