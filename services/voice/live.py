"""The calls that are live right now: one bridge per call, and the tickets that open their sockets."""

import logging
import uuid
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.models import CallSession
from services.notify import Topic
from services.personas import PERSONAS
from services.voice.bridge import Transport, VoiceSession
from services.voice.engine import EngineConfig
from services.voice.recorder import CallRecorder
from services.voice.registry import EngineFactory
from services.voice.tickets import TicketBook

log = logging.getLogger(__name__)


class CallBusyError(Exception):
    """The call has a live connection already."""


class LiveCalls:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        engines: EngineFactory,
        on_finished: Callable[[uuid.UUID], None],
    ) -> None:
        self._sessionmaker = sessionmaker
        self.engines = engines
        self._on_finished = on_finished
        self.tickets = TicketBook()
        self.opened: Topic[VoiceSession] = Topic()
        self._sessions: dict[uuid.UUID, VoiceSession] = {}

    def get(self, call_id: uuid.UUID) -> VoiceSession | None:
        return self._sessions.get(call_id)

    def __len__(self) -> int:
        return len(self._sessions)

    def open(self, call: CallSession) -> VoiceSession:
        """A bridge for the call, with a fresh engine; refused while the call has one already."""
        if call.id in self._sessions:
            raise CallBusyError('This call is already connected in another window.')
        persona = PERSONAS[call.persona]
        session = VoiceSession(
            engine=self.engines(call.engine),
            config=EngineConfig(call_id=call.id, persona=persona, scenario=call.scenario),
            recorder=CallRecorder(self._sessionmaker, call.id),
            on_finished=self._on_finished,
        )
        self._sessions[call.id] = session
        self.opened.publish(session)
        return session

    async def run(self, session: VoiceSession, transport: Transport) -> str:
        try:
            return await session.run(transport)
        finally:
            self._sessions.pop(session.call_id, None)
