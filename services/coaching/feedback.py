"""The rule-based coach's strengths, areas to improve and recommendations (one recommendation per area).

Selling comes first (the outcome, objections, discovery, respect), each judgement quoting what was said; delivery
(pace, fillers, talk share, monologue, tone) follows.
"""

from dataclasses import dataclass, field

from services.coaching import advice
from services.coaching.facts import CallFacts
from services.coaching.moments import SMALL_TALK_RUN
from services.coaching.reading import CallReading
from services.coaching.scoring import MONOLOGUE_IDEAL_S
from services.coaching.shared import plural, tidy
from services.emotion_analysis import EmotionSummary
from services.speech_metrics import (
    FILLERS_PER_MINUTE_MAX,
    TALK_RATIO_BAND,
    WPM_BAND,
    SpeechMetrics,
    band_text,
    limit_text,
)

# Where the rep's voice counts as confident, per source of the tone scores.
CONFIDENT_AT = {'prosody': 0.3, 'acoustic': 0.6}


@dataclass(slots=True)
class Feedback:
    strengths: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)

    def strength(self, text: str) -> None:
        self.strengths.append(tidy(text))

    def needs_work(self, area: str, recommendation: str) -> None:
        self.areas.append(tidy(area))
        self.recommendations.append(tidy(recommendation))


def call_feedback(facts: CallFacts, prospect: str) -> Feedback:
    """The feedback on a call in which the rep spoke, in the order the report lists it."""
    metrics = facts.metrics
    feedback = Feedback()
    _assess_outcome(facts.reading, prospect, feedback)
    _assess_objections(facts.reading, prospect, feedback)
    _assess_discovery(facts.reading, feedback)
    _assess_respect(facts.reading, prospect, feedback)
    for assess in (_assess_pace, _assess_fillers, _assess_talk_ratio, _assess_monologue):
        assess(metrics, feedback)
    _assess_tone(facts.emotions, feedback)
    return feedback


def _assess_outcome(reading: CallReading, prospect: str, feedback: Feedback) -> None:
    outcome = reading.outcome
    said = f'"{outcome.answer.quote}"' if outcome.answer else ''
    if outcome.kind == 'agreed':
        who = ' and who joins' if outcome.attendees else ''
        feedback.strength(f'{prospect} agreed to a next step with a day or time{who}: {said}.')
    elif outcome.kind == 'accepted':
        feedback.needs_work(
            f'{prospect} agreed to a next step, but no day or time was set: {said}.',
            f'Put a date on every yes before you hang up: "{advice.SAY_INSTEAD_UNDATED}"',
        )
    elif outcome.kind == 'vague':
        feedback.needs_work(
            f'The call ended on a vague next step: {said}.',
            f'When they ask for information, agree and ask for the meeting: "{advice.SAY_INSTEAD_VAGUE}"',
        )
    elif outcome.kind == 'declined':
        asked = f' "{outcome.ask.quote}"' if outcome.ask else ''
        feedback.needs_work(
            f'{prospect} declined your ask{asked}: {said}.',
            'Earn the ask: learn what the problem costs them, then propose a small step tied to what they told you.',
        )
    else:
        feedback.needs_work(
            'You did not ask for a next step.',
            'Close with a specific ask: a meeting or demo with a day, a time and who should join.',
        )


def _assess_objections(reading: CallReading, prospect: str, feedback: Feedback) -> None:
    objections = reading.objections
    if not objections:
        return
    explored = [o for o in objections if o.handling == 'explored']
    if explored and explored[0].reply is not None:
        count = f'{len(explored)} of {plural(len(objections), "objection")}'
        feedback.strength(f'You explored {count} before answering: "{explored[0].reply.quote}".')
    worst = min(
        objections, key=lambda o: {'discounted': 0, 'argued': 1, 'ignored': 2, 'answered': 3}.get(o.handling, 4)
    )
    if worst.handling != 'explored':
        reply = f' You replied: "{worst.reply.quote}".' if worst.reply else ''
        feedback.needs_work(
            f'{prospect} said "{worst.said.quote}".{reply} {advice.HANDLING_PROBLEM[worst.handling]}',
            advice.RECOMMEND_OBJECTION,
        )


def _assess_discovery(reading: CallReading, feedback: Feedback) -> None:
    discovery = reading.discovery
    found = discovery.discovery
    opened = [q for q in found if q.open]
    if discovery.score >= 0.6 and opened:
        topics = ', '.join(discovery.topics)
        feedback.strength(
            f'Real discovery: {plural(len(found), "question")} about their {topics}, such as "{opened[0].said.quote}".'
        )
        return
    small_talk = next((q for q in discovery.questions if q.kind == 'small_talk'), None)
    if small_talk is not None and discovery.small_talk >= SMALL_TALK_RUN and len(found) < discovery.small_talk:
        feedback.needs_work(
            f'The call stayed in small talk ("{small_talk.said.quote}") and never reached their business.',
            'Keep rapport to a line or two, then give your reason for calling and ask about their situation.',
        )
    elif not found:
        feedback.needs_work(
            "You asked nothing about the prospect's situation, problem or goals.",
            'Open with discovery: ask what they use today, what is not working and what it costs them.',
        )
    else:
        missing = [t for t in ('situation', 'problem', 'impact', 'decision') if t not in discovery.topics]
        closed = f', {discovery.closed} of them closed' if discovery.closed else ''
        feedback.needs_work(
            f'Discovery stayed thin: {plural(len(found), "question")}{closed}, '
            f'{plural(discovery.follow_ups, "follow-up")}; nothing on their {" or ".join(missing) or "answers"}.',
            'Ask fewer, deeper open questions: what they do today, what goes wrong, what it costs, who decides. '
            'Follow up on each answer before moving on.',
        )


def _assess_respect(reading: CallReading, prospect: str, feedback: Feedback) -> None:
    respect = reading.respect
    if respect.pressure:
        feedback.needs_work(
            f'You pushed instead of asking: "{respect.pressure[0].quote}".',
            f'Ask, and make "no" easy to say: "{advice.SAY_INSTEAD_PRESSURE}"',
        )
    if respect.no_ignored:
        feedback.needs_work(
            f'{prospect} said "{respect.no_ignored[0].quote}" and you kept selling.',
            f'Acknowledge a no and ask about it once: "{advice.SAY_INSTEAD_NO}"',
        )
    if respect.talk_overs:
        feedback.needs_work(
            f'You talked over {prospect} {plural(len(respect.talk_overs), "time")}: "{respect.talk_overs[0].quote}".',
            'Let the prospect finish; count one beat of silence before you answer.',
        )
    if respect.discounts:
        feedback.needs_work(
            f'You dropped the price: "{respect.discounts[0].quote}".',
            f'Hold the price and ask what it is compared with: "{advice.SAY_INSTEAD_DISCOUNT}"',
        )
    if respect.pitched_first:
        feedback.needs_work(
            f'You pitched before asking anything: "{respect.pitched_first.quote}".',
            f'Earn the pitch with a question first: "{advice.SAY_INSTEAD_PITCH_FIRST}"',
        )


def _assess_pace(metrics: SpeechMetrics, feedback: Feedback) -> None:
    wpm = metrics.words_per_minute
    if wpm is None:
        return
    ideal = band_text(WPM_BAND)
    status = metrics.bands['words_per_minute'].status
    if status == 'within':
        feedback.strength(f'Your pace of {wpm:.0f} words a minute was easy to follow (ideal {ideal}).')
    elif status == 'above':
        feedback.needs_work(
            f'You spoke fast: {wpm:.0f} words a minute (ideal {ideal}).',
            f'Slow down to {ideal} words a minute: pause after each key point and after every question.',
        )
    else:
        feedback.needs_work(
            f'You spoke slowly: {wpm:.0f} words a minute (ideal {ideal}).',
            f'Lift your pace towards {ideal} words a minute; know your first two sentences by heart.',
        )


def _assess_fillers(metrics: SpeechMetrics, feedback: Feedback) -> None:
    fillers = metrics.filler_words
    if fillers.per_minute is None:
        return
    ideal = f'ideal at most {limit_text(FILLERS_PER_MINUTE_MAX)}'
    if fillers.per_minute <= FILLERS_PER_MINUTE_MAX:
        feedback.strength(f'Few filler words: {fillers.per_minute:.1f} a minute ({ideal}).')
        return
    top = ', '.join(f'"{name}" ({count})' for name, count in list(fillers.breakdown.items())[:3])
    feedback.needs_work(
        f'{plural(fillers.total, "filler word")}, {fillers.per_minute:.1f} a minute ({ideal}): {top}.',
        'Replace filler words with a short silent pause; a pause sounds more confident than "um".',
    )


def _assess_talk_ratio(metrics: SpeechMetrics, feedback: Feedback) -> None:
    ratio = metrics.talk_listen_ratio
    ideal = band_text(TALK_RATIO_BAND, percent=True)
    status = metrics.bands['talk_listen_ratio'].status
    if status == 'within':
        feedback.strength(f'A balanced conversation: you spoke {ratio:.0%} of the words (ideal {ideal}).')
    elif status == 'above':
        feedback.needs_work(
            f'You did most of the talking: {ratio:.0%} of the words (ideal {ideal}).',
            'Talk less and learn more: ask an open question, then let the prospect finish before you answer.',
        )
    else:
        feedback.needs_work(
            f'You spoke only {ratio:.0%} of the words (ideal {ideal}); the prospect steered the call.',
            'Take the lead: share a point of view on their situation and propose where the call goes next.',
        )


def _assess_monologue(metrics: SpeechMetrics, feedback: Feedback) -> None:
    seconds = metrics.longest_monologue.seconds
    if seconds is None:
        return
    if seconds > MONOLOGUE_IDEAL_S:
        feedback.needs_work(
            f'Your longest monologue ran {seconds:.0f} seconds ({metrics.longest_monologue.words} words).',
            'Break explanations up after about 30 seconds with a check-in such as "How does that compare to '
            'what you do today?"',
        )
    else:
        feedback.strength(f'You kept your turns short: the longest ran {plural(round(seconds), "second")}.')


def _assess_tone(emotions: EmotionSummary, feedback: Feedback) -> None:
    acoustic = emotions.acoustic
    if acoustic is not None and acoustic.monotone:
        feedback.needs_work(
            'Your pitch hardly moved: a flat voice sounds unsure or bored.',
            'Stress the words that matter (the problem, the number, the ask) and let your voice rise and fall.',
        )
    if not emotions.available or emotions.confidence is None or emotions.hesitation is None:
        return
    # Hume's prosody scores run low (0.3 is already clear); our own composites use the whole 0..1 scale.
    confident_at = CONFIDENT_AT[emotions.source or 'prosody']
    if emotions.hesitation > emotions.confidence:
        feedback.needs_work(
            'Your voice sounded more hesitant than confident.',
            'Rehearse your opening and your answer to the most likely objection until you can say them calmly.',
        )
    elif emotions.confidence >= confident_at:
        feedback.strength('Your voice sounded confident.')
