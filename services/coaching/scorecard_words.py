"""The scorecard and goals in words, the same on the report page and in the Markdown."""

from typing import Literal

from services.library.scorecard import CriterionResult, GoalResult, ScorecardResult

Tone = Literal['good', 'mixed', 'poor', 'waiting']
GRADED_BY = {'ai_coach': 'the AI coach', 'rule_based': 'the rule-based coach', 'needs_ai_coach': 'not graded yet'}


def result_text(result: CriterionResult) -> str:
    """'Yes', 'No', '4/5', or 'Needs the AI coach'."""
    if result.result is None:
        return 'Needs the AI coach'
    if result.kind == 'yes_no':
        return 'Yes' if result.result else 'No'
    return f'{int(result.result)}/5'


def result_tone(result: CriterionResult) -> Tone:
    if result.result is None:
        return 'waiting'
    if result.kind == 'yes_no':
        return 'good' if result.result else 'poor'
    score = int(result.result)
    return 'good' if score >= 4 else 'mixed' if score == 3 else 'poor'


def graded_by_text(result: CriterionResult) -> str:
    return GRADED_BY[result.graded_by]


def verdict(card: ScorecardResult) -> str:
    """'Passed', 'Not passed', or 'Waiting for the AI coach (2 of 6 criteria)'."""
    if card.passed is True:
        return 'Passed'
    if card.passed is False:
        return 'Not passed'
    waiting = sum(result.result is None for result in card.criteria)
    if not card.criteria:
        return 'No criteria to grade'
    return f'Waiting for the AI coach ({waiting} of {len(card.criteria)} criteria)'


def total_text(card: ScorecardResult) -> str:
    """'72.5 / 100, pass mark 80' (the total of the graded criteria; '—' when none is graded)."""
    total = '—' if card.total is None else f'{card.total:g}'
    return f'{total} / 100, pass mark {card.pass_mark}'


def goal_text(goal: GoalResult) -> str:
    return 'met' if goal.met is True else 'not met' if goal.met is False else 'not judged'
