"""Teams over the API: admins build them; a manager reads, read-only, the calls and reports of the reps in the teams
they manage; a manager of another team, another rep and a rep outside the team get "not found"."""

from typing import Any

import httpx

from tests.factories import completed_call, wait_for_report
from tests.support.org import TEAMS, USERS, an_org


async def test_an_admin_builds_teams_that_their_people_can_read(client: httpx.AsyncClient) -> None:
    org = await an_org(client)
    team = (await client.get(f'{TEAMS}/{org.team}', headers=org.manager)).json()
    assert team['name'] == 'Sales East' and team['leaderboard'] is True
    assert [(m['full_name'], m['role'], m['account_role']) for m in team['members']] == [
        ('Mia Manager', 'manager', 'manager'),
        ('Rory Rep', 'member', 'rep'),
    ]
    assert [t['name'] for t in (await client.get(TEAMS + '/', headers=org.rep)).json()] == ['Sales East']
    assert [t['name'] for t in (await client.get(TEAMS + '/', headers=org.admin)).json()] == [
        'Sales East',
        'Sales West',
    ]
    assert (await client.get(f'{TEAMS}/{org.team}', headers=org.other_rep)).status_code == 404
    assert (await client.get(f'{TEAMS}/{org.team}', headers=org.other_manager)).status_code == 404

    renamed = await client.patch(
        f'{TEAMS}/{org.team}', json={'name': 'Sales North', 'leaderboard': False}, headers=org.admin
    )
    assert (renamed.json()['name'], renamed.json()['leaderboard']) == ('Sales North', False)
    taken = await client.patch(f'{TEAMS}/{org.team}', json={'name': 'Sales West'}, headers=org.admin)
    assert taken.status_code == 409 and 'exists already' in taken.json()['detail']
    assert (await client.post(TEAMS + '/', json={'name': 'Sales West'}, headers=org.admin)).status_code == 409
    assert (await client.post(TEAMS + '/', json={'name': ''}, headers=org.admin)).status_code == 422


async def test_only_admins_change_teams_and_bad_members_change_nothing(client: httpx.AsyncClient) -> None:
    org = await an_org(client)
    members = f'{TEAMS}/{org.team}/members'
    for headers in (org.manager, org.rep):
        assert (await client.post(TEAMS + '/', json={'name': 'Mine'}, headers=headers)).status_code == 403
        assert (await client.put(f'{members}/{org.ids["olga"]}', json={}, headers=headers)).status_code == 403
        assert (await client.delete(f'{TEAMS}/{org.team}', headers=headers)).status_code == 403
    unknown = '00000000-0000-4000-8000-000000000000'
    assert (await client.put(f'{members}/{unknown}', json={}, headers=org.admin)).status_code == 404
    assert (
        await client.put(f'{TEAMS}/{unknown}/members/{org.ids["olga"]}', json={}, headers=org.admin)
    ).status_code == 404
    assert (
        await client.put(f'{members}/{org.ids["olga"]}', json={'role': 'boss'}, headers=org.admin)
    ).status_code == 422
    assert (await client.delete(f'{members}/{org.ids["olga"]}', headers=org.admin)).status_code == 404
    team = (await client.get(f'{TEAMS}/{org.team}', headers=org.admin)).json()
    assert len(team['members']) == 2  # nothing changed

    removed = await client.delete(f'{members}/{org.ids["rory"]}', headers=org.admin)
    assert [m['full_name'] for m in removed.json()['members']] == ['Mia Manager']
    assert (await client.delete(f'{TEAMS}/{org.other_team}', headers=org.admin)).status_code == 204
    assert (await client.get(f'{TEAMS}/{org.other_team}', headers=org.admin)).status_code == 404


async def test_an_admin_sets_a_users_teams_in_one_change_and_an_unknown_team_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    org = await an_org(client)
    olga = f'{USERS}/{org.ids["olga"]}'

    def roles(team: dict[str, Any]) -> dict[str, str]:
        return {m['full_name']: m['role'] for m in team['members']}

    unknown = '00000000-0000-4000-8000-000000000000'
    bad = await client.patch(olga, json={'role': 'manager', 'team_ids': [org.team, unknown]}, headers=org.admin)
    assert bad.status_code == 422 and bad.json()['detail'][0]['loc'] == ['body', 'team_ids', 1]
    assert (await client.get(f'{USERS}/?q=olga', headers=org.admin)).json()['data'][0]['role'] == 'rep'
    assert (await client.patch(olga, json={'team_ids': [org.team]}, headers=org.manager)).status_code == 403
    for bad in (['sales-east'], [org.team] * 201, org.team):  # not an id, too many, not a list
        refused = await client.patch(olga, json={'team_ids': bad}, headers=org.admin)
        assert refused.status_code == 422 and refused.json()['detail'][0]['loc'][:2] == ['body', 'team_ids']
    assert 'Olga Outside' in roles((await client.get(f'{TEAMS}/{org.other_team}', headers=org.admin)).json())

    # Olga moves from Sales West to Sales East, and as a manager she manages it.
    moved = await client.patch(olga, json={'role': 'manager', 'team_ids': [org.team]}, headers=org.admin)
    assert moved.status_code == 200 and moved.json()['role'] == 'manager'
    east = (await client.get(f'{TEAMS}/{org.team}', headers=org.admin)).json()
    west = (await client.get(f'{TEAMS}/{org.other_team}', headers=org.admin)).json()
    assert roles(east) == {'Mia Manager': 'manager', 'Rory Rep': 'member', 'Olga Outside': 'manager'}
    assert roles(west) == {'Otto Other': 'manager'}
    # A membership kept keeps its role; an empty list takes the user out of every team.
    rory = f'{USERS}/{org.ids["rory"]}'
    assert (await client.patch(rory, json={'team_ids': [org.team, org.other_team]}, headers=org.admin)).is_success
    assert roles((await client.get(f'{TEAMS}/{org.other_team}', headers=org.admin)).json())['Rory Rep'] == 'member'
    assert (await client.patch(olga, json={'team_ids': []}, headers=org.admin)).is_success
    ana = f'{USERS}/{org.ids["ana"]}'  # an admin put in a team manages it, as an admin's invitation does
    assert (await client.patch(ana, json={'team_ids': [org.other_team]}, headers=org.admin)).is_success
    assert roles((await client.get(f'{TEAMS}/{org.other_team}', headers=org.admin)).json())['Ana Admin'] == 'manager'
    assert 'Olga Outside' not in roles((await client.get(f'{TEAMS}/{org.team}', headers=org.admin)).json())


async def test_a_manager_reads_the_calls_of_their_reps_and_nobody_elses(client: httpx.AsyncClient) -> None:
    org = await an_org(client)
    call_id = await completed_call(client, org.rep)
    assert (await client.post(f'/api/v1/calls/{call_id}/analyze', headers=org.rep)).status_code == 202
    assert (await wait_for_report(client, org.rep, call_id)).status_code == 200
    rory = org.ids['rory']

    listed = (await client.get('/api/v1/calls/', params={'user_id': rory}, headers=org.manager)).json()
    assert [c['id'] for c in listed['data']] == [call_id]
    assert (await client.get('/api/v1/calls/', headers=org.manager)).json()['count'] == 0  # their own: none
    assert (await client.get(f'/api/v1/calls/{call_id}', headers=org.manager)).status_code == 200
    assert (await client.get(f'/api/v1/calls/{call_id}/report', headers=org.manager)).status_code == 200
    assert (await client.get(f'/api/v1/calls/{call_id}', headers=org.admin)).status_code == 200
    # Read-only: the manager cannot change, analyse or delete the rep's call.
    assert (await client.delete(f'/api/v1/calls/{call_id}', headers=org.manager)).status_code == 404
    assert (await client.post(f'/api/v1/calls/{call_id}/analyze', headers=org.manager)).status_code == 404

    for outsider in (org.other_manager, org.other_rep):
        assert (await client.get(f'/api/v1/calls/{call_id}', headers=outsider)).status_code == 404
        assert (await client.get(f'/api/v1/calls/{call_id}/report', headers=outsider)).status_code == 404
        assert (await client.get('/api/v1/calls/', params={'user_id': rory}, headers=outsider)).status_code == 404

    # Out of the team, out of sight.
    await client.delete(f'{TEAMS}/{org.team}/members/{rory}', headers=org.admin)
    assert (await client.get(f'/api/v1/calls/{call_id}', headers=org.manager)).status_code == 404
