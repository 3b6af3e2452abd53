"""The rule-based coach's key moments: each cites a verbatim piece of the transcript, and each needs-work moment
says what to say instead.

Selling moments come first (the outcome, each objection, pressure and respect, discovery), then delivery (a long
turn, a cluster of filler words); when there are more than MAX_KEY_MOMENTS, needs-work selling moments are kept
first, then the good ones, then delivery. They are shown in call order.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from services.coaching import advice
from services.coaching.discovery import DiscoveryQuestion
from services.coaching.outcome import Evidence
from services.coaching.reading import CallReading
from services.coaching.report import KeyMoment
from services.coaching.scoring import MONOLOGUE_IDEAL_S
from services.coaching.shared import rep_lines, tidy
from services.speech_metrics import find_fillers
from services.transcript import TranscriptMessage
from services.words import WORD_RE, count_words, sentences_in

MAX_KEY_MOMENTS = 8
QUOTE_MAX_WORDS = 30
SELLING_NEEDS_WORK, SELLING_DONE_WELL, DELIVERY = 0, 1, 2
OBJECTION_MOMENTS = 3
SMALL_TALK_RUN = 2  # one "how are you?" is manners; two or more with less business is a call spent chatting
_OBJECTION_TITLES = {
    'explored': 'Explored an objection',
    'answered': 'Objection answered without exploring it',
    'ignored': 'Objection ignored',
    'argued': 'Argued with an objection',
    'discounted': 'Dropped the price',
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    rank: int
    moment: KeyMoment


def key_moments(messages: list[TranscriptMessage], reading: CallReading, prospect: str) -> list[KeyMoment]:
    candidates = [
        *_outcome(reading, prospect),
        *_objections(reading, prospect),
        *_respect(reading, prospect),
        *_discovery(reading),
        *_long_turn(messages),
        *_filler_cluster(messages),
    ]
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.rank, c.moment.timestamp or 0.0)):
        # A good line is praised once: the open question that explored an objection is not also "an open question".
        said = (candidate.moment.quote, candidate.moment.kind)
        if candidate.moment.kind == 'needs_work' or all((c.moment.quote, c.moment.kind) != said for c in kept):
            kept.append(candidate)
    kept = kept[:MAX_KEY_MOMENTS]
    moments = [c.moment for c in kept]
    moments.sort(key=lambda m: (m.timestamp is None, m.timestamp or 0.0))
    return moments


def excerpt(text: str, max_words: int = QUOTE_MAX_WORDS) -> str:
    """A verbatim prefix of `text` of at most `max_words` words (so it is always found in the transcript)."""
    stripped = text.strip()
    tokens = list(WORD_RE.finditer(stripped))
    if len(tokens) <= max_words:
        return stripped
    return stripped[: tokens[max_words - 1].end()]


def _moment(rank: int, said: Evidence, title: str, description: str, say_instead: str | None = None) -> _Candidate:
    kind: Literal['positive', 'needs_work'] = 'needs_work' if say_instead else 'positive'
    return _Candidate(
        rank,
        KeyMoment(
            timestamp=said.timestamp,
            kind=kind,
            title=title,
            description=tidy(description),
            quote=said.quote,
            say_instead=say_instead,
        ),
    )


def _outcome(reading: CallReading, prospect: str) -> Iterator[_Candidate]:
    outcome = reading.outcome
    answer = outcome.answer
    if outcome.kind == 'agreed' and answer is not None:
        who = ' and who joins' if outcome.attendees else ''
        yield _moment(SELLING_DONE_WELL, answer, 'Next step agreed', f'{prospect} agreed to a dated next step{who}.')
    elif outcome.kind == 'accepted' and answer is not None:
        yield _moment(
            SELLING_NEEDS_WORK, answer, 'Next step without a date',
            f'{prospect} said yes, but no day or time was set, so the step can drift.', advice.SAY_INSTEAD_UNDATED,
        )  # fmt: skip
    elif outcome.kind == 'vague' and answer is not None:
        yield _moment(
            SELLING_NEEDS_WORK, answer, 'A vague next step',
            f'The call ended on "{answer.quote}", which is a polite way of not committing.', advice.SAY_INSTEAD_VAGUE,
        )  # fmt: skip
    elif outcome.kind == 'declined' and answer is not None:
        asked = f' to "{outcome.ask.quote}"' if outcome.ask else ''
        yield _moment(
            SELLING_NEEDS_WORK, answer, 'Your ask was declined',
            f'{prospect} said no{asked}: the ask came before the prospect saw a reason to say yes.',
            advice.SAY_INSTEAD_DECLINED,
        )  # fmt: skip


def _objections(reading: CallReading, prospect: str) -> Iterator[_Candidate]:
    for objection in reading.objections[:OBJECTION_MOMENTS]:
        title = _OBJECTION_TITLES[objection.handling]
        kind = objection.kind.replace('_', ' ')
        raised = f'{prospect} raised {"an" if kind[0] in "aeiou" else "a"} {kind} objection: "{objection.said.quote}".'
        if objection.handling == 'explored' and objection.reply is not None:
            yield _moment(SELLING_DONE_WELL, objection.reply, title, f'{raised} You asked what was behind it.')
            continue
        said = objection.reply or objection.said
        say = advice.SAY_INSTEAD_OBJECTION[objection.kind]
        yield _moment(SELLING_NEEDS_WORK, said, title, f'{raised} {advice.HANDLING_PROBLEM[objection.handling]}', say)


def _respect(reading: CallReading, prospect: str) -> Iterator[_Candidate]:
    respect = reading.respect
    if respect.pressure:
        yield _moment(
            SELLING_NEEDS_WORK, respect.pressure[0], 'Pressure instead of an ask',
            'Pushing a commitment makes a prospect defend their "no".', advice.SAY_INSTEAD_PRESSURE,
        )  # fmt: skip
    if respect.no_ignored:
        yield _moment(
            SELLING_NEEDS_WORK, respect.no_ignored[0], 'A "no" not respected',
            f'{prospect} said no and you kept selling.', advice.SAY_INSTEAD_NO,
        )  # fmt: skip
    if respect.talk_overs:
        count = len(respect.talk_overs)
        yield _moment(
            SELLING_NEEDS_WORK, respect.talk_overs[0], 'Talked over the prospect',
            f'You started speaking before {prospect} had finished ({count} time{"s" if count > 1 else ""}).',
            advice.SAY_INSTEAD_TALK_OVER,
        )  # fmt: skip
    if respect.discounts and not any(o.handling == 'discounted' for o in reading.objections):
        yield _moment(
            SELLING_NEEDS_WORK, respect.discounts[0], 'Dropped the price',
            'A discount offered to win the step tells the buyer the price was never real.', advice.SAY_INSTEAD_DISCOUNT,
        )  # fmt: skip
    if respect.pitched_first:
        yield _moment(
            SELLING_NEEDS_WORK, respect.pitched_first, 'Pitched before asking',
            'You described your offer before learning anything about their situation.', advice.SAY_INSTEAD_PITCH_FIRST,
        )  # fmt: skip


def _discovery(reading: CallReading) -> Iterator[_Candidate]:
    discovery = reading.discovery
    found = discovery.discovery
    best = max((q for q in found if q.open and q.topics), key=lambda q: len(q.topics), default=None)
    if best is not None:
        yield _moment(
            SELLING_DONE_WELL, best.said, 'Open discovery question',
            f'An open question about their {_topics(best)} invites the prospect to explain.',
        )  # fmt: skip
    follow_up = next((q for q in found if q.kind == 'follow_up' and q is not best), None)
    if follow_up is not None:
        yield _moment(SELLING_DONE_WELL, follow_up.said, 'Followed up', 'You dug into what the prospect had just said.')
    small_talk = next((q for q in discovery.questions if q.kind == 'small_talk'), None)
    if small_talk is not None and discovery.small_talk >= SMALL_TALK_RUN and len(found) < discovery.small_talk:
        yield _moment(
            SELLING_NEEDS_WORK, small_talk.said, 'Small talk instead of business',
            'Rapport helps, but the call never got to their situation or problem.', advice.SAY_INSTEAD_SMALL_TALK,
        )  # fmt: skip
    closed = [q for q in discovery.questions if q.kind in ('business', 'off_topic') and not q.open]
    opened = sum(q.open for q in found)
    if len(closed) >= 4 and len(closed) > 2 * opened:
        yield _moment(
            SELLING_NEEDS_WORK, closed[0].said, 'Closed questions',
            f'{len(closed)} yes/no or quantity questions against {opened} open ones: the prospect answers and waits.',
            advice.SAY_INSTEAD_CLOSED,
        )  # fmt: skip


def _topics(question: DiscoveryQuestion) -> str:
    return ' and '.join(question.topics)


def _long_turn(messages: list[TranscriptMessage]) -> Iterator[_Candidate]:
    longest = max(rep_lines(messages), key=lambda m: (_duration(m) or 0.0, count_words(m.text)), default=None)
    if longest is None:
        return
    seconds = _duration(longest)
    too_long = seconds > MONOLOGUE_IDEAL_S if seconds is not None else count_words(longest.text) > 110
    if too_long:
        length = f'{seconds:.0f} seconds' if seconds is not None else f'{count_words(longest.text)} words'
        said = Evidence(quote=excerpt(longest.text), speaker='rep', timestamp=longest.timestamp)
        yield _moment(
            DELIVERY, said, 'Long monologue', f'You spoke for {length} without a pause for the prospect.',
            advice.SAY_INSTEAD_MONOLOGUE,
        )  # fmt: skip


def _filler_cluster(messages: list[TranscriptMessage]) -> Iterator[_Candidate]:
    best: tuple[int, TranscriptMessage, str] | None = None
    for message in rep_lines(messages):
        for sentence in sentences_in(message.text):
            count = len(find_fillers(sentence))
            if count >= 2 and (best is None or count > best[0]):
                best = (count, message, sentence)
    if best is not None:
        count, message, sentence = best
        said = Evidence(quote=excerpt(sentence), speaker='rep', timestamp=message.timestamp)
        yield _moment(
            DELIVERY, said, 'Filler words',
            f'{count} filler words in one sentence; a short pause would sound more assured.',
            without_fillers(excerpt(sentence)),
        )  # fmt: skip


def without_fillers(sentence: str) -> str:
    """The sentence as it sounds without its filler words (the rep's own words, tidied)."""
    words = sentence.split()
    fillers = {filler for filler in find_fillers(sentence) if ' ' not in filler}
    phrases = [filler for filler in find_fillers(sentence) if ' ' in filler]
    text = ' '.join(w for w in words if re.sub(r'\W', '', w.lower()) not in fillers or w.lower() == 'like')
    for phrase in phrases:
        text = re.sub(rf'\b{phrase}\b,?\s*', '', text, flags=re.IGNORECASE)
    text = re.sub(r'\s*,\s*,', ',', text).strip(' ,')
    return text[:1].upper() + text[1:] if text else sentence


def _duration(message: TranscriptMessage) -> float | None:
    return message.end - message.timestamp if message.end is not None and message.timestamp is not None else None
