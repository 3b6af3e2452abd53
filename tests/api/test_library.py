"""The library over the REST API: prospects (/personas/) and scenarios (/scenarios/), who sees and changes what, and
bad input."""

from typing import Any

import httpx
import pytest

from app.runtime import Runtime
from tests.factories import signup_and_login
from tests.support.library import (
    BUILTIN_PROSPECT_IDS,
    BUILTIN_SCENARIO_IDS,
    CALLS,
    PERSONAS,
    SCENARIOS,
    accounts,
    created,
    error_locs,
    library_rows,
    prospect_body,
    scenario_body,
)


async def test_the_builtins_are_listed_read_only_and_can_be_duplicated(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    for path, ids, first_title in (
        (PERSONAS, BUILTIN_PROSPECT_IDS, ('name', 'Jordan Lee')),
        (SCENARIOS, BUILTIN_SCENARIO_IDS, ('title', 'CRM software to a mid-size company')),
    ):
        listed = (await client.get(f'{path}/', headers=rep)).json()
        assert listed['count'] == 3 and [entry['id'] for entry in listed['data']] == ids
        assert all(entry['builtin'] and not entry['owned'] for entry in listed['data'])
        field, title = first_title
        builtin = await client.get(f'{path}/{ids[0]}', headers=rep)
        assert builtin.status_code == 200 and builtin.json()[field] == title
        assert builtin.json()['visibility'] == 'everyone' and builtin.json()['created_at'] is None

        refused = await client.patch(f'{path}/{ids[0]}', json={field: 'Mine now'}, headers=rep)
        assert refused.status_code == 403 and 'read-only' in refused.json()['detail']
        assert (await client.delete(f'{path}/{ids[0]}', headers=rep)).status_code == 403
        assert (await client.get(f'{path}/{ids[0]}', headers=rep)).json()[field] == title

        copy = await client.post(f'{path}/{ids[0]}/duplicate', headers=rep)
        assert copy.status_code == 201
        entry = copy.json()
        assert entry[field] == f'{title} (copy)' and entry['id'] not in ids
        assert not entry['builtin'] and entry['owned'] and entry['visibility'] == 'private'
        edited = await client.patch(f'{path}/{entry["id"]}', json={field: 'Mine now'}, headers=rep)
        assert edited.status_code == 200 and edited.json()[field] == 'Mine now'
        assert (await client.get(f'{path}/', headers=rep)).json()['count'] == 4


async def test_a_prospect_is_created_read_changed_and_deleted(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    entry = await created(client, PERSONAS, prospect_body(), rep)
    assert entry['name'] == 'Dana Whitfield' and entry['visibility'] == 'private' and entry['owned']
    assert entry['personality'] == '' and entry['voice'] == {'style': 'neutral', 'per_engine': {}}  # defaults
    read = (await client.get(f'{PERSONAS}/{entry["id"]}', headers=rep)).json()
    assert read == entry
    listed = (await client.get(f'{PERSONAS}/', headers=rep)).json()
    assert [e['id'] for e in listed['data']] == [*BUILTIN_PROSPECT_IDS, entry['id']]

    # A partial change: objects merge, lists are replaced, null puts a field back to its default.
    changed = await client.patch(
        f'{PERSONAS}/{entry["id"]}',
        json={'behaviour': {'openness': 5}, 'objections': ['Too expensive.'], 'company': None},
        headers=rep,
    )
    assert changed.status_code == 200, changed.text
    after = changed.json()
    assert after['behaviour'] == {'openness': 5, 'pushback': 5, 'trust_needed': 4}
    assert after['objections'] == ['Too expensive.'] and after['company'] == ''
    assert after['pains'] == entry['pains'] and after['created_at'] == entry['created_at']
    assert after['updated_at'] >= entry['updated_at']

    assert (await client.delete(f'{PERSONAS}/{entry["id"]}', headers=rep)).status_code == 204
    assert (await client.get(f'{PERSONAS}/{entry["id"]}', headers=rep)).status_code == 404
    assert (await client.delete(f'{PERSONAS}/{entry["id"]}', headers=rep)).status_code == 404


async def test_a_scenario_is_created_read_changed_and_deleted(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    prospect = await created(client, PERSONAS, prospect_body(), rep)
    entry = await created(client, SCENARIOS, scenario_body(persona_ids=['skeptical_buyer', prospect['id']]), rep)
    assert entry['persona_ids'] == ['skeptical_buyer', prospect['id']]
    assert entry['criteria'][0] == {
        'id': 'close_time',
        'text': 'Did the rep ask how long the close takes?',
        'kind': 'yes_no',
        'weight': 1.0,
        'evidence_hint': None,
    }
    assert entry['pass_mark'] == 70 and entry['time_limit_s'] == 600 and entry['call_type'] == 'cold_call'
    assert (await client.get(f'{SCENARIOS}/{entry["id"]}', headers=rep)).json() == entry

    changed = await client.patch(
        f'{SCENARIOS}/{entry["id"]}',
        json={'criteria': [{'id': 'demo', 'text': 'Was a demo booked?', 'weight': 3}], 'time_limit_s': None},
        headers=rep,
    )
    assert changed.status_code == 200, changed.text
    assert [c['id'] for c in changed.json()['criteria']] == ['demo'] and changed.json()['time_limit_s'] is None
    assert changed.json()['goals'] == entry['goals']

    assert (await client.delete(f'{SCENARIOS}/{entry["id"]}', headers=rep)).status_code == 204
    assert (await client.get(f'{SCENARIOS}/{entry["id"]}', headers=rep)).status_code == 404


async def test_another_reps_private_entries_are_not_found_anywhere(client: httpx.AsyncClient) -> None:
    users = await accounts(client)
    prospect = await created(client, PERSONAS, prospect_body(), users.rep)
    scenario = await created(client, SCENARIOS, scenario_body(persona_ids=[prospect['id']]), users.rep)
    unknown = (await client.get(f'{PERSONAS}/no-such-id', headers=users.other)).json()

    for path, entry, field in ((PERSONAS, prospect, 'name'), (SCENARIOS, scenario, 'title')):
        url = f'{path}/{entry["id"]}'
        for someone in (users.other, users.admin):  # an admin sees no rep's private entries either
            for method, target, body in (
                ('GET', url, None),
                ('PATCH', url, {field: 'Taken'}),
                ('DELETE', url, None),
                ('POST', f'{url}/duplicate', None),
            ):
                response = await client.request(method, target, json=body, headers=someone)
                assert response.status_code == 404, (method, target, response.text)
            listed = (await client.get(f'{path}/', headers=someone)).json()
            assert entry['id'] not in [e['id'] for e in listed['data']]
            exported = await client.get(f'{path}/export', params={'format': 'json'}, headers=someone)
            assert entry['id'] not in exported.text
        assert (await client.get(url, headers=users.rep)).json()[field] == entry[field]  # untouched
    assert (await client.get(f'{PERSONAS}/{prospect["id"]}', headers=users.other)).json() == unknown

    # Nor may it be used: in a call, or named by a scenario.
    for body in ({'persona_id': prospect['id']}, {'persona_id': 'busy_executive', 'scenario_id': scenario['id']}):
        response = await client.post(f'{CALLS}/', json=body, headers=users.other)
        assert response.status_code == 404, body
    naming = await client.post(f'{SCENARIOS}/', json=scenario_body(persona_ids=[prospect['id']]), headers=users.other)
    assert naming.status_code == 422 and ['body', 'persona_ids', 0] in error_locs(naming)

    # The calls' list of prospects: the built-ins and what this user may use.
    mine = (await client.get(f'{CALLS}/personas/list', headers=users.rep)).json()
    theirs = (await client.get(f'{CALLS}/personas/list', headers=users.other)).json()
    assert [p['id'] for p in mine] == [*BUILTIN_PROSPECT_IDS, prospect['id']]
    assert mine[-1] == {
        'id': prospect['id'],
        'builtin': False,
        'name': 'Dana Whitfield',
        'title': 'Finance director',
        'description': '',
        'difficulty': 'hard',
        'objections': prospect['objections'],
    }
    assert [p['id'] for p in theirs] == BUILTIN_PROSPECT_IDS


async def test_only_an_admin_shares_with_everyone_and_only_the_author_changes_an_entry(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    users = await accounts(client)
    refused = await client.post(f'{PERSONAS}/', json=prospect_body(visibility='everyone'), headers=users.rep)
    assert refused.status_code == 403 and 'admin' in refused.json()['detail']
    own = await created(client, PERSONAS, prospect_body(), users.rep)
    publish = await client.patch(f'{PERSONAS}/{own["id"]}', json={'visibility': 'everyone'}, headers=users.rep)
    assert publish.status_code == 403
    assert (await client.get(f'{PERSONAS}/{own["id"]}', headers=users.rep)).json()['visibility'] == 'private'
    bad = await client.patch(f'{PERSONAS}/{own["id"]}', json={'visibility': 'friends'}, headers=users.rep)
    assert bad.status_code == 422 and error_locs(bad) == [['body', 'visibility']]
    assert await library_rows(runtime) == (1, 0)

    shared = await created(client, PERSONAS, prospect_body(name='Sam Shared', visibility='everyone'), users.admin)
    assert shared['visibility'] == 'everyone'
    for someone in (users.rep, users.other):
        seen = await client.get(f'{PERSONAS}/{shared["id"]}', headers=someone)
        assert seen.status_code == 200 and not seen.json()['owned']
        assert (
            await client.patch(f'{PERSONAS}/{shared["id"]}', json={'name': 'X'}, headers=someone)
        ).status_code == 403
        assert (await client.delete(f'{PERSONAS}/{shared["id"]}', headers=someone)).status_code == 403
    copy = await client.post(f'{PERSONAS}/{shared["id"]}/duplicate', headers=users.rep)
    assert copy.status_code == 201 and copy.json()['name'] == 'Sam Shared (copy)'
    assert copy.json()['visibility'] == 'private' and copy.json()['owned']
    call = await client.post(f'{CALLS}/', json={'persona_id': shared['id']}, headers=users.other)
    assert call.status_code == 201

    # A scenario shared with everyone names only prospects that everyone may use.
    private = await created(client, PERSONAS, prospect_body(name='Pat Private'), users.admin)
    hidden = scenario_body(persona_ids=['busy_executive', private['id']], visibility='everyone')
    refused_scenario = await client.post(f'{SCENARIOS}/', json=hidden, headers=users.admin)
    assert refused_scenario.status_code == 422 and error_locs(refused_scenario) == [['body', 'persona_ids', 1]]
    scenario = await created(
        client, SCENARIOS, scenario_body(persona_ids=[shared['id']], visibility='everyone'), users.admin
    )
    assert (await client.get(f'{SCENARIOS}/{scenario["id"]}', headers=users.other)).status_code == 200
    listed = (await client.get(f'{SCENARIOS}/', headers=users.other)).json()
    assert [e['id'] for e in listed['data']] == [*BUILTIN_SCENARIO_IDS, scenario['id']]
    # Making the scenario everyone's checks every prospect it names.
    draft = await created(client, SCENARIOS, scenario_body(persona_ids=[private['id']]), users.admin)
    publish = await client.patch(f'{SCENARIOS}/{draft["id"]}', json={'visibility': 'everyone'}, headers=users.admin)
    assert publish.status_code == 422 and error_locs(publish) == [['body', 'persona_ids', 0]]

    # Without a token the calls' list of prospects has the built-ins alone.
    assert [p['id'] for p in (await client.get(f'{CALLS}/personas/list')).json()] == BUILTIN_PROSPECT_IDS


async def test_a_copy_fits_the_longest_name_and_keeps_only_prospects_the_copier_may_use(
    client: httpx.AsyncClient,
) -> None:
    users = await accounts(client)
    long = await created(client, PERSONAS, prospect_body(name='N' * 80), users.rep)
    copy = (await client.post(f'{PERSONAS}/{long["id"]}/duplicate', headers=users.rep)).json()
    assert copy['name'] == 'N' * 73 + ' (copy)'
    shared = await created(client, PERSONAS, prospect_body(visibility='everyone'), users.admin)
    scenario = await created(
        client,
        SCENARIOS,
        scenario_body(persona_ids=['busy_executive', shared['id']], visibility='everyone'),
        users.admin,
    )
    # The admin hides the prospect again; the rep's copy of the scenario names what the rep may use.
    await client.patch(f'{PERSONAS}/{shared["id"]}', json={'visibility': 'private'}, headers=users.admin)
    copied = (await client.post(f'{SCENARIOS}/{scenario["id"]}/duplicate', headers=users.rep)).json()
    assert copied['persona_ids'] == ['busy_executive'] and copied['visibility'] == 'private'


PROSPECT_CASES: list[tuple[dict[str, Any], list[Any]]] = [
    ({'name': '   '}, ['body', 'name']),
    ({'name': 'x' * 81}, ['body', 'name']),
    ({'job_title': ''}, ['body', 'job_title']),
    ({'summary': 'x' * 2001}, ['body', 'summary']),
    ({'objections': ['An objection.'] * 21}, ['body', 'objections']),
    ({'pains': ['']}, ['body', 'pains', 0]),
    ({'behaviour': {'openness': 6}}, ['body', 'behaviour', 'openness']),
    ({'difficulty': 'brutal'}, ['body', 'difficulty']),
    ({'voice': {'style': 'robotic'}}, ['body', 'voice', 'style']),
    ({'opening_line': 'nul \x00'}, ['body', 'opening_line']),
    ({'favourite_colour': 'blue'}, ['body', '*']),  # an unknown field: refused, its name not echoed
]
SCENARIO_CASES: list[tuple[dict[str, Any], list[Any]]] = [
    ({'title': ''}, ['body', 'title']),
    ({'criteria': [{'id': f'c{i}', 'text': 'Did it?'} for i in range(21)]}, ['body', 'criteria']),
    ({'criteria': [{'id': 'c', 'text': 'Did it?', 'weight': 0}]}, ['body', 'criteria', 0, 'weight']),
    ({'criteria': [{'id': 'c', 'text': 'Did it?', 'weight': -2}]}, ['body', 'criteria', 0, 'weight']),
    ({'criteria': [{'id': 'c', 'text': 'Did it?', 'kind': 'scale_1_10'}]}, ['body', 'criteria', 0, 'kind']),
    ({'criteria': [{'id': 'c', 'text': ''}]}, ['body', 'criteria', 0, 'text']),
    ({'goals': ['A goal.'] * 11}, ['body', 'goals']),
    ({'value_props': ['A value.'] * 21}, ['body', 'value_props']),
    ({'call_type': 'cold_email'}, ['body', 'call_type']),
    ({'pass_mark': 101}, ['body', 'pass_mark']),
    ({'time_limit_s': 30}, ['body', 'time_limit_s']),
    ({'persona_ids': ['nobody']}, ['body', 'persona_ids', 0]),
]


async def test_bad_input_is_422_naming_the_field_and_nothing_is_saved(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rep = await signup_and_login(client)
    for path, body, cases in ((PERSONAS, prospect_body, PROSPECT_CASES), (SCENARIOS, scenario_body, SCENARIO_CASES)):
        for change, loc in cases:
            response = await client.post(f'{path}/', json=body(**change), headers=rep)
            assert response.status_code == 422, (change, response.text)
            assert loc in error_locs(response), (change, response.json())
        broken = await client.post(
            f'{path}/', content=b'{"name": "Dana", ', headers={**rep, 'Content-Type': 'application/json'}
        )
        assert broken.status_code == 422 and broken.json()['detail'][0]['type'] == 'json_invalid'
    assert await library_rows(runtime) == (0, 0)


async def test_a_bad_change_is_422_naming_the_field_and_changes_nothing(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    for path, body, cases in ((PERSONAS, prospect_body, PROSPECT_CASES), (SCENARIOS, scenario_body, SCENARIO_CASES)):
        entry = await created(client, path, body(), rep)
        for change, loc in cases:
            response = await client.patch(f'{path}/{entry["id"]}', json=change, headers=rep)
            assert response.status_code == 422, (change, response.text)
            assert loc in error_locs(response), (change, response.json())
        required = 'name' if path == PERSONAS else 'title'
        emptied = await client.patch(f'{path}/{entry["id"]}', json={required: None}, headers=rep)
        assert emptied.status_code == 422 and ['body', required] in error_locs(emptied)
        not_an_object = await client.patch(f'{path}/{entry["id"]}', json=['name'], headers=rep)
        assert not_an_object.status_code == 422
        assert (await client.get(f'{path}/{entry["id"]}', headers=rep)).json() == entry


@pytest.mark.parametrize('path', [PERSONAS, SCENARIOS])
async def test_the_library_needs_a_token(client: httpx.AsyncClient, path: str) -> None:
    for method, target in (
        ('GET', f'{path}/'),
        ('POST', f'{path}/'),
        ('GET', f'{path}/export'),
        ('POST', f'{path}/import'),
        ('GET', f'{path}/some-id'),
        ('PATCH', f'{path}/some-id'),
        ('DELETE', f'{path}/some-id'),
        ('POST', f'{path}/some-id/duplicate'),
    ):
        assert (await client.request(method, target)).status_code == 401, (method, target)
