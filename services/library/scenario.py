"""A practice scenario: what the rep sells, the kind of call, the goals shown to the rep, and the scorecard the call
is graded on (a weighted list of criteria with a pass mark)."""

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from services.library.prospect import MAX_ITEMS, Item, LongText, Model, Name, ShortText

CallType = Literal['cold_call', 'discovery', 'demo', 'objection_handling', 'negotiation', 'renewal']
CALL_TYPE_LABELS: dict[str, str] = {
    'cold_call': 'Cold call',
    'discovery': 'Discovery',
    'demo': 'Demo',
    'objection_handling': 'Objection handling',
    'negotiation': 'Negotiation',
    'renewal': 'Renewal',
}
CriterionKind = Literal['yes_no', 'scale_1_5']
MAX_CRITERIA = 20
MAX_GOALS = 10
DEFAULT_PASS_MARK = 80
CriterionId = Annotated[str, StringConstraints(pattern=r'^[a-z0-9][a-z0-9_-]{0,47}$')]


class Criterion(Model):
    id: CriterionId = Field(description='a short slug, unique in its scorecard')
    text: Item = Field(description='what the rep should do, as a question a grader answers')
    kind: CriterionKind = 'yes_no'
    weight: float = Field(default=1.0, gt=0, le=100, allow_inf_nan=False)
    evidence_hint: ShortText | None = Field(default=None, description='what counts as evidence')


class ScenarioSpec(Model):
    title: Name
    product: LongText = Field(default='', description='what the rep sells')
    value_props: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    audience: ShortText = Field(default='', description='to whom: the kind of buyer and company')
    call_type: CallType = 'discovery'
    persona_ids: list[Annotated[str, StringConstraints(max_length=64)]] = Field(
        default_factory=list, max_length=MAX_ITEMS, description='the prospects it suits (empty: any)'
    )
    goals: list[Item] = Field(default_factory=list, max_length=MAX_GOALS)
    criteria: list[Criterion] = Field(default_factory=list, max_length=MAX_CRITERIA)
    pass_mark: int = Field(default=DEFAULT_PASS_MARK, ge=0, le=100)
    time_limit_s: int | None = Field(default=None, ge=60, le=3_600)

    @model_validator(mode='after')
    def _unique_criteria(self) -> 'ScenarioSpec':
        seen: set[str] = set()
        for criterion in self.criteria:
            if criterion.id in seen:
                raise ValueError(f'criteria: the id {criterion.id!r} is used twice')
            seen.add(criterion.id)
        return self


def criterion_id(text: str, taken: set[str]) -> str:
    """A slug for a new criterion from its text, not in `taken`."""
    base = re.sub(r'[^a-z0-9]+', '_', text.lower()).strip('_')[:40] or 'criterion'
    slug, n = base, 2
    while slug in taken:
        slug, n = f'{base}_{n}', n + 1
    return slug
