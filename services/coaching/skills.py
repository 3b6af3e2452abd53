"""The five rubric skills read by rules, so the radar has points without a model.

Skill scores (1-5, the AI coach's rubric read by rules):
- opening: 1, plus one each for an introduction ("this is", "my name is", "I'm"), a reason for the call ("we help",
  "the reason", "calling about", "from"), a question in the rep's first two lines and a first line of at most 45 words.
- discovery: 1 + 4 x the questions component x (0.5 + 0.5 x the share of open questions), rounded.
- objection_handling: 3 when the prospect raised no objection; else 2 + 3 x the share of objections the rep answered
  with a question, rounded.
- next_step: 1 without an ask for a next step, 3 with one, 5 when it names a day or a time.
- delivery: 1 + 4 x the mean of the known pace, filler and monologue components, rounded (3 when none is known).
"""

import re
from collections.abc import Iterator

from services.coaching.report import ScoreComponent, SkillScores
from services.coaching.shared import rep_lines
from services.speech_metrics import SpeechMetrics
from services.transcript import TranscriptMessage
from services.words import count_words, questions_in

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
OBJECTION_RE = re.compile(
    r'\b(expensive|price|pricing|budget|cost|costs|not a priority|already have|send me|email me|'
    r'no time|bad timing|not interested|too busy|competitor)\b',
    re.IGNORECASE,
)


def rule_based_skills(
    messages: list[TranscriptMessage], metrics: SpeechMetrics, components: list[ScoreComponent]
) -> SkillScores:
    """The five rubric skills read by rules (see the module docstring)."""
    rep = list(rep_lines(messages))
    scores = {c.name: c.score for c in components}
    first_lines = ' '.join(m.text for m in rep[:2])
    opening = 1 + sum(
        (
            bool(rep and INTRODUCTION_RE.search(rep[0].text)),
            bool(rep and REASON_RE.search(rep[0].text)),
            bool(questions_in(first_lines)),
            bool(rep and count_words(rep[0].text) <= OPENING_MAX_WORDS),
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
