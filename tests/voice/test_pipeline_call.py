"""A whole spoken call on the pipeline engine over the real call socket, each stage played by the fake audio server
through the `openai` SDK, ending in a report (on SQLite and on PostgreSQL)."""

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from app.settings import Settings
from tests.fake_openai_audio import API_KEY, FakeOpenAIAudio, Step
from tests.servers import serving
from tests.support.audio import spoken_fixture
from tests.voice.calls import finished_report, lines_so_far, next_control, send_audio, serving_app, spoken_call
from tests.voice.pipeline_support import quiet

OPENING = 'Hi, this is Riley from ShieldOps. Do you have a minute?'
FOLLOW_UP = 'Sorry, go on.'
FIRST_ANSWER = 'Sure, I have a minute. We already work with a security vendor though. What makes you different?'
SECOND_ANSWER = 'Fine. Keep it short.'


@pytest.fixture
async def pipeline_app(settings: Settings, api_app: FastAPI) -> AsyncIterator[tuple[str, FakeOpenAIAudio]]:
    fake = FakeOpenAIAudio(transcripts=[OPENING, FOLLOW_UP], replies=[FIRST_ANSWER, SECOND_ANSWER])
    async with serving(fake.app()) as port:
        base = f'http://127.0.0.1:{port}/v1'
        stages = {
            f'pipeline_{stage}_{part}': value
            for stage in ('stt', 'llm', 'tts')
            for part, value in (('base_url', base), ('api_key', SecretStr(API_KEY)))
        }
        # No OpenAI key: auto picks the pipeline, and the rule-based coach writes the report.
        configured = settings.model_copy(update={'voice_engine': 'auto', **stages})
        async with serving_app(configured, api_app) as server:
            yield server, fake


async def test_a_spoken_call_on_the_pipeline_ends_in_a_transcript_with_the_cut_line_and_a_report(
    pipeline_app: tuple[str, FakeOpenAIAudio],
) -> None:
    server, fake = pipeline_app
    fake.llm.steps.append(Step(between_s=0.05))  # the first answer streams while its first sentence speaks
    opening = spoken_fixture('rep_opening_48k.wav', trim_silence=True)
    async with (
        httpx.AsyncClient(base_url=f'http://{server}', timeout=10) as http,
        spoken_call(http, server, engine='pipeline') as call,
    ):
        socket = call.socket
        await send_audio(socket, opening + quiet(1.0))  # one turn, then silence: Silero VAD ends it
        async with asyncio.timeout(15):
            first_voice = await socket.recv()
            while not isinstance(first_voice, bytes):  # the prospect answers out loud
                first_voice = await socket.recv()
        assert len(first_voice) == 4800  # 100 ms at 24 kHz, PCM16
        await asyncio.sleep(0.5)
        # The rep talks over it: the browser is told to stop playback at once.
        await send_audio(socket, opening[: 2 * 32000])
        assert await next_control(socket, 'clear') == {'type': 'clear'}
        await send_audio(socket, quiet(1.0))  # a pause ends the rep's turn
        await lines_so_far(http, call.headers, call.call_id, 4, within=20)
        await socket.send(json.dumps({'type': 'end'}))
        assert await next_control(socket, 'ended') == {'type': 'ended', 'reason': 'hang-up'}
        report = await finished_report(http, call, within=20)
        detail = (await http.get(f'/api/v1/calls/{call.call_id}', headers=call.headers)).json()

    assert report['speech_metrics']['rep_messages'] == 2
    assert detail['engine'] == 'pipeline'
    messages = detail['transcript']['messages']
    lines = [(m['role'], m['text']) for m in messages]
    assert [role for role, _ in lines] == ['user', 'assistant', 'user', 'assistant']
    assert lines[0] == ('user', OPENING)
    # The prospect's first line was cut off where the rep stopped hearing it.
    assert FIRST_ANSWER.startswith(lines[1][1]) and 0 < len(lines[1][1]) < len(FIRST_ANSWER)
    assert lines[2:] == [('user', FOLLOW_UP), ('assistant', SECOND_ANSWER)]
    assert [m['timestamp'] for m in messages] == sorted(m['timestamp'] for m in messages)
    assert all(m['end'] >= m['timestamp'] for m in messages)
    # The model heard the cut line, not the whole answer.
    second_request = fake.llm.requests[1]['messages']
    assert second_request[-2:] == [
        {'role': 'assistant', 'content': lines[1][1]},
        {'role': 'user', 'content': FOLLOW_UP},
    ]
