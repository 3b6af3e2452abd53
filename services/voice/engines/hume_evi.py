"""Hume EVI through the Hume Python SDK (`hume` 0.14), against api.hume.ai or any EVI-compatible server.

After `chat_metadata` the engine declares the rep's audio as linear16 at the capture rate and sends the prospect's
prompt with the scenario (services/library/prompt.py) as `session_settings`, with the voice id the prospect's profile
names for Hume, if any (else the EVI configuration's voice speaks). Server messages are read raw and parsed
defensively: the SDK's own parser raises on any message it does not know, which would end the call. A connection that
drops abnormally (1006, 1011-1014) is resumed once with `resumed_chat_group_id`; after that the call ends with what
was said kept.
"""

import asyncio
import base64
import contextlib
import io
import logging
import time
import wave
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from typing import Any

from services.audio import resample_pcm16
from services.voice.engine import EngineConfig, EngineUnavailable
from services.voice.engine_spec import EngineSpec, Provider, SettingSpec, SettingValues
from services.voice.engines.base import SocketEngine, close_code, decode_message
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    EngineEvent,
    Interruption,
    LastLineSaid,
    SessionInfo,
    UserUtterance,
)
from services.words import count_words

log = logging.getLogger(__name__)

try:
    from hume import AsyncHumeClient
    from hume.core.api_error import ApiError
    from hume.empathic_voice import AssistantInput, AudioConfiguration, SessionSettings
    from hume.empathic_voice import UserInput as HumeUserInput
    from websockets.exceptions import ConnectionClosed
except ImportError as missing:  # pragma: no cover - the lock installs it
    raise ImportError('The hume_evi engine needs the Hume SDK: pip install "hume==0.14.1"') from missing

RESUMABLE_CLOSE_CODES = frozenset({1006, 1011, 1012, 1013, 1014})
SPOKEN_WPM = 150
METADATA_TIMEOUT_S = 10.0
FINISH_WITHIN_S = 3.0  # at hang-up, how long EVI may take to finish transcribing the rep's last turn
# EVI's error codes, in words a rep can act on; the ones that end the chat are fatal.
ERROR_WORDS: dict[str, tuple[str, bool]] = {
    'I0116': ('The voice provider could not understand the audio; check your microphone and try again.', True),
    'E0714': ('The call ended because nothing was said for a while.', True),
    'E0715': ("The call reached the voice provider's maximum length.", True),
    'E0712': ('The prospect took too long to answer; the voice provider is slow right now.', False),
    'E0705': ("The prospect's language model disconnected.", False),
}


def hume_client(*, api_key: str, base_url: str) -> 'AsyncHumeClient':
    """One client for every call: building one costs a TLS context (tens of milliseconds on the event loop)."""
    return AsyncHumeClient(api_key=api_key, base_url=base_url.rstrip('/'))


class HumeEviEngine(SocketEngine):
    name = 'hume_evi'
    label = 'Hume EVI'
    input_sample_rate = 16000
    output_sample_rate = 24000
    gives_prosody = True

    def __init__(self, *, client: 'AsyncHumeClient', config_id: str | None = None) -> None:
        super().__init__()
        self._client = client
        self._config_id = config_id
        self._config: EngineConfig | None = None
        self._context: AbstractAsyncContextManager[Any] | None = None
        self._socket: Any = None
        self._group_id: str | None = None
        self._started = 0.0
        self._resumed = False
        self._chat_offset = 0.0
        self._half_heard: UserUtterance | None = None  # the rep's words so far in a turn EVI has not finished
        self._typed_in_flight: deque[str] = deque()  # typed turns EVI has not echoed back yet
        self._last_line: str | None = None  # once the time is up, the line EVI was asked to say
        self._saying_last = False

    async def finish_input(self) -> None:
        """Waits a little for the turn EVI is still transcribing and for the echo of typed turns; what does not
        come is kept as it stands (the words heard so far, the text as typed)."""
        await self._settle(self._rep_unsettled, within_s=FINISH_WITHIN_S)
        if (line := self._half_heard) is not None:
            self._half_heard = None
            self._emit(replace(line, interim=False))
        while self._typed_in_flight:
            now = self._now()
            self._emit(UserUtterance(text=self._typed_in_flight.popleft(), start_s=now, end_s=now, typed=True))

    async def connect(self, config: EngineConfig) -> None:
        self._config = config
        self._started = time.monotonic()
        await self._open(resume=None)
        self._start_worker(config.call_id)

    def _connected(self) -> bool:
        return self._socket is not None

    def _send_audio(self, pcm: bytes) -> Awaitable[None]:
        send: Awaitable[None] = self._socket._websocket.send(pcm)  # raw linear16, as session_settings declared
        return send

    def _rep_unsettled(self) -> bool:
        return self._half_heard is not None or bool(self._typed_in_flight)

    def _send_text(self, text: str) -> Awaitable[None]:
        self._typed_in_flight.append(text)
        publish: Awaitable[None] = self._socket.send_publish(HumeUserInput(text=text))
        return publish

    async def _say_last(self, line: str) -> None:
        # EVI speaks an assistant_input word for word, in the prospect's voice, as an assistant_message.
        self._last_line = line.strip()
        await self._socket.send_publish(AssistantInput(text=line))

    # --- connection --------------------------------------------------------------------------------------

    async def _open(self, *, resume: str | None) -> None:
        assert self._config is not None
        context = self._client.empathic_voice.chat.connect(
            config_id=self._config_id, verbose_transcription=True, resumed_chat_group_id=resume
        )
        try:
            socket = await context.__aenter__()
        except ApiError as error:
            # Never chain the SDK's error: its text carries the request headers, the API key among them.
            if error.status_code == 401:
                raise EngineUnavailable('Hume refused the API key (HTTP 401); check HUME_API_KEY.') from None
            raise EngineUnavailable(f'Hume refused the connection (HTTP {error.status_code}).') from None
        except OSError as error:
            raise EngineUnavailable(f'Hume EVI cannot be reached ({type(error).__name__}).') from None
        self._context = context
        try:
            async with asyncio.timeout(METADATA_TIMEOUT_S):
                metadata = decode_message(await socket._websocket.recv(), vendor=self.label) or {}
            if metadata.get('type') != 'chat_metadata':
                raise EngineUnavailable('Hume EVI did not start the chat (no chat_metadata).')
            await socket.send_publish(session_settings(self._config, sample_rate=self.input_sample_rate))
        except (TimeoutError, ConnectionClosed) as error:
            raise EngineUnavailable(f'Hume EVI did not start the chat ({type(error).__name__}).') from None
        # Only now may audio flow: raw PCM before the linear16 setting is refused by EVI (I0116).
        self._socket = socket
        self._chat_offset = self._now() if resume else 0.0  # EVI's times restart with each chat
        if resume is None:  # the first chat's id names the call at Hume; a resumed one shares its group
            self._group_id = str(metadata.get('chat_group_id') or '')
            self._emit(SessionInfo(provider_chat_id=str(metadata.get('chat_id', '')), provider_group_id=self._group_id))

    async def _disconnect(self) -> None:
        context, self._context, self._socket = self._context, None, None
        if context is not None:
            with contextlib.suppress(Exception):  # the connection may be gone already; closing is best effort
                await context.__aexit__(None, None, None)

    async def _receive(self) -> str | bytes:
        while True:
            raw: str | bytes = await self._socket._websocket.recv()
            if isinstance(raw, str):
                return raw  # EVI sends no binary frames; any that come are ignored rather than failed on

    async def _after_close(self, closed: ConnectionClosed) -> bool:
        code, _reason = close_code(closed)
        if self._closing or code not in RESUMABLE_CLOSE_CODES or self._resumed or not self._group_id:
            return False
        self._resumed = True
        log.warning('Hume EVI dropped the connection (code %d); resuming the chat once', code)
        await self._disconnect()
        try:
            await self._open(resume=self._group_id)
        except Exception as error:  # any failure to resume ends the call with what was said kept
            reason = error.rep_message if isinstance(error, EngineUnavailable) else type(error).__name__
            self._emit(EngineError(code='resume', message=f'{reason} The call ends here.', fatal=True))
            return False
        self._emit(EngineError(code='resumed', message='The connection dropped and was restored.'))
        return True

    # --- messages ----------------------------------------------------------------------------------------

    async def _dispatch(self, message: dict[str, Any]) -> None:
        translate = _TRANSLATORS.get(message['type'])
        if translate is None:
            log.debug('Hume EVI message %r ignored', message['type'])
            return
        for event in translate(self, message):
            self._emit(event)

    def _user_line(self, message: dict[str, Any]) -> UserUtterance:
        time_ms = message.get('time') or {}
        begin, end = time_ms.get('begin'), time_ms.get('end')
        prosody = ((message.get('models') or {}).get('prosody') or {}).get('scores')
        scores = {str(k): float(v) for k, v in prosody.items() if isinstance(v, int | float)} if prosody else None
        from_text = bool(message.get('from_text'))
        now = self._now()
        line = UserUtterance(
            text=_content(message),
            # Typed turns carry no real time in EVI: they happen now.
            start_s=now if from_text or not isinstance(begin, int | float) else self._chat_offset + begin / 1000,
            end_s=now if from_text or not isinstance(end, int | float) else self._chat_offset + end / 1000,
            interim=bool(message.get('interim')),
            prosody=scores or None,
            typed=from_text,
        )
        if from_text:
            if self._typed_in_flight:
                self._typed_in_flight.popleft()
        else:
            self._half_heard = line if line.interim else None
        return line

    def _assistant_line(self, message: dict[str, Any]) -> list[EngineEvent]:
        text = _content(message)
        now = self._now()
        if self._last_line is not None and text.strip() == self._last_line:
            self._saying_last = True
        return [AssistantUtterance(text=text, start_s=now, end_s=now + count_words(text) * 60 / SPOKEN_WPM)]

    def _turn_over(self, event: EngineEvent) -> list[EngineEvent]:
        """The prospect's turn ended (or was cut off); after its last line, the prospect is done."""
        if not self._saying_last:
            return [event]
        self._saying_last = False
        return [event, LastLineSaid()]

    def _audio(self, message: dict[str, Any]) -> list[EngineEvent]:
        audio = _wav_pcm(message.get('data'), self.output_sample_rate)
        return [audio] if audio is not None else []

    def _now(self) -> float:
        return round(time.monotonic() - self._started, 3)


def _error(message: dict[str, Any]) -> list[EngineEvent]:
    code = str(message.get('code', 'unknown'))
    words, fatal = ERROR_WORDS.get(code, (f'The voice provider reported a problem ({code}).', False))
    return [EngineError(code=code, message=words, fatal=fatal)]


# EVI's messages by type. Plain functions of (engine, message): a table of bound methods would make every engine
# refer to itself, and a finished call's engine would then wait for the garbage collector instead of going at once.
_TRANSLATORS: dict[str, Callable[[HumeEviEngine, dict[str, Any]], list[EngineEvent]]] = {
    'user_message': lambda engine, message: [engine._user_line(message)],
    'assistant_message': HumeEviEngine._assistant_line,
    'audio_output': HumeEviEngine._audio,
    'user_interruption': lambda engine, _message: engine._turn_over(Interruption()),
    'assistant_end': lambda engine, _message: engine._turn_over(AssistantEnd()),
    'error': lambda _engine, message: _error(message),
}


def _content(message: dict[str, Any]) -> str:
    inner = message.get('message') or {}
    return str(inner.get('content') or '') if isinstance(inner, dict) else ''


def _wav_pcm(data: Any, rate: int) -> AssistantAudio | None:
    """A base64 WAV chunk as PCM16 mono at `rate`; its own header says what it holds."""
    try:
        with wave.open(io.BytesIO(base64.b64decode(data or ''))) as reader:
            channels, width, source_rate = reader.getnchannels(), reader.getsampwidth(), reader.getframerate()
            frames = reader.readframes(reader.getnframes())
    except (ValueError, wave.Error, EOFError):
        log.warning('Hume EVI sent audio that is not a WAV file; skipped')
        return None
    if width != 2 or not frames:
        log.warning('Hume EVI sent %d-byte samples; only 16-bit audio is played', width)
        return None
    return AssistantAudio(pcm=resample_pcm16(frames, source_rate, rate, channels=channels), sample_rate=rate)


def _start(values: SettingValues) -> Provider:
    client = hume_client(api_key=values.required('HUME_API_KEY'), base_url=values.required('HUME_API_URL'))
    config_id = values.text('HUME_CONFIG_ID')
    return Provider(make=lambda: HumeEviEngine(client=client, config_id=config_id))


def session_settings(config: EngineConfig, *, sample_rate: int) -> SessionSettings:
    """The call's `session_settings`: linear16 audio at the capture rate, the prospect's prompt, and the voice id its
    profile names for Hume (none is sent otherwise: the EVI configuration's voice speaks)."""
    audio = AudioConfiguration(encoding='linear16', sample_rate=sample_rate, channels=1)
    voice = config.named_voice(HumeEviEngine.name)
    if voice is None:
        return SessionSettings(audio=audio, system_prompt=config.system_prompt)
    return SessionSettings(audio=audio, system_prompt=config.system_prompt, voice_id=voice)


SPEC = EngineSpec.of(
    HumeEviEngine,
    start=_start,
    settings=(
        SettingSpec(name='HUME_API_KEY', secret=True, required=True),
        SettingSpec(name='HUME_SECRET_KEY', secret=True),
        SettingSpec(name='HUME_CONFIG_ID', unset='not set (EVI default)'),
        SettingSpec(name='HUME_API_URL', url=True),
    ),
    needs='Set HUME_API_KEY (and HUME_API_URL for an EVI-compatible server other than api.hume.ai).',
    auto_because='a Hume API key is configured',
)
