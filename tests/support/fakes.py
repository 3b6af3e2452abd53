"""A scripted engine and an in-memory transport, to drive the bridge in tests."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from services.voice.bridge import TransportClosed
from services.voice.engine import EngineConfig
from services.voice.events import EngineEvent, UserInput
from services.voice.protocol import BrowserMessage, ServerMessage, encode


class ScriptedEngine:
    """Emits what the test puts in `emit`; records what the bridge sends it."""

    name = 'scripted'
    input_sample_rate = 16000
    output_sample_rate = 24000
    gives_prosody = True

    def __init__(self, *, fail_connect: Exception | None = None) -> None:
        self.fail_connect = fail_connect
        self.at_hang_up: list[EngineEvent] = []  # what `finish_input` still emits (a turn heard at the last moment)
        self.finishing_takes_s = 0.0
        self.finished_input = 0
        self.config: EngineConfig | None = None
        self.received: list[UserInput] = []
        self.closed = 0
        self._events: asyncio.Queue[EngineEvent | None] = asyncio.Queue()

    def emit(self, *events: EngineEvent) -> None:
        for event in events:
            self._events.put_nowait(event)

    def end_events(self) -> None:
        self._events.put_nowait(None)

    async def connect(self, config: EngineConfig) -> None:
        if self.fail_connect is not None:
            raise self.fail_connect
        self.config = config

    async def send(self, event: UserInput) -> None:
        self.received.append(event)

    async def finish_input(self) -> None:
        self.finished_input += 1
        await asyncio.sleep(self.finishing_takes_s)
        self.emit(*self.at_hang_up)

    async def events(self) -> AsyncIterator[EngineEvent]:
        while (event := await self._events.get()) is not None:
            yield event

    async def close(self) -> None:
        self.closed += 1
        self._events.put_nowait(None)


class MemoryTransport:
    """The browser side: `push` what the browser sends; `sent` holds what it received."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any] | bytes] = []
        self._inbox: asyncio.Queue[BrowserMessage | None] = asyncio.Queue()
        self.changed = asyncio.Event()

    def push(self, *messages: BrowserMessage) -> None:
        for message in messages:
            self._inbox.put_nowait(message)

    def disconnect(self) -> None:
        self._inbox.put_nowait(None)

    async def receive(self) -> BrowserMessage:
        message = await self._inbox.get()
        if message is None:
            raise TransportClosed
        return message

    async def send_audio(self, pcm: bytes) -> None:
        self.sent.append(pcm)
        self.changed.set()

    async def send_control(self, message: ServerMessage) -> None:
        self.sent.append(json.loads(encode(message)))  # as the browser reads it
        self.changed.set()

    def controls(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if isinstance(m, dict) and m['type'] == kind]

    async def wait_for(self, kind: str, count: int = 1, within: float = 5.0) -> list[dict[str, Any]]:
        async with asyncio.timeout(within):
            while len(self.controls(kind)) < count:
                self.changed.clear()
                await self.changed.wait()
        return self.controls(kind)


async def collect(
    events: AsyncIterator[EngineEvent], until: type, count: int = 1, within: float = 10.0
) -> list[EngineEvent]:
    """An engine's events up to and including the `count`-th of type `until` (or all, if the stream ends first)."""
    seen: list[EngineEvent] = []
    async with asyncio.timeout(within):
        async for event in events:
            seen.append(event)
            if sum(isinstance(e, until) for e in seen) >= count:
                return seen
    return seen
