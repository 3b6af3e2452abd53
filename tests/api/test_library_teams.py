"""Prospects and scenarios shared with a team: its members (and admins) use them, nobody else sees them; only a
manager of the team or an admin shares with it; a team's scenario names only prospects the whole team may use."""

import uuid

import httpx

from app.runtime import Runtime
from tests.support.library import CALLS, PERSONAS, SCENARIOS, created, error_locs, library_rows, prospect_body
from tests.support.library import scenario_body as a_scenario
from tests.support.org import TEAMS, Org, an_org


async def _team_prospect(client: httpx.AsyncClient, org: Org) -> dict[str, object]:
    body = prospect_body(name='Tess Team', visibility='team', team_id=org.team)
    return await created(client, PERSONAS, body, org.manager)


async def test_a_manager_shares_with_their_team_and_only_its_members_see_and_practise_it(
    client: httpx.AsyncClient,
) -> None:
    org = await an_org(client)
    prospect = await _team_prospect(client, org)
    assert prospect['visibility'] == 'team' and prospect['team_id'] == org.team and prospect['owned']
    body = a_scenario(persona_ids=[prospect['id'], 'busy_executive'], visibility='team', team_id=org.team)
    scenario = await created(client, SCENARIOS, body, org.manager)

    for path, entry in ((PERSONAS, prospect), (SCENARIOS, scenario)):
        for member in (org.rep, org.admin):
            seen = await client.get(f'{path}/{entry["id"]}', headers=member)
            assert seen.status_code == 200 and not seen.json()['owned'] and seen.json()['team_id'] == org.team
            assert entry['id'] in [e['id'] for e in (await client.get(f'{path}/', headers=member)).json()['data']]
        refused = await client.patch(f'{path}/{entry["id"]}', json={'visibility': 'private'}, headers=org.rep)
        assert refused.status_code == 403
        assert (await client.delete(f'{path}/{entry["id"]}', headers=org.rep)).status_code == 403
        for outsider in (org.other_rep, org.other_manager):
            assert (await client.get(f'{path}/{entry["id"]}', headers=outsider)).status_code == 404
            listed = (await client.get(f'{path}/', headers=outsider)).json()['data']
            assert entry['id'] not in [e['id'] for e in listed]

    practised = {'scenario_id': scenario['id'], 'persona_id': prospect['id']}
    call = await client.post(f'{CALLS}/', json=practised, headers=org.rep)
    assert call.status_code == 201, call.text
    assert call.json()['persona'] == prospect['id']
    for body in (
        practised,
        {'persona_id': prospect['id']},
        {'scenario_id': scenario['id'], 'persona': 'busy_executive'},
    ):
        assert (await client.post(f'{CALLS}/', json=body, headers=org.other_rep)).status_code == 404
    assert prospect['id'] in [p['id'] for p in (await client.get(f'{CALLS}/personas/list', headers=org.rep)).json()]

    # A rep who leaves the team no longer sees what was shared with it.
    left = await client.delete(f'{TEAMS}/{org.team}/members/{org.ids["rory"]}', headers=org.admin)
    assert left.status_code == 200
    assert (await client.get(f'{PERSONAS}/{prospect["id"]}', headers=org.rep)).status_code == 404


async def test_only_a_manager_of_the_team_or_an_admin_shares_with_it_and_a_refusal_saves_nothing(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    org = await an_org(client)
    for headers, team in ((org.rep, org.team), (org.other_manager, org.team), (org.manager, org.other_team)):
        refused = await client.post(
            f'{PERSONAS}/', json=prospect_body(visibility='team', team_id=team), headers=headers
        )
        assert refused.status_code == 403 and 'manager of the team' in refused.json()['detail']
    for body, problem in (
        (prospect_body(visibility='team', team_id=str(uuid.uuid4())), 'no team has this id'),
        (prospect_body(visibility='team'), 'name the team to share with'),
        (prospect_body(visibility='private', team_id=org.team), "only with visibility 'team'"),
        (prospect_body(visibility='team', team_id='sales-east'), 'UUID'),
    ):
        bad = await client.post(f'{PERSONAS}/', json=body, headers=org.manager)
        assert bad.status_code == 422 and error_locs(bad) == [['body', 'team_id']], bad.text
        assert problem in bad.json()['detail'][0]['msg']
    assert await library_rows(runtime) == (0, 0)

    shared = await created(client, PERSONAS, prospect_body(visibility='team', team_id=org.other_team), org.admin)
    assert shared['team_id'] == org.other_team
    assert (await client.get(f'{PERSONAS}/{shared["id"]}', headers=org.other_rep)).status_code == 200
    assert (await client.get(f'{PERSONAS}/{shared["id"]}', headers=org.rep)).status_code == 404


async def test_a_team_scenario_names_only_prospects_the_whole_team_may_use(client: httpx.AsyncClient) -> None:
    org = await an_org(client)
    private = await created(client, PERSONAS, prospect_body(name='Pia Private'), org.manager)
    west = await created(
        client, PERSONAS, prospect_body(name='Wes West', visibility='team', team_id=org.other_team), org.admin
    )
    team_prospect = await _team_prospect(client, org)
    for named in (private['id'], west['id']):
        body = a_scenario(persona_ids=['friendly_prospect', named], visibility='team', team_id=org.team)
        refused = await client.post(f'{SCENARIOS}/', json=body, headers=org.manager)
        assert refused.status_code == 422 and error_locs(refused) == [['body', 'persona_ids', 1]]
        assert 'with that team' in refused.json()['detail'][0]['msg']

    # Sharing a private scenario with the team checks every prospect it names, and a refusal changes nothing.
    draft = await created(client, SCENARIOS, a_scenario(persona_ids=[private['id']]), org.manager)
    publish = await client.patch(f'{SCENARIOS}/{draft["id"]}', json={'team_id': org.team}, headers=org.manager)
    assert publish.status_code == 422 and error_locs(publish) == [['body', 'persona_ids', 0]]
    assert (await client.get(f'{SCENARIOS}/{draft["id"]}', headers=org.manager)).json()['visibility'] == 'private'
    fixed = await client.patch(
        f'{SCENARIOS}/{draft["id"]}',
        json={'persona_ids': [team_prospect['id']], 'team_id': org.team},
        headers=org.manager,
    )
    assert fixed.status_code == 200 and fixed.json()['visibility'] == 'team' and fixed.json()['team_id'] == org.team
    assert (await client.get(f'{SCENARIOS}/{draft["id"]}', headers=org.rep)).status_code == 200

    # Taking the share back: private again, and the team no longer sees it.
    back = await client.patch(f'{SCENARIOS}/{draft["id"]}', json={'visibility': 'private'}, headers=org.manager)
    assert back.status_code == 200 and back.json()['team_id'] is None
    assert (await client.get(f'{SCENARIOS}/{draft["id"]}', headers=org.rep)).status_code == 404


async def test_deleting_a_team_gives_its_entries_back_to_their_authors(client: httpx.AsyncClient) -> None:
    org = await an_org(client)
    prospect = await _team_prospect(client, org)
    assert (await client.delete(f'{TEAMS}/{org.team}', headers=org.admin)).status_code == 204
    mine = (await client.get(f'{PERSONAS}/{prospect["id"]}', headers=org.manager)).json()
    assert mine['visibility'] == 'private' and mine['team_id'] is None
    assert (await client.get(f'{PERSONAS}/{prospect["id"]}', headers=org.rep)).status_code == 404
    assert (await client.get(f'{PERSONAS}/{prospect["id"]}', headers=org.admin)).status_code == 404


async def test_an_import_shares_with_a_team_and_the_export_says_which(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    org = await an_org(client)
    document = {'personas': [prospect_body(name='Ida Imported', visibility='team', team_id=org.team)]}
    refused = await client.post(f'{PERSONAS}/import', json=document, headers=org.other_manager)
    assert refused.status_code == 403 and await library_rows(runtime) == (0, 0)
    imported = await client.post(f'{PERSONAS}/import', json=document, headers=org.manager)
    assert imported.status_code == 201 and imported.json()['data'][0]['team_id'] == org.team
    exported = await client.get(f'{PERSONAS}/export', params={'format': 'json'}, headers=org.manager)
    assert exported.json()['personas'][0]['visibility'] == 'team'
    assert exported.json()['personas'][0]['team_id'] == org.team
    # A member's export of it is their own private copy-to-be: no sharing is written.
    theirs = (await client.get(f'{PERSONAS}/export', params={'format': 'json'}, headers=org.rep)).json()
    assert [e['name'] for e in theirs['personas']] == ['Ida Imported']
    assert 'visibility' not in theirs['personas'][0] and 'team_id' not in theirs['personas'][0]
