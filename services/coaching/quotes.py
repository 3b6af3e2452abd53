"""Finding a quote a model wrote in the transcript: compared case-, space- and quote-mark-insensitively, and
shown in the transcript's own words (the report's promise: every quote was said).

Both the AI coach's key moments and its scorecard grades are checked here.
"""

from collections.abc import Sequence

from services.speech_metrics import ordered_messages
from services.transcript import TranscriptMessage

_SAME_CHAR = str.maketrans({'’': "'", '‘': "'", '“': '"', '”': '"', '–': '-', '—': '-'})
_QUOTE_MARKS = ' \t\n"\'“”‘’…'
_END_PUNCTUATION = '.,;:!?-'

Line = tuple[TranscriptMessage, str, list[int]]


def searchable_lines(messages: Sequence[TranscriptMessage]) -> list[Line]:
    """The call's lines in time order, each with its normalised text and the index map back to the line."""
    return [(message, *normalised(message.text)) for message in ordered_messages(list(messages))]


def normalised(text: str) -> tuple[str, list[int]]:
    """`text` lower-cased with runs of whitespace as one space, and each kept character's index in `text`."""
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text.translate(_SAME_CHAR)):
        if char.isspace():
            if chars and chars[-1] != ' ':
                chars.append(' ')
                index.append(i)
            continue
        chars.append(char.casefold() if len(char.casefold()) == 1 else char)
        index.append(i)
    return ''.join(chars), index


def find_quote(quote: str, near: float | None, lines: Sequence[Line]) -> tuple[str, float | None] | None:
    """The transcript's own words for `quote` and their line's time; None when nobody said it.

    The quote is tried as given (without surrounding quote marks), then without its end punctuation, since models
    often add or drop a final full stop.
    """
    bare = quote.strip(_QUOTE_MARKS)
    for attempt in (bare, bare.rstrip(_END_PUNCTUATION + _QUOTE_MARKS)):
        wanted = normalised(attempt)[0].strip()
        if len(wanted) < 2:
            return None
        matches = []
        for message, text, index in lines:
            at = text.find(wanted)
            if at >= 0:
                matches.append((message.text[index[at] : index[at + len(wanted) - 1] + 1], message.timestamp))
        if matches:
            if near is None:
                return matches[0]
            # The same words may be said twice; the line nearest the model's timestamp is the one it meant.
            return min(matches, key=lambda match: abs((match[1] if match[1] is not None else near) - near))
    return None
