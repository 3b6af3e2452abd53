"""Single-use tickets that let a browser open the socket of one call."""

import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

TICKET_TTL_S = 60.0


@dataclass(frozen=True, slots=True)
class _Ticket:
    user_id: uuid.UUID
    call_id: uuid.UUID
    expires_at: float


class TicketBook:
    """Issues tickets bound to a user and a call; each works once, within `ttl_s` seconds."""

    def __init__(self, *, ttl_s: float = TICKET_TTL_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._tickets: dict[str, _Ticket] = {}

    def issue(self, *, user_id: uuid.UUID, call_id: uuid.UUID) -> str:
        self._prune()
        ticket = secrets.token_urlsafe(32)
        self._tickets[ticket] = _Ticket(user_id, call_id, self._clock() + self.ttl_s)
        return ticket

    def redeem(self, ticket: str, *, call_id: uuid.UUID) -> uuid.UUID | None:
        """The user the ticket was issued to, or None when it is unknown, used, expired or for another call."""
        entry = self._tickets.pop(ticket, None)
        if entry is None or entry.call_id != call_id or entry.expires_at < self._clock():
            return None
        return entry.user_id

    def __len__(self) -> int:
        """How many tickets were issued and are not used yet (expired ones included until the next issue)."""
        return len(self._tickets)

    def _prune(self) -> None:
        now = self._clock()
        for ticket in [t for t, entry in self._tickets.items() if entry.expires_at < now]:
            del self._tickets[ticket]
