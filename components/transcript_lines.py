"""Every line of a call's transcript, kept by an open report for paging, in a few large buffers.

Kept as 5,000 small tuples and strings, the lines of the largest call left the server 1.5 MiB larger for every report
opened and closed, even after a full collection and glibc's trim: the freed objects' memory pools stayed pinned by
others. Three buffers (the text as UTF-8, where each line ends, when and by whom it was said) go back whole: 0.2 MiB
a visit (20 visits, then one collection and trim).
"""

import math
from array import array
from itertools import accumulate
from typing import Any, NamedTuple


class TranscriptLine(NamedTuple):
    at: float | None  # seconds from the start of the call
    rep: bool  # said by the rep; otherwise by the prospect
    text: str


class TranscriptLines:
    """The lines of a stored transcript (`{"messages": [...]}`), read back a range at a time."""

    def __init__(self, transcript: dict[str, Any]) -> None:
        messages = transcript.get('messages', [])
        encoded = [message['text'].encode() for message in messages]
        self._text = b''.join(encoded)
        self._ends = array('L', accumulate(len(text) for text in encoded))
        self._at = array('d', (math.nan if m.get('timestamp') is None else m['timestamp'] for m in messages))
        self._rep = bytes(message['role'] == 'user' for message in messages)

    def __len__(self) -> int:
        return len(self._ends)

    def read(self, start: int, stop: int) -> list[TranscriptLine]:
        """Lines `start` up to (not including) `stop`, as `list[start:stop]` would give them."""
        shown = []
        for i in range(*slice(start, stop).indices(len(self))):
            begin = self._ends[i - 1] if i else 0
            at = self._at[i]
            shown.append(
                TranscriptLine(
                    None if math.isnan(at) else at, bool(self._rep[i]), self._text[begin : self._ends[i]].decode()
                )
            )
        return shown
