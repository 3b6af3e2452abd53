"""Pressure and respect: did the rep let the prospect speak and take their answers seriously?

Rules:
- talking over: a spoken rep line that starts more than 0.2 s before the prospect's line before it ended (both
  timed; a typed turn talks over no one);
- pressure: a rep sentence that pushes instead of asking ("I'm putting Thursday in your calendar", "I've already
  sent the invite", "you need to decide today", "this price ends Friday", "trust me", "just sign", "no-brainer",
  "what's it going to take");
- a "no" not respected: the prospect declines ("not interested", "not a priority", "I have to go", "we'll pass"; a
  bare "no" only in answer to an ask or a pressure line, since after a question it is an answer) and
  the rep's next turn neither acknowledges it ("fair enough", "I understand") nor asks about it, or asks for the
  meeting again anyway ("I hear you. I'll send the invite and you can move it");
- dropping the price: any rep line that offers a discount ("35 percent off if you sign this quarter"), asked for
  or not: a step bought with a discount devalues what is sold;
- pitching before understanding: 80 words or more, two sentences of them about the rep's own offer ("we help",
  "our platform", "it automates"...), before the rep's first discovery question (or with none at all);
- a monologue: one rep turn of more than 60 seconds (by its timings, else its words at 150 a minute).
The score (0..1) = 1 - 0.2 per talk-over (at most 3) - 0.35 per pressure line (at most 2) - 0.35 per "no" not
respected (at most 2) - 0.3 for dropping the price - 0.25 for pitching first - 0.2 for a monologue, never below 0.
"""

import re
from itertools import pairwise

from pydantic import BaseModel

from services.coaching.discovery import DiscoveryReading
from services.coaching.objections import ACKNOWLEDGE, DISCOUNT, PROBES
from services.coaching.outcome import HARD_DECLINE, Evidence, ask_in, evidence
from services.coaching.turns import Sentence, Turn
from services.words import count_words

_FLAGS = re.IGNORECASE | re.ASCII
OVERLAP_SECONDS = 0.2
MONOLOGUE_SECONDS = 60.0
DISCOUNT_PENALTY = 0.3
PITCH_FIRST_WORDS = 80
PITCH_FIRST_LINES = 2
WORDS_PER_SECOND = 2.5
PRESSURE = re.compile(
    r"\bi'?m (?:just )?(?:putting|booking|sending|locking|adding|blocking) .{0,60}\b(?:calendar|diary|invite|"
    r"time|slot|request)\b|\bi'?ve (?:already )?(?:booked|sent|put|scheduled|blocked|added) (?:you|the|an|it|a)\b"
    r"|\byou (?:need|have|must|gotta|got) to (?:sign|book|buy|decide|act|commit|move|say yes)\b|\bdon'?t miss\b"
    r"|\btoday only\b|\b(?:offer|price|deal|discount) (?:expires|ends|is only|won'?t last)\b|\bwon'?t take no\b"
    r"|\btrust me\b|\bjust sign\b|\bwhat(?:'s| is) it (?:going|gonna) (?:to )?take\b|\blast chance\b"
    r"|\bact (?:now|fast|today)\b|\bbefore it'?s too late\b|\bsign (?:today|now|this week)\b|\bi insist\b"
    r"|\bno[- ]brainer\b|\byou(?:'d| would) be (?:crazy|foolish|mad)\b|\bcan'?t afford not to\b"
    r"|\bi'?m not (?:taking|going to take) no\b|\bwhether you like it or not\b|\byou(?:'ll| will) thank me\b",
    _FLAGS,
)
HARD_NO = re.compile(
    rf'{HARD_DECLINE.pattern}|\bnot (?:a|our|my) priority\b|\bnot interested\b|\bi (?:said|told you) no\b',
    _FLAGS,
)
BARE_NO = re.compile(r'^\W*no\W*$|^\W*no[.,!]', _FLAGS)
LETTING_GO = re.compile(
    r"\b(?:no problem|no worries|i'?ll let you go|thanks for your time|thank you for your time|i respect that|"
    r'understood|fair enough|of course)\b',
    _FLAGS,
)
PITCH = re.compile(
    r'\bwe (?:help|offer|provide|have|do|are|make|built|can|deliver|specialize|specialise)\b|\bour (?:product|'
    r'platform|solution|tool|software|service|app|system|customers|clients|company|technology|features?)\b'
    r'|\b(?:it|this) (?:helps|lets|will|can|gives|automates|saves|integrates|comes)\b|\bfeatures?\b'
    r'|\bbest[- ]in[- ](?:the[- ])?(?:market|class)\b|\bindustry[- ]leading\b|\bcutting[- ]edge\b|\brevolutionary\b'
    r'|\bleverag\w*|\bsynerg\w*|\bworld[- ]class\b|\bnext[- ]gen\w*|\bgame[- ]changer\b|\bplatform\b|\bsuite\b'
    r"|\bsolution\b|\bproprietary\b|\bai[- ]powered\b|\bwe(?:'re| are) (?:trusted|used|the|a)\b|\bour \w+ (?:engine|"
    r'module|portal|dashboard)\b',
    _FLAGS,
)


class RespectReading(BaseModel):
    talk_overs: list[Evidence]
    pressure: list[Evidence]
    no_ignored: list[Evidence]
    discounts: list[Evidence] = []
    pitched_first: Evidence | None
    monologue: Evidence | None
    monologue_seconds: float | None
    score: float


def read_respect(turns: list[Turn], discovery: DiscoveryReading) -> RespectReading:
    talk_overs = [evidence(sentence) for sentence in _talk_overs(turns)]
    pressure = [
        evidence(sentence, found)
        for turn in turns
        if turn.role == 'user'
        for sentence in turn.sentences
        if (found := PRESSURE.search(sentence.text))
    ]
    no_ignored = _no_ignored(turns)
    discounts = [
        evidence(sentence, found)
        for turn in turns
        if turn.role == 'user'
        for sentence in turn.sentences
        if (found := DISCOUNT.search(sentence.text))
    ]
    pitched = _pitched_first(turns, discovery)
    monologue, seconds = _monologue(turns)
    score = (
        1.0
        - 0.2 * min(3, len(talk_overs))
        - 0.35 * min(2, len(pressure))
        - 0.35 * min(2, len(no_ignored))
        - (DISCOUNT_PENALTY if discounts else 0.0)
        - (0.25 if pitched else 0.0)
        - (0.2 if monologue else 0.0)
    )
    return RespectReading(
        talk_overs=talk_overs,
        pressure=pressure,
        no_ignored=no_ignored,
        discounts=discounts,
        pitched_first=pitched,
        monologue=monologue,
        monologue_seconds=seconds,
        score=round(max(0.0, score), 4),
    )


def _talk_overs(turns: list[Turn]) -> list[Sentence]:
    found: list[Sentence] = []
    for before, turn in pairwise(turns):
        line = turn.lines[0]
        if turn.role != 'user' or not line.spoken or line.timestamp is None or before.end is None:
            continue
        if line.timestamp < before.end - OVERLAP_SECONDS and turn.sentences:
            found.append(turn.sentences[0])
    return found


def _no_ignored(turns: list[Turn]) -> list[Evidence]:
    found: list[Evidence] = []
    for index, (turn, reply) in enumerate(pairwise(turns)):
        if turn.role != 'assistant' or reply.role != 'user':
            continue
        # A bare "no" refuses only what was just asked or pushed; after a question it is an answer.
        pushed = index > 0 and any(ask_in(s) or PRESSURE.search(s.text) for s in turns[index - 1].sentences)
        refusal = re.compile(f'{HARD_NO.pattern}|{BARE_NO.pattern}', _FLAGS) if pushed else HARD_NO
        no = next((s for s in turn.sentences if refusal.search(s.text)), None)
        if no is None:
            continue
        text = reply.text
        probed = any(PROBES.search(q.text) for q in reply.questions)
        heard = ACKNOWLEDGE.search(text) or LETTING_GO.search(text) or probed
        # "I hear you. I'll send the invite anyway" acknowledges the no and then pushes past it.
        pushes = any(ask_in(s) or PRESSURE.search(s.text) for s in reply.sentences)
        if heard and not pushes:
            continue
        found.append(evidence(no, refusal.search(no.text)))
    return found


def _pitched_first(turns: list[Turn], discovery: DiscoveryReading) -> Evidence | None:
    """The first pitch line when the rep said 80 words or more, two of them pitching, before any discovery."""
    asked = {q.said.quote for q in discovery.discovery}
    words = 0
    pitches: list[Sentence] = []
    for turn in turns:
        if turn.role != 'user':
            continue
        for sentence in turn.sentences:
            if any(quote in sentence.text for quote in asked):
                return _pitch_evidence(pitches, words)
            words += count_words(sentence.text)
            if PITCH.search(sentence.text):
                pitches.append(sentence)
    return _pitch_evidence(pitches, words)


def _pitch_evidence(pitches: list[Sentence], words: int) -> Evidence | None:
    if words < PITCH_FIRST_WORDS or len(pitches) < PITCH_FIRST_LINES:
        return None
    return evidence(pitches[0], PITCH.search(pitches[0].text))


def _monologue(turns: list[Turn]) -> tuple[Evidence | None, float | None]:
    longest: tuple[float, Turn] | None = None
    for turn in turns:
        if turn.role != 'user':
            continue
        timed = all(line.timed and line.spoken for line in turn.lines)
        seconds = (turn.end or 0.0) - (turn.start or 0.0) if timed else turn.words / WORDS_PER_SECOND
        if longest is None or seconds > longest[0]:
            longest = (seconds, turn)
    if longest is None or longest[0] <= MONOLOGUE_SECONDS or not longest[1].sentences:
        return None, None if longest is None else round(longest[0], 1)
    return evidence(longest[1].sentences[0]), round(longest[0], 1)
