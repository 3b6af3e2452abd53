"""The interface every voice engine implements, and what it is told about a call."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from services.personas import Persona
from services.voice.events import EngineEvent, UserInput


class EngineUnavailable(Exception):
    """The engine cannot hold this call; `rep_message` says why in words a rep can read (never a secret)."""

    def __init__(self, rep_message: str) -> None:
        super().__init__(rep_message)
        self.rep_message = rep_message


@dataclass(frozen=True, kw_only=True, slots=True)
class EngineConfig:
    call_id: uuid.UUID
    persona: Persona
    scenario: str | None

    @property
    def system_prompt(self) -> str:
        return self.persona.prompt_for(self.scenario)


class VoiceEngine(Protocol):
    """One conversation with a voice provider; a fresh instance per call.

    Attributes:
        name: the engine's name as settings and the UI know it (`demo`, `hume_evi`, ...).
        input_sample_rate: the rate the rep's PCM must have.
        output_sample_rate: the rate of the PCM in AssistantAudio events.
        gives_prosody: whether UserUtterance events carry prosody scores.
    """

    name: str
    input_sample_rate: int
    output_sample_rate: int
    gives_prosody: bool

    async def connect(self, config: EngineConfig) -> None:
        """Opens the conversation; raises when the provider cannot be reached or refuses."""
        ...

    async def send(self, event: UserInput) -> None:
        """Hands the engine the rep's audio or a typed turn."""
        ...

    async def finish_input(self) -> None:
        """The rep hung up: turns what the engine still holds of the rep (queued turns, the utterance being
        transcribed) into final events, within a bounded time that the engine keeps; it answers nothing more.
        `close` follows."""
        ...

    def events(self) -> AsyncIterator[EngineEvent]:
        """What the provider reports, until the conversation ends."""
        ...

    async def close(self) -> None:
        """Ends the conversation; safe to call more than once."""
        ...
