"""Small helpers the rule-based coaching modules share."""

import re
from collections.abc import Iterator

from services.transcript import TranscriptMessage


def rep_lines(messages: list[TranscriptMessage]) -> Iterator[TranscriptMessage]:
    """The rep's lines that say something, in the order given."""
    return (m for m in messages if m.role == 'user' and m.text.strip())


def plural(count: int, noun: str) -> str:
    return f'{count} {noun}' if count == 1 else f'{count} {noun}s'


_QUOTE_THEN_STOP = re.compile(r'([.!?])"\.')


def tidy(text: str) -> str:
    """One full stop after a quote that ends a sentence itself: '... "No thanks.".' reads '... "No thanks."'."""
    return _QUOTE_THEN_STOP.sub(r'\1"', text)
