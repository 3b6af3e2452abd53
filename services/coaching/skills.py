"""The five rubric skills read by rules, so the radar has points without a model.

Skill scores (1-5, the AI coach's rubric read by rules):
- opening: 1, plus one each for an introduction ("this is", "my name is", "I'm"), a reason for the call ("we help",
  "the reason", "calling about", "from"), a question in the rep's first two lines and a first line of at most 45 words.
- discovery: 1 + 4 x the discovery part (services/coaching/discovery.py), rounded.
- objection_handling: 3 when the prospect raised no objection; else 1 + 4 x the objections part, rounded.
- next_step: 5 for a step agreed with a day or time (4 when won with pressure), 3 accepted without one, 2 vague,
  1 declined or never asked.
- delivery: 1 + 4 x the delivery part (talk share, pace, fillers, monologue), rounded (3 when none is known).
"""

import re

from services.coaching.reading import CallReading
from services.coaching.report import ScoreComponent, SkillScores
from services.coaching.shared import rep_lines
from services.transcript import TranscriptMessage
from services.words import count_words, questions_in

INTRODUCTION_RE = re.compile(r"\b(this is|my name is|i'm|i am)\b", re.IGNORECASE)
REASON_RE = re.compile(r'\b(we help|the reason|calling about|calling because|from)\b', re.IGNORECASE)
OPENING_MAX_WORDS = 45
NEXT_STEP_SKILL = {'agreed': 5, 'accepted': 3, 'vague': 2, 'declined': 1, 'none': 1}


def opening_skill(messages: list[TranscriptMessage]) -> int:
    rep = list(rep_lines(messages))
    first_lines = ' '.join(m.text for m in rep[:2])
    return 1 + sum(
        (
            bool(rep and INTRODUCTION_RE.search(rep[0].text)),
            bool(rep and REASON_RE.search(rep[0].text)),
            bool(questions_in(first_lines)),
            bool(rep and count_words(rep[0].text) <= OPENING_MAX_WORDS),
        )
    )


def rule_based_skills(opening: int, reading: CallReading, components: list[ScoreComponent]) -> SkillScores:
    """The five rubric skills read by rules (see the module docstring)."""
    scores = {c.name: c.score for c in components}
    objections = scores.get('objections')
    delivery = scores.get('delivery')
    next_step = NEXT_STEP_SKILL[reading.outcome.kind]
    if reading.outcome.kind == 'agreed' and (scores.get('next_step') or 0.0) < 1.0:
        next_step = 4  # agreed, but under pressure
    return SkillScores(
        opening=opening,
        discovery=1 + round(4 * reading.discovery.score),
        objection_handling=3 if objections is None else 1 + round(4 * objections),
        next_step=next_step,
        delivery=3 if delivery is None else 1 + round(4 * delivery),
    )
