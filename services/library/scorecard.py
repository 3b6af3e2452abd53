"""A call graded against its scenario: each criterion's result with its evidence, the weighted total, pass or not,
and the goals met. The shapes are the report's (`scorecard`, `goals`); the grading itself is the coaches'."""

from typing import Literal

from pydantic import BaseModel, Field

from services.library.scenario import Criterion, CriterionKind

GradedBy = Literal['ai_coach', 'rule_based', 'needs_ai_coach']


class CriterionResult(BaseModel):
    id: str
    text: str
    kind: CriterionKind
    weight: float
    # yes_no: True / False; scale_1_5: 1..5; None: not graded (graded_by 'needs_ai_coach').
    result: bool | int | None
    rationale: str = ''
    quote: str | None = Field(default=None, description='the rep or prospect words it rests on, as said')
    quote_missing: bool = Field(default=False, description='the grader quoted words that were never said')
    graded_by: GradedBy


class ScorecardResult(BaseModel):
    criteria: list[CriterionResult]
    total: float | None = Field(description='0-100, the weighted mean of the graded criteria; None: none graded')
    pass_mark: int
    passed: bool | None = Field(description='None while criteria wait for the AI coach')


class GoalResult(BaseModel):
    text: str
    met: bool | None = Field(description='None: the coach could not tell')


def points(kind: CriterionKind, result: bool | int | None) -> float | None:
    """A result on 0-100: yes 100, no 0; a 1-5 result (result - 1) x 25."""
    if result is None:
        return None
    if kind == 'yes_no':
        return 100.0 if result else 0.0
    return (int(result) - 1) * 25.0


def total_of(results: list[CriterionResult]) -> float | None:
    graded = [(r.weight, p) for r in results if (p := points(r.kind, r.result)) is not None]
    weight = sum(w for w, _ in graded)
    return round(sum(w * p for w, p in graded) / weight, 1) if weight else None


def scorecard_of(results: list[CriterionResult], pass_mark: int) -> ScorecardResult:
    """The scorecard: a pass needs every criterion graded (one left for the AI coach could still fail it)."""
    total = total_of(results)
    complete = all(r.result is not None for r in results)
    passed = None if total is None or not complete else total >= pass_mark
    return ScorecardResult(criteria=results, total=total, pass_mark=pass_mark, passed=passed)


def ungraded(criterion: Criterion, reason: str) -> CriterionResult:
    return CriterionResult(
        id=criterion.id,
        text=criterion.text,
        kind=criterion.kind,
        weight=criterion.weight,
        result=None,
        rationale=reason,
        graded_by='needs_ai_coach',
    )
