"""Cuts a language model's streamed answer into sentences, so each can be spoken as soon as it is complete.

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) once whitespace follows it, so "3.5"
and "U.S." inside a token never cut; common abbreviations ("Mr.", "e.g.") do not end one either. A clause that runs
past MAX_CHARS without an end is cut at its last comma or space, so a model that never stops a sentence still
starts speaking.
"""

import re

MAX_CHARS = 240
_END = re.compile(r'[.!?…]+["\'”’)\]]*(?=\s)')
_ABBREVIATIONS = frozenset({'mr.', 'mrs.', 'ms.', 'dr.', 'st.', 'vs.', 'etc.', 'e.g.', 'i.e.', 'approx.', 'no.'})


class SentenceSplitter:
    """Feed it the deltas of a stream; it hands back each sentence once complete, and the rest at the end."""

    def __init__(self, max_chars: int = MAX_CHARS) -> None:
        self._max_chars = max_chars
        self._buffer = ''

    def feed(self, delta: str) -> list[str]:
        """The sentences `delta` completed, in order (none, one or several)."""
        self._buffer += delta
        sentences: list[str] = []
        searched = 0
        while (end := _END.search(self._buffer, searched)) is not None:
            candidate = self._buffer[: end.end()]
            if _last_word(candidate).lower() in _ABBREVIATIONS:
                searched = end.end()
                continue
            sentences.append(candidate.strip())
            self._buffer = self._buffer[end.end() :].lstrip()
            searched = 0
        while len(self._buffer) > self._max_chars:
            cut = _clause_end(self._buffer, self._max_chars)
            sentences.append(self._buffer[:cut].strip())
            self._buffer = self._buffer[cut:].lstrip()
        return [sentence for sentence in sentences if sentence]

    def flush(self) -> str | None:
        """What is left when the stream ends (a last sentence without its full stop), or None."""
        rest, self._buffer = self._buffer.strip(), ''
        return rest or None


def _last_word(text: str) -> str:
    return text.rstrip().rsplit(maxsplit=1)[-1] if text.strip() else ''


def _clause_end(text: str, limit: int) -> int:
    """Where to cut a run-on clause: after its last comma, else its last space, within `limit`."""
    head = text[:limit]
    comma = head.rfind(', ')
    if comma > limit // 3:
        return comma + 1
    space = head.rfind(' ')
    return space if space > 0 else limit
