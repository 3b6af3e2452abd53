"""The call socket `/ws/calls/{call_id}?ticket=…`: adapts the websocket to the bridge, and nothing more.

The live-call service admits the socket before it is accepted, so a bad, reused or expired ticket, another user's
call, a call that is not active or one connected already gets HTTP 403. Frames the contract does not allow get
an error frame; the call goes on.
"""

import asyncio
import contextlib
import logging
import uuid
from typing import Any

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect
from starlette.websockets import WebSocketState

from app.runtime import current_runtime
from services.voice import protocol
from services.voice.bridge import TransportClosed
from services.voice.protocol import BrowserMessage, ErrorMessage, FrameError, ServerMessage

router = APIRouter()
log = logging.getLogger(__name__)

POLICY_VIOLATION = 1008  # closing before accept makes the server answer the handshake with HTTP 403


@router.websocket('/ws/calls/{call_id}')
async def call_socket(websocket: WebSocket, call_id: uuid.UUID, ticket: str = Query('', max_length=128)) -> None:
    live = current_runtime().live
    bridge = await live.admit(ticket=ticket, call_id=call_id)
    if bridge is None:
        await websocket.close(code=POLICY_VIOLATION)
        return
    await websocket.accept()
    await live.run(bridge, WebSocketTransport(websocket))
    if websocket.application_state == WebSocketState.CONNECTED:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close()


class WebSocketTransport:
    """Socket frames ↔ bridge messages; every send failure means the browser has gone."""

    def __init__(self, websocket: WebSocket) -> None:
        self._websocket = websocket
        self._send_lock = asyncio.Lock()

    async def receive(self) -> BrowserMessage:
        while True:
            try:
                frame = await self._websocket.receive()
            except (WebSocketDisconnect, RuntimeError):
                raise TransportClosed from None
            if frame['type'] == 'websocket.disconnect':
                raise TransportClosed
            try:
                if frame.get('bytes') is not None:
                    return protocol.parse_binary(frame['bytes'])
                return protocol.parse_text(frame.get('text') or '')
            except FrameError as error:
                await self.send_control(ErrorMessage(str(error)))

    async def send_audio(self, pcm: bytes) -> None:
        await self._send({'type': 'websocket.send', 'bytes': pcm})

    async def send_control(self, message: ServerMessage) -> None:
        await self._send({'type': 'websocket.send', 'text': protocol.encode(message)})

    async def _send(self, frame: dict[str, Any]) -> None:
        async with self._send_lock:
            try:
                await self._websocket.send(frame)
            except (WebSocketDisconnect, RuntimeError, OSError):
                raise TransportClosed from None
