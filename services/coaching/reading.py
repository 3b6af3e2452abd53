"""Code's reading of what happened in a call: the outcome, the objections, discovery, pressure and respect.

Both coaches get it: the rule-based coach scores from it, and the AI coach is handed it as facts it may overrule
with a reason. Each part's rules are in its own module (outcome, objections, discovery, respect).
"""

from pydantic import BaseModel

from services.coaching.discovery import DiscoveryReading, read_discovery
from services.coaching.objections import ObjectionReading, read_objections
from services.coaching.outcome import OutcomeReading, read_outcome
from services.coaching.respect import RespectReading, read_respect
from services.coaching.turns import turns_of
from services.transcript import TranscriptMessage


class CallReading(BaseModel):
    outcome: OutcomeReading
    objections: list[ObjectionReading]
    discovery: DiscoveryReading
    respect: RespectReading


def read_call(messages: list[TranscriptMessage], persona_objections: tuple[str, ...], minutes: float) -> CallReading:
    """Reads a call's lines (in time order) by the rules of the reading modules."""
    turns = turns_of(messages)
    discovery = read_discovery(turns, minutes)
    return CallReading(
        outcome=read_outcome(turns),
        objections=read_objections(turns, persona_objections),
        discovery=discovery,
        respect=read_respect(turns, discovery),
    )
