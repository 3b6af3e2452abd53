"""Hume EVI through the Hume Python SDK (`hume` 0.14), against api.hume.ai or any EVI-compatible server.

After `chat_metadata` the engine declares the rep's audio as linear16 at the capture rate and sends the persona's
prompt with the scenario as `session_settings`. Server messages are read raw and parsed defensively: the SDK's own
parser raises on any message it does not know, which would end the call. A connection that drops abnormally
(1006, 1011-1014) is resumed once with `resumed_chat_group_id`; after that the call ends with what was said kept.
"""

import asyncio
import base64
import contextlib
import io
import json
import logging
import time
import wave
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any

from services.audio import resample_pcm16
from services.speech_metrics import count_words
from services.voice.engine import EngineConfig, EngineUnavailable
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    EngineEvent,
    Interruption,
    SessionInfo,
    UserAudio,
    UserInput,
    UserText,
    UserUtterance,
)

log = logging.getLogger(__name__)

try:
    from hume import AsyncHumeClient
    from hume.core.api_error import ApiError
    from hume.empathic_voice import AudioConfiguration, SessionSettings
    from hume.empathic_voice import UserInput as HumeUserInput
    from websockets.exceptions import ConnectionClosed
except ImportError as missing:  # pragma: no cover - the lock installs it
    raise ImportError('The hume_evi engine needs the Hume SDK: pip install "hume==0.14.1"') from missing

RESUMABLE_CLOSE_CODES = frozenset({1006, 1011, 1012, 1013, 1014})
SPOKEN_WPM = 150
METADATA_TIMEOUT_S = 10.0
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


class HumeEviEngine:
    name = 'hume_evi'
    input_sample_rate = 16000
    output_sample_rate = 24000
    gives_prosody = True

    def __init__(self, *, client: 'AsyncHumeClient', config_id: str | None = None) -> None:
        self._client = client
        self._config_id = config_id
        self._config: EngineConfig | None = None
        self._context: AbstractAsyncContextManager[Any] | None = None
        self._socket: Any = None
        self._events: asyncio.Queue[EngineEvent | None] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None
        self._group_id: str | None = None
        self._started = 0.0
        self._resumed = False
        self._closing = False
        self._chat_offset = 0.0

    async def connect(self, config: EngineConfig) -> None:
        self._config = config
        self._started = time.monotonic()
        await self._open(resume=None)
        self._reader = asyncio.create_task(self._read(), name=f'hume-evi-{config.call_id}')

    async def send(self, event: UserInput) -> None:
        if self._socket is None:
            return
        try:
            if isinstance(event, UserAudio):
                await self._socket._websocket.send(event.pcm)  # raw linear16, as declared in session_settings
            elif isinstance(event, UserText):
                await self._socket.send_publish(HumeUserInput(text=event.text))
        except ConnectionClosed:
            pass  # the reader sees the close and resumes or ends the call

    async def events(self) -> AsyncIterator[EngineEvent]:
        while (event := await self._events.get()) is not None:
            yield event

    async def close(self) -> None:
        self._closing = True
        if self._reader is not None and not self._reader.done():
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
        await self._disconnect()
        self._events.put_nowait(None)

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
                metadata = _parse(await socket._websocket.recv())
            if metadata.get('type') != 'chat_metadata':
                raise EngineUnavailable('Hume EVI did not start the chat (no chat_metadata).')
            await socket.send_publish(
                SessionSettings(
                    audio=AudioConfiguration(encoding='linear16', sample_rate=self.input_sample_rate, channels=1),
                    system_prompt=self._config.system_prompt,
                )
            )
        except (TimeoutError, ConnectionClosed) as error:
            raise EngineUnavailable(f'Hume EVI did not start the chat ({type(error).__name__}).') from None
        # Only now may audio flow: raw PCM before the linear16 setting is refused by EVI (I0116).
        self._socket = socket
        self._chat_offset = self._now() if resume else 0.0  # EVI's times restart with each chat
        if resume is None:  # the first chat's id names the call at Hume; a resumed one shares its group
            self._group_id = str(metadata.get('chat_group_id') or '')
            await self._events.put(
                SessionInfo(provider_chat_id=str(metadata.get('chat_id', '')), provider_group_id=self._group_id)
            )

    async def _disconnect(self) -> None:
        context, self._context, self._socket = self._context, None, None
        if context is not None:
            with contextlib.suppress(Exception):  # the connection may be gone already; closing is best effort
                await context.__aexit__(None, None, None)

    async def _read(self) -> None:
        try:
            while True:
                try:
                    raw = await self._socket._websocket.recv()
                except ConnectionClosed as closed:
                    code = closed.rcvd.code if closed.rcvd is not None else 1006
                    if await self._resume_after(code):
                        continue
                    break
                if isinstance(raw, bytes):
                    continue  # EVI sends no binary frames; ignore rather than fail
                for event in self._translate_safely(raw):
                    await self._events.put(event)
        except asyncio.CancelledError:
            raise
        except Exception:  # the call must end visibly, never hang on a reader that died
            log.exception('the Hume EVI reader failed')
            await self._events.put(EngineError(code='reader', message='The voice connection failed.', fatal=True))
        finally:
            self._events.put_nowait(None)

    def _translate_safely(self, raw: str) -> list[EngineEvent]:
        message = _parse(raw)
        try:
            return self._translate(message)
        except (TypeError, ValueError, AttributeError, KeyError):
            log.warning('Hume EVI message %r has an unexpected shape; skipped', message.get('type'))
            return []

    async def _resume_after(self, code: int) -> bool:
        if self._closing or code not in RESUMABLE_CLOSE_CODES or self._resumed or not self._group_id:
            return False
        self._resumed = True
        log.warning('Hume EVI dropped the connection (code %d); resuming the chat once', code)
        await self._disconnect()
        try:
            await self._open(resume=self._group_id)
        except Exception as error:  # any failure to resume ends the call with what was said kept
            reason = error.rep_message if isinstance(error, EngineUnavailable) else type(error).__name__
            await self._events.put(EngineError(code='resume', message=f'{reason} The call ends here.', fatal=True))
            return False
        await self._events.put(EngineError(code='resumed', message='The connection dropped and was restored.'))
        return True

    # --- messages ----------------------------------------------------------------------------------------

    def _translate(self, message: dict[str, Any]) -> list[EngineEvent]:
        kind = message.get('type')
        if kind == 'user_message':
            return [self._user_line(message)]
        if kind == 'assistant_message':
            text = _content(message)
            now = self._now()
            return [AssistantUtterance(text=text, start_s=now, end_s=now + count_words(text) * 60 / SPOKEN_WPM)]
        if kind == 'audio_output':
            audio = _wav_pcm(message.get('data'), self.output_sample_rate)
            return [audio] if audio is not None else []
        if kind == 'user_interruption':
            return [Interruption()]
        if kind == 'assistant_end':
            return [AssistantEnd()]
        if kind == 'error':
            code = str(message.get('code', 'unknown'))
            words, fatal = ERROR_WORDS.get(code, (f'The voice provider reported a problem ({code}).', False))
            return [EngineError(code=code, message=words, fatal=fatal)]
        log.debug('Hume EVI message %r ignored', kind)
        return []

    def _user_line(self, message: dict[str, Any]) -> UserUtterance:
        time_ms = message.get('time') or {}
        begin, end = time_ms.get('begin'), time_ms.get('end')
        prosody = ((message.get('models') or {}).get('prosody') or {}).get('scores')
        scores = {str(k): float(v) for k, v in prosody.items() if isinstance(v, int | float)} if prosody else None
        from_text = bool(message.get('from_text'))
        now = self._now()
        return UserUtterance(
            text=_content(message),
            # Typed turns carry no real time in EVI: they happen now.
            start_s=now if from_text or not isinstance(begin, int | float) else self._chat_offset + begin / 1000,
            end_s=now if from_text or not isinstance(end, int | float) else self._chat_offset + end / 1000,
            interim=bool(message.get('interim')),
            prosody=scores or None,
        )

    def _now(self) -> float:
        return round(time.monotonic() - self._started, 3)


def _parse(raw: str | bytes) -> dict[str, Any]:
    try:
        message = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        log.warning('Hume EVI sent a frame that is not JSON; ignored')
        return {}
    return message if isinstance(message, dict) else {}


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
