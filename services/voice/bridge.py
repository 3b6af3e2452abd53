"""One live call's pumps: joins the browser's socket (a Transport) to a voice engine.

Four tasks run in one TaskGroup: the uplink (browser → engine: audio, typed turns, mute, hang-up), the downlink
(engine → browser: voice, `clear` on interruption, errors), the sender (the outbox, in order) and the hang-up
watcher, beside each observer's own work; a scenario with a time limit adds its timer, which at the limit has the
prospect say a last line and ends the call once the rep has heard it. Whichever ends first ends the call. Every
event of the call goes, in order, to its observers (the recorder stores it, the tone tap hears the rep, the
publisher shows the page). On every exit path the engine is closed, the observers finish, the call is handed over
(`hand_over`: completed and analysed) and the browser is told that the call ended.
"""

import asyncio
import contextlib
import logging
import traceback
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from services.library.prompt import closing_line
from services.voice.engine import EngineConfig, EngineUnavailable, VoiceEngine
from services.voice.events import (
    AssistantAudio,
    EngineError,
    Interruption,
    LastLineSaid,
    TimeUp,
    UserAudio,
    UserText,
)
from services.voice.observer import CallEvent, CallObserver
from services.voice.pacing import AudioPace
from services.voice.protocol import (
    BrowserAudio,
    BrowserEnd,
    BrowserMessage,
    BrowserMute,
    BrowserText,
    Clear,
    Ended,
    ErrorMessage,
    Ready,
    ServerMessage,
)
from services.voice.timing import CallClock, timed
from services.voice.updates import CallEnded, CallStarted, TimeIsUp

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 15.0
MAX_QUEUED_AUDIO_CHUNKS = 100  # about 10 s of voice at 100 ms a chunk
FLUSH_TIMEOUT_S = 2.0
# At the end of a call the engine turns what it holds of the rep into lines; each engine bounds its own wait (the
# demo's recognition 30 s), and this bounds an engine that would not.
FINISH_INPUT_TIMEOUT_S = 40.0
# The rep's words already sent are still kept when the rep hangs up or the browser goes away.
FINISHING_REASONS = frozenset({'hang-up', 'browser-closed', 'time-up'})
# At the time limit: how long the prospect may take to say its last line, and the most the rep is then left to
# hear the voice already sent, before the call ends whatever the engine does.
LAST_LINE_TIMEOUT_S = 20.0
LAST_VOICE_MAX_S = 15.0
TIMER_STEP_S = 1.0
PACE_WARNING_EVERY_S = 5.0
TOO_FAST = 'Audio is arriving much faster than real time; the excess was dropped. The call goes on.'
ENGINE_UNAVAILABLE = 'engine-unavailable'

# Called after the engine has closed and the observers have finished: (why the call ended, its length or None).
HandOver = Callable[[str, float | None], Awaitable[None]]


class TransportClosed(Exception):
    """The browser's socket is gone."""


class Transport(Protocol):
    """The browser's end of a call, as the bridge sees it (app/api/voice_ws.py adapts the websocket)."""

    async def receive(self) -> BrowserMessage:
        """The next valid message; raises TransportClosed when the browser has gone."""
        ...

    async def send_audio(self, pcm: bytes) -> None: ...

    async def send_control(self, message: ServerMessage) -> None: ...


class Outbox:
    """What goes to the browser, in order. Audio is bounded: a browser that stops reading loses the oldest
    voice chunks (counted), never the call; `clear` drops the voice not yet sent."""

    def __init__(self, max_audio_chunks: int = MAX_QUEUED_AUDIO_CHUNKS) -> None:
        self.max_audio_chunks = max_audio_chunks
        self.dropped_audio = 0
        self._items: deque[bytes | ServerMessage] = deque()
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

    def put_control(self, message: ServerMessage) -> None:
        self._items.append(message)
        self._changed.set()

    def clear_audio(self) -> None:
        self._items = deque(item for item in self._items if not isinstance(item, bytes))
        self._audio = 0

    async def get(self) -> bytes | ServerMessage:
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


class VoiceSession:
    """The bridge of one call: the pumps, the outbox, the call's clock, and the rep's controls (say, mute, hang
    up), which the socket's frames and the live-call service both use."""

    def __init__(
        self,
        *,
        engine: VoiceEngine,
        config: EngineConfig,
        observers: Sequence[CallObserver],
        hand_over: HandOver,
        clock: CallClock | None = None,
        muted: bool = False,
    ) -> None:
        self._engine = engine
        self._config = config
        self._observers = tuple(observers)
        self._routes: dict[type[CallEvent], tuple[CallObserver, ...]] = {}
        self._hand_over = hand_over
        self.clock = clock or CallClock()
        self._muted = muted
        self._outbox = Outbox()
        self._pace = AudioPace(engine.input_sample_rate)
        self._last_pace_warning = float('-inf')
        self._hang_up = asyncio.Event()
        self._ended = False
        self._last_line_said = asyncio.Event()
        self._voice_until = 0.0  # call seconds at which the browser will have played the voice sent so far
        self._limit_s = None if config.scenario is None else config.scenario.time_limit_s

    @property
    def call_id(self) -> uuid.UUID:
        return self._config.call_id

    @property
    def live(self) -> bool:
        """The engine has answered and the call has not ended."""
        return self.clock.started and not self._ended

    @property
    def muted(self) -> bool:
        return self._muted

    async def say(self, text: str) -> None:
        """A typed turn of the rep."""
        self._notify(UserText(text=text))
        await self._engine.send(UserText(text=text))

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def hang_up(self) -> None:
        self._hang_up.set()

    def tell(self, message: ServerMessage) -> None:
        """A message to the browser, in order with the call's voice (dropped once the call has ended)."""
        if not self._ended:
            self._outbox.put_control(message)

    async def run(self, transport: Transport) -> str:
        """Runs the call to its end and returns why it ended."""
        for observer in self._observers:
            observer.start()
        reason = 'error'
        try:
            reason = await self._converse(transport)
        except Exception:
            log.exception('call %s failed', self._config.call_id)
            await _tell(transport, ErrorMessage('The call failed on the server; what was said is kept.'))
        finally:
            await self._wind_down(transport, reason)
        return reason

    async def _converse(self, transport: Transport) -> str:
        try:
            await asyncio.wait_for(self._engine.connect(self._config), CONNECT_TIMEOUT_S)
        except Exception as error:  # the provider refused or cannot be reached: say so, keep the call
            message = describe_connect_error(self._engine.name, error)
            log.warning('call %s: %s', self._config.call_id, message)
            await _tell(transport, ErrorMessage(message))
            self._notify(EngineError(code='connect', message=message, fatal=True))
            return ENGINE_UNAVAILABLE
        self.clock.start()
        ready = Ready(self._engine.name, self._engine.input_sample_rate, self._engine.output_sample_rate)
        try:
            await transport.send_control(ready)
        except TransportClosed:
            return 'browser-closed'
        self._notify(CallStarted(engine=self._engine.name, gives_prosody=self._engine.gives_prosody))
        reason = 'ended'
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._uplink(transport))
                group.create_task(self._downlink())
                group.create_task(self._send(transport))
                group.create_task(self._until_hang_up())
                if self._limit_s is not None:
                    group.create_task(self._until_time_up(self._limit_s))
                for observer in self._observers:
                    group.create_task(observer.run())
        except* _Over as over:
            reason = next((end.reason for end in over.exceptions if isinstance(end, _Over)), reason)
            # Python 3.11's TaskGroup leaves its exception group in a reference cycle with the frames it passed
            # through, and those frames hold this bridge: without this, a finished call (its observers, the tone
            # track) would wait for the garbage collector instead of going at once.
            for raised in (over, *over.exceptions):
                traceback.clear_frames(raised.__traceback__)
        return reason

    async def _wind_down(self, transport: Transport, reason: str) -> None:
        """Every step runs whatever the one before did: the page must learn that the call ended."""
        self._ended = True
        if self._outbox.dropped_audio:
            log.warning(
                'call %s: %d voice chunks dropped for a browser that fell behind',
                self._config.call_id,
                self._outbox.dropped_audio,
            )
        async with asyncio.TaskGroup() as group:
            rest = group.create_task(self._observe_rest())
            if self.clock.started and reason in FINISHING_REASONS:
                await self._finish_input()
            try:
                await self._engine.close()
            except Exception:
                log.exception('call %s: the engine did not close cleanly', self._config.call_id)
            try:
                await asyncio.wait_for(asyncio.shield(rest), FLUSH_TIMEOUT_S)
            except TimeoutError:
                log.warning('call %s: the engine did not end its events after closing', self._config.call_id)
                rest.cancel()
        for observer in self._observers:
            try:
                await observer.close()
            except Exception:
                log.exception('call %s: an observer did not finish cleanly', self._config.call_id)
        try:
            await self._hand_over(reason, round(self.clock(), 3) if self.clock.started else None)
        except Exception:  # it stays active and is completed at the next start
            log.exception('call %s could not be completed', self._config.call_id)
        await _tell(transport, Ended(reason))
        self._notify(CallEnded(reason=reason))

    async def _finish_input(self) -> None:
        """What the rep said before hanging up becomes lines (the engine answers nothing more)."""
        try:
            await asyncio.wait_for(self._engine.finish_input(), FINISH_INPUT_TIMEOUT_S)
        except TimeoutError:
            log.warning("call %s: the engine did not finish the rep's input in time", self._config.call_id)
        except Exception:
            log.exception("call %s: the engine could not finish the rep's input", self._config.call_id)

    async def _observe_rest(self) -> None:
        """The events still coming after the call's pumps stopped (the last lines, errors) reach the observers;
        the prospect's voice no longer goes anywhere."""
        async for raw in self._engine.events():
            if not isinstance(raw, AssistantAudio):
                self._notify(timed(raw, self.clock))

    async def _uplink(self, transport: Transport) -> None:
        while True:
            try:
                message = await transport.receive()
            except TransportClosed:
                raise _Over('browser-closed') from None
            match message:
                case BrowserAudio(pcm=pcm):  # the hot path: ten frames a second a call, kept inline
                    if not self._pace.admit(len(pcm)):
                        self._too_fast()
                        continue
                    # Muted, the engine still gets a continuous stream, of silence.
                    audio = UserAudio(pcm=bytes(len(pcm)) if self._muted else pcm)
                    self._notify(audio)
                    await self._engine.send(audio)
                case BrowserText(text=text):
                    await self.say(text)
                case BrowserMute(muted=muted):
                    self.set_muted(muted)
                case BrowserEnd():
                    self.hang_up()

    def _too_fast(self) -> None:
        """Audio beyond the fair rate is dropped; the browser hears why, once every few seconds at most."""
        now = self.clock()
        if now - self._last_pace_warning >= PACE_WARNING_EVERY_S:
            self._last_pace_warning = now
            log.warning(
                'call %s: audio arrives faster than real time; %d bytes refused', self.call_id, self._pace.refused_bytes
            )
            self._outbox.put_control(ErrorMessage(TOO_FAST))

    async def _downlink(self) -> None:
        async for raw in self._engine.events():
            event = timed(raw, self.clock)
            match event:
                case AssistantAudio(pcm=pcm, sample_rate=rate):
                    self._outbox.put_audio(pcm)
                    if self._limit_s is not None:  # the hot path stays as it was for a call without a time limit
                        self._voice_until = max(self._voice_until, self.clock()) + len(pcm) / (2 * rate)
                case Interruption():
                    self._outbox.clear_audio()
                    self._outbox.put_control(Clear())
                    self._voice_until = 0.0
                case LastLineSaid():
                    self._last_line_said.set()
                case EngineError(code=code, message=message):
                    log.warning('call %s: engine error %s: %s', self._config.call_id, code, message)
                    self._outbox.put_control(ErrorMessage(message))
            self._notify(event)
            if isinstance(event, EngineError) and event.fatal:
                with contextlib.suppress(TimeoutError):  # let the rep read why before the call ends
                    await asyncio.wait_for(self._outbox.drained(), FLUSH_TIMEOUT_S)
                raise _Over('engine-error')
        raise _Over('engine-ended')

    async def _until_hang_up(self) -> None:
        await self._hang_up.wait()
        raise _Over('hang-up')

    async def _until_time_up(self, limit_s: float) -> None:
        """At the limit the prospect says a last line (the rep is still heard); once the rep has heard it, or it
        was cut off, the call ends as a hang-up would."""
        while (left := limit_s - self.clock()) > 0:  # noqa: ASYNC110 (a clock to read, not an event to await)
            await asyncio.sleep(min(left, TIMER_STEP_S))  # the call's clock, read again (a test may move it)
        self._notify(TimeIsUp())
        line = TimeUp(line=closing_line(self._config.prospect))
        self._notify(line)
        await self._engine.send(line)
        try:
            await asyncio.wait_for(self._last_line_said.wait(), LAST_LINE_TIMEOUT_S)
        except TimeoutError:
            log.warning('call %s: the engine did not say the last line in time', self._config.call_id)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._outbox.drained(), FLUSH_TIMEOUT_S)
        await asyncio.sleep(min(LAST_VOICE_MAX_S, max(0.0, self._voice_until - self.clock())))
        raise _Over('time-up')

    async def _send(self, transport: Transport) -> None:
        while True:
            item = await self._outbox.get()
            try:
                if isinstance(item, bytes):
                    await transport.send_audio(item)
                else:
                    await transport.send_control(item)
            except TransportClosed:
                raise _Over('browser-closed') from None

    def _notify(self, event: CallEvent) -> None:
        kind = type(event)
        observers = self._routes.get(kind)
        if observers is None:  # the first event of its kind: which observers take it
            observers = self._routes[kind] = tuple(o for o in self._observers if issubclass(kind, o.observes))
        for observer in observers:
            try:
                observer.observe(event)
            except Exception:  # one broken observer must not break the call or the others
                log.exception('call %s: an observer failed on %s', self._config.call_id, kind.__name__)


async def _tell(transport: Transport, message: ServerMessage) -> None:
    with contextlib.suppress(TransportClosed):
        await transport.send_control(message)


def describe_connect_error(engine: str, error: BaseException) -> str:
    """Words for the rep; never the exception's own text, which may carry a URL with a key."""
    if isinstance(error, TimeoutError):
        return f'The {engine} voice engine did not answer in {CONNECT_TIMEOUT_S:.0f} seconds. Try again.'
    if isinstance(error, EngineUnavailable):
        return error.rep_message
    return f'The {engine} voice engine could not be reached ({type(error).__name__}). Try again.'
