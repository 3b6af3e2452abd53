"""A local SMTP server (aiosmtpd) that keeps what it is sent, for the e-mail tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.servers import free_port


class Inbox:
    """The messages the server took, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd calls it by this name
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return '250 Message accepted for delivery'

    def bodies(self) -> list[str]:
        return [str(message.get_content()) for message in self.messages]


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A plain SMTP server on a free local port: (its inbox, the port)."""
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname='127.0.0.1', port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
