"""Who may do what, over every route of the API, as a table: for an admin, the manager of the rep's team, a manager
of another team, the rep, another rep and an anonymous client. Each cell is the status the route must answer.

A cell marked OK is the work of that role and is exercised by the route's own tests (its effects are checked
there); here the cells that must refuse are tried, with bodies that are otherwise valid, and then the resources
are checked unchanged. Read-only routes are tried for every role. A route of the API missing from the table fails
the test, so a new route cannot ship without its rules."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from tests.factories import completed_call, wait_for_report
from tests.support.org import build_team, sign_up_people

ACTORS = ('admin', 'manager', 'other_manager', 'rep', 'other_rep', 'anonymous')
OK = 0  # allowed: done by the route's own tests, not here (it would change what the other cells rely on)
R = 200  # allowed and read-only: tried here
DUE = (datetime.now(UTC) + timedelta(days=5)).isoformat()


@dataclass
class Org:
    headers: dict[str, dict[str, str]]
    ids: dict[str, str]
    team: str
    other_team: str
    call: str
    assignment: str
    invitation: str
    persona: str
    scenario: str
    team_persona: str  # the manager's, shared with the team
    team_scenario: str


async def an_org(client: httpx.AsyncClient) -> Org:
    people = await sign_up_people(client, {actor: actor.replace('_', ' ').title() for actor in ACTORS[:5]})
    headers = {**people.headers, 'anonymous': {}}
    ids = people.ids
    team = await build_team(client, people, 'A', manager='manager', reps=['rep'])
    other_team = await build_team(client, people, 'B', manager='other_manager', reps=['other_rep'])
    call = await completed_call(client, headers['rep'])
    await client.post(f'/api/v1/calls/{call}/analyze', headers=headers['rep'])
    assert (await wait_for_report(client, headers['rep'], call)).status_code == 200
    assignment = await client.post(
        '/api/v1/assignments/',
        json={'scenario_id': 'saas_crm', 'team_id': team, 'due_at': DUE},
        headers=headers['manager'],
    )
    invitation = await client.post('/api/v1/invitations/', json={'team_ids': [team]}, headers=headers['manager'])
    persona = await client.post('/api/v1/personas/', json={'name': 'Pat', 'job_title': 'CFO'}, headers=headers['rep'])
    scenario = await client.post('/api/v1/scenarios/', json={'title': 'Mine'}, headers=headers['rep'])
    shared = {'visibility': 'team', 'team_id': team}
    team_persona = await client.post(
        '/api/v1/personas/', json={'name': 'Tess', 'job_title': 'COO', **shared}, headers=headers['manager']
    )
    team_scenario = await client.post(
        '/api/v1/scenarios/', json={'title': 'Ours', **shared}, headers=headers['manager']
    )
    return Org(
        headers=headers,
        ids=ids,
        team=team,
        other_team=other_team,
        call=call,
        assignment=assignment.json()['id'],
        invitation=invitation.json()['id'],
        persona=persona.json()['id'],
        scenario=scenario.json()['id'],
        team_persona=team_persona.json()['id'],
        team_scenario=team_scenario.json()['id'],
    )


def rules(org: Org) -> list[tuple[str, str, dict[str, Any] | None, dict[str, int]]]:
    """(method, path, JSON body, the status per actor) for every operation of the API."""
    c, t, a, p, s = org.call, org.team, org.assignment, org.persona, org.scenario
    rep_id = org.ids['rep']
    anyone = dict.fromkeys(ACTORS[:5], R)
    signed_in_only = {**anyone, 'anonymous': 401}
    admins = {'admin': OK, 'manager': 403, 'other_manager': 403, 'rep': 403, 'other_rep': 403, 'anonymous': 401}
    owner = {'admin': 404, 'manager': 404, 'other_manager': 404, 'rep': OK, 'other_rep': 404, 'anonymous': 401}
    reviewers_read = {'admin': R, 'manager': R, 'other_manager': 404, 'rep': R, 'other_rep': 404, 'anonymous': 401}
    managers_of_team = {'admin': R, 'manager': R, 'other_manager': 404, 'rep': 403, 'other_rep': 404, 'anonymous': 401}
    inviters = {'admin': OK, 'manager': OK, 'other_manager': OK, 'rep': 403, 'other_rep': 403, 'anonymous': 401}
    private_entry = {'admin': 404, 'manager': 404, 'other_manager': 404, 'rep': R, 'other_rep': 404, 'anonymous': 401}
    private_change = {**private_entry, 'rep': OK}
    team_entry = {'admin': R, 'manager': R, 'other_manager': 404, 'rep': R, 'other_rep': 404, 'anonymous': 401}
    team_change = {**team_entry, 'admin': 403, 'manager': OK, 'rep': 403}
    tp, ts = org.team_persona, org.team_scenario
    nobody = '00000000-0000-4000-8000-000000000000'
    return [
        ('POST', '/api/v1/login/access-token', None, dict.fromkeys(ACTORS, OK)),
        ('POST', '/api/v1/users/signup', None, dict.fromkeys(ACTORS, OK)),
        ('GET', '/api/v1/users/me', None, signed_in_only),
        ('PATCH', '/api/v1/users/me', {'full_name': 'Same'}, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        (
            'POST',
            '/api/v1/users/me/password',
            {'current_password': 'x', 'new_password': 'y' * 12},
            {**dict.fromkeys(ACTORS, OK), 'anonymous': 401},
        ),
        ('GET', '/api/v1/users/', None, {**admins, 'admin': R}),
        ('PATCH', f'/api/v1/users/{rep_id}', {'role': 'admin'}, admins),
        ('POST', f'/api/v1/users/{rep_id}/reset-link', None, admins),
        ('GET', '/api/v1/teams/', None, signed_in_only),
        ('POST', '/api/v1/teams/', {'name': 'C'}, admins),
        ('GET', f'/api/v1/teams/{t}', None, {**reviewers_read, 'other_rep': 404}),
        ('PATCH', f'/api/v1/teams/{t}', {'name': 'A2'}, {**managers_of_team, 'admin': OK, 'manager': 403}),
        ('PATCH', f'/api/v1/teams/{t}', {'leaderboard': True}, {**managers_of_team, 'admin': OK, 'manager': OK}),
        ('DELETE', f'/api/v1/teams/{t}', None, admins),
        ('GET', f'/api/v1/teams/{t}/summary', None, managers_of_team),
        ('GET', f'/api/v1/teams/{t}/summary.csv', None, managers_of_team),
        (
            'PUT',
            f'/api/v1/teams/{t}/members/{org.ids["other_rep"]}',
            {'role': 'member'},
            admins,
        ),
        ('DELETE', f'/api/v1/teams/{t}/members/{rep_id}', None, admins),
        (
            'POST',
            f'/api/v1/teams/{t}/certifications',
            {'user_id': rep_id, 'scenario_id': 'saas_crm'},
            {'admin': OK, 'manager': OK, 'other_manager': 404, 'rep': 403, 'other_rep': 404, 'anonymous': 401},
        ),
        ('GET', '/api/v1/invitations/', None, {**inviters, 'admin': R, 'manager': R, 'other_manager': R}),
        ('POST', '/api/v1/invitations/', {'role': 'rep', 'team_ids': [t]}, {**inviters, 'other_manager': 400}),
        ('DELETE', f'/api/v1/invitations/{org.invitation}', None, {**inviters, 'other_manager': 404}),
        ('GET', '/api/v1/assignments/', None, signed_in_only),
        (
            'POST',
            '/api/v1/assignments/',
            {'scenario_id': 'saas_crm', 'user_ids': [rep_id], 'due_at': DUE},
            {'admin': OK, 'manager': OK, 'other_manager': 404, 'rep': 403, 'other_rep': 403, 'anonymous': 401},
        ),
        ('GET', '/api/v1/assignments/mine', None, signed_in_only),
        ('GET', f'/api/v1/assignments/{a}', None, reviewers_read),
        (
            'PATCH',
            f'/api/v1/assignments/{a}',
            {'pass_mark': 10},
            {**reviewers_read, 'admin': OK, 'manager': OK, 'rep': 403},
        ),
        ('DELETE', f'/api/v1/assignments/{a}', None, {**reviewers_read, 'admin': OK, 'manager': OK, 'rep': 403}),
        ('GET', f'/api/v1/calls/{c}/comments', None, reviewers_read),
        (
            'POST',
            f'/api/v1/calls/{c}/comments',
            {'text': 'Hi.'},
            {**reviewers_read, 'admin': OK, 'manager': OK, 'rep': OK},
        ),
        (
            'POST',
            f'/api/v1/calls/{c}/override',
            {'score': 50, 'reason': 'x'},
            {**reviewers_read, 'admin': OK, 'manager': OK, 'rep': 403},
        ),
        ('GET', '/api/v1/notices/', None, signed_in_only),
        ('POST', '/api/v1/notices/read', None, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        ('POST', '/api/v1/password-reset/request', None, dict.fromkeys(ACTORS, OK)),
        ('POST', '/api/v1/password-reset/confirm', None, dict.fromkeys(ACTORS, OK)),
        ('GET', '/api/v1/calls/personas/list', None, dict.fromkeys(ACTORS, R)),
        ('GET', '/api/v1/calls/', None, signed_in_only),
        ('POST', '/api/v1/calls/', {'persona_id': p}, {**private_change, 'admin': 404}),
        ('GET', f'/api/v1/calls/{c}', None, reviewers_read),
        ('DELETE', f'/api/v1/calls/{c}', None, owner),
        ('POST', f'/api/v1/calls/{c}/complete', None, owner),
        ('POST', f'/api/v1/calls/{c}/analyze', None, owner),
        ('POST', f'/api/v1/calls/{c}/connect', None, owner),
        ('GET', f'/api/v1/calls/{c}/report', None, reviewers_read),
        ('GET', '/api/v1/personas/', None, signed_in_only),
        ('POST', '/api/v1/personas/', None, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        ('GET', '/api/v1/personas/export', None, signed_in_only),
        ('POST', '/api/v1/personas/import', None, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        ('GET', f'/api/v1/personas/{p}', None, private_entry),
        ('PATCH', f'/api/v1/personas/{p}', {'name': 'Pat 2'}, private_change),
        ('DELETE', f'/api/v1/personas/{p}', None, private_change),
        ('POST', f'/api/v1/personas/{p}/duplicate', None, private_change),
        ('GET', f'/api/v1/personas/{tp}', None, team_entry),
        ('PATCH', f'/api/v1/personas/{tp}', {'name': 'Tess 2'}, team_change),
        ('DELETE', f'/api/v1/personas/{tp}', None, team_change),
        ('GET', '/api/v1/scenarios/', None, signed_in_only),
        ('POST', '/api/v1/scenarios/', None, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        ('GET', '/api/v1/scenarios/export', None, signed_in_only),
        ('POST', '/api/v1/scenarios/import', None, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        ('GET', f'/api/v1/scenarios/{s}', None, private_entry),
        ('PATCH', f'/api/v1/scenarios/{s}', {'title': 'Mine 2'}, private_change),
        ('DELETE', f'/api/v1/scenarios/{s}', None, private_change),
        ('POST', f'/api/v1/scenarios/{s}/duplicate', None, private_change),
        ('GET', f'/api/v1/scenarios/{ts}', None, team_entry),
        ('PATCH', f'/api/v1/scenarios/{ts}', {'title': 'Ours 2'}, team_change),
        ('DELETE', f'/api/v1/scenarios/{ts}', None, team_change),
        ('POST', '/api/v1/personas/draft', None, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        ('POST', '/api/v1/scenarios/draft', None, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        ('GET', '/api/v1/hume/token', None, {**dict.fromkeys(ACTORS, OK), 'anonymous': 401}),
        ('GET', '/api/v1/engines', None, {**admins, 'admin': R}),
        ('POST', '/api/v1/engines/demo/test', None, admins),
        ('GET', '/healthz', None, dict.fromkeys(ACTORS, R)),
        ('GET', f'/api/v1/teams/{nobody}', None, {**dict.fromkeys(ACTORS, 404), 'anonymous': 401}),
    ]


def templates(app: FastAPI) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, ops in app.openapi()['paths'].items() for method in ops}


def template_of(path: str, org: Org) -> str:
    names = {
        org.call: '{call_id}',
        org.team: '{team_id}',
        org.assignment: '{assignment_id}',
        org.invitation: '{invitation_id}',
        org.ids['rep']: '{user_id}',
        org.ids['other_rep']: '{user_id}',
        '00000000-0000-4000-8000-000000000000': '{team_id}',
        'demo': '{name}',
    }
    parts = path.split('/')
    if len(parts) > 4 and parts[3] == 'personas' and parts[4] not in ('export', 'import', 'draft', ''):
        parts[4] = '{persona_id}'
    if len(parts) > 4 and parts[3] == 'scenarios' and parts[4] not in ('export', 'import', 'draft', ''):
        parts[4] = '{scenario_id}'
    return '/'.join(names.get(part, part) for part in parts)


async def test_every_route_refuses_whom_it_must_and_serves_whom_it_may(
    client: httpx.AsyncClient, api_app: FastAPI
) -> None:
    org = await an_org(client)
    table = rules(org)
    covered = {(method, template_of(path, org)) for method, path, _, _ in table}
    assert templates(api_app) - covered == set(), 'routes without access rules'

    failures = []
    for method, path, body, expected in table:
        for actor in ACTORS:
            code = expected[actor]
            if code == OK:
                continue
            response = await client.request(method, path, json=body, headers=org.headers[actor])
            if response.status_code != code:
                failures.append(f'{method} {path} as {actor}: {response.status_code}, expected {code}')
    assert failures == [], '\n'.join(failures)

    # Nothing the refused cells tried changed anything.
    rep, manager = org.headers['rep'], org.headers['manager']
    assert (await client.get(f'/api/v1/calls/{org.call}', headers=rep)).json()['override_score'] is None
    assert (await client.get(f'/api/v1/calls/{org.call}/comments', headers=rep)).json() == []
    assert (await client.get(f'/api/v1/personas/{org.persona}', headers=rep)).json()['name'] == 'Pat'
    assert (await client.get(f'/api/v1/scenarios/{org.scenario}', headers=rep)).json()['title'] == 'Mine'
    assert (await client.get(f'/api/v1/personas/{org.team_persona}', headers=rep)).json()['name'] == 'Tess'
    assert (await client.get(f'/api/v1/scenarios/{org.team_scenario}', headers=rep)).json()['title'] == 'Ours'
    assert (await client.get(f'/api/v1/teams/{org.team}', headers=manager)).json()['name'] == 'A'
    assert len((await client.get(f'/api/v1/teams/{org.team}', headers=manager)).json()['members']) == 2
    assert (await client.get(f'/api/v1/assignments/{org.assignment}', headers=manager)).json()['pass_mark'] == 80
    assert len((await client.get('/api/v1/invitations/', headers=manager)).json()) == 1
    me = (await client.get('/api/v1/users/me', headers=rep)).json()
    assert me['role'] == 'rep' and me['is_active'] is True
    assert (await client.get('/api/v1/users/', headers=org.headers['admin'])).json()['count'] == 5


def test_the_openapi_docs_describe_every_route(api_app: FastAPI) -> None:
    undescribed = [
        f'{method.upper()} {path}'
        for path, operations in api_app.openapi()['paths'].items()
        for method, operation in operations.items()
        if len(operation.get('description', '').strip()) < 20
    ]
    assert undescribed == []
