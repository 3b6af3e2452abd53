"""A local stand-in for the three OpenAI-compatible endpoints the `pipeline` engine talks to.

- `POST /v1/audio/transcriptions`: multipart form (`file` a WAV, `model`, `response_format`); answers
  `{"text": ...}` with the next scripted transcript (the WAV is checked and its length recorded).
- `POST /v1/chat/completions` with `"stream": true`: Server-Sent Events, one `chat.completion.chunk` a word (the
  first carrying the role), a last chunk with `finish_reason`, then `data: [DONE]`, as OpenAI streams. Without
  `stream` it answers one `chat.completion`.
- `POST /v1/audio/speech` with `response_format: pcm`: raw PCM16 mono at 24 kHz, streamed in 100 ms chunks, a tone
  of `SECONDS_PER_WORD` a word, so a test can tell how much voice a sentence had.

Every endpoint checks `Authorization: Bearer <key>` (a wrong key gets OpenAI's 401 body, which echoes part of the
key as the real API does) and records what it was asked, over which connection (the client's port), and how many
requests were in their delay at once. Tests queue `Step`s per endpoint to add delays, fail with
an HTTP status, fail in the middle of a stream, or hang; `timings` records the delays the fake added to each
request, so a benchmark can subtract them. Streams that the client abandoned are counted (`cancelled`).

Run alone for manual checks or a benchmark: `python -m tests.fake_openai_audio PORT [STT LLM BETWEEN TTS]` (delays in
seconds: recognition, the model's first word, between its words, the voice's first byte).
"""

import asyncio
import io
import json
import math
import sys
import time
import uuid
import wave
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

API_KEY = 'sk-fake-pipeline-key-0123456789abcdef'
SPEECH_RATE = 24_000
SECONDS_PER_WORD = 0.25
CHUNK_S = 0.1
DEFAULT_TRANSCRIPT = 'Hello, can you hear me?'


@dataclass
class Step:
    """How the fake answers one request of an endpoint.

    Attributes:
        status: an HTTP error status to answer with (0: no error).
        delay_s: before the first byte (the model's thinking, the recognition, the voice's first byte).
        between_s: between two streamed chunks (words or 100 ms of voice).
        fail_after: a stream that breaks after this many chunks (an error event in SSE, a cut connection for speech).
        text: what the model answers or the recogniser heard (None: the fake's default).
    """

    status: int = 0
    delay_s: float = 0.0
    between_s: float = 0.0
    fail_after: int | None = None
    text: str | None = None


@dataclass
class Endpoint:
    """One endpoint's script and what it saw."""

    steps: list[Step] = field(default_factory=list)
    default: Step = field(default_factory=Step)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    started: int = 0
    finished: int = 0  # streams sent to their end
    cancelled: int = 0  # streams the client went away from
    timings: list[float] = field(default_factory=list)  # the delay the fake added before each first byte
    ports: list[int] = field(default_factory=list)  # the client's port of each request: its connection
    waiting: int = 0  # requests in their delay now
    most_at_once: int = 0  # the most requests that were in their delay at the same time

    def next_step(self) -> Step:
        return self.steps.pop(0) if self.steps else self.default


@dataclass
class FakeOpenAIAudio:
    api_key: str = API_KEY
    transcripts: list[str] = field(default_factory=list)
    default_transcript: str = ''  # heard when no transcript is queued
    replies: list[str] = field(default_factory=list)
    stt: Endpoint = field(default_factory=Endpoint)
    llm: Endpoint = field(default_factory=Endpoint)
    tts: Endpoint = field(default_factory=Endpoint)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route('/v1/audio/transcriptions', self._transcriptions, methods=['POST']),
                Route('/v1/chat/completions', self._completions, methods=['POST']),
                Route('/v1/audio/speech', self._speech, methods=['POST']),
            ]
        )

    # --- speech to text ----------------------------------------------------------------------------------

    async def _transcriptions(self, request: Request) -> Response:
        form = await request.form()
        upload = form.get('file')
        audio = await upload.read() if upload is not None and not isinstance(upload, str) else b''
        seen: dict[str, Any] = {key: value for key, value in form.items() if isinstance(value, str)}
        seen['seconds'] = _wav_seconds(audio)
        seen['filename'] = getattr(upload, 'filename', None)
        refused = self._refused(self.stt, request, seen)
        if refused is not None:
            return refused
        step = self.stt.next_step()
        self.stt.started += 1
        await self._wait(self.stt, step.delay_s)
        if step.status:
            return _error(step.status)
        if seen['seconds'] is None:
            return _error(400, 'Invalid file format.', 'invalid_request_error')
        queued = self.transcripts.pop(0) if self.transcripts else self.default_transcript
        text = step.text if step.text is not None else queued
        self.stt.finished += 1
        if seen.get('response_format') == 'text':
            return Response(text, media_type='text/plain')
        return JSONResponse({'text': text, 'usage': {'type': 'duration', 'seconds': math.ceil(seen['seconds'])}})

    # --- language model ----------------------------------------------------------------------------------

    async def _completions(self, request: Request) -> Response:
        body = await request.json()
        refused = self._refused(self.llm, request, body)
        if refused is not None:
            return refused
        step = self.llm.next_step()
        self.llm.started += 1
        if step.status:
            await self._wait(self.llm, step.delay_s)
            return _error(step.status)
        text = step.text if step.text is not None else self.replies.pop(0) if self.replies else default_reply(body)
        if not body.get('stream'):
            await self._wait(self.llm, step.delay_s)
            self.llm.finished += 1
            return JSONResponse(_completion(body['model'], text))
        return StreamingResponse(self._chunks(request, body['model'], text, step), media_type='text/event-stream')

    async def _chunks(self, request: Request, model: str, text: str, step: Step) -> AsyncIterator[bytes]:
        completion_id = f'chatcmpl-{uuid.uuid4().hex[:24]}'
        words = text.split(' ')
        sent = 0
        try:
            await self._wait(self.llm, step.delay_s, request)
            for index, word in enumerate(words):
                if step.fail_after is not None and sent >= step.fail_after:
                    error = {'error': {'message': 'The server had an error.', 'type': 'server_error', 'code': None}}
                    yield _sse(error)
                    return
                if index and step.between_s:
                    await asyncio.sleep(step.between_s)
                if await _gone(request, self.llm):
                    return
                delta: dict[str, Any] = {'content': word if index == 0 else f' {word}'}
                if index == 0:
                    delta['role'] = 'assistant'
                yield _sse(_chunk(completion_id, model, delta, None))
                sent += 1
            yield _sse(_chunk(completion_id, model, {}, 'stop'))
            yield b'data: [DONE]\n\n'
            self.llm.finished += 1
        except asyncio.CancelledError:
            self.llm.cancelled += 1
            raise

    # --- text to speech ----------------------------------------------------------------------------------

    async def _speech(self, request: Request) -> Response:
        body = await request.json()
        refused = self._refused(self.tts, request, body)
        if refused is not None:
            return refused
        step = self.tts.next_step()
        self.tts.started += 1
        if step.status:
            await self._wait(self.tts, step.delay_s)
            return _error(step.status)
        if body.get('response_format') != 'pcm':
            return _error(400, 'This fake speaks pcm only.', 'invalid_request_error')
        pcm = voice_for(str(body.get('input', '')), speed=float(body.get('speed') or 1.0))
        return StreamingResponse(self._voice(request, pcm, step), media_type='audio/pcm')

    async def _voice(self, request: Request, pcm: bytes, step: Step) -> AsyncIterator[bytes]:
        chunk = int(SPEECH_RATE * CHUNK_S) * 2
        try:
            await self._wait(self.tts, step.delay_s, request)
            if await _gone(request, self.tts):
                return
            for index, begin in enumerate(range(0, len(pcm), chunk)):
                if step.fail_after is not None and index >= step.fail_after:
                    raise ConnectionResetError('the fake cuts the voice stream')
                if index and step.between_s:
                    await asyncio.sleep(step.between_s)
                yield pcm[begin : begin + chunk]
            self.tts.finished += 1
        except asyncio.CancelledError:
            self.tts.cancelled += 1
            raise

    # --- shared ------------------------------------------------------------------------------------------

    def _refused(self, endpoint: Endpoint, request: Request, seen: dict[str, Any]) -> Response | None:
        endpoint.requests.append(seen)
        endpoint.headers.append(dict(request.headers))
        endpoint.ports.append(request.client.port if request.client else 0)
        auth = request.headers.get('authorization', '')
        if auth == f'Bearer {self.api_key}':
            return None
        shown = auth.removeprefix('Bearer ')
        message = f'Incorrect API key provided: {shown[:3]}***{shown[-4:]}. You can find your API key at ...'
        return _error(401, message, 'invalid_request_error', 'invalid_api_key')

    @staticmethod
    async def _wait(endpoint: Endpoint, delay_s: float, request: Request | None = None) -> None:
        """The step's delay; a stream's delay ends early when its client has gone."""
        endpoint.timings.append(delay_s)
        endpoint.waiting += 1
        endpoint.most_at_once = max(endpoint.most_at_once, endpoint.waiting)
        try:
            deadline = time.monotonic() + delay_s
            while (left := deadline - time.monotonic()) > 0:
                await asyncio.sleep(min(left, 0.05))
                if request is not None and await request.is_disconnected():
                    return
        finally:
            endpoint.waiting -= 1


async def _gone(request: Request, endpoint: Endpoint) -> bool:
    """Whether the client went away from a stream (counted once): uvicorn does not cancel a stream whose client
    has gone, it drops what is sent."""
    if await request.is_disconnected():
        endpoint.cancelled += 1
        return True
    return False


def default_reply(body: dict[str, Any]) -> str:
    """A prospect's answer that names what the rep last said, in three sentences."""
    last = next((m['content'] for m in reversed(body['messages']) if m['role'] == 'user'), '')
    words = ' '.join(str(last).split()[:6]).rstrip('?.!,')
    return f'You asked about {words}. We use spreadsheets today. What would change for us?'


def voice_for(text: str, *, speed: float = 1.0) -> bytes:
    """A 220 Hz tone, SECONDS_PER_WORD a word at speed 1.0, as PCM16 at 24 kHz."""
    seconds = max(1, len(text.split())) * SECONDS_PER_WORD / max(speed, 0.25)
    t = np.arange(int(seconds * SPEECH_RATE)) / SPEECH_RATE
    return (np.sin(2 * np.pi * 220 * t) * 8000).astype('<i2').tobytes()


def _wav_seconds(audio: bytes) -> float | None:
    try:
        with wave.open(io.BytesIO(audio)) as reader:
            if reader.getsampwidth() != 2 or reader.getnchannels() != 1:
                return None
            return reader.getnframes() / reader.getframerate()
    except (wave.Error, EOFError):
        return None


def _sse(data: dict[str, Any]) -> bytes:
    return f'data: {json.dumps(data)}\n\n'.encode()


def _chunk(completion_id: str, model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        'id': completion_id,
        'object': 'chat.completion.chunk',
        'created': int(time.time()),
        'model': model,
        'system_fingerprint': None,
        'choices': [{'index': 0, 'delta': delta, 'logprobs': None, 'finish_reason': finish}],
    }


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        'id': f'chatcmpl-{uuid.uuid4().hex[:24]}',
        'object': 'chat.completion',
        'created': int(time.time()),
        'model': model,
        'choices': [
            {
                'index': 0,
                'finish_reason': 'stop',
                'logprobs': None,
                'message': {'role': 'assistant', 'content': content, 'refusal': None},
            }
        ],
        'usage': {'prompt_tokens': 10, 'completion_tokens': len(content) // 4, 'total_tokens': 10 + len(content) // 4},
    }


def _error(status: int, message: str | None = None, kind: str = 'server_error', code: str | None = None) -> Response:
    body = {
        'error': {
            'message': message or 'The server had an error while processing your request.',
            'type': kind,
            'param': None,
            'code': code,
        }
    }
    return JSONResponse(body, status_code=status)


def main(argv: list[str]) -> None:
    """`PORT [STT_DELAY LLM_DELAY LLM_BETWEEN TTS_DELAY]`: every request of each endpoint takes these delays."""
    import uvicorn

    port, *delays = argv
    stt, llm, between, tts = (float(value) for value in delays) if delays else (0.0, 0.0, 0.0, 0.0)
    fake = FakeOpenAIAudio(default_transcript=DEFAULT_TRANSCRIPT)
    fake.stt.default = Step(delay_s=stt)
    fake.llm.default = Step(delay_s=llm, between_s=between)
    fake.tts.default = Step(delay_s=tts)
    uvicorn.run(fake.app(), host='127.0.0.1', port=int(port), log_level='warning')


if __name__ == '__main__':
    main(sys.argv[1:])
