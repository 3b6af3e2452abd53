"""The AI coach's prompt: one versioned place for its words, its rubric and the facts it is handed.

Bump `PROMPT_VERSION` with every change to the text below; each report records the version that wrote it, so
reports written by different prompts can be told apart (and re-scored with "Analyse again").
"""

import json
from typing import Any

from services.coaching.facts import CallFacts
from services.library.scenario import CALL_TYPE_LABELS, ScenarioSpec
from services.speech_metrics import ordered_messages

PROMPT_VERSION = 'coach-v4-2026-11-30'

# Anchors at 1, 3 and 5 for every skill; the model interpolates 2 and 4.
RUBRIC: dict[str, tuple[str, str, str]] = {
    'opening': (
        'No introduction or reason for the call; launches straight into a pitch or rambles.',
        'Introduces themselves and the company and gives a generic reason for calling.',
        'A short introduction, a reason that is relevant to this prospect, and permission earned to go on.',
    ),
    'discovery': (
        "No questions about the prospect's situation, or only questions that lead to a pitch.",
        'Some questions, mostly closed or surface-level, with little follow-up on the answers.',
        'Open questions that uncover the current process, the pain and what it costs, each answer followed up.',
    ),
    'objection_handling': (
        'Ignores, argues with or gives in to objections (drops the price, ends the call).',
        'Acknowledges objections and answers them, without exploring what is behind them.',
        'Acknowledges, asks what is behind the concern, answers with value for this prospect, checks it is settled.',
    ),
    'next_step': (
        'No next step is proposed.',
        'A vague next step ("I will send some information", "let us talk again sometime").',
        'A specific commitment the prospect agrees to: what, when (day and time) and who joins.',
    ),
    'delivery': (
        'Rushed or halting: many filler words, long monologues, a pace far outside the ideal band.',
        'Understandable, with some filler words, a few long turns or a pace somewhat outside the band.',
        'A measured pace inside the band, few filler words, short turns that leave room for the prospect.',
    ),
}

_RULES = """You are an experienced B2B sales coach. A sales rep has just finished a practice call with an AI
prospect. Judge the rep's performance and coach them: be specific, honest and useful.

Rules:
1. The FACTS section was computed by code from the recording. Use those numbers as given; never recount words,
   questions or filler words yourself and never contradict the facts.
1a. The CODE'S READING section is code's reading of what happened, made by documented rules from the transcript:
   the outcome (did the prospect agree to a dated next step, accept without a date, stay vague or decline), each
   objection and how the rep handled it (explored, answered, ignored, argued, discounted), the discovery questions
   (business, follow-up, small talk, off topic; open or closed) and pressure or respect problems. Rules can misread
   meaning. Judge the call yourself: where you disagree with a reading, overrule it and say so in reading_overrides,
   one entry per reading you overrule, naming it and giving your reason with the transcript's words ("outcome:
   'Thursday works' was sarcastic, the prospect declined"). Leave reading_overrides empty when you agree.
1b. Judge selling, not only delivery: a declined or vague next step earns no next-step credit, an objection that
   was ignored, argued with or bought off with a discount is poor handling, small talk and irrelevant closed
   questions are not discovery, and pressure ("I'm putting it in your calendar") is a fault, not a close.
2. Evidence or it did not happen: every quote must be copied character for character from one line of the
   transcript (at most 30 words), and its timestamp must be that line's time in seconds. If you cannot quote it,
   set quote to null. Quotes that are not in the transcript are removed before the rep sees the report.
3. Key moments: 3 to 6 of them, in call order, both what went well (kind "positive") and what needs work (kind
   "needs_work"). For every needs_work moment give say_instead: the exact words the rep could have said instead,
   in one or two sentences. For positive moments say_instead is null.
4. Score strictly; do not be kind to be nice. Use the full 0-100 range for overall_score: 90+ is exceptional and
   rare, a typical practice call lands between 40 and 70, a call without real discovery cannot score above 50,
   and a call where the rep barely spoke scores below 20.
5. Score each skill in skill_scores from 1 to 5 against these anchors (2 and 4 lie between them). If the prospect
   raised no objection at all, score objection_handling 3.
{rubric}
6. tone_summary: two or three sentences on how the rep sounded, drawing on the emotion summary and the pace. The
   emotion summary's source is "prosody" (a voice model's 48 emotion scores, which run low: 0.3 is already clear)
   or "acoustic" (our measurements of loudness, pitch, pace and pauses, composites on the whole 0-1 scale, with a
   monotone flag); its "acoustic" part, when present, is always our own measurement.
7. strengths, areas_for_improvement and recommendations: at most 3 each, concrete and about this call.
   Recommendations are actions for the next call ("Ask what a lost deal costs before you mention price").
8. Write to the rep as "you". Plain English, no markdown.
9. When the brief has a SCORECARD section, grade every criterion in it, once, by its id, in criteria: for a
   yes_no criterion set met (true or false) and score null; for a scale_1_5 criterion set score (1 = not done,
   3 = done partly, 5 = done fully and well) and met null. Give a rationale of one or two sentences and a quote
   copied from the transcript as in rule 2 (null when there are no words to quote: an absence cannot be quoted).
   Judge what the transcript shows; use the evidence hint for what counts. When the brief has GOALS, judge each
   in goals by its number: met true, false, or null when the call does not show it either way. Without those
   sections leave criteria and goals empty."""

SYSTEM_PROMPT = _RULES.format(
    rubric='\n'.join(f'   - {skill}: 1 = {one} 3 = {three} 5 = {five}' for skill, (one, three, five) in RUBRIC.items())
)


def build_messages(facts: CallFacts) -> list[dict[str, str]]:
    """The chat messages for one call: the fixed instructions, then the call's facts and transcript."""
    return [
        {'role': 'system', 'content': SYSTEM_PROMPT},
        {'role': 'user', 'content': call_brief(facts)},
    ]


def call_brief(facts: CallFacts) -> str:
    persona = facts.persona
    spec = facts.scenario_spec
    prospect = (
        f'{persona.name}, {persona.job_title}{f" at {persona.company}" if persona.company else ""} '
        f'(difficulty {persona.difficulty}): {persona.summary or persona.personality}'
        if persona
        else 'an unknown prospect'
    )
    return '\n\n'.join(
        [
            f'PROSPECT: {prospect}',
            f'SCENARIO (what the rep sells, to whom): {scenario_text(spec) if spec else facts.scenario or "not given"}',
            *(scorecard_sections(spec) if spec else []),
            f'CALL LENGTH: {_clock(facts.duration_seconds) if facts.duration_seconds else "unknown"}',
            'FACTS (computed by code; do not recount or contradict them):\n' + json.dumps(_facts(facts), indent=1),
            "CODE'S READING (rules applied to the transcript; overrule with a reason in reading_overrides):\n"
            + json.dumps(code_reading(facts), indent=1),
            'TRANSCRIPT ([m:ss] seconds-from-start, Rep = the rep, Prospect = the AI prospect):\n'
            + transcript_text(facts),
        ]
    )


def scenario_text(spec: ScenarioSpec) -> str:
    parts = [spec.title, CALL_TYPE_LABELS[spec.call_type].lower() + ' call']
    if spec.product:
        parts.append(f'selling {spec.product}')
    if spec.value_props:
        parts.append('value: ' + '; '.join(spec.value_props))
    if spec.audience:
        parts.append(f'to {spec.audience}')
    return ' - '.join(parts)


def scorecard_sections(spec: ScenarioSpec) -> list[str]:
    """The goals and the scorecard for the model to judge (rule 9); weights and the pass mark stay with code."""
    sections = []
    if spec.goals:
        numbered = '\n'.join(f'{n}. {goal}' for n, goal in enumerate(spec.goals, start=1))
        sections.append(f'GOALS (judge each by its number, rule 9):\n{numbered}')
    if spec.criteria:
        criteria = [
            {'id': c.id, 'text': c.text, 'kind': c.kind, 'evidence_hint': c.evidence_hint} for c in spec.criteria
        ]
        sections.append('SCORECARD (grade every criterion by its id, rule 9):\n' + json.dumps(criteria, indent=1))
    return sections


def transcript_text(facts: CallFacts) -> str:
    lines = []
    for message in ordered_messages(facts.transcript.messages):
        speaker = 'Rep' if message.role == 'user' else 'Prospect'
        at = message.timestamp
        stamp = f'[{_clock(at)} = {at:g}s] ' if at is not None else ''
        lines.append(f'{stamp}{speaker}: {message.text}')
    return '\n'.join(lines) or '(no lines)'


def _facts(facts: CallFacts) -> dict[str, Any]:
    emotions = facts.emotions.model_dump(mode='json', exclude={'timeline'})  # per-line points add tokens, not facts
    return {'speech_metrics': facts.metrics.model_dump(mode='json'), 'emotion_summary': emotions}


def code_reading(facts: CallFacts) -> dict[str, Any]:
    """Code's reading of the call as the model is handed it (times are left out: the transcript has them)."""
    reading = facts.reading
    return {
        'outcome': reading.outcome.model_dump(mode='json', exclude={'asks'}),
        'objections': [o.model_dump(mode='json') for o in reading.objections],
        'discovery': reading.discovery.model_dump(mode='json', exclude={'target', 'score'}),
        'pressure_and_respect': reading.respect.model_dump(mode='json', exclude={'score'}),
    }


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f'{minutes}:{rest:02d}'
