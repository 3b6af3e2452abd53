"""A call keeps the prospect and scenario it was practised on: editing or deleting them later changes nothing of it."""

import httpx
from sqlalchemy import select

from app.runtime import Runtime
from services.library.builtins import BUILTIN_PROSPECTS, BUILTIN_SCENARIOS
from services.models import User
from tests.factories import signup_and_login
from tests.support.library import (
    CALLS,
    PERSONAS,
    SCENARIOS,
    created,
    error_locs,
    fields,
    prospect_body,
    scenario_body,
)


async def test_a_call_keeps_the_prospect_and_scenario_it_was_practised_on(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    prospect = await created(client, PERSONAS, prospect_body(), rep)
    scenario = await created(client, SCENARIOS, scenario_body(persona_ids=[prospect['id']]), rep)
    started = await client.post(
        f'{CALLS}/', json={'persona_id': prospect['id'], 'scenario_id': scenario['id']}, headers=rep
    )
    assert started.status_code == 201, started.text
    call_id = started.json()['id']
    assert started.json()['persona'] == prospect['id'] and started.json()['scenario'] is None

    call = (await client.get(f'{CALLS}/{call_id}', headers=rep)).json()
    assert call['scenario_id'] == scenario['id']
    assert call['persona_snapshot'] == {
        'id': prospect['id'],
        'builtin': False,
        'profile': fields(prospect),
    }
    assert call['scenario_snapshot'] == {
        'id': scenario['id'],
        'builtin': False,
        'spec': fields(scenario),
    }

    await client.patch(f'{PERSONAS}/{prospect["id"]}', json={'name': 'Someone Else', 'pains': []}, headers=rep)
    await client.patch(f'{SCENARIOS}/{scenario["id"]}', json={'title': 'Another', 'criteria': []}, headers=rep)
    assert (await client.get(f'{CALLS}/{call_id}', headers=rep)).json() == call
    assert (await client.delete(f'{SCENARIOS}/{scenario["id"]}', headers=rep)).status_code == 204
    assert (await client.delete(f'{PERSONAS}/{prospect["id"]}', headers=rep)).status_code == 204
    assert (await client.get(f'{CALLS}/{call_id}', headers=rep)).json() == call
    # ... and a new call cannot use them any more.
    gone = await client.post(f'{CALLS}/', json={'persona_id': prospect['id']}, headers=rep)
    assert gone.status_code == 404 and gone.json()['detail'] == 'Prospect not found.'


async def test_the_old_body_and_the_builtins_keep_working(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    old = await client.post(
        f'{CALLS}/', json={'persona': 'skeptical_buyer', 'scenario': 'CRM to a factory'}, headers=rep
    )
    assert old.status_code == 201
    call = (await client.get(f'{CALLS}/{old.json()["id"]}', headers=rep)).json()
    assert call['persona'] == 'skeptical_buyer' and call['scenario'] == 'CRM to a factory'
    assert call['persona_snapshot'] == {
        'id': 'skeptical_buyer',
        'builtin': True,
        'profile': BUILTIN_PROSPECTS['skeptical_buyer'].model_dump(mode='json'),
    }
    assert call['scenario_snapshot'] is None and call['scenario_id'] is None

    new = await client.post(
        f'{CALLS}/', json={'persona_id': 'busy_executive', 'scenario_id': 'cybersecurity'}, headers=rep
    )
    assert new.status_code == 201
    call = (await client.get(f'{CALLS}/{new.json()["id"]}', headers=rep)).json()
    assert call['persona'] == 'busy_executive' and call['persona_snapshot']['builtin']
    assert call['scenario_id'] == 'cybersecurity'
    assert call['scenario_snapshot'] == {
        'id': 'cybersecurity',
        'builtin': True,
        'spec': BUILTIN_SCENARIOS['cybersecurity'].model_dump(mode='json'),
    }
    same = await client.post(
        f'{CALLS}/', json={'persona': 'busy_executive', 'persona_id': 'busy_executive'}, headers=rep
    )
    assert same.status_code == 201


async def test_a_call_with_an_unknown_or_missing_prospect_or_scenario_is_refused(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    for body, detail in (
        ({'persona_id': 'no-such-prospect'}, 'Prospect not found.'),
        ({'persona_id': 'busy_executive', 'scenario_id': 'no-such-scenario'}, 'Scenario not found.'),
    ):
        response = await client.post(f'{CALLS}/', json=body, headers=rep)
        assert response.status_code == 404 and response.json()['detail'] == detail
    for body, loc in (
        ({}, ['body', 'persona_id']),
        ({'scenario': 'CRM'}, ['body', 'persona_id']),
        ({'persona': 'busy_executive', 'persona_id': 'friendly_prospect'}, ['body', 'persona_id']),
        ({'persona_id': 'x' * 65}, ['body', 'persona_id']),
        ({'persona_id': 'busy_executive', 'scenario_id': 'x' * 65}, ['body', 'scenario_id']),
        ({'persona': 'no_such_builtin'}, ['body', 'persona']),
    ):
        response = await client.post(f'{CALLS}/', json=body, headers=rep)
        assert response.status_code == 422 and loc in error_locs(response), (body, response.text)
    assert (await client.get(f'{CALLS}/', headers=rep)).json()['count'] == 0


async def test_a_call_started_as_the_practice_page_does_keeps_the_builtins_snapshot(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    await signup_and_login(client)
    async with runtime.database.session() as session:
        user = await session.scalar(select(User))
    assert user is not None
    call = await runtime.new_call(owner_id=user.id, persona='friendly_prospect', scenario='You sell PipelinePro.')
    assert call.persona_snapshot == {
        'id': 'friendly_prospect',
        'builtin': True,
        'profile': BUILTIN_PROSPECTS['friendly_prospect'].model_dump(mode='json'),
    }
    assert call.scenario == 'You sell PipelinePro.' and call.scenario_snapshot is None and call.scenario_id is None
