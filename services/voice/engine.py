"""The interface every voice engine implements, and what it is told about a call."""

import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from services.library.builtins import BUILTIN_PROSPECTS
from services.library.prompt import system_prompt
from services.library.prospect import ProspectProfile, VoiceStyle
from services.library.scenario import ScenarioSpec
from services.voice.events import EngineEvent, UserInput


class EngineUnavailable(Exception):
    """The engine cannot hold this call; `rep_message` says why in words a rep can read (never a secret)."""

    def __init__(self, rep_message: str) -> None:
        super().__init__(rep_message)
        self.rep_message = rep_message


@dataclass(frozen=True, kw_only=True, slots=True)
class EngineConfig:
    """What an engine is told about a call: who the prospect is and what the rep practises.

    Attributes:
        prospect_id: the prospect's library id (a built-in's fixed id, or a team's own).
        prospect: the prospect's fields, as the call's snapshot holds them.
        scenario: the call's scenario, None for a call without one.
        scenario_text: the free-text scenario of a call from before the library (or the old API's).
    """

    call_id: uuid.UUID
    prospect_id: str
    prospect: ProspectProfile
    scenario: ScenarioSpec | None = None
    scenario_text: str | None = None

    @classmethod
    def builtin(
        cls,
        prospect_id: str,
        *,
        scenario: ScenarioSpec | None = None,
        scenario_text: str | None = None,
        call_id: uuid.UUID | None = None,
    ) -> 'EngineConfig':
        """A call with one of the built-in prospects (a connection test's, a benchmark's, a test's)."""
        return cls(
            call_id=call_id or uuid.uuid4(),
            prospect_id=prospect_id,
            prospect=BUILTIN_PROSPECTS[prospect_id],
            scenario=scenario,
            scenario_text=scenario_text,
        )

    @property
    def system_prompt(self) -> str:
        """The instructions a model is given (services/library/prompt.py builds them from the fields)."""
        return system_prompt(self.prospect, self.scenario, self.scenario_text)

    def voice(self, engine: str, styles: Mapping[VoiceStyle, str]) -> str:
        """The prospect's voice on `engine`: the name the profile gives for that engine, else its style's voice
        among the engine's (`styles` maps every style)."""
        return self.named_voice(engine) or styles[self.prospect.voice.style]

    def named_voice(self, engine: str) -> str | None:
        """The voice the profile names for `engine`, if it names one."""
        return self.prospect.voice.per_engine.get(engine, '').strip() or None


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
        """Hands the engine the rep's audio, a typed turn, or the scenario's TimeUp (the prospect's last line)."""
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
