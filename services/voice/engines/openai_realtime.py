"""OpenAI Realtime (GA protocol) through the `openai` SDK, against api.openai.com or any server speaking it.

The first thing sent is `session.update`: the prospect's prompt with the scenario (services/library/prompt.py), PCM16
at 24 kHz both ways, the prospect's voice (its name for this engine, else its style's), input transcription, semantic
VAD (low eagerness, so the prospect lets the rep finish) and near-field noise reduction. The rep's 16 kHz audio is
resampled to 24 kHz by a streaming soxr resampler and appended as it arrives. Server events are read raw and
dispatched on their `type` string: the SDK's parser is lenient, so an unknown or beta event comes back as some other
class and `isinstance` would lie. The SDK's auto-reconnect stays off: a reconnect opens a new conversation with
default settings, and 1001 is also the code of the 60-minute cap.
"""

import asyncio
import base64
import bisect
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np

from services.library.prospect import VoiceStyle
from services.voice.engine import EngineConfig, EngineUnavailable
from services.voice.engine_spec import EngineSpec, Provider, SettingSpec, SettingValues
from services.voice.engines.base import SocketEngine, close_code, decode_message
from services.voice.engines.playback import PlaybackQueue, words_heard
from services.voice.events import (
    AssistantAudio,
    AssistantDraft,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    Interruption,
    LastLineSaid,
    SessionInfo,
    UserUtterance,
)
from services.voice.voices import OPENAI_VOICES

try:
    import soxr
    from openai import AsyncOpenAI
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI
except ImportError as missing:  # pragma: no cover - the lock installs them
    raise ImportError(
        'The openai_realtime engine needs the OpenAI SDK: pip install "openai[realtime]==3.54.0"'
    ) from missing

log = logging.getLogger(__name__)
# The websockets library logs every handshake header at DEBUG, the Bearer key among them: its logger stays at INFO.
wire_log = logging.getLogger(f'{__name__}.wire')
wire_log.setLevel(logging.INFO)

TurnDetection = Literal['semantic_vad', 'server_vad']
Eagerness = Literal['low', 'medium', 'high', 'auto']

NAME = 'openai_realtime'
RATE = 24_000  # the only PCM rate the Realtime API takes and gives
BYTES_PER_S = RATE * 2
HANDSHAKE_TIMEOUT_S = 10.0
# How long a prospect's line may wait for the rep's earlier words to be transcribed (they usually take < 1 s).
HOLD_MAX_S = 5.0
INAUDIBLE = '[inaudible]'
SESSION_CAP_LINE = "The provider's 60-minute session limit ended the call."
# At hang-up, how long the rep's last turn may take to be transcribed.
FINISH_WITHIN_S = HOLD_MAX_S
# Errors that leave the conversation as it was: a cancel after the response ended, a typed turn's response.create
# racing the VAD's own, or a commit at hang-up that found the buffer already committed.
# How the model is made to say the prospect's last line when the scenario's time is up.
LAST_LINE = 'Say exactly this, in character, and nothing else: "{line}"'
BENIGN_ERRORS = frozenset(
    {'response_cancel_not_active', 'conversation_already_has_active_response', 'input_audio_buffer_commit_empty'}
)
# Errors after which the session cannot go on.
FATAL_ERRORS = frozenset({'session_expired', 'invalid_api_key', 'insufficient_quota'})
ABNORMAL_CLOSE_CODES = frozenset({1006, 1011, 1012, 1013, 1014})


@dataclass(frozen=True, kw_only=True, slots=True)
class RealtimeOptions:
    model: str
    transcribe_model: str
    turn_detection: TurnDetection = 'semantic_vad'
    vad_eagerness: Eagerness = 'low'
    voices: dict[VoiceStyle, str] = field(default_factory=lambda: dict(OPENAI_VOICES))


def openai_client(*, api_key: str, base_url: str | None, realtime_url: str | None) -> 'AsyncOpenAI':
    """One client for every call; the websocket base is `realtime_url`, else derived by the SDK from `base_url`."""
    return AsyncOpenAI(api_key=api_key, base_url=base_url, websocket_base_url=realtime_url)


def turn_detection(options: RealtimeOptions, *, answer: bool = True) -> dict[str, Any]:
    """The server's turn detection; with `answer` False it still hears and transcribes the rep but the model no
    longer answers (the call's time is up)."""
    turn: dict[str, Any] = {'type': options.turn_detection, 'create_response': answer, 'interrupt_response': answer}
    if options.turn_detection == 'semantic_vad':
        turn['eagerness'] = options.vad_eagerness
    return turn


def session_config(config: EngineConfig, options: RealtimeOptions) -> dict[str, Any]:
    """The `session.update` body for a call (GA shape: audio settings nested under `audio.input`/`audio.output`)."""
    turn = turn_detection(options)
    return {
        'type': 'realtime',
        'instructions': config.system_prompt,
        'output_modalities': ['audio'],
        'audio': {
            'input': {
                'format': {'type': 'audio/pcm', 'rate': RATE},
                'transcription': {'model': options.transcribe_model},
                'noise_reduction': {'type': 'near_field'},
                'turn_detection': turn,
            },
            'output': {
                'format': {'type': 'audio/pcm', 'rate': RATE},
                'voice': config.voice(NAME, options.voices),
            },
        },
    }


@dataclass(slots=True)
class _Spoken:
    """One assistant item's words (its voice is in the playback queue); `done` once they are final."""

    text: str = ''
    done: bool = False


@dataclass(slots=True)
class _Heard:
    """One rep turn as the server's VAD timed it (call seconds), and its transcript so far."""

    start_s: float | None = None
    end_s: float | None = None
    partial: str = ''


class OpenAIRealtimeEngine(SocketEngine):
    name = NAME
    label = 'OpenAI Realtime'
    input_sample_rate = 16000  # what the browser sends for every engine; resampled here
    output_sample_rate = RATE
    gives_prosody = False

    def __init__(
        self, *, client: 'AsyncOpenAI', options: RealtimeOptions, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self._client = client
        self._options = options
        self._clock = clock
        self._connection: Any = None
        self._started = 0.0
        self._resampler = soxr.ResampleStream(self.input_sample_rate, RATE, 1, dtype='int16', quality='HQ')
        self._appended = 0  # bytes of 24 kHz audio sent: the server's audio clock
        # (audio ms, call seconds) where the audio clock was last pinned to the wall clock; re-pinned after a gap.
        self._anchor_ms: list[float] = []
        self._anchor_s: list[float] = []
        self._heard: dict[str, _Heard] = {}
        self._spoken: dict[str, _Spoken] = {}
        # The prospect's lines as the browser plays them; a line is told (and stored) once heard to its end or cut.
        self._playback = PlaybackQueue()
        self._wake: asyncio.TimerHandle | None = None  # tells the line playing once it has played out
        self._wake_at: float | None = None
        # A response refused while another ran (a typed turn's, or the last line's): created once it is done.
        self._respond_when_idle: dict[str, Any] | None = None
        self._last_line: dict[str, Any] | None = None  # set once the time is up: the only response still wanted
        self._items_before_last: set[str] = set()  # the prospect's items from before the last line was asked for
        self._last_line_taken = False
        # Prospect lines waiting for the rep's earlier words, so that lines are stored in the order they were said.
        self._held: list[tuple[float, AssistantUtterance]] = []
        self._kept: set[str] = set()  # rep turns already kept as they stood (a late transcript must not repeat them)

    async def finish_input(self) -> None:
        """The rep hung up: a turn still being spoken is committed as it stands, and the transcripts of the rep's
        last turns (and the prospect's lines held for them) are awaited a few seconds; what does not come is kept
        as far as it got ("[inaudible]" for a turn with no words yet)."""
        if self._connection is None:
            return
        with contextlib.suppress(ConnectionClosed):
            if self._turn_under_way() is not None:
                # Without turn detection the server takes a manual commit: the words so far become an item.
                turn_detection_off = {'type': 'realtime', 'audio': {'input': {'turn_detection': None}}}
                await self._connection.session.update(session=turn_detection_off)
                await self._connection.input_audio_buffer.commit()
            await self._settle(lambda: bool(self._heard or self._held), within_s=FINISH_WITHIN_S)
        await self._keep_unfinished_lines()

    async def connect(self, config: EngineConfig) -> None:
        self._started = self._clock()
        manager = self._client.realtime.connect(
            model=self._options.model,
            # Passed on to websockets' connect(), which takes a logger; the SDK's TypedDict does not list it.
            websocket_connection_options={'logger': wire_log},  # type: ignore[typeddict-unknown-key]
        )
        try:
            connection = await manager.enter()
        except InvalidStatus as refused:
            # Never chain the handshake error: its request carries the Authorization header.
            status = refused.response.status_code
            if status in (401, 403):
                raise EngineUnavailable(f'OpenAI refused the API key (HTTP {status}); check OPENAI_API_KEY.') from None
            raise EngineUnavailable(f'OpenAI refused the connection (HTTP {status}).') from None
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as error:
            raise EngineUnavailable(f'OpenAI Realtime cannot be reached ({type(error).__name__}).') from None
        self._connection = connection
        try:
            async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
                await self._start_session(config)
        except BaseException as error:
            await self._disconnect()
            if isinstance(error, EngineUnavailable):
                raise
            if isinstance(error, TimeoutError | ConnectionClosed):
                raise EngineUnavailable(
                    f'OpenAI Realtime did not start the session ({type(error).__name__}).'
                ) from None
            raise
        self._start_worker(config.call_id)

    def _connected(self) -> bool:
        return self._connection is not None

    # --- connection --------------------------------------------------------------------------------------

    async def _start_session(self, config: EngineConfig) -> None:
        """Waits for `session.created`, configures the session and waits until the server has taken it."""
        created = await self._next_event()
        if created.get('type') != 'session.created':
            raise EngineUnavailable('OpenAI Realtime did not start the session (no session.created).')
        session_id = (created.get('session') or {}).get('id')
        await self._connection.session.update(session=session_config(config, self._options))
        while (event := await self._next_event()).get('type') != 'session.updated':
            if event.get('type') == 'error':
                error = event.get('error') or {}
                self._log_error(error)
                raise EngineUnavailable(
                    f'OpenAI refused the session settings ({error.get("code") or error.get("type") or "error"}).'
                )
        if session_id:
            self._emit(SessionInfo(provider_chat_id=str(session_id)))

    async def _next_event(self) -> dict[str, Any]:
        while True:
            event = decode_message(await self._connection.recv_bytes(), vendor=self.label)
            if event is not None:
                return event

    async def _disconnect(self) -> None:
        self._arm_wake(None)
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # the connection may be gone already; closing is best effort
                await connection.close()

    async def _receive(self) -> str | bytes:
        raw: bytes = await self._connection.recv_bytes()
        return raw

    async def _after_close(self, closed: ConnectionClosed) -> bool:
        """The conversation is over (the SDK's reconnect would start a new one): say why, keep what was said."""
        if self._closing:
            return False
        code, reason = close_code(closed)
        await self._keep_unfinished_lines()
        if code == 1001 and 'maximum duration' in reason:
            log.info('OpenAI Realtime session reached its 60-minute cap')
            self._emit(EngineError(code='session_limit', message=SESSION_CAP_LINE))
        elif code in ABNORMAL_CLOSE_CODES:
            log.warning('OpenAI Realtime dropped the connection (code %d)', code)
            message = f'The connection to the voice provider was lost (code {code}); what was said is kept.'
            self._emit(EngineError(code='connection_lost', message=message, fatal=True))
        else:
            log.info('OpenAI Realtime closed the session (code %d)', code)
            self._emit(EngineError(code='closed', message='The voice provider ended the call.'))
        return False

    async def _keep_unfinished_lines(self) -> None:
        """The call is over and the browser stops playing: the prospect's lines are kept as far as they were heard
        (in words as far as they got), the rep's turns as far as they were transcribed."""
        self._playback.cut_all(self._now())
        for item_id in self._playback.lines:
            self._spoken[item_id].done = True
        self._release()
        for item_id, heard in self._heard.items():
            if heard.partial or heard.start_s is not None:  # the rep spoke: kept, in words when there are some
                self._emit(self._user_line(heard, heard.partial or INAUDIBLE))
            self._kept.add(item_id)
        self._heard.clear()
        self._release(everything=True)

    # --- the rep -----------------------------------------------------------------------------------------

    async def _send_audio(self, pcm: bytes) -> None:
        if self._held or self._playback.lines:  # the server may send nothing for a while; a line must not wait on it
            self._release()
        samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype='<i2')
        resampled = np.asarray(self._resampler.resample_chunk(samples), dtype='<i2').tobytes()
        # The chunk spans the last len(pcm) of wall time: pin the audio clock to it when they have drifted apart.
        began = self._now() - len(samples) / self.input_sample_rate
        at_ms = self._appended * 1000 / BYTES_PER_S
        if not self._anchor_ms or abs(self._audio_to_call_s(at_ms) - began) > 0.25:
            self._anchor_ms.append(at_ms)
            self._anchor_s.append(max(0.0, began))
        if resampled:
            self._appended += len(resampled)
            # The hot path (ten a second per call) skips the SDK's TypedDict transform: 10 µs instead of 130.
            event = {'type': 'input_audio_buffer.append', 'audio': base64.b64encode(resampled).decode()}
            await self._connection.send_raw(json.dumps(event))

    async def _send_text(self, text: str) -> None:
        now = self._now()
        self._emit(UserUtterance(text=text, start_s=now, end_s=now, typed=True))
        await self._connection.conversation.item.create(
            item={'type': 'message', 'role': 'user', 'content': [{'type': 'input_text', 'text': text}]}
        )
        if self._last_line is None:
            await self._connection.response.create()

    async def _say_last(self, line: str) -> None:
        """The model stops answering (the rep is still heard), and says `line` in the prospect's voice."""
        self._last_line = {'instructions': LAST_LINE.format(line=line)}
        self._items_before_last = set(self._spoken)
        quiet = {
            'type': 'realtime',
            'audio': {'input': {'turn_detection': turn_detection(self._options, answer=False)}},
        }
        await self._connection.session.update(session=quiet)
        await self._connection.response.cancel()  # whatever it was saying; nothing running is a benign error
        await self._connection.response.create(response=self._last_line)

    def _audio_to_call_s(self, audio_ms: float) -> float:
        """The server's audio clock (ms of audio appended) as seconds from the start of the call."""
        index = bisect.bisect_right(self._anchor_ms, audio_ms) - 1
        if index < 0:
            return round(audio_ms / 1000, 3)
        return round(self._anchor_s[index] + (audio_ms - self._anchor_ms[index]) / 1000, 3)

    # --- server events -----------------------------------------------------------------------------------

    async def _dispatch(self, event: dict[str, Any]) -> None:
        if self._held or self._playback.lines:
            self._release()
        handle = _HANDLERS.get(event['type'])
        if handle is None:
            log.debug('OpenAI Realtime event %r ignored', event['type'])
            return
        await handle(self, event)

    async def _audio_done(self, event: dict[str, Any]) -> None:
        item_id = str(event['item_id'])
        self._spoken_item(item_id)
        self._playback.complete(item_id)

    async def _transcript_delta(self, event: dict[str, Any]) -> None:
        item_id = str(event['item_id'])
        spoken = self._spoken_item(item_id)
        spoken.text += str(event.get('delta') or '')
        head = self._playback.head()
        if head is not None and head[0] == item_id and spoken.text.strip():  # the line playing, not one queued
            self._emit(AssistantDraft(text=spoken.text.strip()))

    async def _transcript_done(self, event: dict[str, Any]) -> None:
        item_id = str(event['item_id'])
        spoken = self._spoken_item(item_id)
        spoken.text = str(event.get('transcript') or spoken.text)
        spoken.done = True
        self._playback.complete(item_id)  # the content part is whole: its voice is complete too
        self._release()

    async def _speech_stopped(self, event: dict[str, Any]) -> None:
        heard = self._heard.setdefault(str(event['item_id']), _Heard())
        heard.end_s = self._audio_to_call_s(float(event['audio_end_ms']))

    async def _heard_delta(self, event: dict[str, Any]) -> None:
        heard = self._heard.setdefault(str(event['item_id']), _Heard())
        heard.partial += str(event.get('delta') or '')
        self._emit(self._user_line(heard, heard.partial, interim=True))

    def _turn_under_way(self) -> str | None:
        """The rep's turn the server heard start and not end yet."""
        return next(
            (item for item, heard in self._heard.items() if heard.start_s is not None and heard.end_s is None), None
        )

    async def _committed(self, event: dict[str, Any]) -> None:
        """A manual commit may name a new item for the turn under way: the turn's times follow it there."""
        item_id = str(event['item_id'])
        if item_id in self._heard or (under_way := self._turn_under_way()) is None:
            return
        heard = self._heard[item_id] = self._heard.pop(under_way)
        heard.end_s = self._audio_to_call_s(self._appended * 1000 / BYTES_PER_S)

    async def _heard_done(self, event: dict[str, Any]) -> None:
        if str(event['item_id']) in self._kept:
            return
        heard = self._heard.pop(str(event['item_id']), _Heard())
        self._emit(self._user_line(heard, str(event.get('transcript') or '')))
        self._release()

    async def _heard_failed(self, event: dict[str, Any]) -> None:
        if str(event['item_id']) in self._kept:
            return
        log.warning('OpenAI could not transcribe a turn of the rep (%s)', (event.get('error') or {}).get('code'))
        heard = self._heard.pop(str(event['item_id']), _Heard())
        self._emit(self._user_line(heard, INAUDIBLE))
        self._release()

    async def _audio(self, event: dict[str, Any]) -> None:
        item_id = str(event['item_id'])
        self._spoken_item(item_id)
        pcm = base64.b64decode(event.get('delta') or '', validate=True)
        # A line the rep cut off: what is still in flight must not reach the browser.
        if pcm and self._playback.play(item_id, len(pcm) / BYTES_PER_S, self._now()):
            self._emit(AssistantAudio(pcm=pcm, sample_rate=RATE))

    async def _speech_started(self, event: dict[str, Any]) -> None:
        """The rep talks: the browser drops the prospect's voice, the line being heard is cut where it was (for the
        model and in the transcript), and the lines queued behind it were never said."""
        heard = self._heard.setdefault(str(event['item_id']), _Heard())
        heard.start_s = self._audio_to_call_s(float(event['audio_start_ms']))
        cuts = self._playback.cut_all(self._now())
        if any(cut.voiced for cut in cuts):
            self._emit(Interruption())
        for cut in cuts:
            if cut.heard_ms > 0:
                await self._connection.conversation.item.truncate(
                    item_id=cut.key, content_index=0, audio_end_ms=cut.heard_ms
                )
            else:  # the API refuses a truncate to 0 ms; the model forgets the whole line instead
                await self._connection.conversation.item.delete(item_id=cut.key)
        self._release()

    async def _response_done(self, event: dict[str, Any]) -> None:
        response = event.get('response') or {}
        status = response.get('status')
        if status == 'failed':
            error = (response.get('status_details') or {}).get('error') or {}
            log.warning('OpenAI Realtime response failed (%s)', error.get('code') or error.get('type'))
            message = 'The prospect could not answer that turn; carry on or try again.'
            self._emit(EngineError(code=str(error.get('code') or 'response_failed'), message=message))
        for item in response.get('output') or []:  # nothing more comes for its lines, whatever else was missed
            spoken = self._spoken.get(str(item.get('id')))
            if spoken is not None and not spoken.done:
                spoken.done = True
                self._playback.complete(str(item.get('id')))
        self._release()
        self._emit(AssistantEnd())
        if self._respond_when_idle is not None:
            wanted, self._respond_when_idle = self._respond_when_idle, None
            await self._connection.response.create(**({'response': wanted} if wanted else {}))

    async def _error(self, event: dict[str, Any]) -> None:
        error = event.get('error') or {}
        code = str(error.get('code') or error.get('type') or 'unknown')
        self._log_error(error)
        if code in BENIGN_ERRORS:
            if code == 'conversation_already_has_active_response':
                # a typed turn still wants its answer; once the time is up, only the last line is wanted
                self._respond_when_idle = self._last_line or {}
            return
        fatal = code in FATAL_ERRORS
        self._emit(EngineError(code=code, message=f'The voice provider reported a problem ({code}).', fatal=fatal))

    def _log_error(self, error: dict[str, Any]) -> None:
        message = str(error.get('message') or '')
        key = self._client.api_key
        if key:
            message = message.replace(key, '[key]')
        log.info(
            'OpenAI Realtime error %s (%s, param %s): %s',
            error.get('code'),
            error.get('type'),
            error.get('param'),
            message[:300],
        )

    # --- lines -------------------------------------------------------------------------------------------

    def _release(self, *, everything: bool = False) -> None:
        """Tells the prospect's lines that have been heard, each once the rep's earlier words are transcribed."""
        now = self._now()
        self._take_heard_lines(now)
        while self._held:
            since, line = self._held[0]
            # Only turns the rep had finished before the line began; one that cuts it off comes after it.
            waiting = any(
                heard.end_s is not None and line.start_s is not None and heard.end_s <= line.start_s + 0.5
                for heard in self._heard.values()
            )
            if waiting and not everything and now - since < HOLD_MAX_S:
                return
            self._held.pop(0)
            self._emit(line)
        if self._last_line_taken:
            self._last_line_taken = False
            self._emit(LastLineSaid())

    def _take_heard_lines(self, now: float) -> None:
        """The lines played to their end or cut off, in playing order, as far as they were heard (a line still
        queued when the rep cut in has no words heard and is not said at all); then a wake-up for the next."""
        took = False
        while (head := self._playback.head()) is not None:
            item_id, voice = head
            spoken = self._spoken[item_id]
            if not (spoken.done and voice.over_by(now)):
                self._arm_wake(voice.end_s if spoken.done else None)  # else its words are not final yet
                if took and spoken.text.strip():  # a line that waited its turn plays now: shown as it plays
                    self._emit(AssistantDraft(text=spoken.text.strip()))
                return
            self._playback.take(item_id)
            took = True
            if self._last_line is not None and item_id not in self._items_before_last:
                self._last_line_taken = True  # played to its end or cut off: told once its line is
            text = spoken.text if voice.heard_s is None else words_heard(spoken.text, voice.heard_s, voice.produced_s)
            if text.strip():
                line = AssistantUtterance(text=text, start_s=round(voice.start_s, 3), end_s=round(voice.end_s, 3))
                self._held.append((now, line))
        self._arm_wake(None)

    def _arm_wake(self, at: float | None) -> None:
        """One timer, for when the line playing will have played out (the rep may send no audio meanwhile)."""
        if at == self._wake_at:
            return
        if self._wake is not None:
            self._wake.cancel()
        self._wake, self._wake_at = None, at
        if at is not None:
            # A few ms late, so that the clock has passed the line's end when it fires.
            delay = max(0.0, at - self._now()) + 0.01
            self._wake = asyncio.get_running_loop().call_later(delay, self._woken)

    def _woken(self) -> None:
        self._wake = self._wake_at = None
        self._release()

    def _spoken_item(self, item_id: str) -> _Spoken:
        spoken = self._spoken.get(item_id)
        if spoken is None:
            spoken = self._spoken[item_id] = _Spoken()
            self._playback.add(item_id, self._now())
        return spoken

    def _user_line(self, heard: _Heard, text: str, *, interim: bool = False) -> UserUtterance:
        now = self._now()
        start = heard.start_s if heard.start_s is not None else now
        end = heard.end_s if heard.end_s is not None else now
        return UserUtterance(text=text, start_s=start, end_s=max(start, end), interim=interim)

    def _now(self) -> float:
        return round(self._clock() - self._started, 3)


# Server events by type. Plain functions of (engine, event): a table of bound methods would make every engine refer
# to itself, and a finished call's engine (its resampler and buffers) would wait for the garbage collector.
_HANDLERS: dict[str, Callable[[OpenAIRealtimeEngine, dict[str, Any]], Awaitable[None]]] = {
    'response.output_audio.delta': OpenAIRealtimeEngine._audio,
    'response.output_audio.done': OpenAIRealtimeEngine._audio_done,
    'response.output_audio_transcript.delta': OpenAIRealtimeEngine._transcript_delta,
    'response.output_audio_transcript.done': OpenAIRealtimeEngine._transcript_done,
    'response.done': OpenAIRealtimeEngine._response_done,
    'input_audio_buffer.speech_started': OpenAIRealtimeEngine._speech_started,
    'input_audio_buffer.speech_stopped': OpenAIRealtimeEngine._speech_stopped,
    'input_audio_buffer.committed': OpenAIRealtimeEngine._committed,
    'conversation.item.input_audio_transcription.delta': OpenAIRealtimeEngine._heard_delta,
    'conversation.item.input_audio_transcription.completed': OpenAIRealtimeEngine._heard_done,
    'conversation.item.input_audio_transcription.failed': OpenAIRealtimeEngine._heard_failed,
    'error': OpenAIRealtimeEngine._error,
}


def _start(values: SettingValues) -> Provider:
    client = openai_client(
        api_key=values.required('OPENAI_API_KEY'),
        base_url=values.text('OPENAI_BASE_URL'),
        realtime_url=values.text('OPENAI_REALTIME_URL'),
    )
    options = RealtimeOptions(
        model=values.required('OPENAI_REALTIME_MODEL'),
        transcribe_model=values.required('OPENAI_TRANSCRIBE_MODEL'),
        turn_detection=_one_of(TurnDetection, values.required('OPENAI_TURN_DETECTION')),
        vad_eagerness=_one_of(Eagerness, values.required('OPENAI_VAD_EAGERNESS')),
    )
    return Provider(make=lambda: OpenAIRealtimeEngine(client=client, options=options), close=client.close)


def _one_of(choices: Any, value: str) -> Any:
    """`value` when it is one of a Literal's choices (the settings check them first; this keeps the types honest)."""
    if value not in get_args(choices):
        raise ValueError(f'expected one of {get_args(choices)}')
    return value


_SDK_DEFAULT = "not set (the SDK's default)"
SPEC = EngineSpec.of(
    OpenAIRealtimeEngine,
    start=_start,
    settings=(
        SettingSpec(name='OPENAI_API_KEY', secret=True, required=True),
        SettingSpec(name='OPENAI_REALTIME_MODEL'),
        SettingSpec(name='OPENAI_TRANSCRIBE_MODEL'),
        SettingSpec(name='OPENAI_TURN_DETECTION'),
        SettingSpec(name='OPENAI_VAD_EAGERNESS'),
        SettingSpec(name='OPENAI_REALTIME_URL', url=True, unset=_SDK_DEFAULT),
        SettingSpec(name='OPENAI_BASE_URL', url=True, unset=_SDK_DEFAULT),
    ),
    needs='Set OPENAI_API_KEY (and OPENAI_REALTIME_URL for a Realtime-compatible server other than OpenAI).',
    auto_because='an OpenAI API key is configured',
)
