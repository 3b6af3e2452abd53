"""The call socket `/ws/calls/{call_id}?ticket=…`: adapts the websocket to the bridge, and nothing more.

Tickets are checked before the socket is accepted, so a bad, reused or expired ticket, another user's call or a
call that is not active gets HTTP 403. Frames the contract does not allow get an error frame; the call goes on.
"""

import asyncio
import contextlib
import logging
import uuid
from typing import Any

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect
from starlette.websockets import WebSocketState

from app.runtime import current_runtime
from services.calls import ACTIVE, get_call
from services.voice import protocol
from services.voice.bridge import TransportClosed
from services.voice.live import CallBusyError
from services.voice.protocol import BrowserMessage, FrameError

router = APIRouter()
log = logging.getLogger(__name__)

POLICY_VIOLATION = 1008  # closing before accept makes the server answer the handshake with HTTP 403


@router.websocket('/ws/calls/{call_id}')
async def call_socket(websocket: WebSocket, call_id: uuid.UUID, ticket: str = Query('', max_length=128)) -> None:
    runtime = current_runtime()
    user_id = runtime.live.tickets.redeem(ticket, call_id=call_id)
    if user_id is None:
        await websocket.close(code=POLICY_VIOLATION)
        return
    async with runtime.database.session() as session:
        call = await get_call(session, owner_id=user_id, call_id=call_id)
    if call is None or call.status != ACTIVE:
        await websocket.close(code=POLICY_VIOLATION)
        return
    try:
        bridge = runtime.live.open(call)
    except CallBusyError:
        await websocket.close(code=POLICY_VIOLATION)
        return
    await websocket.accept()
    await runtime.live.run(bridge, WebSocketTransport(websocket))
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
                await self.send_control(protocol.error(str(error)))

    async def send_audio(self, pcm: bytes) -> None:
        await self._send({'type': 'websocket.send', 'bytes': pcm})

    async def send_control(self, message: dict[str, Any]) -> None:
        await self._send({'type': 'websocket.send', 'text': protocol.dumps(message)})

    async def _send(self, frame: dict[str, Any]) -> None:
        async with self._send_lock:
            try:
                await self._websocket.send(frame)
            except (WebSocketDisconnect, RuntimeError, OSError):
                raise TransportClosed from None
