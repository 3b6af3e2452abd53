"""Code's reading of a call in plain lines, for the report page and the Markdown alike: what the rep is shown as
"What happened", each line with its verdict and the words it rests on."""

from dataclasses import dataclass
from typing import Literal

from services.coaching.outcome import Evidence
from services.coaching.reading import CallReading
from services.coaching.shared import plural

Tone = Literal['good', 'mixed', 'poor']

OUTCOME: dict[str, tuple[str, Tone]] = {
    'agreed': ('Agreed, with a day or time', 'good'),
    'accepted': ('Accepted, but no day or time set', 'mixed'),
    'vague': ('Left vague', 'poor'),
    'declined': ('Declined', 'poor'),
    'none': ('Never asked for', 'poor'),
}
HANDLING: dict[str, tuple[str, Tone]] = {
    'explored': ('explored before answering', 'good'),
    'answered': ('answered without exploring', 'mixed'),
    'ignored': ('ignored', 'poor'),
    'argued': ('argued with', 'poor'),
    'discounted': ('met with a discount', 'poor'),
}


@dataclass(frozen=True, slots=True)
class ReadingLine:
    topic: str
    verdict: str
    tone: Tone
    quotes: tuple[Evidence, ...] = ()


def reading_lines(reading: CallReading, prospect: str) -> list[ReadingLine]:
    """The outcome, each objection, discovery and any pressure or respect problem, in that order."""
    outcome = reading.outcome
    verdict, tone = OUTCOME[outcome.kind]
    if outcome.kind == 'agreed' and outcome.attendees:
        verdict += ', and who joins'
    said = tuple(e for e in (outcome.ask, outcome.answer) if e is not None)
    lines = [ReadingLine('Next step', verdict, tone, said)]
    for objection in reading.objections:
        handled, tone = HANDLING[objection.handling]
        kind = objection.kind.replace('_', ' ')
        quotes = (objection.said, objection.reply) if objection.reply else (objection.said,)
        lines.append(ReadingLine(f'Objection ({kind})', handled.capitalize(), tone, quotes))
    lines.append(_discovery(reading, prospect))
    lines.extend(_respect(reading, prospect))
    return lines


def _discovery(reading: CallReading, prospect: str) -> ReadingLine:
    discovery = reading.discovery
    found = discovery.discovery
    opened = sum(q.open for q in found)
    parts = [
        plural(len(found), 'discovery question') + f' ({opened} open, {plural(discovery.follow_ups, "follow-up")})'
    ]
    parts.append(f'on their {", ".join(discovery.topics)}' if discovery.topics else 'on no business topic')
    parts.append(f'{prospect} said {plural(discovery.revealed_words, "word")} in answer')
    if discovery.small_talk or discovery.off_topic:
        parts.append(f'{discovery.small_talk} small talk and {discovery.off_topic} off-topic questions')
    tone: Tone = 'good' if discovery.score >= 0.6 else 'mixed' if discovery.score >= 0.3 else 'poor'
    best = next((q.said for q in found if q.open and q.topics), None)
    return ReadingLine('Discovery', '; '.join(parts), tone, (best,) if best else ())


def _respect(reading: CallReading, prospect: str) -> list[ReadingLine]:
    respect = reading.respect
    found = [
        ('Talked over', f'{prospect} {plural(len(respect.talk_overs), "time")}', respect.talk_overs[:1]),
        ('Pressure', plural(len(respect.pressure), 'pressure line'), respect.pressure[:1]),
        ('A "no" not respected', plural(len(respect.no_ignored), 'time'), respect.no_ignored[:1]),
        ('Dropped the price', plural(len(respect.discounts), 'time'), respect.discounts[:1]),
        (
            'Pitched before asking',
            'before any discovery question',
            [respect.pitched_first] if respect.pitched_first else [],
        ),
    ]
    lines = [ReadingLine(topic, verdict, 'poor', tuple(quotes)) for topic, verdict, quotes in found if quotes]
    if respect.monologue is not None and respect.monologue_seconds is not None:
        lines.append(
            ReadingLine('Monologue', f'{respect.monologue_seconds:.0f} s without a pause', 'poor', (respect.monologue,))
        )
    return lines
