"""A whole call over the real call socket, bridged to the fake Realtime server through the `openai` SDK."""

import asyncio
import json

import httpx
import pytest

from tests.fake_realtime import REPLY, FakeRealtime
from tests.support.audio import spoken_fixture
from tests.support.waiting import until
from tests.voice.calls import FOLLOW_UP, OPENING, finished_report, lines_so_far, next_control, send_audio, spoken_call

FRAME_BYTES = 3200  # 100 ms at 16 kHz


async def test_a_spoken_call_over_the_socket_ends_in_a_transcript_in_order_and_a_report(
    realtime_app: tuple[str, FakeRealtime],
) -> None:
    server, fake = realtime_app
    fake.chunk_interval_s = 0.15  # the answer (2 s of voice) still streams when the rep talks over it
    opening = spoken_fixture('rep_opening_48k.wav')
    async with (
        httpx.AsyncClient(base_url=f'http://{server}', timeout=10) as http,
        spoken_call(http, server, engine='openai_realtime') as call,
    ):
        socket = call.socket
        await send_audio(socket, opening)  # one turn, then 1.6 s of silence: the fake's VAD ends it
        async with asyncio.timeout(10):
            first_voice = await socket.recv()
            while not isinstance(first_voice, bytes):  # the prospect answers out loud
                first_voice = await socket.recv()
        assert len(first_voice) == 9600  # 200 ms at 24 kHz
        # The rep talks over it: the browser is told to stop playback at once.
        await send_audio(socket, opening[int(0.6 * 32000) : int(1.6 * 32000)])
        assert await next_control(socket, 'clear') == {'type': 'clear'}
        await send_audio(socket, bytes(int(0.8 * 32000)))  # a pause ends the rep's turn
        await lines_so_far(http, call.headers, call.call_id, 4)  # the second answer and the late transcript land
        await socket.send(json.dumps({'type': 'end'}))
        assert await next_control(socket, 'ended') == {'type': 'ended', 'reason': 'hang-up'}
        report = await finished_report(http, call)
        assert report['speech_metrics']['rep_messages'] == 2  # both turns reached the report
        detail = (await http.get(f'/api/v1/calls/{call.call_id}', headers=call.headers)).json()

    messages = detail['transcript']['messages']
    lines = [(m['role'], m['text']) for m in messages]
    # The rep's words were transcribed after the answer began, yet come first; the answer was cut off.
    assert [role for role, _ in lines] == ['user', 'assistant', 'user', 'assistant']
    assert lines[0] == ('user', OPENING) and REPLY.startswith(lines[1][1]) and lines[1][1] != REPLY
    assert lines[2:] == [('user', FOLLOW_UP), ('assistant', REPLY)]
    assert [m['timestamp'] for m in messages] == sorted(m['timestamp'] for m in messages)
    # Sent faster than real time, the audio clock runs ahead of the wall clock by up to 0.25 s before it is re-pinned.
    assert messages[0]['end'] <= messages[1]['timestamp'] + 0.25
    assert detail['hume_chat_id'].startswith('sess_')  # the provider's session id
    [connection] = fake.connections
    assert connection.truncates and connection.truncates[0]['audio_end_ms'] <= 2000
    assert not [e for e in connection.sent if e['type'] == 'error']
    appended_s = connection.audio_bytes / 48000
    sent_s = (len(opening) + 32000 + int(0.8 * 32000)) / 32000
    assert abs(appended_s - sent_s) < 0.05  # every frame arrived, resampled to 24 kHz


async def test_talking_over_the_first_of_two_queued_answers_stores_it_as_heard_and_never_the_second(
    realtime_app: tuple[str, FakeRealtime],
) -> None:
    server, fake = realtime_app
    fake.chunk_interval_s = 0.02  # both answers (2 s of voice each) are produced within half a second
    speech = spoken_fixture('rep_opening_48k.wav')[int(0.6 * 32000) : int(1.6 * 32000)]
    async with (
        httpx.AsyncClient(base_url=f'http://{server}', timeout=10) as http,
        spoken_call(http, server, engine='openai_realtime') as call,
    ):
        for text in ('Who else decides on this?', 'And the budget?'):
            await call.socket.send(json.dumps({'type': 'text', 'text': text}))
        await until(lambda: bool(fake.sessions) and fake.sessions[-1].responses == 2)
        # The first answer plays in the browser, the second waits behind it: the rep talks over the first.
        await send_audio(call.socket, speech)
        assert await next_control(call.socket, 'clear') == {'type': 'clear'}
        await send_audio(call.socket, bytes(int(0.8 * 32000)))  # a pause ends the rep's turn
        messages = await lines_so_far(http, call.headers, call.call_id, 5)
        await call.socket.send(json.dumps({'type': 'end'}))
        await next_control(call.socket, 'ended')

    connection = fake.connections[-1]
    first, second = [str(e['item']['id']) for e in connection.sent if e['type'] == 'response.output_item.added'][:2]
    [truncate] = connection.truncates
    assert truncate['item_id'] == first and 0 < truncate['audio_end_ms'] < 2000
    assert [delete['item_id'] for delete in connection.deletes] == [second]
    benign = 'conversation_already_has_active_response'
    assert not [e for e in connection.sent if e['type'] == 'error' and e['error']['code'] != benign]
    lines = [(m['role'], m['text']) for m in messages]
    assert lines[:2] == [('user', 'Who else decides on this?'), ('user', 'And the budget?')]
    # The first answer is stored as far as it was heard, as the model keeps it; the second was never said.
    role, heard = lines[2]
    assert role == 'assistant' and heard and REPLY.startswith(heard) and heard != REPLY
    assert messages[2]['end'] - messages[2]['timestamp'] == pytest.approx(truncate['audio_end_ms'] / 1000, abs=0.002)
    assert lines[3:] == [('user', OPENING), ('assistant', REPLY)]
