"""Nothing the rep said is lost at hang-up: a turn typed or spoken right before `end`, on every engine, is stored."""

import asyncio
import json

import httpx
from websockets.asyncio.client import ClientConnection, connect

from app.runtime import Runtime
from tests.factories import create_call, signup_and_login
from tests.fake_evi import FakeEvi
from tests.fake_realtime import FakeRealtime
from tests.support.audio import spoken_fixture
from tests.voice.calls import OPENING, lines_so_far, next_control, send_audio, spoken_call

FRAME_BYTES = 3200  # 100 ms at 16 kHz
API = '/api/v1/calls'


async def rep_lines(http: httpx.AsyncClient, headers: dict[str, str], call_id: str) -> list[dict[str, object]]:
    detail = (await http.get(f'{API}/{call_id}', headers=headers)).json()
    return [m for m in detail['transcript']['messages'] if m['role'] == 'user']


async def hang_up(socket: ClientConnection) -> None:
    await socket.send(json.dumps({'type': 'end'}))
    assert await next_control(socket, 'ended', within=45) == {'type': 'ended', 'reason': 'hang-up'}


async def test_a_typed_turn_then_end_with_no_gap_is_kept_in_every_call(
    runtime: Runtime, server: str, http: httpx.AsyncClient
) -> None:
    async def one_call(number: int) -> tuple[str, dict[str, str], str]:
        headers = await signup_and_login(http, f'rep{number}@example.com')
        call_id = await create_call(http, headers, persona='friendly_prospect')
        url = (await http.post(f'{API}/{call_id}/connect', headers=headers)).json()['url']
        text = f'Turn {number}: what do you use today to track deliveries?'
        async with connect(f'ws://{server}{url}') as socket:
            assert json.loads(await socket.recv())['type'] == 'ready'
            await socket.send(json.dumps({'type': 'text', 'text': text}))
            await hang_up(socket)  # the end frame follows the turn at once
        return call_id, headers, text

    sent = await asyncio.gather(*(one_call(number) for number in range(10)))  # ten reps at once

    stored = 0
    for call_id, headers, text in sent:
        lines = await rep_lines(http, headers, call_id)
        assert [(line['text'], line['source']) for line in lines] == [(text, 'typed')]
        stored += len(lines)
    print(f'typed turns sent then hung up at once: {len(sent)}, stored: {stored}')
    assert stored == len(sent)


async def test_speech_then_end_right_after_the_last_word_is_recognised_and_kept(
    runtime: Runtime, server: str, http: httpx.AsyncClient
) -> None:
    speech = spoken_fixture('rep_opening_48k.wav', trim_silence=True)
    headers = await signup_and_login(http)
    call_id = await create_call(http, headers, persona='friendly_prospect')
    url = (await http.post(f'{API}/{call_id}/connect', headers=headers)).json()['url']
    async with connect(f'ws://{server}{url}') as socket:
        assert json.loads(await socket.recv())['type'] == 'ready'
        await send_audio(socket, speech)
        await hang_up(socket)  # no silence after the last word: the utterance is still open

    [line] = await rep_lines(http, headers, call_id)
    assert len(str(line['text']).split()) >= 5  # recognised words, not a placeholder
    assert line['source'] == 'spoken'
    assert float(line['end']) - float(line['timestamp']) > 5  # the whole sentence, about 9 s of it


async def test_realtime_keeps_a_turn_still_being_spoken_and_a_typed_turn_at_hang_up(
    realtime_app: tuple[str, FakeRealtime],
) -> None:
    server, fake = realtime_app
    fake.late_transcripts = False
    speech = spoken_fixture('rep_opening_48k.wav', trim_silence=True)
    async with (
        httpx.AsyncClient(base_url=f'http://{server}', timeout=10) as http,
        spoken_call(http, server, engine='openai_realtime') as call,
    ):
        await send_audio(call.socket, speech)  # the fake's VAD has heard the turn start, not end
        await call.socket.send(json.dumps({'type': 'text', 'text': 'And one more thing.'}))
        await hang_up(call.socket)
        lines = await rep_lines(http, call.headers, call.call_id)

    connection = fake.connections[-1]
    assert 'input_audio_buffer.commit' in [event.get('type') for event in connection.received]
    texts = [line['text'] for line in lines]
    assert texts == [OPENING, 'And one more thing.']  # the spoken turn, transcribed after the hang-up, comes first
    assert [line['source'] for line in lines] == ['spoken', 'typed']
    assert float(lines[0]['timestamp']) < float(lines[1]['timestamp'])


async def test_evi_keeps_a_turn_it_was_still_transcribing_and_a_typed_turn_at_hang_up(
    hume_app: tuple[str, FakeEvi],
) -> None:
    server = hume_app[0]
    async with (
        httpx.AsyncClient(base_url=f'http://{server}', timeout=10) as http,
        spoken_call(http, server, engine='hume_evi') as call,
    ):
        for _ in range(6):  # 0.6 s of a 1 s line: EVI has sent its interim words only
            await call.socket.send(b'\x10\x00' * 1600)
        await call.socket.send(json.dumps({'type': 'text', 'text': 'One more thing.'}))
        await lines_so_far(http, call.headers, call.call_id, 1)  # the typed turn is stored; the spoken one waits
        await hang_up(call.socket)
        lines = await rep_lines(http, call.headers, call.call_id)

    assert [line['text'] for line in lines] == ['Hello, I am calling about', 'One more thing.']
    assert [line['source'] for line in lines] == ['spoken', 'typed']
