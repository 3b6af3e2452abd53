"""Refuses request bodies over a size limit with 413 before they are read into memory."""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Pure ASGI middleware: checks Content-Length up front and counts streamed (chunked) bodies as they arrive."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, path_prefix: str = '/api/') -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http' or not scope['path'].startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return
        length = dict(scope['headers']).get(b'content-length')
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return

        received = 0
        exceeded = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message['type'] == 'http.request':
                received += len(message.get('body', b''))
                if received > self.max_bytes:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal refused
            if not exceeded:
                await send(message)
            elif message['type'] == 'http.response.start' and not refused:
                # The framework turned the aborted read into its own error response; answer 413 instead.
                refused = True
                await self._refuse(send)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            if not refused:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({'detail': f'The request body is larger than {self.max_bytes // (1024 * 1024)} MiB.'})
        await send(
            {
                'type': 'http.response.start',
                'status': 413,
                'headers': [(b'content-type', b'application/json'), (b'content-length', str(len(body)).encode())],
            }
        )
        await send({'type': 'http.response.body', 'body': body.encode()})
