"""What a live call tells the pages (through the live-call service), from connect to its report.

The engine's own events that a page shows (lines, interim lines, interruptions, errors) are passed on as they are;
these are the ones the call adds.
"""

from dataclasses import dataclass

from services.voice.events import (
    AssistantDraft,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    Interruption,
    Transcribing,
    UserUtterance,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class CallStarted:
    """The engine answered: the call is live."""

    engine: str
    gives_prosody: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class CallEnded:
    """The call is over (`engine-unavailable`: it never started, and stays open for a retry)."""

    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class TimeIsUp:
    """The scenario's time limit is reached: the prospect says its last line, then the call ends by itself."""


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveTone:
    """How the rep sounded over the last few seconds, from our own analysis of their voice (0..1)."""

    at_s: float
    confidence: float
    energy: float
    hesitation: float
    monotone: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class LinesUnsaved:
    """How many of the call's lines wait to be stored because writes are failing (0: all saved again)."""

    count: int


@dataclass(frozen=True, kw_only=True, slots=True)
class ReportReady:
    """The analysis stored the call's report."""


@dataclass(frozen=True, kw_only=True, slots=True)
class AnalysisFailed:
    """The analysis failed; `message` says why, in the rep's words."""

    message: str


CallUpdate = (
    CallStarted
    | CallEnded
    | TimeIsUp
    | LiveTone
    | LinesUnsaved
    | UserUtterance
    | AssistantUtterance
    | AssistantDraft
    | AssistantEnd
    | Interruption
    | EngineError
    | Transcribing
    | ReportReady
    | AnalysisFailed
)
# The engine events a page is shown; the rest (voice, provider ids) stays between the engine and the bridge.
SHOWN_EVENTS = (
    UserUtterance,
    AssistantUtterance,
    AssistantDraft,
    AssistantEnd,
    Interruption,
    EngineError,
    Transcribing,
)
