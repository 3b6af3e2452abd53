"""The AI coach's grading of a scenario's scorecard and goals, checked by code.

The model grades every criterion (met or not for a yes/no one, 1-5 for a scale one) with a rationale and a quote,
and says of every goal whether it was met. Code then:
- looks each quote up in the transcript (`quotes.find_quote`: case, spacing and quote marks ignored) and keeps the
  transcript's own words; a quote nobody said keeps its grade, loses the quote and is flagged `quote_missing`;
- takes a criterion the model skipped (or answered in the wrong kind: a 1-5 for a yes/no) from the rule-based
  grading when the rules read it, else leaves it "needs the AI coach" (the scorecard then has no pass or fail);
- computes the weighted total and pass / not passed (`scorecard_of`): the model's own arithmetic is never asked for.
"""

from collections.abc import Sequence

from pydantic import BaseModel, Field

from services.coaching.quotes import find_quote, searchable_lines
from services.coaching.scorecard_rules import Grading
from services.library.scenario import Criterion, ScenarioSpec
from services.library.scorecard import CriterionResult, GoalResult, scorecard_of, ungraded
from services.text import make_storable
from services.transcript import TranscriptMessage

MAX_RATIONALE = 600
SKIPPED = 'The AI coach did not grade this criterion; "Analyse again" asks it again.'


class CriterionGrade(BaseModel):
    """The model's grade of one criterion, named by its id."""

    id: str
    met: bool | None = Field(description='yes_no criteria: met or not; null for scale_1_5 criteria')
    score: int | None = Field(ge=1, le=5, description='scale_1_5 criteria: 1-5; null for yes_no criteria')
    rationale: str
    quote: str | None = Field(description='words copied from one transcript line, or null')


class GoalGrade(BaseModel):
    """The model's judgement of one goal, named by its number in the list (1 for the first)."""

    number: int
    met: bool | None = Field(description='null when the call does not show it either way')


def graded_by_model(
    spec: ScenarioSpec,
    *,
    criteria: Sequence[CriterionGrade],
    goals: Sequence[GoalGrade],
    messages: Sequence[TranscriptMessage],
    rules: Grading,
) -> Grading:
    """The scorecard and goals from the model's grades, each checked (see the module's docstring); `rules` is the
    rule-based grading of the same call, for what the model skipped."""
    lines = searchable_lines(messages)
    by_id: dict[str, CriterionGrade] = {}
    for given in criteria:
        by_id.setdefault(given.id.strip(), given)  # a criterion graded twice: the first grade counts
    ruled = {result.id: result for result in rules.scorecard.criteria}
    results: list[CriterionResult] = []
    for criterion in spec.criteria:
        grade = by_id.get(criterion.id)
        result = None if grade is None else _result(criterion, grade)
        if grade is None or result is None:
            fallback = ruled.get(criterion.id)
            skipped = fallback is None or fallback.result is None
            results.append(ungraded(criterion, SKIPPED) if skipped or fallback is None else fallback)
            continue
        quote, missing = None, False
        if grade.quote and grade.quote.strip():
            found = find_quote(grade.quote, None, lines)
            quote, missing = (found[0], False) if found else (None, True)
        results.append(
            CriterionResult(
                id=criterion.id,
                text=criterion.text,
                kind=criterion.kind,
                weight=criterion.weight,
                result=result,
                rationale=_clean(grade.rationale),
                quote=quote,
                quote_missing=missing,
                graded_by='ai_coach',
            )
        )
    judged = {grade.number: grade.met for grade in goals}
    goal_results = [
        GoalResult(text=goal, met=judged[n] if n in judged else rules.goals[n - 1].met)
        for n, goal in enumerate(spec.goals, start=1)
    ]
    return Grading(scorecard=scorecard_of(results, spec.pass_mark), goals=goal_results)


def _result(criterion: Criterion, grade: CriterionGrade) -> bool | int | None:
    """The grade in the criterion's kind; None when the model gave none of that kind."""
    if criterion.kind == 'yes_no':
        return grade.met
    return grade.score


def _clean(text: str) -> str:
    text = make_storable(text).strip()
    return text if len(text) <= MAX_RATIONALE else text[: MAX_RATIONALE - 1].rstrip() + '…'
