"""The rule-based coach: it needs no model.

It reads what happened in the call (`reading`: the outcome, objections, discovery, pressure and respect), scores
that with the delivery metrics (`scoring`, whose docstring has the weights), reads the rubric skills (`skills`),
says what went well and what needs work (`feedback`) and picks key moments whose quotes are cut verbatim from the
transcript, each needs-work moment with a line to say instead (`moments`). A call practised on a scenario gets
its scorecard and goals graded as far as those readings answer them, the rest left for the AI coach
(`scorecard_rules`).
"""

from datetime import UTC, datetime
from typing import Any

from services.coaching.facts import CallFacts
from services.coaching.feedback import call_feedback
from services.coaching.moments import key_moments
from services.coaching.report import CoachingReport
from services.coaching.scorecard_rules import Grading, grade_by_rules
from services.coaching.scoring import overall_score, score_components
from services.coaching.shared import plural
from services.coaching.skills import opening_skill, rule_based_skills
from services.emotion_analysis import EmotionSummary
from services.speech_metrics import SpeechMetrics, ordered_messages

RULE_BASED = 'rule_based'
# Where tone reads as high / moderate, per source: Hume's prosody scores run low, our acoustic composites use 0..1.
LEVELS = {'prosody': (0.5, 0.25), 'acoustic': (0.66, 0.33)}


class RuleBasedCoach:
    name = RULE_BASED

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        return rule_based_report(facts)

    async def aclose(self) -> None:
        """Nothing to close: the rule-based coach holds no client."""


def rule_based_report(facts: CallFacts) -> CoachingReport:
    metrics = facts.metrics
    messages = ordered_messages(facts.transcript.messages)
    if metrics.rep_words == 0:
        return _silent_report(facts, has_transcript=bool(messages))

    prospect = facts.persona.name.split()[0] if facts.persona else 'The prospect'
    opening = opening_skill(messages)
    components = score_components(metrics, facts.reading, opening)
    feedback = call_feedback(facts, prospect)
    return CoachingReport(
        overall_score=overall_score(components),
        tone_summary=tone_summary(metrics, facts.emotions),
        speech_metrics=metrics,
        emotion_summary=facts.emotions,
        key_moments=key_moments(messages, facts.reading, prospect),
        recommendations=feedback.recommendations,
        strengths=feedback.strengths,
        areas_for_improvement=feedback.areas,
        coach=RULE_BASED,
        skill_scores=rule_based_skills(opening, facts.reading, components),
        score_breakdown=components,
        reading=facts.reading,
        **graded_scenario(facts),
        generated_at=datetime.now(UTC),
    )


def rule_grading(facts: CallFacts) -> Grading | None:
    """The scenario's scorecard and goals as far as code's reading answers them; None for a call without one."""
    if facts.scenario_spec is None:
        return None
    messages = ordered_messages(facts.transcript.messages)
    return grade_by_rules(facts.scenario_spec, reading=facts.reading, messages=messages, metrics=facts.metrics)


def graded_scenario(facts: CallFacts) -> dict[str, Any]:
    """The report's `scorecard` and `goals` by the rules (both None for a call without a scenario)."""
    grading = rule_grading(facts)
    if grading is None:
        return {'scorecard': None, 'goals': None}
    return {'scorecard': grading.scorecard, 'goals': grading.goals}


def tone_summary(metrics: SpeechMetrics, emotions: EmotionSummary) -> str:
    parts = []
    if metrics.words_per_minute is not None:
        parts.append(f'You spoke at {metrics.words_per_minute:.0f} words a minute')
    else:
        parts.append(f'You said {metrics.rep_words} words')
    parts.append(f'held {metrics.talk_listen_ratio:.0%} of the conversation')
    parts.append(f'asked {plural(metrics.questions_asked, "question")}')
    sentence = ', '.join(parts[:-1]) + f' and {parts[-1]}.'
    if not emotions.available:
        return f'{sentence} No tone data was recorded for this call.'
    source = emotions.source or 'prosody'
    levels = (
        f'{_level(emotions.confidence, source)} in confidence, {_level(emotions.energy, source)} in energy and '
        f'{_level(emotions.hesitation, source)} in hesitation'
    )
    if emotions.dominant_emotions:
        top = ', '.join(e.name.lower() for e in emotions.dominant_emotions[:3])
        return f'{sentence} Your voice read as {levels}; the strongest signals were {top}.'
    monotone = emotions.acoustic is not None and emotions.acoustic.monotone
    flat = ', and your pitch hardly moved' if monotone else ''
    return f'{sentence} Your voice read as {levels}{flat}.'


def _level(value: float | None, source: str) -> str:
    if value is None:
        return 'unknown'
    high, moderate = LEVELS[source]
    return 'high' if value >= high else 'moderate' if value >= moderate else 'low'


def _silent_report(facts: CallFacts, *, has_transcript: bool) -> CoachingReport:
    summary = (
        'You did not speak in this call, so there is nothing to score yet.'
        if has_transcript
        else 'This call has no transcript, so there is nothing to score yet.'
    )
    return CoachingReport(
        overall_score=0,
        tone_summary=summary,
        speech_metrics=facts.metrics,
        emotion_summary=facts.emotions,
        key_moments=[],
        recommendations=[
            'Check that your microphone works and is not muted, then start a new call.',
            "Open with a short introduction and a question about the prospect's situation.",
        ],
        strengths=[],
        areas_for_improvement=['The call has no words from you to assess.'],
        coach=RULE_BASED,
        score_breakdown=[],
        **graded_scenario(facts),
        generated_at=datetime.now(UTC),
    )
