"""The prospect's voice as the browser plays it, so that a barge-in cuts each line where the rep stopped hearing it.

The browser plays every chunk of voice it receives right after the ones before it (components/mic_streamer.js):
the lines of several answers play back to back, a chunk that arrives after the queue ran dry plays at once, and
`clear` drops whatever is queued. `PlaybackQueue` keeps the same queue on the engine's clock (call seconds), from
what was sent and when: when each line began, how long the queue ran dry inside it, and so, at any moment, which
line is being heard, how much of it, and which lines wait behind it.
"""

import math
import re
from dataclasses import dataclass

_SPACE = re.compile(r'\s')


@dataclass(slots=True)
class Voice:
    """One line's voice: when it began to play, how much of it was produced, and how much was heard if cut off."""

    start_s: float
    produced_s: float = 0.0
    gaps_s: float = 0.0  # the queue ran dry between its chunks (the voice came slower than it plays)
    complete: bool = False  # no more voice comes for it
    heard_s: float | None = None  # set when it was cut off; 0: none of it was heard

    def heard_by(self, now_s: float) -> float:
        """Seconds of it played by `now_s` (what was heard, once it was cut off)."""
        if self.heard_s is not None:
            return self.heard_s
        return min(self.produced_s, max(0.0, now_s - self.start_s - self.gaps_s))

    @property
    def end_s(self) -> float:
        """When it stops playing (stopped, if cut off), as far as it has been produced."""
        return self.start_s + self.gaps_s + (self.produced_s if self.heard_s is None else self.heard_s)

    def over_by(self, now_s: float) -> bool:
        """Cut off, or complete and played to its end."""
        return self.heard_s is not None or (self.complete and now_s >= self.end_s)


@dataclass(frozen=True, slots=True)
class Cut:
    """A line cut off by the rep: `heard_ms` of its voice were heard (0: it was still waiting in the queue)."""

    key: str
    heard_ms: int
    voiced: bool  # some of its voice had reached the browser


class PlaybackQueue:
    """The lines not yet over and taken, in the order they play, keyed by the provider's item id."""

    def __init__(self) -> None:
        self.lines: dict[str, Voice] = {}
        self._playhead_s = 0.0  # when the browser's queue runs dry

    def add(self, key: str, now_s: float) -> Voice:
        """A new line, queued behind the others (its start moves to when its first voice plays)."""
        voice = self.lines[key] = Voice(start_s=max(now_s, self._playhead_s))
        return voice

    def play(self, key: str, seconds: float, now_s: float) -> bool:
        """A chunk of `key`'s voice goes to the browser; False when the line was cut off or taken (drop the chunk)."""
        voice = self.lines.get(key)
        if voice is None or voice.heard_s is not None:
            return False
        begins = max(now_s, self._playhead_s)
        if voice.produced_s == 0:
            voice.start_s = begins
        else:
            voice.gaps_s += begins - self._playhead_s
        voice.produced_s += seconds
        self._playhead_s = begins + seconds
        return True

    def complete(self, key: str) -> None:
        if (voice := self.lines.get(key)) is not None:
            voice.complete = True

    def cut_all(self, now_s: float) -> list[Cut]:
        """The rep talks (or the call ends): every line not played to its end stops where it was at `now_s` (the
        lines still waiting at 0), and the browser's queue is empty. The cuts, in playing order."""
        cuts: list[Cut] = []
        for key, voice in self.lines.items():
            if voice.over_by(now_s):
                continue
            # The provider counts whole ms and refuses more than it produced.
            heard_ms = min(round(voice.heard_by(now_s) * 1000), math.floor(voice.produced_s * 1000 + 1e-6))
            voice.heard_s = heard_ms / 1000
            cuts.append(Cut(key=key, heard_ms=heard_ms, voiced=voice.produced_s > 0))
        self._playhead_s = min(self._playhead_s, now_s)
        return cuts

    def head(self) -> tuple[str, Voice] | None:
        """The line playing first, or None."""
        return next(iter(self.lines.items()), None)

    def take(self, key: str) -> None:
        """The line is over and told: it leaves the queue."""
        del self.lines[key]


def words_heard(text: str, heard_s: float, produced_s: float) -> str:
    """The words of a cut-off line that the rep heard, by the share of its voice that played (speech takes about
    the same time per letter); the word being said when it was cut counts as heard."""
    if heard_s >= produced_s:
        return text
    if heard_s <= 0:
        return ''
    at = math.ceil(len(text) * heard_s / produced_s)
    space = _SPACE.search(text, at)
    return (text if space is None else text[: space.start()]).rstrip()
