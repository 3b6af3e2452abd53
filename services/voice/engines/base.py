"""What every engine shares: its events in one queue, one background task that feeds them, and one way to close.

`QueuedEngine` is the whole of it for an engine that runs in-process (the demo): `_run` is its worker. A vendor
engine is a `SocketEngine`: its worker reads the provider's socket, skips what is not a JSON object, hands each
message to `_dispatch`, and on a close asks `_after_close` whether to go on (a resumed connection) or end. A
worker that fails ends the call visibly, with a fatal EngineError, never silently.
"""

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from websockets.exceptions import ConnectionClosed

from services.tasks import Supervisor
from services.voice.events import EngineError, EngineEvent, TimeUp, UserAudio, UserInput, UserText

log = logging.getLogger(__name__)

# A message whose fields are not what the protocol says is skipped, not fatal.
SHAPE_ERRORS = (TypeError, ValueError, AttributeError, KeyError)


class QueuedEngine:
    """The shared half of a VoiceEngine; subclasses set the class attributes and implement `connect`, `send` and
    `_run`, and may extend `_disconnect`."""

    name: str
    label: str
    input_sample_rate: int
    output_sample_rate: int
    gives_prosody: bool
    failure_code = 'reader'
    failure_message = 'The voice connection failed.'

    def __init__(self) -> None:
        self._events: asyncio.Queue[EngineEvent | None] = asyncio.Queue()
        self._tasks = Supervisor(f'the {self.name} engine')
        self._closing = False

    async def events(self) -> AsyncIterator[EngineEvent]:
        while (event := await self._events.get()) is not None:
            yield event

    async def finish_input(self) -> None:
        """Nothing is held back by default: every input became an event as it came."""
        return None

    async def close(self) -> None:
        """Ends the conversation: stops the worker, lets go of the provider, ends the events; safe to repeat."""
        self._closing = True
        await self._tasks.aclose()
        await self._disconnect()
        self._end_events()

    def _emit(self, event: EngineEvent) -> None:
        self._events.put_nowait(event)

    def _start_worker(self, call_id: uuid.UUID) -> None:
        self._tasks.spawn(self._guarded(), name=f'{self.name}-{call_id}')

    async def _guarded(self) -> None:
        try:
            await self._run()
        except asyncio.CancelledError:
            raise
        except Exception:  # the call must end visibly, never hang on a worker that died
            log.exception('the %s engine failed', self.label)
            self._emit(EngineError(code=self.failure_code, message=self.failure_message, fatal=True))
            self._end_events()

    async def _run(self) -> None:
        raise NotImplementedError

    async def _disconnect(self) -> None:
        return None

    def _end_events(self) -> None:
        self._events.put_nowait(None)


class SocketEngine(QueuedEngine):
    """A provider's conversation over a websocket: read, decode, dispatch, until the socket closes for good.
    Subclasses also say how the rep's audio and typed turns go out (`_send_audio`, `_send_text`), and how the
    prospect is made to say its last line when the time is up (`_say_last`)."""

    def __init__(self) -> None:
        super().__init__()
        self._read_more = asyncio.Event()  # set after each message the worker has taken in
        self._read_all = False

    async def send(self, event: UserInput) -> None:
        if not self._connected():
            return  # not yet, or no longer: nothing can reach the provider
        try:
            match event:
                case UserAudio(pcm=pcm):
                    await self._send_audio(pcm)
                case UserText(text=text):
                    await self._send_text(text)
                case TimeUp(line=line):
                    await self._say_last(line)
        except ConnectionClosed:
            pass  # the reader sees the close and resumes or ends the call

    def _connected(self) -> bool:
        raise NotImplementedError

    async def _settle(self, unsettled: Callable[[], bool], *, within_s: float) -> None:
        """While the worker reads on, waits until nothing is `unsettled` (a turn still being transcribed), the
        reading has ended, or `within_s` has passed."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within_s):
                while unsettled() and not self._read_all:
                    self._read_more.clear()
                    await self._read_more.wait()

    def _send_audio(self, pcm: bytes) -> Awaitable[None]:
        """Sends the rep's audio (may hand back the socket's own send, saving a coroutine on the hot path)."""
        raise NotImplementedError

    def _send_text(self, text: str) -> Awaitable[None]:
        raise NotImplementedError

    async def _say_last(self, line: str) -> None:
        """Has the provider's voice say `line` as the prospect's last words, and answer nothing more."""
        raise NotImplementedError

    async def _run(self) -> None:
        try:
            while True:
                try:
                    raw = await self._receive()
                except ConnectionClosed as closed:
                    if await self._after_close(closed):
                        continue
                    return
                message = decode_message(raw, vendor=self.label)
                if message is None:
                    continue
                try:
                    await self._dispatch(message)
                except SHAPE_ERRORS:
                    log.warning('%s message %r has an unexpected shape; skipped', self.label, message.get('type'))
                self._read_more.set()
        finally:
            self._read_all = True
            self._read_more.set()
            self._end_events()

    async def _receive(self) -> str | bytes:
        """The provider's next frame; raises ConnectionClosed."""
        raise NotImplementedError

    async def _dispatch(self, message: dict[str, Any]) -> None:
        raise NotImplementedError

    async def _after_close(self, closed: ConnectionClosed) -> bool:
        """True when the connection was restored and reading goes on."""
        return False


def decode_message(raw: str | bytes, *, vendor: str) -> dict[str, Any] | None:
    """A provider's frame as a JSON object with a string `type`; anything else is logged and skipped."""
    try:
        message = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        log.warning('%s sent a frame that is not JSON; skipped', vendor)
        return None
    if not isinstance(message, dict) or not isinstance(message.get('type'), str):
        log.warning('%s sent a message without a type; skipped', vendor)
        return None
    return message


def close_code(closed: ConnectionClosed) -> tuple[int, str]:
    """The code and reason the provider closed with (1006 when the connection just dropped)."""
    return (closed.rcvd.code, closed.rcvd.reason) if closed.rcvd is not None else (1006, '')
