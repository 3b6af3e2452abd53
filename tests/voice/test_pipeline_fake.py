"""The fake OpenAI-compatible audio server speaks what the real `openai` SDK expects, on each of its endpoints."""

import io
import time
import wave
from collections.abc import AsyncIterator

import openai
import pytest
from openai import AsyncOpenAI

from tests.fake_openai_audio import API_KEY, SECONDS_PER_WORD, SPEECH_RATE, FakeOpenAIAudio, Step
from tests.servers import serving


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeOpenAIAudio, AsyncOpenAI]]:
    server = FakeOpenAIAudio(transcripts=['Hi, this is Riley.'])
    async with serving(server.app()) as port:
        client = AsyncOpenAI(api_key=API_KEY, base_url=f'http://127.0.0.1:{port}/v1', max_retries=0)
        yield server, client
        await client.close()


def wav(seconds: float, rate: int = 16000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, 'wb') as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(bytes(int(seconds * rate) * 2))
    return out.getvalue()


async def test_a_transcription_takes_a_multipart_wav_and_answers_json(
    fake: tuple[FakeOpenAIAudio, AsyncOpenAI],
) -> None:
    server, client = fake
    result = await client.audio.transcriptions.create(model='whisper-1', file=('turn.wav', wav(1.5), 'audio/wav'))
    assert result.text == 'Hi, this is Riley.'
    [request] = server.stt.requests
    assert request['model'] == 'whisper-1' and request['seconds'] == 1.5 and request['filename'] == 'turn.wav'


async def test_a_streamed_chat_completion_arrives_word_by_word(fake: tuple[FakeOpenAIAudio, AsyncOpenAI]) -> None:
    server, client = fake
    server.llm.steps.append(Step(text='Sure. Go ahead.', between_s=0.05))
    stream = await client.chat.completions.create(
        model='gpt-test', messages=[{'role': 'user', 'content': 'Hello?'}], stream=True
    )
    deltas = [chunk.choices[0].delta.content async for chunk in stream if chunk.choices]
    assert deltas == ['Sure.', ' Go', ' ahead.', None]
    assert server.llm.requests[0]['messages'] == [{'role': 'user', 'content': 'Hello?'}]
    assert server.llm.finished == 1


async def test_a_stream_that_breaks_raises_in_the_sdk(fake: tuple[FakeOpenAIAudio, AsyncOpenAI]) -> None:
    server, client = fake
    server.llm.steps.append(Step(text='one two three', fail_after=1))
    stream = await client.chat.completions.create(model='m', messages=[{'role': 'user', 'content': 'x'}], stream=True)
    got: list[str | None] = []

    async def read_all() -> None:
        async for chunk in stream:
            got.append(chunk.choices[0].delta.content)

    with pytest.raises(openai.APIError):
        await read_all()
    assert got == ['one']


async def test_speech_streams_raw_pcm_at_24_khz_and_its_first_byte_waits_for_the_delay(
    fake: tuple[FakeOpenAIAudio, AsyncOpenAI],
) -> None:
    server, client = fake
    server.tts.steps.append(Step(delay_s=0.2))
    started = time.monotonic()
    first_at = None
    pcm = b''
    async with client.audio.speech.with_streaming_response.create(
        model='tts-test', voice='kokoro_heart', input='Four words of voice.', response_format='pcm'
    ) as response:
        async for chunk in response.iter_bytes():
            first_at = first_at or time.monotonic() - started
            pcm += chunk
    assert first_at is not None and first_at >= 0.2
    assert len(pcm) == int(4 * SECONDS_PER_WORD * SPEECH_RATE) * 2
    assert server.tts.requests[0]['voice'] == 'kokoro_heart'  # any voice name the server knows
    assert server.tts.timings == [0.2]


async def test_a_wrong_key_is_refused_with_openais_401(fake: tuple[FakeOpenAIAudio, AsyncOpenAI]) -> None:
    _, client = fake
    wrong = client.with_options(api_key='sk-wrong-key-000011112222')
    with pytest.raises(openai.AuthenticationError) as refused:
        await wrong.chat.completions.create(model='m', messages=[{'role': 'user', 'content': 'x'}])
    assert refused.value.status_code == 401
    assert '2222' in str(refused.value)  # as OpenAI does: the error's text carries part of the key


async def test_an_endpoint_can_fail_with_a_status(fake: tuple[FakeOpenAIAudio, AsyncOpenAI]) -> None:
    server, client = fake
    server.stt.steps.append(Step(status=503))
    with pytest.raises(openai.InternalServerError):
        await client.audio.transcriptions.create(model='whisper-1', file=('turn.wav', wav(0.5), 'audio/wav'))
