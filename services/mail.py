"""Outgoing e-mail over SMTP (STARTTLS, TLS or plain), sent in a worker thread so the event loop never waits on a
mail server. Failures are logged without the server's password and reported to the caller as MailFailed."""

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal

log = logging.getLogger(__name__)
SMTP_TIMEOUT_S = 15.0


class MailFailed(Exception):
    """The message could not be handed to the SMTP server."""


@dataclass(frozen=True, slots=True)
class Mailer:
    host: str
    port: int
    security: Literal['starttls', 'tls', 'none']
    sender: str
    username: str | None = None
    password: str | None = None

    async def send(self, *, to: str, subject: str, text: str) -> None:
        message = EmailMessage()
        message['From'], message['To'], message['Subject'] = self.sender, to, subject
        message.set_content(text)
        try:
            await asyncio.to_thread(self._send, message)
        except (OSError, smtplib.SMTPException) as error:
            log.warning('e-mail to %s could not be sent (%s)', to, type(error).__name__)
            raise MailFailed(f'The e-mail could not be sent ({type(error).__name__}).') from None

    def _send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.security == 'tls':
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=SMTP_TIMEOUT_S, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_S)
        with smtp:
            if self.security == 'starttls':
                smtp.starttls(context=context)
            if self.username and self.password:
                smtp.login(self.username, self.password)
            smtp.send_message(message)
