"""Small helpers the rule-based coaching modules share."""

from collections.abc import Iterator

from services.transcript import TranscriptMessage


def rep_lines(messages: list[TranscriptMessage]) -> Iterator[TranscriptMessage]:
    """The rep's lines that say something, in the order given."""
    return (m for m in messages if m.role == 'user' and m.text.strip())


def plural(count: int, noun: str) -> str:
    return f'{count} {noun}' if count == 1 else f'{count} {noun}s'
