"""Deterministic speech metrics of the rep (`user`) in one call.

Definitions (the coach and the report rely on them exactly):
- words: matches of `[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*`.
- rep speaking seconds: the sum of `end - timestamp` over rep messages when every rep message has both
  ("timings"); otherwise `duration_seconds * rep words / all words` ("estimated").
- words_per_minute: rep words / rep speaking minutes; 0 when the rep said nothing, None when the rep spoke
  but no speaking time is known.
- filler_words: whole words or phrases in rep messages, case-insensitive (see FILLERS); "like" does not count
  right after would, I, we, you, they, to, or a word ending in 'd ("I'd like to", "we like it").
  `per_minute` is per rep speaking minute.
- talk_listen_ratio: rep words / all words (0..1); talk_listen_ratio_time: rep speaking seconds / all speaking
  seconds, only when every message has timings.
- longest_monologue: the longest run of consecutive rep messages. When every rep message is timed, runs compare
  by seconds (first message's start to last one's end); otherwise they compare by words, and an untimed run's
  seconds are estimated at the rep's overall pace (None when no speaking time is known at all).
- questions_asked: rep sentences (split after each run of . ! ?) that contain a word and end with "?"
  ("Really?!" ends with "!" and is not counted).
Messages are taken in time order when every message has a timestamp, else in the order given.
"""

import re
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from services.transcript import Transcript, TranscriptMessage

WORD_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
SENTENCE_RE = re.compile(r'[^.!?]+[.!?]*')

SINGLE_FILLERS = frozenset(
    {'um', 'umm', 'uh', 'uhh', 'er', 'erm', 'ah', 'hmm', 'like', 'basically', 'actually', 'literally'}
)
PHRASE_FILLERS: dict[tuple[str, str], str] = {
    ('you', 'know'): 'you know',
    ('i', 'mean'): 'i mean',
    ('sort', 'of'): 'sort of',
    ('kind', 'of'): 'kind of',
}
FILLERS = tuple(sorted(SINGLE_FILLERS | set(PHRASE_FILLERS.values())))
_FILLER_STARTS = SINGLE_FILLERS | {first for first, _ in PHRASE_FILLERS}
LIKE_IS_A_VERB_AFTER = frozenset({'would', 'i', 'we', 'you', 'they', 'to'})

BandStatus = Literal['below', 'within', 'above', 'unknown']


class Band(BaseModel):
    """An ideal range; either end may be open."""

    low: float | None
    high: float | None
    unit: str
    status: BandStatus


# Ideal bands, from the field's published research (see README "Speech metrics").
WPM_BAND = (130.0, 160.0)
TALK_RATIO_BAND = (0.40, 0.60)
FILLERS_PER_MINUTE_MAX = 2.0
QUESTIONS_BAND = (11.0, 14.0)


class FillerWords(BaseModel):
    total: int
    per_minute: float | None
    breakdown: dict[str, int]


class Monologue(BaseModel):
    words: int
    seconds: float | None
    start: float | None = None


class SpeechMetrics(BaseModel):
    rep_words: int
    prospect_words: int
    total_words: int
    rep_messages: int
    rep_speaking_seconds: float
    speaking_time_source: Literal['timings', 'estimated']
    words_per_minute: float | None
    filler_words: FillerWords
    talk_listen_ratio: float
    talk_listen_ratio_time: float | None
    longest_monologue: Monologue
    questions_asked: int
    bands: dict[str, Band]


def compute_speech_metrics(transcript: Transcript, duration_seconds: float | None) -> SpeechMetrics:
    messages = ordered_messages(transcript.messages)
    words = [count_words(message.text) for message in messages]
    rep = [i for i, message in enumerate(messages) if message.role == 'user']
    rep_words = sum(words[i] for i in rep)
    total_words = sum(words)

    rep_timed = all(messages[i].timed for i in rep)
    if rep_timed:
        rep_seconds = sum(_span(messages[i]) for i in rep)
    else:
        rep_seconds = (duration_seconds or 0.0) * rep_words / total_words if total_words else 0.0
    rep_minutes = rep_seconds / 60

    fillers = Counter[str]()
    for i in rep:
        fillers.update(find_fillers(messages[i].text))
    filler_total = sum(fillers.values())

    wpm = _per_minute(rep_words, rep_minutes)
    filler_rate = _per_minute(filler_total, rep_minutes)
    talk_ratio = rep_words / total_words if total_words else 0.0
    talk_ratio_time = _talk_ratio_by_time(messages) if messages and all(m.timed for m in messages) else None
    questions = sum(count_questions(messages[i].text) for i in rep)
    # Without timings and without a duration there is no basis for estimating a monologue's length.
    seconds_per_word = rep_seconds / rep_words if rep_words and rep_seconds > 0 else None

    return SpeechMetrics(
        rep_words=rep_words,
        prospect_words=total_words - rep_words,
        total_words=total_words,
        rep_messages=len(rep),
        rep_speaking_seconds=round(rep_seconds, 3),
        speaking_time_source='timings' if rep_timed else 'estimated',
        words_per_minute=_round(wpm),
        filler_words=FillerWords(
            total=filler_total,
            per_minute=_round(filler_rate),
            breakdown=dict(sorted(fillers.items(), key=lambda item: (-item[1], item[0]))),
        ),
        talk_listen_ratio=round(talk_ratio, 4),
        talk_listen_ratio_time=_round(talk_ratio_time, 4),
        longest_monologue=longest_monologue(messages, words, seconds_per_word),
        questions_asked=questions,
        bands={
            'words_per_minute': _band(wpm, *WPM_BAND, unit='words per minute'),
            'talk_listen_ratio': _band(talk_ratio if total_words else None, *TALK_RATIO_BAND, unit='share of words'),
            'filler_words_per_minute': _band(filler_rate, None, FILLERS_PER_MINUTE_MAX, unit='fillers per minute'),
            'questions_asked': _band(questions, *QUESTIONS_BAND, unit='questions per call'),
        },
    )


def ordered_messages(messages: Sequence[TranscriptMessage]) -> list[TranscriptMessage]:
    """Time order when every message has a timestamp (a stable sort keeps ties as given), else as given."""
    if messages and all(m.timestamp is not None for m in messages):
        return sorted(messages, key=lambda m: m.timestamp or 0.0)
    return list(messages)


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text)


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def sentences_in(text: str) -> list[str]:
    """The sentences of `text` (split after runs of . ! ?) that contain a word, verbatim but stripped."""
    found = (match.group().strip() for match in SENTENCE_RE.finditer(text))
    return [sentence for sentence in found if WORD_RE.search(sentence)]


def questions_in(text: str) -> list[str]:
    return [sentence for sentence in sentences_in(text) if sentence.endswith('?')]


def count_questions(text: str) -> int:
    return len(questions_in(text))


def find_fillers(text: str) -> list[str]:
    """Every filler in `text`, in order; a phrase only counts when its words are separated by spaces alone."""
    tokens = list(WORD_RE.finditer(text))
    lowered = [token.group().lower() for token in tokens]
    if _FILLER_STARTS.isdisjoint(lowered):
        return []  # most lines: no word that can start a filler
    found: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            phrase = PHRASE_FILLERS.get((lowered[i], lowered[i + 1]))
            if phrase and text[tokens[i].end() : tokens[i + 1].start()].isspace():
                found.append(phrase)
                i += 2
                continue
        word = lowered[i]
        if word in SINGLE_FILLERS and not (word == 'like' and i > 0 and _like_is_a_verb(lowered[i - 1])):
            found.append(word)
        i += 1
    return found


def longest_monologue(
    messages: Sequence[TranscriptMessage], words: Sequence[int], seconds_per_word: float | None
) -> Monologue:
    """The longest run of rep messages: by seconds when every rep message is timed, else by words.

    A run's seconds are measured when all its messages are timed, else estimated at `seconds_per_word`;
    None when there is no basis for an estimate.
    """
    runs = _rep_runs(messages)
    all_timed = all(messages[i].timed for run in runs for i in run)
    best: Monologue | None = None
    best_key: tuple[float, int] = (-1.0, -1)
    for run in runs:
        run_words = sum(words[i] for i in run)
        first, last = messages[run[0]], messages[run[-1]]
        seconds: float | None
        if all(messages[i].timed for i in run):
            seconds = (last.end or 0.0) - (first.timestamp or 0.0)
        else:
            seconds = run_words * seconds_per_word if seconds_per_word is not None else None
        key = (seconds or 0.0, run_words) if all_timed else (float(run_words), run_words)
        if key > best_key:
            best_key = key
            best = Monologue(words=run_words, seconds=_round(seconds, 3), start=first.timestamp)
    return best or Monologue(words=0, seconds=0.0, start=None)


def _rep_runs(messages: Sequence[TranscriptMessage]) -> list[list[int]]:
    runs: list[list[int]] = []
    current: list[int] = []
    for i, message in enumerate(messages):
        if message.role == 'user':
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _like_is_a_verb(previous: str) -> bool:
    return previous in LIKE_IS_A_VERB_AFTER or previous.endswith("'d")


def _span(message: TranscriptMessage) -> float:
    return (message.end or 0.0) - (message.timestamp or 0.0)


def _talk_ratio_by_time(messages: Sequence[TranscriptMessage]) -> float | None:
    rep = sum(_span(m) for m in messages if m.role == 'user')
    total = sum(_span(m) for m in messages)
    return rep / total if total > 0 else None


def _per_minute(count: int, minutes: float) -> float | None:
    if count == 0:
        return 0.0
    return count / minutes if minutes > 0 else None


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _band(value: float | None, low: float | None, high: float | None, *, unit: str) -> Band:
    return Band(low=low, high=high, unit=unit, status=band_status(value, low, high))


def band_status(value: float | None, low: float | None, high: float | None) -> BandStatus:
    if value is None:
        return 'unknown'
    if low is not None and value < low:
        return 'below'
    if high is not None and value > high:
        return 'above'
    return 'within'
