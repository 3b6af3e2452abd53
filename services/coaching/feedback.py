"""The rule-based coach's strengths, areas to improve and recommendations (one recommendation per area)."""

from dataclasses import dataclass, field

from services.coaching.facts import CallFacts
from services.coaching.scoring import MONOLOGUE_IDEAL_S, question_target
from services.coaching.shared import plural
from services.coaching.skills import NEXT_STEP_RE
from services.emotion_analysis import EmotionSummary
from services.speech_metrics import (
    FILLERS_PER_MINUTE_MAX,
    TALK_RATIO_BAND,
    WPM_BAND,
    SpeechMetrics,
    band_text,
    limit_text,
)
from services.transcript import TranscriptMessage

# Where the rep's voice counts as confident, per source of the tone scores.
CONFIDENT_AT = {'prosody': 0.3, 'acoustic': 0.6}


@dataclass(slots=True)
class Feedback:
    strengths: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)

    def needs_work(self, area: str, recommendation: str) -> None:
        self.areas.append(area)
        self.recommendations.append(recommendation)


def call_feedback(facts: CallFacts, messages: list[TranscriptMessage]) -> Feedback:
    """The feedback on a call in which the rep spoke, in the order the report lists it."""
    metrics = facts.metrics
    feedback = Feedback()
    for assess in (_assess_pace, _assess_fillers, _assess_talk_ratio, _assess_monologue):
        assess(metrics, feedback)
    _assess_questions(metrics.questions_asked, question_target(metrics), feedback)
    _assess_next_step(messages, feedback)
    _assess_tone(facts.emotions, feedback)
    return feedback


def _assess_pace(metrics: SpeechMetrics, feedback: Feedback) -> None:
    wpm = metrics.words_per_minute
    if wpm is None:
        return
    ideal = band_text(WPM_BAND)
    status = metrics.bands['words_per_minute'].status
    if status == 'within':
        feedback.strengths.append(f'Your pace of {wpm:.0f} words a minute was easy to follow (ideal {ideal}).')
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
        feedback.strengths.append(f'Few filler words: {fillers.per_minute:.1f} a minute ({ideal}).')
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
        feedback.strengths.append(f'A balanced conversation: you spoke {ratio:.0%} of the words (ideal {ideal}).')
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
        feedback.strengths.append(f'You kept your turns short: the longest ran {plural(round(seconds), "second")}.')


def _assess_questions(questions: int, target: tuple[float, float], feedback: Feedback) -> None:
    low, high = target
    if questions == 0:
        feedback.needs_work(
            'You asked no questions.',
            'Open with discovery: ask what they use today, what is not working and what it costs them.',
        )
    elif questions > high:
        feedback.needs_work(
            f'{questions} questions in a call this short can feel like an interrogation (about {band_text(target)}).',
            'Ask fewer, deeper questions and follow up on the answers before moving on.',
        )
    elif questions >= low:
        feedback.strengths.append(f'You asked {plural(questions, "question")}, a good amount for a call this long.')
    else:
        feedback.needs_work(
            f'You asked {plural(questions, "question")}; about {band_text(target)} suit a call of this length.',
            "Ask more open questions (what, how, why) to uncover the prospect's needs before pitching.",
        )


def _assess_next_step(messages: list[TranscriptMessage], feedback: Feedback) -> None:
    if any(m.role == 'user' and NEXT_STEP_RE.search(m.text) for m in messages):
        feedback.strengths.append('You asked for a concrete next step.')
    else:
        feedback.needs_work(
            'You did not ask for a next step.',
            'Close with a specific ask: a meeting or demo with a day, a time and who should join.',
        )


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
        feedback.strengths.append('Your voice sounded confident.')
