"""A local stand-in for the OpenAI Realtime API (GA) that speaks its wire protocol (research/openai_realtime.md A3-A8).

WebSocket `/v1/realtime?model=…` with `Authorization: Bearer <key>` (HTTP 401 otherwise). `session.created` first;
`session.update` → `session.updated` with the merged config. Appended audio (PCM16 24 kHz) is kept and run through a
deterministic VAD: 20 ms windows louder than a threshold are speech, 500 ms of silence ends a turn. A turn gives
`speech_started`, `speech_stopped`, `committed`, `conversation.item.added/done`, then a response in the GA order
(`response.created` → `output_item.added` → `content_part.added` → N × (`output_audio_transcript.delta`,
`output_audio.delta`) → `output_audio.done` → `output_audio_transcript.done` → `content_part.done` →
`output_item.done` → `response.done{status, usage}`), while the input transcription (`…transcription.delta` and
`.completed`, or `.failed`) runs on its own clock, by default only after `response.done`. Speech during a response
cancels it (`response.done{cancelled, turn_detected}`); `conversation.item.truncate` past the audio produced is an
`error`; `conversation.item.delete` removes an item the conversation holds (`conversation.item.deleted`; an unknown
id is an `error`); `response.cancel` with nothing running is `response_cancel_not_active`; `response.create` during
one is `conversation_already_has_active_response`; a `response.create` whose instructions quote words says those
words; turn detection with `create_response` or `interrupt_response` false stops answering or cutting off. With
turn detection off, `input_audio_buffer.commit` makes the turn under way an item (with a new id) and transcribes
it; with nothing under way it is `input_audio_buffer_commit_empty`. Tests steer it through `FakeRealtime`.

For benchmarks (`stamps=True`) each 100 ms of audio carries its send time in three flat segments that survive
resampling; the fake decodes them, keeps the delays, and answers every `turn_every_s` of audio instead of by VAD.
"""

import asyncio
import base64
import copy
import json
import math
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

API_KEY = 'sk-fake-realtime-0123456789abcdef'
MODEL = 'gpt-realtime-2.1'
RATE = 24_000
BYTES_PER_MS = RATE * 2 // 1000  # 48
WINDOW_MS = 20
WINDOW_BYTES = WINDOW_MS * BYTES_PER_MS
REPLY = 'Interesting. Tell me more about how that would work for us.'
SESSION_CAP_REASON = 'Your session hit the maximum duration of 60 minutes.'
# Benchmark stamps: three 10-bit digits (microseconds mod 2**30) as flat levels in the first 900 of 1600 samples.
STAMP_SEGMENT = 300  # samples at 16 kHz
STAMP_STEP = 16


@dataclass
class Connection:
    """What one client did: its handshake, its session updates, the audio and events it sent."""

    query: dict[str, str]
    session_updates: list[dict[str, Any]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    audio_bytes: int = 0
    texts: list[str] = field(default_factory=list)
    response_requests: list[dict[str, Any]] = field(default_factory=list)  # the `response` of each response.create
    truncates: list[dict[str, Any]] = field(default_factory=list)
    deletes: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [event for event in self.received if event.get('type') == kind]

    def sent_types(self) -> list[str]:
        return [str(event['type']) for event in self.sent]


@dataclass
class FakeRealtime:
    """The controls and the record of the fake, shared by every connection."""

    api_key: str = API_KEY
    connections: list[Connection] = field(default_factory=list)
    threshold: int = 300  # mean |sample| of a 20 ms window that counts as speech
    silence_ms: int = 500
    prefix_padding_ms: int = 300
    reply: str = REPLY
    chunks_per_reply: int = 4
    chunk_ms: int = 200
    chunk_interval_s: float = 0.05  # faster than real time, as the real API streams
    late_transcripts: bool = True  # the rep's words arrive after the prospect's answer
    transcript_delay_s: float = 0.05
    transcripts: list[str] = field(default_factory=list)  # the rep's words, turn by turn (a default when empty)
    fail_transcriptions: int = 0  # the next N turns get `…transcription.failed`
    close_after_responses: tuple[int, int, str] | None = None  # (responses, code, reason)
    events_after_next_response: list[dict[str, Any] | str] = field(default_factory=list)  # raw frames too
    stamps: bool = False
    turn_every_s: float = 2.0
    latencies_ms: list[float] = field(default_factory=list)
    sessions: list['Session'] = field(default_factory=list)

    def cap_session_after(self, responses: int = 1) -> None:
        """The 60-minute cap, on demand: close 1001 with OpenAI's reason after that many responses."""
        self.close_after_responses = (responses, 1001, SESSION_CAP_REASON)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                WebSocketRoute('/v1/realtime', self._realtime),
                Route('/bench/latencies', self._stats, methods=['GET', 'POST']),  # POST also clears them
            ]
        )

    async def _stats(self, request: Request) -> Response:
        seen = list(self.latencies_ms)
        if request.method == 'POST':
            self.latencies_ms.clear()
        return JSONResponse({'latencies_ms': seen, 'connections': len(self.connections)})

    async def _realtime(self, websocket: WebSocket) -> None:
        query = dict(websocket.query_params)
        if websocket.headers.get('authorization') != f'Bearer {self.api_key}':
            body = {
                'error': {
                    'message': 'Incorrect API key provided.',
                    'type': 'invalid_request_error',
                    'code': 'invalid_api_key',
                }
            }
            await websocket.send_denial_response(JSONResponse(body, status_code=401))
            return
        if not query.get('model'):
            body = {'error': {'message': 'Missing model.', 'type': 'invalid_request_error', 'code': 'missing_model'}}
            await websocket.send_denial_response(JSONResponse(body, status_code=400))
            return
        await websocket.accept()
        connection = Connection(query=query)
        self.connections.append(connection)
        session = Session(self, connection, websocket)
        self.sessions.append(session)
        await session.run()

    async def close_all(self, code: int, reason: str = '') -> None:
        for session in self.sessions:
            await session.close(code, reason)


class Session:
    def __init__(self, fake: FakeRealtime, connection: Connection, websocket: WebSocket) -> None:
        self.fake, self.connection, self.websocket = fake, connection, websocket
        self.config: dict[str, Any] = default_session(connection.query['model'])
        self.audio = bytearray()
        self.scanned = 0  # bytes of audio the VAD has looked at
        self.speech_item: str | None = None
        self.speech_ms = 0
        self.silent_ms = 0
        self.last_item: str | None = None
        self.responding: asyncio.Task[None] | None = None
        self.response: dict[str, Any] | None = None
        self.produced_ms: dict[str, int] = {}
        self.items: set[str] = set()  # the conversation's items, by id
        self.turns = 0
        self.responses = 0
        self.tasks: set[asyncio.Task[None]] = set()
        self.closed = False
        self.stamp_frames = 0
        self.next_turn_ms = 0

    async def run(self) -> None:
        await self.send({'type': 'session.created', 'session': self.config})
        try:
            while not self.closed:
                frame = await self.websocket.receive()
                if frame['type'] == 'websocket.disconnect':
                    return
                if frame.get('text') is None:
                    continue
                try:
                    event = json.loads(frame['text'])
                except json.JSONDecodeError:
                    await self.error('invalid_request_error', 'invalid_json', 'The event is not JSON.')
                    continue
                self.connection.received.append(event if event.get('type') != 'input_audio_buffer.append' else {})
                await self.on_event(event)
        except (WebSocketDisconnect, RuntimeError):
            return
        finally:
            self.closed = True
            for task in [*self.tasks, *([self.responding] if self.responding else [])]:
                task.cancel()

    # --- client events -----------------------------------------------------------------------------------

    async def on_event(self, event: dict[str, Any]) -> None:
        kind = event.get('type')
        if kind == 'session.update':
            self.connection.session_updates.append(event['session'])
            merge(self.config, event['session'])
            await self.send({'type': 'session.updated', 'session': self.config})
        elif kind == 'input_audio_buffer.append':
            pcm = base64.b64decode(event['audio'])
            self.connection.audio_bytes += len(pcm)
            self.audio += pcm
            if self.fake.stamps:
                await self.on_stamped_audio()
            elif self.config['audio']['input'].get('turn_detection') is not None:
                await self.vad()
        elif kind == 'conversation.item.create':
            item = dict(event['item'])
            item.setdefault('id', new_id('item'))
            item['status'] = 'completed'
            self.connection.texts += [
                c.get('text', '') for c in item.get('content', []) if c.get('type') == 'input_text'
            ]
            previous, self.last_item = self.last_item, item['id']
            await self.send({'type': 'conversation.item.added', 'previous_item_id': previous, 'item': item})
            await self.send({'type': 'conversation.item.done', 'previous_item_id': previous, 'item': item})
        elif kind == 'response.create':
            if self.responding is not None and not self.responding.done():
                await self.error(
                    'invalid_request_error',
                    'conversation_already_has_active_response',
                    'Conversation already has an active response in progress.',
                    event,
                )
            else:
                request = event.get('response') or {}
                self.connection.response_requests.append(request)
                self.start_response(said_in(str(request.get('instructions') or '')))
        elif kind == 'response.cancel':
            if self.responding is None or self.responding.done():
                await self.error(
                    'invalid_request_error',
                    'response_cancel_not_active',
                    'Cancellation failed: no active response found',
                    event,
                )
            else:
                await self.cancel_response('client_cancelled')
        elif kind == 'conversation.item.truncate':
            await self.truncate(event)
        elif kind == 'conversation.item.delete':
            await self.delete(event)
        elif kind == 'input_audio_buffer.commit':
            await self.commit(event)
        elif kind == 'input_audio_buffer.clear':
            self.audio.clear()
            await self.send({'type': 'input_audio_buffer.cleared'})
        else:
            await self.error('invalid_request_error', 'invalid_event', f'Unknown event type {kind!r}.', event)

    async def truncate(self, event: dict[str, Any]) -> None:
        self.connection.truncates.append(event)
        item_id, end = event.get('item_id'), int(event.get('audio_end_ms', -1))
        produced = self.produced_ms.get(str(item_id))
        if produced is None:
            await self.error(
                'invalid_request_error', 'invalid_value', 'Only model output audio messages can be truncated', event
            )
        elif end < 0 or end > produced:
            message = f'Audio content of {produced}ms is already shorter than {end}ms'
            await self.error('invalid_request_error', 'invalid_value', message, event)
        else:
            self.produced_ms[str(item_id)] = end
            await self.send(
                {'type': 'conversation.item.truncated', 'item_id': item_id, 'content_index': 0, 'audio_end_ms': end}
            )

    async def delete(self, event: dict[str, Any]) -> None:
        self.connection.deletes.append(event)
        item_id = str(event.get('item_id'))
        if item_id not in self.items:
            message = f"Error deleting item: the item with id '{item_id}' does not exist."
            await self.error('invalid_request_error', 'invalid_value', message, event, param='item_id')
            return
        self.items.discard(item_id)
        self.produced_ms.pop(item_id, None)  # nothing left to truncate
        await self.send({'type': 'conversation.item.deleted', 'item_id': item_id})

    # --- the rep's audio ---------------------------------------------------------------------------------

    async def vad(self) -> None:
        while len(self.audio) - self.scanned >= WINDOW_BYTES:
            window = np.frombuffer(self.audio[self.scanned : self.scanned + WINDOW_BYTES], dtype='<i2')
            at_ms = self.scanned // BYTES_PER_MS
            self.scanned += WINDOW_BYTES
            loud = float(np.abs(window.astype(np.int32)).mean()) > self.fake.threshold
            if self.speech_item is None:
                if loud:
                    await self.speech_started(max(0, at_ms - self.fake.prefix_padding_ms))
                continue
            self.silent_ms = 0 if loud else self.silent_ms + WINDOW_MS
            if self.silent_ms >= self.fake.silence_ms:
                await self.speech_stopped(at_ms + WINDOW_MS)

    async def commit(self, event: dict[str, Any]) -> None:
        """A manual commit (taken only with turn detection off): the audio since the last turn becomes a new item,
        which is transcribed; no response follows."""
        if self.config['audio']['input'].get('turn_detection') is not None:
            message = 'Cannot commit the input audio buffer while turn detection is enabled.'
            await self.error('invalid_request_error', 'invalid_value', message, event)
            return
        if self.speech_item is None:
            message = 'Error committing input audio buffer: buffer too small.'
            await self.error('invalid_request_error', 'input_audio_buffer_commit_empty', message, event)
            return
        self.speech_item = None
        item_id = new_id('item')  # not the id `speech_started` gave: the client must follow the commit's
        previous, self.last_item = self.last_item, item_id
        await self.send({'type': 'input_audio_buffer.committed', 'previous_item_id': previous, 'item_id': item_id})
        self.turns += 1
        self.spawn(self.transcribe(item_id, self.turns, after=None))

    async def speech_started(self, audio_start_ms: int) -> None:
        self.speech_item, self.silent_ms = new_id('item'), 0
        await self.send(
            {'type': 'input_audio_buffer.speech_started', 'audio_start_ms': audio_start_ms, 'item_id': self.speech_item}
        )
        if self.responding is not None and not self.responding.done() and self.turn_setting('interrupt_response'):
            await self.cancel_response('turn_detected')

    def turn_setting(self, name: str) -> bool:
        """`create_response` or `interrupt_response` of the turn detection (both true unless a client said not)."""
        turn = self.config['audio']['input'].get('turn_detection') or {}
        return bool(turn.get(name, True))

    async def speech_stopped(self, audio_end_ms: int) -> None:
        item_id, self.speech_item = self.speech_item, None
        assert item_id is not None
        await self.send({'type': 'input_audio_buffer.speech_stopped', 'audio_end_ms': audio_end_ms, 'item_id': item_id})
        previous, self.last_item = self.last_item, item_id
        await self.send({'type': 'input_audio_buffer.committed', 'previous_item_id': previous, 'item_id': item_id})
        item = {
            'id': item_id,
            'type': 'message',
            'object': 'realtime.item',
            'status': 'completed',
            'role': 'user',
            'content': [{'type': 'input_audio', 'transcript': None}],
        }
        await self.send({'type': 'conversation.item.added', 'previous_item_id': previous, 'item': item})
        await self.send({'type': 'conversation.item.done', 'previous_item_id': previous, 'item': item})
        self.turns += 1
        response = self.start_response() if self.turn_setting('create_response') else None
        self.spawn(self.transcribe(item_id, self.turns, after=response if self.fake.late_transcripts else None))

    async def transcribe(self, item_id: str, turn: int, *, after: asyncio.Task[None] | None) -> None:
        if after is not None:
            await asyncio.gather(after, return_exceptions=True)  # the rep's words arrive after the answer
        await asyncio.sleep(self.fake.transcript_delay_s)
        if self.fake.fail_transcriptions > 0:
            self.fake.fail_transcriptions -= 1
            error = {
                'type': 'transcription_error',
                'code': 'audio_unintelligible',
                'message': 'The audio could not be transcribed.',
                'param': None,
            }
            await self.send(
                {
                    'type': 'conversation.item.input_audio_transcription.failed',
                    'item_id': item_id,
                    'content_index': 0,
                    'error': error,
                }
            )
            return
        words = self.fake.transcripts
        text = words[(turn - 1) % len(words)] if words else f'Hello, I am calling about your deliveries, turn {turn}.'
        half = len(text) // 2
        for delta in (text[:half], text[half:]):
            await self.send(
                {
                    'type': 'conversation.item.input_audio_transcription.delta',
                    'item_id': item_id,
                    'content_index': 0,
                    'delta': delta,
                }
            )
        await self.send(
            {
                'type': 'conversation.item.input_audio_transcription.completed',
                'item_id': item_id,
                'content_index': 0,
                'transcript': text,
                'usage': {'type': 'duration', 'seconds': 1.2},
            }
        )

    async def on_stamped_audio(self) -> None:
        """Benchmarks: decode each 100 ms frame's send time once it has fully arrived; answer on a timer."""
        frame_out = STAMP_SEGMENT * 3 * 3 // 2  # the stamp's samples at 24 kHz
        frame_bytes = 2400 * 2  # 100 ms at 24 kHz
        samples = np.frombuffer(self.audio, dtype='<i2') if len(self.audio) % 2 == 0 else None
        while samples is not None and (self.stamp_frames * frame_bytes + frame_out * 2) <= len(self.audio):
            begin = self.stamp_frames * 2400
            digits = []
            for k in range(3):
                middle = begin + k * STAMP_SEGMENT * 3 // 2 + STAMP_SEGMENT * 3 // 4
                level = float(samples[middle - 100 : middle + 100].mean())
                digits.append(round(level / STAMP_STEP) + 512)
            sent_us = (digits[0] << 20) | (digits[1] << 10) | digits[2]
            now_us = int(time.time() * 1_000_000) % (1 << 30)
            self.fake.latencies_ms.append(((now_us - sent_us) % (1 << 30)) / 1000)
            self.stamp_frames += 1
        heard_ms = len(self.audio) // BYTES_PER_MS
        if heard_ms >= self.next_turn_ms + self.fake.turn_every_s * 1000:
            self.next_turn_ms = heard_ms
            if (self.responding is None or self.responding.done()) and self.turn_setting('create_response'):
                self.start_response()
        del samples

    # --- the prospect ------------------------------------------------------------------------------------

    def start_response(self, text: str | None = None) -> asyncio.Task[None]:
        self.responding = asyncio.create_task(self.respond(text))
        return self.responding

    async def respond(self, text: str | None = None) -> None:
        """Says `text`, or the fake's reply."""
        response_id, item_id = new_id('resp'), new_id('item')
        self.response = {
            'object': 'realtime.response',
            'id': response_id,
            'status': 'in_progress',
            'status_details': None,
            'output': [],
            'conversation_id': 'conv_fake',
            'output_modalities': ['audio'],
            'max_output_tokens': 'inf',
            'audio': {'output': {'format': {'type': 'audio/pcm', 'rate': RATE}, 'voice': self.voice}},
            'usage': None,
            'metadata': None,
        }
        self.response_item, self.spoken = item_id, ''
        at = {'response_id': response_id, 'item_id': item_id, 'output_index': 0}
        item = {
            'id': item_id,
            'type': 'message',
            'object': 'realtime.item',
            'status': 'in_progress',
            'role': 'assistant',
            'content': [],
        }
        await self.send({'type': 'response.created', 'response': self.response})
        await self.send(
            {'type': 'response.output_item.added', 'response_id': response_id, 'output_index': 0, 'item': item}
        )
        previous, self.last_item = self.last_item, item_id
        await self.send({'type': 'conversation.item.added', 'previous_item_id': previous, 'item': item})
        await self.send(
            {
                'type': 'response.content_part.added',
                **at,
                'content_index': 0,
                'part': {'type': 'audio', 'transcript': ''},
            }
        )
        self.produced_ms[item_id] = 0
        words = (text or self.fake.reply).split(' ')
        count = self.fake.chunks_per_reply
        for index in range(count):
            piece = ' '.join(words[index * len(words) // count : (index + 1) * len(words) // count])
            delta = piece if index == 0 else f' {piece}'
            self.spoken += delta
            await self.send(
                {'type': 'response.output_audio_transcript.delta', **at, 'content_index': 0, 'delta': delta}
            )
            await self.send(
                {
                    'type': 'response.output_audio.delta',
                    **at,
                    'content_index': 0,
                    'delta': tone(self.fake.chunk_ms, index),
                }
            )
            self.produced_ms[item_id] += self.fake.chunk_ms
            await asyncio.sleep(self.fake.chunk_interval_s)
        await self.finish_response('completed', None)
        self.spawn(self.after_response())

    async def cancel_response(self, reason: str) -> None:
        task, self.responding = self.responding, None
        if task is None:
            return
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await self.finish_response('cancelled', {'type': 'cancelled', 'reason': reason})

    async def finish_response(self, status: str, details: dict[str, Any] | None) -> None:
        assert self.response is not None
        response_id, item_id = self.response['id'], self.response_item
        at = {'response_id': response_id, 'item_id': item_id, 'output_index': 0, 'content_index': 0}
        await self.send({'type': 'response.output_audio.done', **at})
        await self.send({'type': 'response.output_audio_transcript.done', **at, 'transcript': self.spoken})
        part = {'type': 'audio', 'transcript': self.spoken}
        await self.send({'type': 'response.content_part.done', **at, 'part': part})
        item = {
            'id': item_id,
            'type': 'message',
            'object': 'realtime.item',
            'status': 'completed' if status == 'completed' else 'incomplete',
            'role': 'assistant',
            'content': [{'type': 'output_audio', 'transcript': self.spoken}],
        }
        await self.send(
            {'type': 'response.output_item.done', 'response_id': response_id, 'output_index': 0, 'item': item}
        )
        await self.send({'type': 'conversation.item.done', 'previous_item_id': None, 'item': item})
        audio_tokens = self.produced_ms[item_id] // 50
        usage = {
            'total_tokens': 120 + audio_tokens,
            'input_tokens': 100,
            'output_tokens': 20 + audio_tokens,
            'input_token_details': {
                'text_tokens': 80,
                'audio_tokens': 20,
                'image_tokens': 0,
                'cached_tokens': 0,
                'cached_tokens_details': {'text_tokens': 0, 'audio_tokens': 0, 'image_tokens': 0},
            },
            'output_token_details': {'text_tokens': 20, 'audio_tokens': audio_tokens},
        }
        done = {**self.response, 'status': status, 'status_details': details, 'output': [item], 'usage': usage}
        await self.send({'type': 'response.done', 'response': done})
        self.responses += 1

    async def after_response(self) -> None:
        for extra in self.fake.events_after_next_response:
            if isinstance(extra, str):
                await self.websocket.send_text(extra)
            else:
                await self.send(extra)
        self.fake.events_after_next_response.clear()
        closing = self.fake.close_after_responses
        if closing is not None and self.responses >= closing[0]:
            self.fake.close_after_responses = None
            await asyncio.sleep(0.3)  # the last transcriptions land first
            await self.close(closing[1], closing[2])

    @property
    def voice(self) -> str:
        return str(self.config['audio']['output']['voice'])

    # --- helpers -----------------------------------------------------------------------------------------

    def spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def close(self, code: int, reason: str) -> None:
        if not self.closed:
            self.closed = True
            await self.websocket.close(code=code, reason=reason)

    async def error(
        self, kind: str, code: str, message: str, cause: dict[str, Any] | None = None, param: str | None = None
    ) -> None:
        error = {'type': kind, 'code': code, 'message': message, 'param': param}
        error['event_id'] = (cause or {}).get('event_id')
        await self.send({'type': 'error', 'error': error})

    async def send(self, event: dict[str, Any]) -> None:
        if self.closed:
            return
        if event['type'] == 'conversation.item.added':
            self.items.add(str(event['item']['id']))
        event = {'event_id': new_id('event'), **event}
        self.connection.sent.append(event)
        await self.websocket.send_text(json.dumps(event))


def default_session(model: str) -> dict[str, Any]:
    """`session.created`'s config: the server's defaults before any update."""
    return {
        'type': 'realtime',
        'object': 'realtime.session',
        'id': new_id('sess'),
        'model': model,
        'output_modalities': ['audio'],
        'instructions': 'You are a helpful assistant.',
        'tools': [],
        'tool_choice': 'auto',
        'max_output_tokens': 'inf',
        'tracing': None,
        'prompt': None,
        'expires_at': int(time.time()) + 3600,
        'include': None,
        'audio': {
            'input': {
                'format': {'type': 'audio/pcm', 'rate': RATE},
                'transcription': None,
                'noise_reduction': None,
                'turn_detection': {
                    'type': 'server_vad',
                    'threshold': 0.5,
                    'prefix_padding_ms': 300,
                    'silence_duration_ms': 200,
                    'idle_timeout_ms': None,
                    'create_response': True,
                    'interrupt_response': True,
                },
            },
            'output': {'format': {'type': 'audio/pcm', 'rate': RATE}, 'voice': 'marin', 'speed': 1},
        },
    }


def said_in(instructions: str) -> str | None:
    """The words a response's instructions quote ("Say exactly this: \"...\""), which the fake says as given."""
    first, last = instructions.find('"'), instructions.rfind('"')
    return instructions[first + 1 : last] if 0 <= first < last else None


def merge(into: dict[str, Any], update: dict[str, Any]) -> None:
    """Only the fields present change; nested objects merge (`turn_detection` is replaced whole)."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict) and key != 'turn_detection':
            merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)


def new_id(prefix: str) -> str:
    return f'{prefix}_{uuid.uuid4().hex[:20]}'


@lru_cache(maxsize=16)
def tone(milliseconds: int, index: int = 0) -> str:
    """Base64 PCM16 24 kHz mono of a quiet tone, like one `response.output_audio.delta`."""
    count = RATE * milliseconds // 1000
    frequency = 220 + 40 * index
    samples = np.array([3000 * math.sin(2 * math.pi * frequency * i / RATE) for i in range(count)], dtype='<i2')
    return base64.b64encode(samples.tobytes()).decode()


def stamp(frame_bytes: int, sent: float) -> bytes:
    """A 16 kHz PCM16 frame that carries its send time (µs mod 2**30) in three flat levels; the rest is silence."""
    micros = int(sent * 1_000_000) % (1 << 30)
    samples = np.zeros(frame_bytes // 2, dtype='<i2')
    for k, digit in enumerate(((micros >> 20) & 1023, (micros >> 10) & 1023, micros & 1023)):
        samples[k * STAMP_SEGMENT : (k + 1) * STAMP_SEGMENT] = (digit - 512) * STAMP_STEP
    return samples.tobytes()


if __name__ == '__main__':  # a fake of its own: python -m tests.fake_realtime PORT [--stamps]
    import sys

    import uvicorn

    fake = FakeRealtime(stamps='--stamps' in sys.argv)
    uvicorn.run(fake.app(), host='127.0.0.1', port=int(sys.argv[1]), ws='wsproto', log_level='warning')
