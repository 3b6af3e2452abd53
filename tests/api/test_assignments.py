"""Assignments over the API: a manager assigns a scenario private to them to their team; each rep sees it with a
status that moves from not started to in progress to passed (or overdue), counting only the attempts it allows;
bad input changes nothing; nobody outside sees or uses it."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select, update

from app.runtime import Runtime
from services.models import Assignment, CallSession, Notice
from services.models.base import utcnow
from tests.factories import sample_call_body, signup_and_login, wait_for_report
from tests.support.org import build_team, sign_up_people

DUE = (datetime.now(UTC) + timedelta(days=7)).isoformat()


async def an_org(client: httpx.AsyncClient) -> dict[str, Any]:
    """Ana (admin); Mia manages Sales East with Rory and Rae; Otto manages Sales West with Olga. Mia owns a private
    scenario."""
    people = await sign_up_people(
        client, {'ana': 'Ana Admin', **{name: name.title() for name in ('mia', 'otto', 'rory', 'rae', 'olga')}}
    )
    teams = {
        'Sales East': await build_team(client, people, 'Sales East', manager='mia', reps=['rory', 'rae']),
        'Sales West': await build_team(client, people, 'Sales West', manager='otto', reps=['olga']),
    }
    scenario = await client.post(
        '/api/v1/scenarios/',
        json={'title': 'Payroll renewal', 'product': 'PayFlow', 'persona_ids': ['skeptical_buyer'], 'pass_mark': 70},
        headers=people['mia'],
    )
    assert scenario.status_code == 201, scenario.text
    return {**people.headers, 'ids': people.ids, 'teams': teams, 'scenario': scenario.json()['id']}


async def assign(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> httpx.Response:
    return await client.post('/api/v1/assignments/', json={'due_at': DUE, **body}, headers=headers)


async def practise(client: httpx.AsyncClient, headers: dict[str, str], assignment_id: str) -> str:
    """A call made for the assignment, completed and analysed."""
    created = await client.post('/api/v1/calls/', json={'assignment_id': assignment_id}, headers=headers)
    assert created.status_code == 201, created.text
    call_id: str = created.json()['id']
    await client.post(f'/api/v1/calls/{call_id}/complete', json=sample_call_body(), headers=headers)
    await client.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)
    assert (await wait_for_report(client, headers, call_id)).status_code == 200
    return call_id


async def my_status(client: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    return [a['status'] for a in (await client.get('/api/v1/assignments/mine', headers=headers)).json()]


async def test_a_rep_practises_an_assignment_on_the_managers_private_scenario_until_it_is_passed(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    org = await an_org(client)
    made = await assign(client, org['mia'], scenario_id=org['scenario'], team_id=org['teams']['Sales East'])
    assert made.status_code == 201, made.text
    assignment = made.json()
    assert assignment['pass_mark'] == 70 and assignment['scenario_title'] == 'Payroll renewal'
    assert sorted(r['status'] for r in assignment['reps']) == ['not_started', 'not_started']
    assert {r['user_id'] for r in assignment['reps']} == {org['ids']['rory'], org['ids']['rae']}
    async with runtime.database.session() as session:
        notices = (await session.scalars(select(Notice.text).where(Notice.kind == 'assignment'))).all()
    assert len(notices) == 2 and notices[0] == 'New practice: Payroll renewal. See your dashboard.'

    assert await my_status(client, org['rory']) == ['not_started']
    assert (await client.get(f'/api/v1/scenarios/{org["scenario"]}', headers=org['rory'])).status_code == 404
    call_id = await practise(client, org['rory'], assignment['id'])  # usable through the assignment
    call = (await client.get(f'/api/v1/calls/{call_id}', headers=org['rory'])).json()
    assert call['scenario_snapshot']['spec']['title'] == 'Payroll renewal'
    assert call['persona_snapshot']['id'] == 'skeptical_buyer'  # the scenario's prospect

    async with runtime.database.session() as session:
        await session.execute(update(CallSession).where(CallSession.id == uuid.UUID(call_id)).values(overall_score=55))
        await session.commit()
    assert await my_status(client, org['rory']) == ['in_progress']
    assert await my_status(client, org['rae']) == ['not_started']
    second = await practise(client, org['rory'], assignment['id'])
    async with runtime.database.session() as session:
        await session.execute(update(CallSession).where(CallSession.id == uuid.UUID(second)).values(overall_score=82))
        await session.commit()
    assert await my_status(client, org['rory']) == ['passed']

    # Only the first attempt counts now: 55 does not pass.
    changed = await client.patch(f'/api/v1/assignments/{assignment["id"]}', json={'attempts': 1}, headers=org['mia'])
    assert changed.status_code == 200
    assert await my_status(client, org['rory']) == ['in_progress']
    async with runtime.database.session() as session:
        await session.execute(update(Assignment).values(due_at=utcnow() - timedelta(minutes=1)))
        await session.commit()
    assert await my_status(client, org['rory']) == ['overdue']
    assert await my_status(client, org['rae']) == ['overdue']
    progress = (await client.get(f'/api/v1/assignments/{assignment["id"]}', headers=org['mia'])).json()
    assert {r['user_id']: (r['calls'], r['best']) for r in progress['reps']} == {
        org['ids']['rory']: (2, 55),
        org['ids']['rae']: (0, None),
    }


async def test_bad_assignments_are_refused_and_change_nothing(client: httpx.AsyncClient, runtime: Runtime) -> None:
    org = await an_org(client)
    east, west = org['teams']['Sales East'], org['teams']['Sales West']
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    cases: list[tuple[dict[str, str], dict[str, Any], int, str]] = [
        (org['rory'], {'scenario_id': 'saas_crm', 'team_id': east}, 403, 'Admins and managers'),
        (org['mia'], {'scenario_id': 'saas_crm', 'team_id': east, 'due_at': past}, 400, 'in the past'),
        (org['mia'], {'scenario_id': 'saas_crm'}, 400, 'not both or neither'),
        (org['mia'], {'scenario_id': 'saas_crm', 'team_id': east, 'user_ids': [org['ids']['rory']]}, 400, 'not both'),
        (org['mia'], {'scenario_id': 'saas_crm', 'user_ids': [org['ids']['rory']] * 2}, 400, 'named twice'),
        (org['mia'], {'scenario_id': 'saas_crm', 'team_id': str(uuid.uuid4())}, 404, 'Team not found'),
        (org['mia'], {'scenario_id': 'saas_crm', 'team_id': west}, 404, 'Team not found'),
        (org['mia'], {'scenario_id': 'saas_crm', 'user_ids': [org['ids']['olga']]}, 404, 'in a team you manage'),
        (org['otto'], {'scenario_id': org['scenario'], 'team_id': west}, 404, 'No scenario'),
        (org['mia'], {'scenario_id': 'saas_crm', 'team_id': east, 'persona_id': 'nobody'}, 404, 'No prospect'),
    ]
    for headers, body, code, words in cases:
        response = await assign(client, headers, **body)
        assert response.status_code == code, (body, response.text)
        assert words in response.json()['detail'], (body, response.text)
    assert (
        await assign(client, org['mia'], scenario_id='saas_crm', team_id=east, due_at='2030-01-01T10:00')
    ).status_code == 422

    first = await assign(client, org['mia'], scenario_id='saas_crm', user_ids=[org['ids']['rory']])
    assert first.status_code == 201
    twice = await assign(client, org['mia'], scenario_id='saas_crm', team_id=east)  # Rory has it already
    assert twice.status_code == 409 and org['ids']['rory'] in twice.json()['detail']
    async with runtime.database.session() as session:
        assert await session.scalar(select(func.count()).select_from(Assignment)) == 1


async def test_nobody_outside_sees_or_uses_an_assignment(client: httpx.AsyncClient) -> None:
    org = await an_org(client)
    assignment = (
        await assign(client, org['mia'], scenario_id=org['scenario'], team_id=org['teams']['Sales East'])
    ).json()
    path = f'/api/v1/assignments/{assignment["id"]}'
    for outsider in (org['olga'], org['otto']):
        assert (await client.get(path, headers=outsider)).status_code == 404
        assert (await client.get('/api/v1/assignments/', headers=outsider)).json() == []
    refused = await client.post('/api/v1/calls/', json={'assignment_id': assignment['id']}, headers=org['olga'])
    assert refused.status_code == 404
    assert (await client.patch(path, json={'pass_mark': 10}, headers=org['rory'])).status_code == 403
    assert (await client.delete(path, headers=org['rory'])).status_code == 403
    assert len((await client.get('/api/v1/assignments/', headers=org['ana'])).json()) == 1  # the admin sees all
    assert (await client.get(path, headers=org['rory'])).json()['status'] == 'not_started'
    assert (await client.delete(path, headers=org['mia'])).status_code == 204
    assert await my_status(client, org['rory']) == []


async def test_a_rep_who_joins_the_team_later_gets_its_open_team_assignments_with_a_notice(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    org = await an_org(client)
    east, admin = org['teams']['Sales East'], org['ana']
    open_one = (await assign(client, org['mia'], scenario_id='saas_crm', team_id=east)).json()
    to_rory = (await assign(client, org['mia'], scenario_id='cybersecurity', user_ids=[org['ids']['rory']])).json()
    past = (await assign(client, org['mia'], scenario_id='logistics_analytics', team_id=east)).json()
    async with runtime.database.session() as session:  # its due date has passed since it was made
        await session.execute(
            update(Assignment)
            .where(Assignment.id == uuid.UUID(past['id']))
            .values(due_at=utcnow() - timedelta(hours=1))
        )
        await session.commit()

    # Olga joins as a member, Otto as a manager, and a new rep through an invitation to the team.
    members = f'/api/v1/teams/{east}/members'
    assert (await client.put(f'{members}/{org["ids"]["olga"]}', json={}, headers=admin)).status_code == 200
    assert (await client.put(f'{members}/{org["ids"]["otto"]}', json={'role': 'manager'}, headers=admin)).is_success
    invited = await client.post('/api/v1/invitations/', json={'team_ids': [east]}, headers=org['mia'])
    token = invited.json()['url'].split('invitation=')[1]
    nova = await signup_and_login(client, 'nova@example.com', invitation=token)

    for rep in (org['olga'], nova):
        mine = (await client.get('/api/v1/assignments/mine', headers=rep)).json()
        assert [a['id'] for a in mine] == [open_one['id']] and mine[0]['status'] == 'not_started'
        notices = (await client.get('/api/v1/notices/', headers=rep)).json()['data']
        assert [n['text'] for n in notices] == ['New practice: CRM software to a mid-size company. See your dashboard.']
    assert (await client.get('/api/v1/assignments/mine', headers=org['otto'])).json() == []
    reps = (await client.get(f'/api/v1/assignments/{open_one["id"]}', headers=org['mia'])).json()['reps']
    assert len(reps) == 4  # Rory, Rae, Olga and the invited rep
    assert len((await client.get(f'/api/v1/assignments/{to_rory["id"]}', headers=org['mia'])).json()['reps']) == 1

    # Joining again (a role change back and forth) gives nothing twice.
    assert (
        await client.patch(f'/api/v1/users/{org["ids"]["olga"]}', json={'team_ids': [east]}, headers=admin)
    ).is_success
    assert (await client.put(f'{members}/{org["ids"]["olga"]}', json={}, headers=admin)).is_success
    assert len((await client.get('/api/v1/notices/', headers=org['olga'])).json()['data']) == 1
