"""A local stand-in for Hume EVI that speaks its wire protocol (research/hume_evi.md §2 and §8).

WebSocket `/v0/evi/chat`: auth by `X-Hume-Api-Key`, `?api_key=` or `?access_token=` (HTTP 401 otherwise);
`chat_metadata` first; `session_settings`, `user_input`, `assistant_input` (said word for word) and raw linear16
audio in; `user_message` (interim and final, with all 48 prosody scores), `assistant_message`, WAV `audio_output`
chunks at 48 kHz, `assistant_end`,
`user_interruption` and `error` out. Raw audio before an audio setting gets I0116 and a close with 1000, as Hume
does. HTTP `POST /oauth2-cc/token`: the client-credentials grant with Basic auth.
Tests steer it through `FakeEvi` (drop the next connection, send an error, inspect what arrived).
"""

import asyncio
import base64
import io
import json
import math
import struct
import time
import uuid
import wave
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from services.emotion_analysis import PROSODY_NAMES

API_KEY = 'fake-hume-key-0123456789'
SECRET_KEY = 'fake-hume-secret-9876543210'
OUTPUT_RATE = 48_000
PROBE = b'SCBM'
REPLY = 'Interesting. Tell me more about how that would work for us.'


@dataclass
class Connection:
    query: dict[str, str]
    settings: list[dict[str, Any]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    assistant_inputs: list[str] = field(default_factory=list)
    audio_bytes: int = 0


@dataclass
class FakeEvi:
    """The controls and the record of the fake, shared by every connection."""

    connections: list[Connection] = field(default_factory=list)
    drop_next: int | None = None  # close code for the next connection, right after its next reply
    drop_after_bytes: int | None = None  # or: close the connection with 1011 once it has had this much audio
    errors_to_send: list[tuple[str, str, bool]] = field(default_factory=list)  # code, slug, then close 1000
    extra_messages: list[dict[str, Any]] = field(default_factory=list)  # sent after the next reply
    tokens: set[str] = field(default_factory=set)
    speech_seconds_per_line: float = 1.0
    # Benchmarks stamp audio frames (PROBE + send time as a float64): the delay of each is kept here, in ms.
    latencies_ms: list[float] = field(default_factory=list)

    async def _stats(self, request: Request) -> Response:
        seen = list(self.latencies_ms)
        if request.method == 'POST':
            self.latencies_ms.clear()
        return JSONResponse({'latencies_ms': seen, 'connections': len(self.connections)})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                WebSocketRoute('/v0/evi/chat', self._chat),
                Route('/oauth2-cc/token', self._token, methods=['POST']),
                Route('/bench/latencies', self._stats, methods=['GET', 'POST']),  # POST also clears them
            ]
        )

    async def _token(self, request: Request) -> Response:
        expected = base64.b64encode(f'{API_KEY}:{SECRET_KEY}'.encode()).decode()
        form = await request.form()
        if (
            request.headers.get('authorization') != f'Basic {expected}'
            or form.get('grant_type') != 'client_credentials'
        ):
            return JSONResponse({'error': 'invalid_client'}, status_code=401)
        token = f'fake-token-{uuid.uuid4().hex}'
        self.tokens.add(token)
        return JSONResponse({'access_token': token, 'token_type': 'bearer', 'expires_in': 1800})

    async def _chat(self, websocket: WebSocket) -> None:
        query = dict(websocket.query_params)
        key = websocket.headers.get('x-hume-api-key') or query.get('api_key')
        if key != API_KEY and query.get('access_token') not in self.tokens:
            await websocket.send_denial_response(JSONResponse({'error': 'invalid credentials'}, status_code=401))
            return
        await websocket.accept()
        connection = Connection(query=query)
        self.connections.append(connection)
        await Session(self, connection, websocket).run()


class Session:
    def __init__(self, fake: FakeEvi, connection: Connection, websocket: WebSocket) -> None:
        self.fake, self.connection, self.websocket = fake, connection, websocket
        self.rate: int | None = None
        self.pending_audio = 0
        self.speaking: asyncio.Task[None] | None = None
        self.clock_ms = 0
        self.lines = 0

    async def run(self) -> None:
        group = self.connection.query.get('resumed_chat_group_id') or str(uuid.uuid4())
        await self.send(
            {
                'type': 'chat_metadata',
                'chat_group_id': group,
                'chat_id': str(uuid.uuid4()),
                'request_id': uuid.uuid4().hex,
            }
        )
        try:
            while True:
                frame = await self.websocket.receive()
                if frame['type'] == 'websocket.disconnect':
                    return
                if frame.get('bytes') is not None:
                    if not await self.on_audio(frame['bytes']):
                        return
                elif frame.get('text') is not None:
                    await self.on_message(json.loads(frame['text']))
        except WebSocketDisconnect:
            return
        finally:
            if self.speaking is not None:
                self.speaking.cancel()

    async def on_message(self, message: dict[str, Any]) -> None:
        kind = message.get('type')
        if kind == 'session_settings':
            self.connection.settings.append(message)
            audio = message.get('audio') or {}
            if audio.get('encoding') == 'linear16':
                self.rate = int(audio['sample_rate'])
        elif kind == 'user_input':
            text = str(message.get('text', ''))
            self.connection.texts.append(text)
            await self.interrupt_if_speaking()
            await self.send(
                {
                    'type': 'user_message',
                    'message': {'role': 'user', 'content': text},
                    'models': {},
                    'time': {'begin': 0, 'end': 0},
                    'from_text': True,
                    'interim': False,
                }
            )
            self.speaking = asyncio.create_task(self.reply())
        elif kind == 'assistant_input':  # spoken word for word, after whatever EVI was saying is stopped
            text = str(message.get('text', ''))
            self.connection.assistant_inputs.append(text)
            if self.speaking is not None and not self.speaking.done():
                self.speaking.cancel()
            self.speaking = asyncio.create_task(self.reply(text))

    async def on_audio(self, pcm: bytes) -> bool:
        if self.rate is None:  # Hume cannot decode raw audio it was not told about
            await self.send(
                {
                    'type': 'error',
                    'code': 'I0116',
                    'slug': 'transcription_failure',
                    'message': 'Unable to transcribe audio. Please ensure that your audio is appropriately encoded.',
                }
            )
            await self.websocket.close(code=1000)
            return False
        self.connection.audio_bytes += len(pcm)
        if self.fake.drop_after_bytes is not None and self.connection.audio_bytes >= self.fake.drop_after_bytes:
            self.fake.drop_after_bytes = None
            await self.websocket.close(code=1011)
            return False
        if pcm.startswith(PROBE):
            sent = struct.unpack_from('<d', pcm, len(PROBE))[0]
            self.fake.latencies_ms.append((time.time() - sent) * 1000)
        await self.interrupt_if_speaking()
        self.pending_audio += len(pcm)
        line_bytes = int(self.rate * 2 * self.fake.speech_seconds_per_line)
        if self.pending_audio >= line_bytes // 2 and self.pending_audio - len(pcm) < line_bytes // 2:
            await self.send(self.user_message('Hello, I am calling about', interim=True))
        if self.pending_audio >= line_bytes:
            self.pending_audio = 0
            self.lines += 1
            await self.send(
                self.user_message(f'Hello, I am calling about your deliveries, line {self.lines}.', interim=False)
            )
            self.speaking = asyncio.create_task(self.reply())
        return True

    def user_message(self, text: str, *, interim: bool) -> dict[str, Any]:
        begin = self.clock_ms
        end = begin + int(self.fake.speech_seconds_per_line * 1000)
        if not interim:
            self.clock_ms = end + 500
        scores = {
            name: round(0.02 + 0.9 * ((i * 37 + self.lines * 11) % 97) / 97, 4) for i, name in enumerate(PROSODY_NAMES)
        }
        return {
            'type': 'user_message',
            'message': {'role': 'user', 'content': text},
            'models': {'prosody': {'scores': scores}},
            'time': {'begin': begin, 'end': end},
            'from_text': False,
            'interim': interim,
            'language': 'en',
        }

    async def interrupt_if_speaking(self) -> None:
        if self.speaking is not None and not self.speaking.done():
            self.speaking.cancel()
            await self.send({'type': 'user_interruption', 'time': 1716244956278})

    async def reply(self, content: str = REPLY) -> None:
        message_id = uuid.uuid4().hex
        await self.send(
            {
                'type': 'assistant_message',
                'id': message_id,
                'message': {'role': 'assistant', 'content': content},
                'models': {},
                'from_text': False,
                'is_quick_response': False,
            }
        )
        for index in range(3):
            await self.send({'type': 'audio_output', 'id': message_id, 'index': index, 'data': tone_wav(0.2, index)})
            await asyncio.sleep(0.15)
        await self.send({'type': 'assistant_end'})
        for extra in self.fake.extra_messages:
            await self.send(extra)
        self.fake.extra_messages.clear()
        if self.fake.errors_to_send:
            code, slug, closes = self.fake.errors_to_send.pop(0)
            await self.send({'type': 'error', 'code': code, 'slug': slug, 'message': f'{slug} happened'})
            if closes:
                await self.websocket.close(code=1000)
                return
        if self.fake.drop_next is not None:
            code, self.fake.drop_next = self.fake.drop_next, None
            await self.websocket.close(code=code)

    async def send(self, message: dict[str, Any]) -> None:
        await self.websocket.send_text(json.dumps(message))


@lru_cache(maxsize=16)
def tone_wav(seconds: float, index: int = 0) -> str:
    """A base64 WAV (48 kHz mono s16le) of a quiet tone, like one EVI audio_output chunk."""
    count = int(OUTPUT_RATE * seconds)
    frequency = 220 + 40 * index
    samples = (int(3000 * math.sin(2 * math.pi * frequency * i / OUTPUT_RATE)) for i in range(count))
    buffer = io.BytesIO()
    with wave.open(buffer, 'wb') as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(OUTPUT_RATE)
        writer.writeframes(b''.join(s.to_bytes(2, 'little', signed=True) for s in samples))
    return base64.b64encode(buffer.getvalue()).decode()


if __name__ == '__main__':  # a fake EVI of its own, for benchmarks: python -m tests.fake_evi PORT [SECONDS_PER_LINE]
    import sys

    import uvicorn

    fake = FakeEvi(speech_seconds_per_line=float(sys.argv[2]) if len(sys.argv) > 2 else 2.0)
    uvicorn.run(fake.app(), host='127.0.0.1', port=int(sys.argv[1]), ws='wsproto', log_level='warning')
