"""Small calls for the reading tests: lines as (speaker, text) pairs, timed one after another."""

from services.coaching.turns import Turn, turns_of
from services.transcript import TranscriptMessage

SECONDS_PER_WORD = 0.4
GAP = 0.6


def call(*lines: tuple[str, str]) -> list[TranscriptMessage]:
    """`('rep', text)` or `('prospect', text)` lines, each starting GAP seconds after the one before ended."""
    messages = []
    at = 0.0
    for speaker, text in lines:
        end = at + SECONDS_PER_WORD * max(1, len(text.split()))
        role = 'user' if speaker == 'rep' else 'assistant'
        messages.append(TranscriptMessage(role=role, text=text, timestamp=round(at, 3), end=round(end, 3)))
        at = end + GAP
    return messages


def turns(*lines: tuple[str, str]) -> list[Turn]:
    return turns_of(call(*lines))
