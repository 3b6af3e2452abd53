"""Grading a call against its scenario's scorecard: the rule-based coach grades what its readings answer and leaves
the rest for the AI coach; the AI coach grades everything, and code checks its quotes and does the arithmetic."""

from statistics import mean
from typing import Any

import pytest

from services.coaching.facts import CallFacts
from services.coaching.prompt import PROMPT_VERSION
from services.coaching.rule_based import rule_based_report
from services.coaching.scorecard_ai import SKIPPED
from services.library.builtins import BUILTIN_SCENARIOS
from services.library.scenario import Criterion, ScenarioSpec
from services.library.scorecard import CriterionResult
from services.transcript import EmotionData, Transcript
from tests.coaches import model_coach
from tests.factories import message, sample_call_body
from tests.fake_openai import FakeOpenAI, Reply
from tests.labelled_calls import BLIND2_DIR, BLIND_DIR, HOLDOUT_DIR, MAIN_DIR, load_calls

CRM = BUILTIN_SCENARIOS['saas_crm']


def facts_of(body: dict[str, Any] | None = None, spec: ScenarioSpec | None = CRM) -> CallFacts:
    body = body or sample_call_body()
    return CallFacts.compute(
        persona_id='skeptical_buyer',
        scenario='CRM software',
        duration_seconds=body['duration_seconds'],
        transcript=Transcript.model_validate(body['transcript']),
        emotion_data=EmotionData.model_validate(body.get('emotion_data', {})),
        scenario_spec=spec,
    )


def spec_of(*criteria: Criterion, goals: tuple[str, ...] = (), pass_mark: int = 80) -> ScenarioSpec:
    return ScenarioSpec(title='Test', criteria=list(criteria), goals=list(goals), pass_mark=pass_mark)


def by_id(results: list[CriterionResult]) -> dict[str, CriterionResult]:
    return {result.id: result for result in results}


def said(quote: str, body: dict[str, Any]) -> bool:
    return any(quote in line['text'] for line in body['transcript']['messages'])


def call_body(*lines: tuple[str, str]) -> dict[str, Any]:
    messages = [message(role, text, i * 5.0, i * 5.0 + 4.0) for i, (role, text) in enumerate(lines)]
    return {'duration_seconds': len(lines) * 5.0, 'transcript': {'messages': messages}}


# --- the rule-based coach ---------------------------------------------------------------------------------------


def test_on_the_labelled_calls_great_calls_total_higher_than_average_and_poor_ones() -> None:
    totals: dict[tuple[str, str], list[float]] = {}
    for directory in (MAIN_DIR, HOLDOUT_DIR, BLIND_DIR, BLIND2_DIR):
        for call in load_calls(directory):
            facts = CallFacts.compute(
                persona_id=call.persona,
                scenario=call.scenario,
                duration_seconds=call.duration_seconds,
                transcript=call.transcript,
                emotion_data=EmotionData(),
                scenario_spec=CRM,
            )
            card = rule_based_report(facts).scorecard
            assert card is not None and card.total is not None
            totals.setdefault((call.persona, call.label), []).append(card.total)
            for result in card.criteria:
                if result.quote is not None:  # every quote is cut from what was said
                    assert any(result.quote in m.text for m in call.transcript.messages), result.quote
    by_label = {
        label: mean(t for (_, lab), values in totals.items() if lab == label for t in values)
        for label in ('great', 'average', 'poor')
    }
    assert by_label['great'] > by_label['average'] + 15 > by_label['poor'] + 15
    for persona in {p for p, _ in totals}:
        assert min(totals[persona, 'great']) > max(totals[persona, 'poor']), persona


def test_the_rules_grade_what_they_read_and_leave_the_rest_for_the_ai_coach() -> None:
    spec = spec_of(
        Criterion(id='step', text='Did the rep agree a next step?'),
        Criterion(id='dated', text='Did the rep agree a next step with a day and time?'),
        Criterion(id='cost', text='Did the rep ask what it costs them?'),
        Criterion(id='budget', text='Did the rep ask about budget or timeline?', weight=3),
        Criterion(id='objections', text='Did the rep explore objections?', kind='scale_1_5'),
        Criterion(id='tie', text="Did the rep tie the product to the prospect's pain?"),
        Criterion(id='story', text='Did the rep mention a customer story?'),
        Criterion(id='both', text='Did the rep ask who else decides before proposing a demo?'),
        Criterion(id='hinted', text='Discovery depth', evidence_hint='a question about who decides or signs'),
    )
    body = sample_call_body()
    report = rule_based_report(facts_of(body, spec))
    card = report.scorecard
    assert card is not None
    results = by_id(card.criteria)

    # "Send me a time." accepts the demo the rep asked for "next week": agreed with a day.
    assert results['step'].result is True and results['step'].graded_by == 'rule_based'
    assert results['step'].quote == 'Send me a time.'
    assert results['dated'].result is True
    assert results['cost'].result is True
    assert results['cost'].quote == 'What does a lost deal cost you in a typical quarter?'
    assert results['budget'].result is False and results['budget'].quote is None
    assert 'budget: none' in results['budget'].rationale
    # "too expensive" answered with a question about what a lost deal costs: explored.
    assert results['objections'].result == 5
    for criterion in ('tie', 'story', 'both'):
        assert results[criterion].result is None and results[criterion].graded_by == 'needs_ai_coach'
        assert 'needs the AI coach' in results[criterion].rationale
    # The hint names the reading when the text names none: no question about who decides.
    assert results['hinted'].result is False and results['hinted'].graded_by == 'rule_based'
    assert all(said(r.quote, body) for r in card.criteria if r.quote)
    # Weighted over the graded ones: (100 + 100 + 100 + 0 x 3 + 100 + 0) / 8; no pass while some wait.
    assert card.total == 50.0
    assert card.passed is None and card.pass_mark == 80


def test_the_rules_read_the_strict_next_step_talk_share_opening_and_pressure() -> None:
    body = call_body(
        ('user', "Hi Dana, this is Sam from RouteWise. I'm calling because late deliveries cost fleets a lot. "),
        ('assistant', 'Okay, go on, I have a few minutes for this.'),
        ('user', 'What happens today when a truck runs late?'),
        ('assistant', 'We find out when the customer calls us, which is embarrassing and it happens every week.'),
        ('user', 'Would you be open to a demo?'),
        ('assistant', 'Sure, send me something and we can talk.'),
    )
    spec = spec_of(
        Criterion(id='dated', text='Did the rep book a meeting with a specific date?'),
        Criterion(id='scale_step', text='How firm was the next step?', kind='scale_1_5', evidence_hint='a meeting'),
        Criterion(id='talk', text='Did the rep keep their talk share under 50%?'),
        Criterion(id='opening', text='Did the rep open the call with an introduction?', kind='scale_1_5'),
        Criterion(id='pressure', text='Did the rep avoid pressure?'),
        Criterion(id='pressure_other_way', text='Did the rep pressure the prospect?'),
        Criterion(id='no_objection', text='Did the rep handle objections?'),
        Criterion(id='open', text='Did the rep ask at least two open questions?'),
    )
    results = by_id(rule_based_report(facts_of(body, spec)).scorecard.criteria)  # type: ignore[union-attr]
    assert results['dated'].result is False
    assert results['scale_step'].graded_by == 'rule_based' and isinstance(results['scale_step'].result, int)
    assert results['talk'].result is True and 'of the words' in results['talk'].rationale
    assert results['opening'].result == 5 and results['opening'].quote is not None
    assert results['opening'].quote.startswith('Hi Dana, this is Sam')
    assert results['pressure'].result is True
    assert results['pressure_other_way'].graded_by == 'needs_ai_coach'
    assert results['no_objection'].graded_by == 'needs_ai_coach'
    assert 'no objection' in results['no_objection'].rationale
    assert results['open'].result is False and '(2 needed)' in results['open'].rationale


def test_the_rules_judge_a_goal_only_where_a_reading_answers_it() -> None:
    agreed = call_body(
        ('user', 'Hi Morgan, this is Sam from PipelinePro. Who else is involved in choosing a CRM?'),
        ('assistant', 'Priya signs anything over ten thousand, and the sales leads weigh in on tools.'),
        ('user', 'Could we book a 30 minute demo on Tuesday at ten with Priya?'),
        ('assistant', 'Tuesday at ten works, I will bring Priya.'),
    )
    goals = ('Book a 30-minute demo', 'Learn who else decides', 'Earn the right to ask questions', 'Find the budget')
    report = rule_based_report(facts_of(agreed, spec_of(goals=goals)))
    assert report.goals is not None
    assert [(g.text, g.met) for g in report.goals] == [
        ('Book a 30-minute demo', True),
        ('Learn who else decides', True),
        ('Earn the right to ask questions', None),
        ('Find the budget', None),  # not asked: the prospect may have said it unasked
    ]
    vague = call_body(('user', 'Could we book a demo next week?'), ('assistant', 'Just send me some information.'))
    report = rule_based_report(facts_of(vague, spec_of(goals=goals)))
    assert report.goals is not None and report.goals[0].met is False and report.goals[1].met is None
    assert report.scorecard is not None and report.scorecard.criteria == [] and report.scorecard.total is None


def test_a_call_without_a_scenario_has_no_scorecard() -> None:
    report = rule_based_report(facts_of(spec=None))
    assert report.scorecard is None and report.goals is None
    assert 'scorecard' in report.model_dump(mode='json')


# --- the AI coach -----------------------------------------------------------------------------------------------


async def test_the_ai_coach_grades_every_criterion_with_checked_quotes_and_code_does_the_sums(
    fake_openai: tuple[FakeOpenAI, str],
) -> None:
    server, base_url = fake_openai
    body = sample_call_body()

    report = await model_coach(base_url).write_report(facts_of(body))

    assert report.prompt_version == PROMPT_VERSION
    card = report.scorecard
    assert card is not None
    assert [r.id for r in card.criteria] == [c.id for c in CRM.criteria]
    assert all(r.graded_by == 'ai_coach' and not r.quote_missing for r in card.criteria)
    assert all(r.quote == 'Hi Morgan, this is Sam from' for r in card.criteria)
    # Yes = 100, a 4 of 5 = 75, by weight: opening 1, pain 2 (4/5), decision 1, budget 1, objections 2 (4/5), step 2.
    assert card.total == round((100 + 2 * 75 + 100 + 100 + 2 * 75 + 2 * 100) / 9, 1) == 88.9
    assert card.passed is True and card.pass_mark == 80
    assert report.goals is not None and [g.met for g in report.goals] == [True, True, True]
    assert [g.text for g in report.goals] == CRM.goals

    prompt, system = server.prompts[0], server.requests[0]['messages'][0]['content']
    assert 'SCORECARD (grade every criterion by its id, rule 9):' in prompt
    assert '"id": "decision_makers"' in prompt and 'a question about who decides, signs or weighs in' in prompt
    assert '1. Find out how deals are tracked today and what it costs the team' in prompt
    assert 'CRM software to a mid-size company - discovery call - selling PipelinePro' in prompt
    assert 'grade every criterion in it, once, by its id' in system
    schema = server.requests[0]['response_format']['json_schema']['schema']
    assert {'criteria', 'goals'} <= set(schema['properties'])


async def test_an_invented_quote_keeps_its_grade_and_is_flagged(fake_openai: tuple[FakeOpenAI, str]) -> None:
    server, base_url = fake_openai
    spec = spec_of(
        Criterion(id='budget', text='Did the rep ask about budget?'),
        Criterion(id='cost', text='Did the rep quantify the cost?', kind='scale_1_5', weight=3),
    )
    grades = [
        {'id': 'budget', 'met': False, 'score': None, 'rationale': 'No budget talk.', 'quote': 'What is your budget?'},
        {
            'id': 'cost',
            'met': None,
            'score': 3,
            'rationale': 'Asked, not quantified.',
            'quote': '“what does a lost deal COST you in a typical quarter”',
        },
    ]
    server.replies.append(Reply(changes={'criteria': grades, 'goals': []}))

    card = (await model_coach(base_url).write_report(facts_of(spec=spec))).scorecard

    assert card is not None
    budget, cost = card.criteria
    assert budget.result is False and budget.quote is None and budget.quote_missing
    assert budget.rationale == 'No budget talk.'
    assert cost.result == 3 and not cost.quote_missing
    assert cost.quote == 'What does a lost deal cost you in a typical quarter'  # the transcript's own words
    assert card.total == round((0 * 1 + 50 * 3) / 4, 1) == 37.5
    assert card.passed is False


@pytest.mark.parametrize(('pass_mark', 'passed'), [(67, True), (68, False)])
async def test_weights_and_the_pass_mark(fake_openai: tuple[FakeOpenAI, str], pass_mark: int, passed: bool) -> None:
    server, base_url = fake_openai
    spec = spec_of(
        Criterion(id='a', text='First thing?', weight=3),
        Criterion(id='b', text='Second thing?', weight=2),
        Criterion(id='c', text='Third thing?', kind='scale_1_5', weight=5),
        pass_mark=pass_mark,
    )
    grades = [
        {'id': 'a', 'met': True, 'score': None, 'rationale': '', 'quote': None},
        {'id': 'b', 'met': False, 'score': None, 'rationale': '', 'quote': None},
        {'id': 'c', 'met': None, 'score': 4, 'rationale': '', 'quote': None},
    ]
    server.replies.append(Reply(changes={'criteria': grades}))
    card = (await model_coach(base_url).write_report(facts_of(spec=spec))).scorecard
    assert card is not None
    assert card.total == (3 * 100 + 2 * 0 + 5 * 75) / 10 == 67.5
    assert card.passed is passed


async def test_a_criterion_the_model_skipped_comes_from_the_rules_or_waits(fake_openai: tuple[FakeOpenAI, str]) -> None:
    server, base_url = fake_openai
    spec = spec_of(
        Criterion(id='step', text='Did the rep agree a next step?'),
        Criterion(id='story', text='Did the rep tell a customer story?'),
        Criterion(id='wrong_kind', text='How good was the story?', kind='scale_1_5'),
        Criterion(id='graded', text='Did the rep listen?'),
        goals=('Book a demo', 'Build rapport'),
    )
    grades = [
        {'id': 'graded', 'met': True, 'score': None, 'rationale': 'Yes.', 'quote': None},
        {'id': 'graded', 'met': False, 'score': None, 'rationale': 'A second grade.', 'quote': None},
        {'id': 'wrong_kind', 'met': True, 'score': None, 'rationale': 'A yes for a 1-5.', 'quote': None},
        {'id': 'unknown', 'met': True, 'score': None, 'rationale': 'Not on the card.', 'quote': None},
    ]
    server.replies.append(Reply(changes={'criteria': grades, 'goals': [{'number': 2, 'met': False}]}))

    report = await model_coach(base_url).write_report(facts_of(spec=spec))

    assert report.scorecard is not None
    results = by_id(report.scorecard.criteria)
    assert set(results) == {'step', 'story', 'wrong_kind', 'graded'}
    assert results['step'].graded_by == 'rule_based' and results['step'].result is True
    for skipped in ('story', 'wrong_kind'):
        assert results[skipped].graded_by == 'needs_ai_coach' and results[skipped].rationale == SKIPPED
    assert results['graded'].result is True and results['graded'].rationale == 'Yes.'
    assert report.scorecard.total == 100.0 and report.scorecard.passed is None
    # The goal the model skipped is the rules' ("Send me a time." to a demo "next week": agreed).
    assert report.goals is not None and [g.met for g in report.goals] == [True, False]


async def test_without_a_scenario_the_model_is_asked_for_no_scorecard(fake_openai: tuple[FakeOpenAI, str]) -> None:
    server, base_url = fake_openai
    report = await model_coach(base_url).write_report(facts_of(spec=None))
    assert report.scorecard is None and report.goals is None
    assert 'SCORECARD' not in server.prompts[0] and 'GOALS' not in server.prompts[0]
