"""The library's shapes: what a prospect and a scenario may hold, and how a scorecard adds up."""

import pytest
from pydantic import ValidationError

from services.library.builtins import BUILTIN_PROSPECTS, BUILTIN_SCENARIOS
from services.library.prospect import ProspectProfile
from services.library.scenario import Criterion, ScenarioSpec, criterion_id
from services.library.scorecard import CriterionResult, points, scorecard_of
from services.library.snapshot import ProspectSnapshot, prospect_of_call, scenario_of_call


def error_fields(error: ValidationError) -> set[str]:
    return {'.'.join(str(part) for part in e['loc']) for e in error.errors()}


def test_the_builtins_are_valid_library_entries_with_their_fixed_ids() -> None:
    assert set(BUILTIN_PROSPECTS) == {'friendly_prospect', 'skeptical_buyer', 'busy_executive'}
    assert [p.difficulty for p in BUILTIN_PROSPECTS.values()] == ['easy', 'medium', 'hard']
    for scenario in BUILTIN_SCENARIOS.values():
        assert scenario.goals and scenario.criteria and scenario.pass_mark == 80


@pytest.mark.parametrize(
    ('change', 'field'),
    [
        ({'name': '   '}, 'name'),
        ({'name': 'x' * 81}, 'name'),
        ({'objections': ['an objection'] * 21}, 'objections'),
        ({'behaviour': {'openness': 6}}, 'behaviour.openness'),
        ({'difficulty': 'brutal'}, 'difficulty'),
        ({'pains': ['nul \x00 in it']}, 'pains.0'),
        ({'favourite_colour': 'blue'}, 'favourite_colour'),
    ],
)
def test_a_bad_prospect_is_refused_naming_the_field(change: dict, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ProspectProfile.model_validate({'name': 'Sam Ortiz', 'job_title': 'CFO', **change})
    assert field in error_fields(refused.value)


@pytest.mark.parametrize(
    ('change', 'field'),
    [
        ({'criteria': [{'id': f'c{i}', 'text': 'Did they?'} for i in range(21)]}, 'criteria'),
        ({'criteria': [{'id': 'a', 'text': 'Did they?', 'weight': 0}]}, 'criteria.0.weight'),
        ({'criteria': [{'id': 'a', 'text': 'Did they?', 'kind': 'open'}]}, 'criteria.0.kind'),
        ({'criteria': [{'id': 'a', 'text': 'One?'}, {'id': 'a', 'text': 'Two?'}]}, ''),
        ({'pass_mark': 101}, 'pass_mark'),
        ({'time_limit_s': 10}, 'time_limit_s'),
        ({'call_type': 'webinar'}, 'call_type'),
    ],
)
def test_a_bad_scenario_is_refused_naming_the_field(change: dict, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ScenarioSpec.model_validate({'title': 'Renewal at risk', **change})
    assert field in error_fields(refused.value) or (not field and 'used twice' in str(refused.value))


def result(kind: str, value: bool | int | None, weight: float = 1.0) -> CriterionResult:
    graded_by = 'needs_ai_coach' if value is None else 'rule_based'
    return CriterionResult(id='x', text='?', kind=kind, weight=weight, result=value, graded_by=graded_by)  # type: ignore[arg-type]


def test_the_total_is_the_weighted_mean_of_the_graded_criteria() -> None:
    assert [points('scale_1_5', n) for n in range(1, 6)] == [0, 25, 50, 75, 100]
    card = scorecard_of([result('yes_no', True, 2), result('scale_1_5', 3, 1), result('yes_no', False, 1)], 60)
    assert card.total == 62.5 and card.passed is True  # (2*100 + 50 + 0) / 4
    card = scorecard_of([result('yes_no', True, 1), result('yes_no', None, 3)], 60)
    assert card.total == 100 and card.passed is None  # a criterion left for the AI coach could still fail it
    assert scorecard_of([result('yes_no', None)], 80).total is None


def test_a_call_keeps_its_snapshot_and_an_old_call_falls_back_to_the_builtin() -> None:
    custom = ProspectProfile(name='Sam Ortiz', job_title='CFO')
    snapshot = ProspectSnapshot(id='0b4c', builtin=False, profile=custom).model_dump()
    assert prospect_of_call('0b4c', snapshot) == custom
    assert prospect_of_call('skeptical_buyer', None) == BUILTIN_PROSPECTS['skeptical_buyer']
    assert prospect_of_call('gone', None) is None
    assert scenario_of_call(None) is None


def test_a_new_criterion_gets_a_free_slug() -> None:
    assert criterion_id('Asked about budget?', set()) == 'asked_about_budget'
    assert criterion_id('Asked about budget?', {'asked_about_budget'}) == 'asked_about_budget_2'
    assert Criterion(id=criterion_id('!!!', set()), text='?').id == 'criterion'
