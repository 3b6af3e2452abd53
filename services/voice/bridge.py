"""One live call: joins the browser's socket (a Transport) to a voice engine.

Two tasks run in one TaskGroup: the uplink (browser → engine: audio, typed turns, mute, hang-up) and the
downlink (engine → browser: voice, `clear` on interruption, errors). Whichever ends first ends the call. Final
lines go through a writer task that is drained before the call is completed, so nothing said is lost; the engine
is closed on every exit path and the call is then completed and handed to the analysis.

The rep's audio is also tapped into our own tone analysis (services/acoustic_tone.py), for every engine: its clock
starts when the first chunk arrives, on the bridge's call clock (as the demo engine's detector does), and then
counts samples. Pitch tracking runs in a worker thread: once a second for the live bars (LiveTone), and for each
final rep line, whose acoustic scores are stored with it.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

from services.acoustic_tone import ToneAnalyser, pitch_in_worker_process
from services.notify import Topic
from services.voice import protocol
from services.voice.engine import EngineConfig, EngineUnavailable, VoiceEngine
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    Interruption,
    SessionInfo,
    UserAudio,
    UserText,
    UserUtterance,
)
from services.voice.protocol import BrowserAudio, BrowserEnd, BrowserMessage, BrowserMute, BrowserText
from services.voice.recorder import CallRecorder

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 15.0
MAX_QUEUED_AUDIO_CHUNKS = 100  # about 10 s of voice at 100 ms a chunk
FLUSH_TIMEOUT_S = 2.0
LIVE_TONE_EVERY_S = 1.0
LIVE_TONE_WINDOW_S = 3.0
LIVE_MONOTONE_WINDOW_S = 6.0  # monotone needs 2 s of voice, more than a 3 s window usually holds
T = TypeVar('T')


class TransportClosed(Exception):
    """The browser's socket is gone."""


class Transport(Protocol):
    """The browser's end of a call, as the bridge sees it (app/api/voice_ws.py adapts the websocket)."""

    async def receive(self) -> BrowserMessage:
        """The next valid message; raises TransportClosed when the browser has gone."""
        ...

    async def send_audio(self, pcm: bytes) -> None: ...

    async def send_control(self, message: dict[str, Any]) -> None: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class CallStarted:
    engine: str
    gives_prosody: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class CallEnded:
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveTone:
    """How the rep sounded over the last few seconds, from our own analysis of their voice (0..1)."""

    at_s: float
    confidence: float
    energy: float
    hesitation: float
    monotone: bool


CallUpdate = (
    CallStarted | CallEnded | LiveTone | UserUtterance | AssistantUtterance | AssistantEnd | Interruption | EngineError
)


class Outbox:
    """What goes to the browser, in order. Audio is bounded: a browser that stops reading loses the oldest
    voice chunks (counted), never the call; `clear` drops the voice not yet sent."""

    def __init__(self, max_audio_chunks: int = MAX_QUEUED_AUDIO_CHUNKS) -> None:
        self.max_audio_chunks = max_audio_chunks
        self.dropped_audio = 0
        self._items: deque[bytes | dict[str, Any]] = deque()
        self._audio = 0
        self._changed = asyncio.Event()

    def put_audio(self, pcm: bytes) -> None:
        if self._audio >= self.max_audio_chunks:
            oldest = next(i for i, item in enumerate(self._items) if isinstance(item, bytes))
            del self._items[oldest]
            self._audio -= 1
            self.dropped_audio += 1
        self._items.append(pcm)
        self._audio += 1
        self._changed.set()

    def put_control(self, message: dict[str, Any]) -> None:
        self._items.append(message)
        self._changed.set()

    def clear_audio(self) -> None:
        self._items = deque(item for item in self._items if not isinstance(item, bytes))
        self._audio = 0

    async def get(self) -> bytes | dict[str, Any]:
        while not self._items:
            self._changed.clear()
            await self._changed.wait()
        item = self._items.popleft()
        if isinstance(item, bytes):
            self._audio -= 1
        if not self._items:
            self._changed.set()  # wakes anyone waiting for the outbox to drain
        return item

    async def drained(self) -> None:
        while self._items:
            self._changed.clear()
            await self._changed.wait()


class _Over(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Line = UserUtterance | AssistantUtterance


class VoiceSession:
    """The bridge of one call. `updates` publishes what the page shows (never the audio itself)."""

    def __init__(
        self,
        *,
        engine: VoiceEngine,
        config: EngineConfig,
        recorder: CallRecorder,
        on_finished: Callable[[uuid.UUID], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.config = config
        self.recorder = recorder
        self.updates: Topic[CallUpdate] = Topic()
        self.muted = False
        self._on_finished = on_finished
        self._clock = clock
        self._started: float | None = None
        self._lines: asyncio.Queue[Line | None] = asyncio.Queue()
        self.outbox = Outbox()
        self._hang_up = asyncio.Event()
        self.tone: ToneAnalyser | None = None
        self._tone_lock = asyncio.Lock()

    @property
    def call_id(self) -> uuid.UUID:
        return self.config.call_id

    async def say(self, text: str) -> None:
        """A typed turn from the page (the same as a `text` frame on the socket)."""
        await self.engine.send(UserText(text=text))

    def hang_up(self) -> None:
        """Ends the call from the page (the same as an `end` frame on the socket)."""
        self._hang_up.set()

    def elapsed(self) -> float:
        return 0.0 if self._started is None else self._clock() - self._started

    async def run(self, transport: Transport) -> str:
        """Runs the call to its end and returns why it ended."""
        writer = asyncio.create_task(self._write_lines(), name=f'call-lines-{self.call_id}')
        reason = 'error'
        try:
            reason = await self._converse(transport)
        except Exception:
            log.exception('call %s failed', self.call_id)
            await self._tell(transport, protocol.error('The call failed on the server; what was said is kept.'))
        finally:
            await self._wind_down(transport, writer, reason)
        return reason

    async def _wind_down(self, transport: Transport, writer: asyncio.Task[None], reason: str) -> None:
        """Every step runs whatever the one before did: the page must learn that the call ended."""
        if self.outbox.dropped_audio:
            log.warning(
                'call %s: %d voice chunks dropped for a browser that fell behind',
                self.call_id,
                self.outbox.dropped_audio,
            )
        try:
            await self.engine.close()
        except Exception:
            log.exception('call %s: the engine did not close cleanly', self.call_id)
        self._lines.put_nowait(None)
        await asyncio.gather(asyncio.shield(writer), return_exceptions=True)
        # A call the engine never answered stays active, so that the rep can retry it.
        if reason != 'engine-unavailable' or self.recorder.lines:
            try:
                duration = None if self._started is None else round(self.elapsed(), 3)
                if await self.recorder.finish(duration_seconds=duration):
                    self._on_finished(self.call_id)
            except Exception:  # it stays active and is completed at the next start
                log.exception('call %s could not be completed', self.call_id)
        await self._tell(transport, protocol.ended(reason))
        self.updates.publish(CallEnded(reason=reason))

    async def _converse(self, transport: Transport) -> str:
        try:
            await asyncio.wait_for(self.engine.connect(self.config), CONNECT_TIMEOUT_S)
        except Exception as error:  # the provider refused or cannot be reached: say so, keep the call
            message = describe_connect_error(self.engine.name, error)
            log.warning('call %s: %s', self.call_id, message)
            await self._tell(transport, protocol.error(message))
            self.updates.publish(EngineError(code='connect', message=message, fatal=True))
            await self.recorder.add_engine_error(at=0.0, code='connect', message=message)
            return 'engine-unavailable'
        self._started = self._clock()
        ready = protocol.ready(
            engine=self.engine.name,
            input_sample_rate=self.engine.input_sample_rate,
            output_sample_rate=self.engine.output_sample_rate,
        )
        try:
            await transport.send_control(ready)
        except TransportClosed:
            return 'browser-closed'
        self.updates.publish(CallStarted(engine=self.engine.name, gives_prosody=self.engine.gives_prosody))
        reason = 'ended'
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._uplink(transport))
                group.create_task(self._downlink())
                group.create_task(self._send(transport))
                group.create_task(self._until_hang_up())
                group.create_task(self._live_tone())
        except* _Over as over:
            first = over.exceptions[0]
            reason = first.reason if isinstance(first, _Over) else reason
        return reason

    async def _uplink(self, transport: Transport) -> None:
        while True:
            try:
                message = await transport.receive()
            except TransportClosed:
                raise _Over('browser-closed') from None
            if isinstance(message, BrowserAudio):
                # Muted, the engine still gets a continuous stream, of silence.
                pcm = bytes(len(message.pcm)) if self.muted else message.pcm
                self._hear(pcm)
                await self.engine.send(UserAudio(pcm=pcm))
            elif isinstance(message, BrowserText):
                await self.engine.send(UserText(text=message.text))
            elif isinstance(message, BrowserMute):
                self.muted = message.muted
            elif isinstance(message, BrowserEnd):
                self.hang_up()

    async def _downlink(self) -> None:
        async for event in self.engine.events():
            if isinstance(event, AssistantAudio):
                self.outbox.put_audio(event.pcm)
            elif isinstance(event, Interruption):
                self.outbox.clear_audio()
                self.outbox.put_control(protocol.clear())
                self.updates.publish(event)
            elif isinstance(event, UserUtterance | AssistantUtterance):
                self._line(event)
            elif isinstance(event, AssistantEnd):
                self.updates.publish(event)
            elif isinstance(event, EngineError):
                log.warning('call %s: engine error %s: %s', self.call_id, event.code, event.message)
                self.outbox.put_control(protocol.error(event.message))
                self.updates.publish(event)
                await self.recorder.add_engine_error(at=self.elapsed(), code=event.code, message=event.message)
                if event.fatal:
                    with contextlib.suppress(TimeoutError):  # let the rep read why before the call ends
                        await asyncio.wait_for(self.outbox.drained(), FLUSH_TIMEOUT_S)
                    raise _Over('engine-error')
            elif isinstance(event, SessionInfo):
                await self.recorder.set_provider_chat_id(event.provider_chat_id)
        raise _Over('engine-ended')

    async def _until_hang_up(self) -> None:
        await self._hang_up.wait()
        raise _Over('hang-up')

    async def _send(self, transport: Transport) -> None:
        while True:
            item = await self.outbox.get()
            try:
                if isinstance(item, bytes):
                    await transport.send_audio(item)
                else:
                    await transport.send_control(item)
            except TransportClosed:
                raise _Over('browser-closed') from None

    def _line(self, event: UserUtterance | AssistantUtterance) -> None:
        now = round(self.elapsed(), 3)
        start = now if event.start_s is None else event.start_s
        timed = replace(event, start_s=start, end_s=now if event.end_s is None else event.end_s)
        if not (isinstance(timed, UserUtterance) and timed.interim) and timed.text.strip():
            self._lines.put_nowait(timed)
        self.updates.publish(timed)

    def _hear(self, pcm: bytes) -> None:
        if self.tone is None:
            self.tone = ToneAnalyser(self.engine.input_sample_rate, pitch=pitch_in_worker_process)
        self.tone.feed(pcm, at_s=self.elapsed())

    async def _in_worker(self, work: Callable[[ToneAnalyser], T]) -> T | None:
        """Runs tone analysis off the event loop, one batch at a time."""
        if self.tone is None:
            return None
        async with self._tone_lock:
            return await asyncio.to_thread(work, self.tone)

    async def _live_tone(self) -> None:
        heard = 0.0
        while True:
            await asyncio.sleep(LIVE_TONE_EVERY_S)
            try:
                live = await self._in_worker(_live_reading)
            except Exception:  # the bars stop; the call and its lines go on
                log.exception('call %s: the live tone analysis failed', self.call_id)
                return
            if live is not None and live.at_s > heard:
                heard = live.at_s
                self.updates.publish(live)

    async def _acoustic(self, line: Line) -> dict[str, dict[str, float]] | None:
        if not isinstance(line, UserUtterance) or line.start_s is None or line.end_s is None:
            return None
        start, end, words = line.start_s, line.end_s, len(line.text.split())
        try:
            tone = await self._in_worker(lambda analyser: analyser.between(start, end, words=words))
        except Exception:  # the line is stored without it
            log.exception('call %s: the tone of a line could not be analysed', self.call_id)
            return None
        return None if tone is None else tone.record()

    async def _write_lines(self) -> None:
        while (line := await self._lines.get()) is not None:
            try:
                await self.recorder.add_line(
                    role='user' if isinstance(line, UserUtterance) else 'assistant',
                    text=line.text.strip(),
                    start_s=line.start_s,
                    end_s=line.end_s,
                    prosody=line.prosody if isinstance(line, UserUtterance) else None,
                    acoustic=await self._acoustic(line),
                )
            except Exception:  # one failed write must not stop the others
                log.exception('call %s: a line could not be stored', self.call_id)

    async def _tell(self, transport: Transport, message: dict[str, Any]) -> None:
        with contextlib.suppress(TransportClosed):
            await transport.send_control(message)


def _live_reading(analyser: ToneAnalyser) -> LiveTone | None:
    tone = analyser.window(LIVE_TONE_WINDOW_S)
    if tone is None:
        return None
    longer = analyser.window(LIVE_MONOTONE_WINDOW_S)
    return LiveTone(
        at_s=round(analyser.heard_until(), 3),
        confidence=tone.confidence,
        energy=tone.energy,
        hesitation=tone.hesitation,
        monotone=longer is not None and longer.monotone,
    )


def describe_connect_error(engine: str, error: BaseException) -> str:
    """Words for the rep; never the exception's own text, which may carry a URL with a key."""
    if isinstance(error, TimeoutError):
        return f'The {engine} voice engine did not answer in {CONNECT_TIMEOUT_S:.0f} seconds. Try again.'
    if isinstance(error, EngineUnavailable):
        return error.rep_message
    return f'The {engine} voice engine could not be reached ({type(error).__name__}). Try again.'
