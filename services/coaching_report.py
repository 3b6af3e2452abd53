"""Coaches turn a call's facts into a coaching report.

`RuleBasedCoach` needs no model: it scores the computed metrics against their bands and picks key moments
whose quotes are cut verbatim from the transcript.

Overall score (0-100) = the weighted mean of these components, each scored 0..1:
- talk/listen ratio, weight 25: 1 inside 0.40-0.60 of the words, falling linearly to 0 at 0.10 / 0.90.
- questions, weight 25: the per-call band (11-14) is scaled to the call's length: its low end is one question
  per three minutes (at least 1, at most 11), its high end the low end times 14/11 but at least 3 above it.
  Below the scaled band the score is questions / low end; above it the score falls linearly to 0 at three times
  the high end (practice calls are short, so a generous top keeps discovery-heavy calls from being punished).
- pace, weight 20: 1 inside 130-160 words per minute, falling linearly to 0 at 50 WPM outside the band.
- filler words, weight 15: 1 at up to 2 per minute, falling linearly to 0 at 8 per minute.
- longest monologue, weight 15: 1 up to 45 s, falling linearly to 0 at 150 s.
A component the call gives no basis for (no known speaking time) is left out and the other weights are scaled
up to 100. A rep who said nothing scores 0.

Skill scores (1-5, the AI coach's rubric read by rules, so the radar has points without a model):
- opening: 1, plus one each for an introduction ("this is", "my name is", "I'm"), a reason for the call ("we help",
  "the reason", "calling about", "from"), a question in the rep's first two lines and a first line of at most 45 words.
- discovery: 1 + 4 x the questions component x (0.5 + 0.5 x the share of open questions), rounded.
- objection_handling: 3 when the prospect raised no objection; else 2 + 3 x the share of objections the rep answered
  with a question, rounded.
- next_step: 1 without an ask for a next step, 3 with one, 5 when it names a day or a time.
- delivery: 1 + 4 x the mean of the known pace, filler and monologue components, rounded (3 when none is known).
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Protocol

from services.emotion_analysis import EmotionSummary, summarize_emotions
from services.personas import Persona, get_persona
from services.reports import CoachingReport, KeyMoment, ScoreComponent, SkillScores
from services.speech_metrics import (
    FILLERS_PER_MINUTE_MAX,
    QUESTIONS_BAND,
    TALK_RATIO_BAND,
    WORD_RE,
    WPM_BAND,
    SpeechMetrics,
    compute_speech_metrics,
    find_fillers,
    is_open_question,
    ordered_messages,
    questions_in,
    sentences_in,
)
from services.transcript import EmotionData, Transcript, TranscriptMessage

RULE_BASED = 'rule_based'
WEIGHTS = {'talk_listen_ratio': 25.0, 'questions': 25.0, 'pace': 20.0, 'filler_words': 15.0, 'monologue': 15.0}
MONOLOGUE_IDEAL_S = 45.0
MONOLOGUE_ZERO_S = 150.0
MINUTES_PER_QUESTION = 3.0
MAX_KEY_MOMENTS = 8
QUOTE_MAX_WORDS = 30

NEXT_STEP_RE = re.compile(
    r'\b(meeting|demo|next step|next steps|calendar|schedule|follow[- ]up|pilot|trial|next week|book a|set up a)\b',
    re.IGNORECASE,
)
INTRODUCTION_RE = re.compile(r"\b(this is|my name is|i'm|i am)\b", re.IGNORECASE)
REASON_RE = re.compile(r'\b(we help|the reason|calling about|calling because|from)\b', re.IGNORECASE)
WHEN_RE = re.compile(
    r'\b(monday|tuesday|wednesday|thursday|friday|tomorrow|next week|this week|\d{1,2}(:\d\d)?\s*(am|pm)|'
    r'\d{1,2}:\d\d|morning|afternoon)\b',
    re.IGNORECASE,
)
OPENING_MAX_WORDS = 45
# Where tone reads as high / moderate, per source: Hume's prosody scores run low, our acoustic composites use 0..1.
LEVELS = {'prosody': (0.5, 0.25), 'acoustic': (0.66, 0.33)}
CONFIDENT_AT = {'prosody': 0.3, 'acoustic': 0.6}
OBJECTION_RE = re.compile(
    r'\b(expensive|price|pricing|budget|cost|costs|not a priority|already have|send me|email me|'
    r'no time|bad timing|not interested|too busy|competitor)\b',
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class CallFacts:
    """What a coach knows about one call; the metrics and emotions are computed before any coach runs."""

    persona: Persona | None
    scenario: str | None
    duration_seconds: float | None
    transcript: Transcript
    emotion_data: EmotionData
    metrics: SpeechMetrics
    emotions: EmotionSummary

    @classmethod
    def compute(
        cls,
        *,
        persona_id: str,
        scenario: str | None,
        duration_seconds: float | None,
        transcript: Transcript,
        emotion_data: EmotionData,
    ) -> 'CallFacts':
        """Computes the metrics and the emotion summary of a call (CPU work: run it off the event loop)."""
        return cls(
            persona=get_persona(persona_id),
            scenario=scenario,
            duration_seconds=duration_seconds,
            transcript=transcript,
            emotion_data=emotion_data,
            metrics=compute_speech_metrics(transcript, duration_seconds),
            emotions=summarize_emotions(emotion_data, transcript),
        )


class Coach(Protocol):
    name: str

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        """Returns the report for one call."""
        ...


class RuleBasedCoach:
    name = RULE_BASED

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        return rule_based_report(facts)


def rule_based_report(facts: CallFacts) -> CoachingReport:
    metrics = facts.metrics
    messages = ordered_messages(facts.transcript.messages)
    if metrics.rep_words == 0:
        return _silent_report(facts, has_transcript=bool(messages))

    components = score_components(metrics, call_minutes(facts))
    feedback = _Feedback()
    for assess in (_assess_pace, _assess_fillers, _assess_talk_ratio, _assess_monologue):
        assess(metrics, feedback)
    _assess_questions(metrics.questions_asked, question_target(call_minutes(facts)), feedback)
    _assess_next_step(messages, feedback)
    _assess_tone(facts.emotions, feedback)

    return CoachingReport(
        overall_score=overall_score(components),
        tone_summary=tone_summary(metrics, facts.emotions),
        speech_metrics=metrics,
        emotion_summary=facts.emotions,
        key_moments=key_moments(messages),
        recommendations=feedback.recommendations,
        strengths=feedback.strengths,
        areas_for_improvement=feedback.areas,
        coach=RULE_BASED,
        skill_scores=rule_based_skills(messages, metrics, components),
        score_breakdown=components,
        generated_at=datetime.now(UTC),
    )


# --- scoring -----------------------------------------------------------------------------------------------


def score_components(metrics: SpeechMetrics, minutes: float) -> list[ScoreComponent]:
    low, high = question_target(minutes)
    monologue_s = metrics.longest_monologue.seconds
    wpm = metrics.words_per_minute
    fillers = metrics.filler_words.per_minute
    return [
        ScoreComponent(
            name='talk_listen_ratio',
            weight=WEIGHTS['talk_listen_ratio'],
            score=_inside_band(metrics.talk_listen_ratio, *TALK_RATIO_BAND, zero_at=0.30),
            detail=f'{metrics.talk_listen_ratio:.0%} of the words (ideal 40-60%)',
        ),
        ScoreComponent(
            name='questions',
            weight=WEIGHTS['questions'],
            score=_question_score(metrics.questions_asked, low, high),
            detail=f'{metrics.questions_asked} questions (about {low:g}-{high:g} for a call of this length)',
        ),
        ScoreComponent(
            name='pace',
            weight=WEIGHTS['pace'],
            score=None if wpm is None else _inside_band(wpm, *WPM_BAND, zero_at=50.0),
            detail='unknown' if wpm is None else f'{wpm:.0f} words per minute (ideal 130-160)',
        ),
        ScoreComponent(
            name='filler_words',
            weight=WEIGHTS['filler_words'],
            score=None if fillers is None else _inside_band(fillers, 0.0, FILLERS_PER_MINUTE_MAX, zero_at=6.0),
            detail='unknown' if fillers is None else f'{fillers:.1f} per minute (ideal at most 2)',
        ),
        ScoreComponent(
            name='monologue',
            weight=WEIGHTS['monologue'],
            score=None
            if monologue_s is None
            else _inside_band(monologue_s, 0.0, MONOLOGUE_IDEAL_S, zero_at=MONOLOGUE_ZERO_S - MONOLOGUE_IDEAL_S),
            detail='unknown' if monologue_s is None else f'longest {monologue_s:.0f} s (ideal at most 45 s)',
        ),
    ]


def overall_score(components: list[ScoreComponent]) -> int:
    known = [c for c in components if c.score is not None]
    weight = sum(c.weight for c in known)
    if not weight:
        return 0
    return round(100 * sum(c.weight * (c.score or 0.0) for c in known) / weight)


def question_target(minutes: float) -> tuple[float, float]:
    """The per-call question band scaled to the call's length (see the module docstring)."""
    full_low, full_high = QUESTIONS_BAND
    low = min(full_low, max(1.0, round(minutes / MINUTES_PER_QUESTION)))
    return low, max(low + 3, round(low * full_high / full_low))


def call_minutes(facts: CallFacts) -> float:
    if facts.duration_seconds:
        return facts.duration_seconds / 60
    ends = [m.end for m in facts.transcript.messages if m.end is not None]
    if ends:
        return max(ends) / 60
    return facts.metrics.total_words / 150  # a conversational pace when nothing else is known


def _inside_band(value: float, low: float, high: float, *, zero_at: float) -> float:
    distance = low - value if value < low else value - high if value > high else 0.0
    return round(max(0.0, 1.0 - distance / zero_at), 4)


def _question_score(questions: int, low: float, high: float) -> float:
    if questions < low:
        return round(questions / low, 4)
    if questions <= high:
        return 1.0
    return round(max(0.0, 1.0 - (questions - high) / (2 * high)), 4)


def rule_based_skills(
    messages: list[TranscriptMessage], metrics: SpeechMetrics, components: list[ScoreComponent]
) -> SkillScores:
    """The five rubric skills read by rules (see the module docstring)."""
    rep = list(_rep(messages))
    scores = {c.name: c.score for c in components}
    first_lines = ' '.join(m.text for m in rep[:2])
    opening = 1 + sum(
        (
            bool(rep and INTRODUCTION_RE.search(rep[0].text)),
            bool(rep and REASON_RE.search(rep[0].text)),
            bool(questions_in(first_lines)),
            bool(rep and _word_count(rep[0].text) <= OPENING_MAX_WORDS),
        )
    )
    open_share = metrics.open_question_share or 0.0
    discovery = 1 + round(4 * (scores.get('questions') or 0.0) * (0.5 + 0.5 * open_share))
    asks = [m.text for m in rep if NEXT_STEP_RE.search(m.text)]
    next_step = 1 if not asks else 5 if any(WHEN_RE.search(text) for text in asks) else 3
    delivery_parts = [scores[name] for name in ('pace', 'filler_words', 'monologue') if scores.get(name) is not None]
    delivery = 1 + round(4 * sum(p or 0.0 for p in delivery_parts) / len(delivery_parts)) if delivery_parts else 3
    return SkillScores(
        opening=opening,
        discovery=discovery,
        objection_handling=_objection_skill(messages),
        next_step=next_step,
        delivery=delivery,
    )


def _objection_skill(messages: list[TranscriptMessage]) -> int:
    replies = list(objection_replies(messages))
    explored = sum(bool(questions_in(reply.text)) for reply in replies)
    return 3 if not replies else 2 + round(3 * explored / len(replies))


def objection_replies(messages: list[TranscriptMessage]) -> Iterator[TranscriptMessage]:
    """The rep's first line after each objection (objections in a row share that one reply), in one pass."""
    waiting = False
    for message in messages:
        if message.role == 'assistant':
            waiting = waiting or bool(OBJECTION_RE.search(message.text))
        elif waiting:
            waiting = False
            yield message


# --- feedback ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Feedback:
    strengths: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)

    def needs_work(self, area: str, recommendation: str) -> None:
        self.areas.append(area)
        self.recommendations.append(recommendation)


def _assess_pace(metrics: SpeechMetrics, feedback: _Feedback) -> None:
    wpm = metrics.words_per_minute
    if wpm is None:
        return
    status = metrics.bands['words_per_minute'].status
    if status == 'within':
        feedback.strengths.append(f'Your pace of {wpm:.0f} words a minute was easy to follow (ideal 130-160).')
    elif status == 'above':
        feedback.needs_work(
            f'You spoke fast: {wpm:.0f} words a minute (ideal 130-160).',
            'Slow down to 130-160 words a minute: pause after each key point and after every question.',
        )
    else:
        feedback.needs_work(
            f'You spoke slowly: {wpm:.0f} words a minute (ideal 130-160).',
            'Lift your pace towards 130-160 words a minute; know your first two sentences by heart.',
        )


def _assess_fillers(metrics: SpeechMetrics, feedback: _Feedback) -> None:
    fillers = metrics.filler_words
    if fillers.per_minute is None:
        return
    if fillers.per_minute <= FILLERS_PER_MINUTE_MAX:
        feedback.strengths.append(f'Few filler words: {fillers.per_minute:.1f} a minute (ideal at most 2).')
        return
    top = ', '.join(f'"{name}" ({count})' for name, count in list(fillers.breakdown.items())[:3])
    feedback.needs_work(
        f'{_plural(fillers.total, "filler word")}, {fillers.per_minute:.1f} a minute (ideal at most 2): {top}.',
        'Replace filler words with a short silent pause; a pause sounds more confident than "um".',
    )


def _assess_talk_ratio(metrics: SpeechMetrics, feedback: _Feedback) -> None:
    ratio = metrics.talk_listen_ratio
    status = metrics.bands['talk_listen_ratio'].status
    if status == 'within':
        feedback.strengths.append(f'A balanced conversation: you spoke {ratio:.0%} of the words (ideal 40-60%).')
    elif status == 'above':
        feedback.needs_work(
            f'You did most of the talking: {ratio:.0%} of the words (ideal 40-60%).',
            'Talk less and learn more: ask an open question, then let the prospect finish before you answer.',
        )
    else:
        feedback.needs_work(
            f'You spoke only {ratio:.0%} of the words (ideal 40-60%); the prospect steered the call.',
            'Take the lead: share a point of view on their situation and propose where the call goes next.',
        )


def _assess_monologue(metrics: SpeechMetrics, feedback: _Feedback) -> None:
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
        feedback.strengths.append(f'You kept your turns short: the longest ran {_plural(round(seconds), "second")}.')


def _assess_questions(questions: int, target: tuple[float, float], feedback: _Feedback) -> None:
    low, high = target
    if questions == 0:
        feedback.needs_work(
            'You asked no questions.',
            'Open with discovery: ask what they use today, what is not working and what it costs them.',
        )
    elif questions > high:
        feedback.needs_work(
            f'{questions} questions in a call this short can feel like an interrogation (about {low:g}-{high:g}).',
            'Ask fewer, deeper questions and follow up on the answers before moving on.',
        )
    elif questions >= low:
        feedback.strengths.append(f'You asked {_plural(questions, "question")}, a good amount for a call this long.')
    else:
        feedback.needs_work(
            f'You asked {_plural(questions, "question")}; about {low:g}-{high:g} suit a call of this length.',
            "Ask more open questions (what, how, why) to uncover the prospect's needs before pitching.",
        )


def _assess_next_step(messages: list[TranscriptMessage], feedback: _Feedback) -> None:
    if any(m.role == 'user' and NEXT_STEP_RE.search(m.text) for m in messages):
        feedback.strengths.append('You asked for a concrete next step.')
    else:
        feedback.needs_work(
            'You did not ask for a next step.',
            'Close with a specific ask: a meeting or demo with a day, a time and who should join.',
        )


def _assess_tone(emotions: EmotionSummary, feedback: _Feedback) -> None:
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


# --- summary and moments -----------------------------------------------------------------------------------


def tone_summary(metrics: SpeechMetrics, emotions: EmotionSummary) -> str:
    parts = []
    if metrics.words_per_minute is not None:
        parts.append(f'You spoke at {metrics.words_per_minute:.0f} words a minute')
    else:
        parts.append(f'You said {metrics.rep_words} words')
    parts.append(f'held {metrics.talk_listen_ratio:.0%} of the conversation')
    parts.append(f'asked {_plural(metrics.questions_asked, "question")}')
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


def key_moments(messages: list[TranscriptMessage]) -> list[KeyMoment]:
    moments = [moment for find in _MOMENT_FINDERS for moment in find(messages)]
    moments.sort(key=lambda m: (m.timestamp is None, m.timestamp or 0.0))
    return moments[:MAX_KEY_MOMENTS]


def _first_question(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    for message in _rep(messages):
        questions = questions_in(message.text)
        if questions:
            yield KeyMoment(
                timestamp=message.timestamp,
                kind='positive',
                title='First question',
                description='You opened discovery with a question.',
                quote=excerpt(questions[0]),
            )
            return


def _open_question(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    first_seen = False
    for message in _rep(messages):
        for question in questions_in(message.text):
            if not first_seen:
                first_seen = True  # the first question has its own moment
                continue
            if is_open_question(question):
                yield KeyMoment(
                    timestamp=message.timestamp,
                    kind='positive',
                    title='Open question',
                    description='An open question invites the prospect to explain their situation.',
                    quote=excerpt(question),
                )
                return


def _next_step(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    for message in _rep(messages):
        for sentence in sentences_in(message.text):
            if NEXT_STEP_RE.search(sentence):
                yield KeyMoment(
                    timestamp=message.timestamp,
                    kind='positive',
                    title='Asked for a next step',
                    description='You moved the call towards a concrete commitment.',
                    quote=excerpt(sentence),
                )
                return


def _objection_responses(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    for reply in islice(objection_replies(messages), 2):
        questions = questions_in(reply.text)
        if questions:
            yield KeyMoment(
                timestamp=reply.timestamp,
                kind='positive',
                title='Explored an objection',
                description='You answered a concern with a question that uncovers what is behind it.',
                quote=excerpt(questions[0]),
            )
        else:
            yield KeyMoment(
                timestamp=reply.timestamp,
                kind='needs_work',
                title='Objection answered without exploring it',
                description='Acknowledge the concern and ask what is behind it before you answer.',
                quote=excerpt(reply.text),
            )


def _long_turn(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    longest = max(_rep(messages), key=lambda m: (_duration(m) or 0.0, _word_count(m.text)), default=None)
    if longest is None:
        return
    seconds = _duration(longest)
    too_long = seconds > MONOLOGUE_IDEAL_S if seconds is not None else _word_count(longest.text) > 110
    if too_long:
        length = f'{seconds:.0f} seconds' if seconds is not None else f'{_word_count(longest.text)} words'
        yield KeyMoment(
            timestamp=longest.timestamp,
            kind='needs_work',
            title='Long monologue',
            description=f'You spoke for {length} without a pause for the prospect.',
            quote=excerpt(longest.text),
        )


def _filler_cluster(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    best: tuple[int, TranscriptMessage, str] | None = None
    for message in _rep(messages):
        for sentence in sentences_in(message.text):
            count = len(find_fillers(sentence))
            if count >= 2 and (best is None or count > best[0]):
                best = (count, message, sentence)
    if best is not None:
        count, message, sentence = best
        yield KeyMoment(
            timestamp=message.timestamp,
            kind='needs_work',
            title='Filler words',
            description=f'{count} filler words in one sentence; a short pause would sound more assured.',
            quote=excerpt(sentence),
        )


_MOMENT_FINDERS: tuple[Callable[[list[TranscriptMessage]], Iterator[KeyMoment]], ...] = (
    _first_question,
    _open_question,
    _next_step,
    _objection_responses,
    _long_turn,
    _filler_cluster,
)


def excerpt(text: str, max_words: int = QUOTE_MAX_WORDS) -> str:
    """A verbatim prefix of `text` of at most `max_words` words (so it is always found in the transcript)."""
    stripped = text.strip()
    tokens = list(WORD_RE.finditer(stripped))
    if len(tokens) <= max_words:
        return stripped
    return stripped[: tokens[max_words - 1].end()]


def _rep(messages: list[TranscriptMessage]) -> Iterator[TranscriptMessage]:
    return (m for m in messages if m.role == 'user' and m.text.strip())


def _duration(message: TranscriptMessage) -> float | None:
    return message.end - message.timestamp if message.end is not None and message.timestamp is not None else None


def _plural(count: int, noun: str) -> str:
    return f'{count} {noun}' if count == 1 else f'{count} {noun}s'


def _word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


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
        generated_at=datetime.now(UTC),
    )
