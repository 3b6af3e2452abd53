"""A rep's side of a call over the real socket route (sign up, start a call, connect, wait for the report), and the
app serving it with a runtime of chosen settings."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect

from app.runtime import Runtime, set_runtime
from app.settings import Settings
from tests.factories import create_call, signup_and_login
from tests.servers import serving

FRAME_BYTES = 3200  # 100 ms at 16 kHz


async def send_audio(socket: ClientConnection, pcm: bytes) -> None:
    """The rep's audio in 100 ms frames at twice real time, as a browser catching up would (the server takes a
    burst, then 1.5 times real time)."""
    for begin in range(0, len(pcm), FRAME_BYTES):
        await socket.send(pcm[begin : begin + FRAME_BYTES])
        await asyncio.sleep(0.05)


# What the fake Realtime server hears the rep say, turn by turn (the `realtime_app` fixture).
OPENING = 'Hi, this is Riley from ShieldOps. Do you have a minute?'
FOLLOW_UP = 'Sorry, go on.'


@asynccontextmanager
async def serving_app(settings: Settings, api_app: FastAPI) -> AsyncIterator[str]:
    """The API and the call socket on a free port ("127.0.0.1:PORT"), with a runtime started from `settings`."""
    runtime = await Runtime.start(settings)
    set_runtime(runtime)
    try:
        async with serving(api_app) as port:
            yield f'127.0.0.1:{port}'
    finally:
        await runtime.stop()
        set_runtime(None)


@dataclass(frozen=True, slots=True)
class OpenCall:
    headers: dict[str, str]
    call_id: str
    socket: ClientConnection


@asynccontextmanager
async def spoken_call(
    http: httpx.AsyncClient, server: str, *, engine: str, output_rate: int = 24000
) -> AsyncIterator[OpenCall]:
    """A new rep's call with the friendly prospect, its socket open and `ready` checked."""
    headers = await signup_and_login(http)
    call_id = await create_call(http, headers, persona='friendly_prospect')
    url = (await http.post(f'/api/v1/calls/{call_id}/connect', headers=headers)).json()['url']
    async with connect(f'ws://{server}{url}') as socket:
        ready = json.loads(await socket.recv())
        assert ready == {
            'type': 'ready',
            'engine': engine,
            'input_sample_rate': 16000,
            'output_sample_rate': output_rate,
        }
        yield OpenCall(headers=headers, call_id=call_id, socket=socket)


async def finished_report(http: httpx.AsyncClient, call: OpenCall, within: float = 10.0) -> dict[str, Any]:
    """The call's report, once its analysis is done."""
    address = f'/api/v1/calls/{call.call_id}/report'
    async with asyncio.timeout(within):
        while (report := await http.get(address, headers=call.headers)).status_code != 200:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # the analysis runs in the server; polling is what a client does
    data: dict[str, Any] = report.json()
    return data


async def lines_so_far(
    http: httpx.AsyncClient, headers: dict[str, str], call_id: str, count: int, within: float = 10.0
) -> list[dict[str, Any]]:
    """The call's stored lines (a running call shows those so far), once there are at least `count`."""
    async with asyncio.timeout(within):
        while True:
            detail = (await http.get(f'/api/v1/calls/{call_id}', headers=headers)).json()
            if len(messages := detail['transcript']['messages']) >= count:
                return list(messages)
            await asyncio.sleep(0.05)  # polling is what an API client does


async def next_control(socket: ClientConnection, kind: str, within: float = 10.0) -> dict[str, Any]:
    """The next text frame of `kind`, skipping audio and other controls."""
    async with asyncio.timeout(within):
        while True:
            frame = await socket.recv()
            if isinstance(frame, str) and (message := json.loads(frame))['type'] == kind:
                return message
