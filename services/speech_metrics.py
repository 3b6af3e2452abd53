"""Deterministic speech metrics of the rep (`user`) in one call.

Definitions (the coach and the report rely on them exactly):
- words: matches of `[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*`.
- spoken and typed lines: each message has a `source`; a typed line has words but was never said, so what needs
  speaking time (pace, fillers a minute, pauses, interruptions, a monologue's seconds) reads spoken lines only,
  and what counts words (talk share, questions, the filler total) reads every line.
- rep speaking seconds: the sum of `end - timestamp` over spoken rep messages when every one has both
  ("timings"); otherwise `duration_seconds * spoken rep words / all words` ("estimated"); "typed" when the rep
  typed every line.
- words_per_minute: spoken rep words / rep speaking minutes; 0 when the rep said nothing, None when the rep only
  typed or spoke but no speaking time is known.
- filler_words: whole words or phrases in rep messages, case-insensitive (see FILLERS). "like" counts only where
  it is a filler: set off by a comma (", like," or "like, we") or right before another filler ("like um", "like
  you know"). As a preposition or a verb ("a tool like this", "looks like", "would like", "like for like") it is a
  word, and unpunctuated speech gives no other way to tell them apart.
  `per_minute` is the spoken lines' fillers per rep speaking minute (None when the rep only typed).
- talk_listen_ratio: rep words / all words (0..1); talk_listen_ratio_time: rep speaking seconds / all speaking
  seconds, only when every message has timings.
- longest_monologue: the longest run of consecutive rep messages. When every rep message is timed and spoken,
  runs compare by seconds (first message's start to last one's end); otherwise they compare by words, and the
  seconds of a run that is untimed or has a typed line are estimated at the rep's spoken pace (None when no
  speaking time is known at all).
- questions_asked: rep questions as services/words.py reads them: sentences (split after each run of . ! ?)
  that contain a word and end with "?" ("Really?!" ends with "!" and is not counted); and, in a sentence without
  an ending (offline recognition writes none), each clause that opens like a question ("what does...", "do you",
  "I was wondering whether") or ends with a tag ("..., right").
- open_questions / closed_questions: every question of questions_asked is one or the other (open + closed ==
  questions_asked). Open when, after leading non-word characters and any run of lead-ins (services/words.py
  LEAD_IN: so, and, but, okay, ok, well, right, then, now, also, or, um, umm, uh, uhh, er, erm, ah, hmm, an
  acknowledgement such as thanks, great, i see or i hear you, or a greeting with a name such as "hi morgan", each
  followed by any non-word characters such as a comma), it starts with what, how, why, tell me, walk me,
  describe, explain or help me understand (whole ASCII words, any case, any spacing), unless it asks for a quantity
  ("how many", "how much", "how long", "how often", "how big", "how old", "how soon", "how far", "what time", "what
  day"), which one number answers; a request before the open word keeps it open ("can I ask what makes it busy",
  "I'm curious how you decide"); everything else is closed: which, who, when, where, do, does, is, are, can,
  could, would, ... Only the opening words are read, so "Could you walk me through it?" is closed.
- open_question_share: open_questions / questions_asked, None when the rep asked none.
- reply pairs: a spoken rep message directly after a prospect message (in the order below) where both messages
  are timed (a typed turn sent while the prospect's voice plays interrupts no one); its gap is
  `rep.timestamp - prospect.end` (negative when the rep started before the prospect ended).
- patience_seconds: the mean gap over reply pairs, an overlap (negative gap) counting as 0; None without pairs.
- interruptions: reply pairs whose gap, to the millisecond, is under 0.3 s, overlaps included: the rep jumped in
  before the prospect finished or without a breath after it (the field's live-nudge rule, "starts < 500 ms after
  the prospect stops", tightened to 300 ms); None without pairs.
- time_to_first_question_seconds: the timestamp of the first rep message (in the order below) containing a
  question of questions_asked; None when the rep asked none or that message has no timestamp (no end needed).
- prospect_longest_monologue: the longest run of consecutive prospect messages, measured like longest_monologue
  (by seconds when every prospect message is timed, else by words, an untimed run's seconds estimated at the
  prospect's pace over its timed messages); None when no prospect message is timed.
Only where timings exist: patience_seconds, interruptions, time_to_first_question_seconds and
prospect_longest_monologue are None, not 0, in an untimed transcript; the question counts need no timings.
Messages are taken in time order when every message has a timestamp, else in the order given.

Bands of the metrics after questions_asked (README has the others), our reading of the field's research and not
anyone's published thresholds:
- patience_seconds 0.6-2.0 s: Gong's "great average" pause before answering is about 1 s and top reps pause
  ~1.5 s after objections; under ~0.4 s is rushing, and 0.6 s leaves room for the engines' timing jitter;
  over 2 s of silence reads as dead air on a phone call.
- interruptions at most 1: 0 is too strict for speech-to-speech engines, whose turn ends can be late or clipped.
- time_to_first_question_seconds at most 60: ask within the first minute.
- open_question_share at least 0.5 (unknown when the rep asked nothing).
- prospect_longest_monologue_seconds at least 30: a customer maximum of 50 s or less goes with below-average close
  rates and ~4 minute customer stories with wins; practice calls last a few minutes, hence the lower floor.
"""

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel

from services.transcript import Role, Transcript, TranscriptMessage
from services.words import HESITATIONS, LEAD_IN, WORD_RE, count_words, questions_in

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
# What, right after "like", makes it a filler too ("like um", "like you know").
_HEDGES = frozenset({*HESITATIONS, 'basically', 'literally'})
_HEDGE_PHRASES = frozenset({('you', 'know'), ('i', 'mean')})
OPEN_QUESTION_OPENERS = ('what', 'how', 'why', 'tell me', 'walk me', 'describe', 'explain', 'help me understand')
# ASCII like WORD_RE: under Unicode case folding "o\u212a" (Kelvin sign) would read as the lead-in "ok".
_OPENERS = '|'.join(opener.replace(' ', r'\s+') for opener in OPEN_QUESTION_OPENERS)
# "Can I ask what...", "I'm curious how..." open the question that follows them.
_ASKING = (
    r"(?:(?:can|could|may) i ask(?: you)?|let me ask(?: you)?|i(?:'m| am) curious|i was wondering|"
    r"i'd love to (?:know|hear|understand))\W+(?:like\W+)?"
)
OPEN_QUESTION_RE = re.compile(rf'{LEAD_IN}(?:{_ASKING})?(?:{_OPENERS})\b', re.IGNORECASE | re.ASCII)
QUANTITY_QUESTION_RE = re.compile(
    rf'{LEAD_IN}(?:{_ASKING})?(?:how\s+(?:many|much|long|often|big|old|soon|far)|what\s+(?:time|day))\b',
    re.IGNORECASE | re.ASCII,
)
INTERRUPTION_GAP_SECONDS = 0.3
# What the report says where a typed call has no speaking time (speaking_time_source 'typed').
TYPED_ONLY_NOTE = 'You typed every line, so pace, fillers a minute and pauses are not measured: speak to get them.'

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
QUESTIONS_BAND = (11.0, 14.0)  # for a long call; each call's band is scaled to its length (`question_band`)
MINUTES_PER_QUESTION = 1.5
QUESTIONS_PER_MINUTE_HIGH = 2.5
# The newer metrics' bands are justified in the module docstring.
PATIENCE_BAND = (0.6, 2.0)
INTERRUPTIONS_MAX = 1.0
FIRST_QUESTION_MAX_SECONDS = 60.0
OPEN_QUESTION_SHARE_MIN = 0.5
PROSPECT_MONOLOGUE_MIN_SECONDS = 30.0


def band_text(band: tuple[float, float], *, dash: str = '-', percent: bool = False) -> str:
    """A band as the rep reads it: '130-160' for WPM_BAND; with `percent`, '40-60%' for TALK_RATIO_BAND."""
    low, high = (100 * end for end in band) if percent else band
    return f'{low:g}{dash}{high:g}{"%" if percent else ""}'


def limit_text(limit: float) -> str:
    """One end of a band as the rep reads it: '2' for FILLERS_PER_MINUTE_MAX."""
    return f'{limit:g}'


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
    # 'typed': the rep typed every line, so pace, fillers a minute and pauses are not known.
    speaking_time_source: Literal['timings', 'estimated', 'typed']
    words_per_minute: float | None
    filler_words: FillerWords
    talk_listen_ratio: float
    talk_listen_ratio_time: float | None
    longest_monologue: Monologue
    questions_asked: int
    bands: dict[str, Band]
    # Defaults keep reports stored before these fields existed readable (their bands lack the new keys, and
    # their question counts read 0 / 0).
    patience_seconds: float | None = None
    interruptions: int | None = None
    time_to_first_question_seconds: float | None = None
    open_questions: int = 0
    closed_questions: int = 0
    open_question_share: float | None = None
    prospect_longest_monologue: Monologue | None = None


def compute_speech_metrics(transcript: Transcript, duration_seconds: float | None) -> SpeechMetrics:
    messages = ordered_messages(transcript.messages)
    words = [count_words(message.text) for message in messages]
    rep = [i for i, message in enumerate(messages) if message.role == 'user']
    rep_words = sum(words[i] for i in rep)
    total_words = sum(words)

    # Speaking time comes from spoken lines only: a typed line has words but was never said.
    spoken = [i for i in rep if messages[i].spoken]
    spoken_words = sum(words[i] for i in spoken)
    only_typed = bool(rep) and not spoken
    rep_timed = all(messages[i].timed for i in spoken)
    if rep_timed:
        rep_seconds = sum(_span(messages[i]) for i in spoken)
    else:
        rep_seconds = (duration_seconds or 0.0) * spoken_words / total_words if total_words else 0.0
    rep_minutes = rep_seconds / 60

    fillers = Counter[str]()
    spoken_fillers = 0
    for i in rep:
        found = find_fillers(messages[i].text)
        fillers.update(found)
        spoken_fillers += len(found) if messages[i].spoken else 0
    filler_total = sum(fillers.values())

    wpm = None if only_typed else _per_minute(spoken_words, rep_minutes)
    filler_rate = None if only_typed else _per_minute(spoken_fillers, rep_minutes)
    talk_ratio = rep_words / total_words if total_words else 0.0
    said = messages and all(m.timed and m.spoken for m in messages)
    talk_ratio_time = _talk_ratio_by_time(messages) if said else None
    rep_questions = [questions_in(messages[i].text) for i in rep]
    questions = sum(len(asked) for asked in rep_questions)
    open_questions = sum(is_open_question(question) for asked in rep_questions for question in asked)
    first_asker = next((messages[i] for i, asked in zip(rep, rep_questions, strict=True) if asked), None)
    first_question_at = first_asker.timestamp if first_asker else None
    gaps = reply_gaps(messages)
    patience = sum(max(gap, 0.0) for gap in gaps) / len(gaps) if gaps else None
    interruptions = sum(is_interruption(gap) for gap in gaps) if gaps else None
    open_share = open_questions / questions if questions else None
    question_target = question_band(call_length_minutes(messages, duration_seconds, total_words))
    prospect_monologue = longest_prospect_monologue(messages, words)
    # Without timings and without a duration there is no basis for estimating a monologue's length.
    seconds_per_word = rep_seconds / spoken_words if spoken_words and rep_seconds > 0 else None

    return SpeechMetrics(
        rep_words=rep_words,
        prospect_words=total_words - rep_words,
        total_words=total_words,
        rep_messages=len(rep),
        rep_speaking_seconds=round(rep_seconds, 3),
        speaking_time_source='typed' if only_typed else 'timings' if rep_timed else 'estimated',
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
        patience_seconds=_round(patience, 3),
        interruptions=interruptions,
        time_to_first_question_seconds=_round(first_question_at, 3),
        open_questions=open_questions,
        closed_questions=questions - open_questions,
        open_question_share=_round(open_share, 4),
        prospect_longest_monologue=prospect_monologue,
        bands={
            'words_per_minute': _band(wpm, *WPM_BAND, unit='words per minute'),
            'talk_listen_ratio': _band(talk_ratio if total_words else None, *TALK_RATIO_BAND, unit='share of words'),
            'filler_words_per_minute': _band(filler_rate, None, FILLERS_PER_MINUTE_MAX, unit='fillers per minute'),
            'questions_asked': _band(questions, *question_target, unit='questions per call'),
            'patience_seconds': _band(patience, *PATIENCE_BAND, unit='seconds before answering'),
            'interruptions': _band(interruptions, None, INTERRUPTIONS_MAX, unit='interruptions per call'),
            'time_to_first_question_seconds': _band(
                first_question_at, None, FIRST_QUESTION_MAX_SECONDS, unit='seconds from call start'
            ),
            'open_question_share': _band(open_share, OPEN_QUESTION_SHARE_MIN, None, unit='share of questions'),
            'prospect_longest_monologue_seconds': _band(
                prospect_monologue.seconds if prospect_monologue else None,
                PROSPECT_MONOLOGUE_MIN_SECONDS,
                None,
                unit='seconds',
            ),
        },
    )


def ordered_messages(messages: Sequence[TranscriptMessage]) -> list[TranscriptMessage]:
    """Time order when every message has a timestamp (a stable sort keeps ties as given), else as given."""
    if messages and all(m.timestamp is not None for m in messages):
        return sorted(messages, key=lambda m: m.timestamp or 0.0)
    return list(messages)


def is_open_question(question: str) -> bool:
    """Whether a question opens with an open word after any lead-ins ("So, um, how ...?") and does not ask for a
    quantity ("How many seats?"); see the module docs."""
    return OPEN_QUESTION_RE.match(question) is not None and QUANTITY_QUESTION_RE.match(question) is None


def question_band(minutes: float) -> tuple[float, float]:
    """The question band of a call of `minutes`, the one every gauge, sentence and the Markdown read: its low end is
    one question per minute and a half (at least 1, at most 11), its high end two and a half a minute (at least 3
    above the low end, at most 14), so 11-14 from about 17 minutes on. Discovery-heavy practice calls of a few
    minutes ask 10-15 questions; the band does not punish them (the score reads discovery, not this count)."""
    full_low, full_high = QUESTIONS_BAND
    low = min(full_low, max(1.0, float(round(minutes / MINUTES_PER_QUESTION))))
    return low, max(low + 3, min(full_high, float(round(minutes * QUESTIONS_PER_MINUTE_HIGH))))


def call_length_minutes(
    messages: Sequence[TranscriptMessage], duration_seconds: float | None, total_words: int
) -> float:
    """The call's length: its duration, else the last line's end, else its words at a conversational pace."""
    if duration_seconds:
        return duration_seconds / 60
    ends = [message.end for message in messages if message.end is not None]
    return max(ends) / 60 if ends else total_words / 150


def reply_gaps(messages: Sequence[TranscriptMessage]) -> list[float]:
    """`rep.timestamp - prospect.end` for each spoken rep message right after a prospect one, both timed. A typed
    turn sent while the prospect's voice plays does not talk over anyone."""
    return [
        (reply.timestamp or 0.0) - (prompt.end or 0.0)
        for prompt, reply in pairwise(messages)
        if prompt.role == 'assistant' and reply.role == 'user' and prompt.timed and reply.timed and reply.spoken
    ]


def is_interruption(gap: float) -> bool:
    # To the millisecond, so that 5.3 - 5.0 (0.2999... in floating point) is not an interruption.
    return round(gap, 3) < INTERRUPTION_GAP_SECONDS


def longest_prospect_monologue(messages: Sequence[TranscriptMessage], words: Sequence[int]) -> Monologue | None:
    """The prospect's longest run (see `longest_monologue`), None when no prospect message is timed."""
    timed = [i for i, message in enumerate(messages) if message.role == 'assistant' and message.timed]
    if not timed:
        return None
    timed_words = sum(words[i] for i in timed)
    timed_seconds = sum(_span(messages[i]) for i in timed)
    seconds_per_word = timed_seconds / timed_words if timed_words and timed_seconds > 0 else None
    return longest_monologue(messages, words, seconds_per_word, role='assistant')


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
        if word in SINGLE_FILLERS and (word != 'like' or _like_is_a_filler(text, tokens, lowered, i)):
            found.append(word)
        i += 1
    return found


def longest_monologue(
    messages: Sequence[TranscriptMessage], words: Sequence[int], seconds_per_word: float | None, role: Role = 'user'
) -> Monologue:
    """The longest run of `role`'s messages: by seconds when every one of them is timed, else by words.

    A run's seconds are measured when all its messages are timed, else estimated at `seconds_per_word`;
    None when there is no basis for an estimate.
    """
    runs = _runs(messages, role)
    # once: `timed` is a property; a typed line's span is not speaking time, so its run is estimated
    runs_timed = [all(messages[i].timed and messages[i].spoken for i in run) for run in runs]
    all_timed = all(runs_timed)
    best: Monologue | None = None
    best_key: tuple[float, int] = (-1.0, -1)
    for run, run_timed in zip(runs, runs_timed, strict=True):
        run_words = sum(words[i] for i in run)
        first, last = messages[run[0]], messages[run[-1]]
        seconds: float | None
        if run_timed:
            seconds = (last.end or 0.0) - (first.timestamp or 0.0)
        else:
            seconds = run_words * seconds_per_word if seconds_per_word is not None else None
        key = (seconds or 0.0, run_words) if all_timed else (float(run_words), run_words)
        if key > best_key:
            best_key = key
            best = Monologue(words=run_words, seconds=_round(seconds, 3), start=first.timestamp)
    return best or Monologue(words=0, seconds=0.0, start=None)


def _runs(messages: Sequence[TranscriptMessage], role: Role) -> list[list[int]]:
    runs: list[list[int]] = []
    current: list[int] = []
    for i, message in enumerate(messages):
        if message.role == role:
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _like_is_a_filler(text: str, tokens: Sequence[re.Match[str]], lowered: Sequence[str], i: int) -> bool:
    before = text[tokens[i - 1].end() : tokens[i].start()] if i > 0 else text[: tokens[i].start()]
    after = text[tokens[i].end() : tokens[i + 1].start()] if i + 1 < len(tokens) else ''
    then = tuple(lowered[i + 1 : i + 3])
    return ',' in before or ',' in after or (bool(then) and then[0] in _HEDGES) or then in _HEDGE_PHRASES


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
