"""Headers every HTTP response carries: no page of ours may be framed by another site (clickjacking)."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

FRAMING_HEADERS = ((b'x-frame-options', b'DENY'), (b'content-security-policy', b"frame-ancestors 'none'"))


class NoFraming:
    """Pure ASGI middleware (cheap, and it leaves websockets alone): adds the framing headers to each response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message['type'] == 'http.response.start':
                present = {name.lower() for name, _ in message.get('headers', [])}
                extra = [header for header in FRAMING_HEADERS if header[0] not in present]
                message['headers'] = [*message.get('headers', []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
