"""A call practised on a scenario is graded on its scorecard: the stored report and GET /calls/{id}/report carry
`scorecard` and `goals`; a call without a scenario snapshot (an old call, a free-text scenario) has neither."""

import uuid

import httpx

from app.runtime import Runtime
from services.coaching.ai_coach import CoachWithFallback
from services.library.builtins import BUILTIN_SCENARIOS
from services.library.snapshot import ScenarioSnapshot
from services.models import CallSession
from tests.coaches import model_coach
from tests.factories import API, completed_call, signup_and_login, wait_for_report
from tests.fake_openai import FakeOpenAI


async def practised_on_crm(runtime: Runtime, call_id: str) -> None:
    """Gives the call the snapshot that starting it on the built-in CRM scenario stores."""
    snapshot = ScenarioSnapshot(id='saas_crm', builtin=True, spec=BUILTIN_SCENARIOS['saas_crm'])
    async with runtime.database.session() as session:
        call = await session.get(CallSession, uuid.UUID(call_id))
        assert call is not None
        call.scenario_snapshot = snapshot.model_dump(mode='json')
        await session.commit()


async def test_the_rule_based_report_carries_the_scorecard_and_goals(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    headers = await signup_and_login(client)
    call_id = await completed_call(client, headers)
    await practised_on_crm(runtime, call_id)

    assert (await client.post(f'{API}/{call_id}/analyze', headers=headers)).status_code == 202
    report = (await wait_for_report(client, headers, call_id)).json()

    card = report['scorecard']
    assert set(card) >= {'criteria', 'total', 'pass_mark', 'passed'}
    assert card['pass_mark'] == 80
    assert card['passed'] is False and card['total'] < 80  # the short sample call never asks who decides
    assert [c['id'] for c in card['criteria']] == [c.id for c in BUILTIN_SCENARIOS['saas_crm'].criteria]
    for criterion in card['criteria']:
        assert set(criterion) >= {'id', 'text', 'kind', 'result', 'rationale', 'quote', 'graded_by'}
    graded_by = {c['id']: c['graded_by'] for c in card['criteria']}
    assert graded_by['next_step'] == 'rule_based' and graded_by['budget_timeline'] == 'rule_based'
    assert [g['text'] for g in report['goals']] == BUILTIN_SCENARIOS['saas_crm'].goals
    assert all(set(g) == {'text', 'met'} for g in report['goals'])


async def test_the_ai_coach_grades_the_whole_card(
    client: httpx.AsyncClient, runtime: Runtime, fake_openai: tuple[FakeOpenAI, str]
) -> None:
    _, base_url = fake_openai
    runtime.analysis.coach = CoachWithFallback(model_coach(base_url))
    headers = await signup_and_login(client)
    call_id = await completed_call(client, headers)
    await practised_on_crm(runtime, call_id)

    await client.post(f'{API}/{call_id}/analyze', headers=headers)
    report = (await wait_for_report(client, headers, call_id)).json()

    assert report['coach'] == 'openai:gpt-4o'
    assert report['scorecard']['total'] == 88.9 and report['scorecard']['passed'] is True
    assert {c['graded_by'] for c in report['scorecard']['criteria']} == {'ai_coach'}
    assert [g['met'] for g in report['goals']] == [True, True, True]


async def test_a_call_without_a_scenario_snapshot_has_no_scorecard(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await completed_call(client, headers)
    await client.post(f'{API}/{call_id}/analyze', headers=headers)
    report = (await wait_for_report(client, headers, call_id)).json()
    assert report['scorecard'] is None and report['goals'] is None
