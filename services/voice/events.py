"""The typed events of a live call.

Engine → bridge: what the voice provider reports, normalised (times are seconds from the start of the call).
Bridge → engine: the rep's audio and typed turns.
"""

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True, slots=True)
class UserUtterance:
    """What the rep said; `interim` lines are live guesses that a final line replaces."""

    text: str
    start_s: float | None
    end_s: float | None
    interim: bool = False
    prosody: dict[str, float] | None = None
    typed: bool = False  # typed in the page, not spoken: it has words but no speaking time

    def __str__(self) -> str:
        return f'UserUtterance({"interim" if self.interim else "final"}, {self.text[:40]!r})'


@dataclass(frozen=True, kw_only=True, slots=True)
class AssistantUtterance:
    """A line the prospect said (its text; the voice comes as AssistantAudio)."""

    text: str
    start_s: float | None
    end_s: float | None

    def __str__(self) -> str:
        return f'AssistantUtterance({self.text[:40]!r})'


@dataclass(frozen=True, kw_only=True, slots=True)
class AssistantDraft:
    """What the prospect is saying so far, for the live transcript while its voice plays; never stored. The line
    it becomes (an AssistantUtterance, cut where the rep cut in) follows once it was heard."""

    text: str

    def __str__(self) -> str:
        return f'AssistantDraft({self.text[:40]!r})'


@dataclass(frozen=True, kw_only=True, slots=True)
class AssistantAudio:
    """The prospect's voice: PCM16 little-endian mono."""

    pcm: bytes
    sample_rate: int

    def __str__(self) -> str:
        return f'AssistantAudio({len(self.pcm)} bytes at {self.sample_rate} Hz)'


@dataclass(frozen=True, kw_only=True, slots=True)
class Interruption:
    """The rep talked over the prospect: playback must stop at once."""


@dataclass(frozen=True, kw_only=True, slots=True)
class AssistantEnd:
    """The prospect finished its turn."""


@dataclass(frozen=True, kw_only=True, slots=True)
class LastLineSaid:
    """The prospect's last line (after TimeUp) has been said to its end, or cut off: the prospect is done."""


@dataclass(frozen=True, kw_only=True, slots=True)
class EngineError:
    """A provider error, in words a rep can read; `fatal` ends the call."""

    code: str
    message: str
    fatal: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class SessionInfo:
    """The provider's ids for this conversation."""

    provider_chat_id: str
    provider_group_id: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Transcribing:
    """The rep's speech that the engine heard and is still turning into words: `pending` utterances (0: none)."""

    pending: int


EngineEvent = (
    UserUtterance
    | AssistantUtterance
    | AssistantDraft
    | AssistantAudio
    | Interruption
    | AssistantEnd
    | LastLineSaid
    | EngineError
    | SessionInfo
    | Transcribing
)


@dataclass(frozen=True, kw_only=True, slots=True)
class UserAudio:
    """Microphone PCM16 little-endian mono at the engine's input rate."""

    pcm: bytes


@dataclass(frozen=True, kw_only=True, slots=True)
class UserText:
    """A typed turn: the rep's words without a voice."""

    text: str


@dataclass(frozen=True, kw_only=True, slots=True)
class TimeUp:
    """The scenario's time is up: the prospect stops what it was saying, says `line` as its last words (kept as
    its line), and answers nothing more; the rep's words are still heard and kept until the call ends."""

    line: str


UserInput = UserAudio | UserText | TimeUp
