"""The manager's view of a team over the API: per rep, calls, average result and trend, skills, assignment
statuses, sign-offs and last practice; sorting; a leaderboard per scenario that a team can switch off; the table as
CSV (with names that a spreadsheet would run as formulas made inert). Reps get 403, other managers 404."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from app.runtime import Runtime
from services.models import CallSession
from tests.factories import completed_call, signup_and_login, wait_for_report


async def scored_call(client: httpx.AsyncClient, runtime: Runtime, headers: dict[str, str], score: int) -> str:
    call_id = await completed_call(client, headers)
    await client.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)
    assert (await wait_for_report(client, headers, call_id)).status_code == 200
    async with runtime.database.session() as session:
        await session.execute(
            update(CallSession)
            .where(CallSession.id == uuid.UUID(call_id))
            .values(overall_score=score, scenario_id='saas_crm')
        )
        await session.commit()
    return call_id


async def test_a_manager_reads_sorts_and_exports_the_teams_table(client: httpx.AsyncClient, runtime: Runtime) -> None:
    admin = await signup_and_login(client, 'ana@example.com', full_name='Ana Admin')
    manager = await signup_and_login(client, 'mia@example.com', full_name='Mia Manager')
    rory = await signup_and_login(client, 'rory@example.com', full_name='Rory Rep')
    formula = await signup_and_login(client, 'eq@example.com', full_name='=HYPERLINK("http://evil")')
    other = await signup_and_login(client, 'otto@example.com', full_name='Otto Other')
    ids = {
        u['email'].split('@')[0]: u['id'] for u in (await client.get('/api/v1/users/', headers=admin)).json()['data']
    }
    team = (await client.post('/api/v1/teams/', json={'name': 'Sales East'}, headers=admin)).json()['id']
    for name in ('mia', 'otto'):
        await client.patch(f'/api/v1/users/{ids[name]}', json={'role': 'manager'}, headers=admin)
    await client.put(f'/api/v1/teams/{team}/members/{ids["mia"]}', json={'role': 'manager'}, headers=admin)
    for name in ('rory', 'eq'):
        await client.put(f'/api/v1/teams/{team}/members/{ids[name]}', json={}, headers=admin)

    for score in (40, 50, 70, 80):
        await scored_call(client, runtime, rory, score)
    override = await scored_call(client, runtime, formula, 60)
    await client.post(
        f'/api/v1/calls/{override}/override', json={'score': 95, 'reason': 'Great close.'}, headers=manager
    )
    due = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    await client.post(
        '/api/v1/assignments/', json={'scenario_id': 'saas_crm', 'team_id': team, 'due_at': due}, headers=manager
    )
    await client.post(
        f'/api/v1/teams/{team}/certifications',
        json={'user_id': ids['rory'], 'scenario_id': 'saas_crm'},
        headers=manager,
    )

    summary = (await client.get(f'/api/v1/teams/{team}/summary', headers=manager)).json()
    rows = {row['email']: row for row in summary['reps']}
    assert set(rows) == {'rory@example.com', 'eq@example.com'}  # reps only, not the manager
    r = rows['rory@example.com']
    assert (r['calls_total'], r['calls_this_week'], r['average'], r['trend']) == (4, 4, 60.0, 30.0)  # 75 - 45
    assert r['certified'] == ['saas_crm'] and r['last_practised'] is not None
    assert r['assignments'] == {'not_started': 1}
    assert set(r['skills']) == {'opening', 'discovery', 'objection_handling', 'next_step', 'delivery'}
    assert rows['eq@example.com']['average'] == 95.0  # the override counts
    assert summary['leaderboards']['saas_crm'] == [
        {'user_id': ids['eq'], 'name': '=HYPERLINK("http://evil")', 'best': 95},
        {'user_id': ids['rory'], 'name': 'Rory Rep', 'best': 80},
    ]
    by_average = (await client.get(f'/api/v1/teams/{team}/summary', params={'sort': 'average'}, headers=manager)).json()
    assert [row['email'] for row in by_average['reps']] == ['eq@example.com', 'rory@example.com']
    assert (
        await client.get(f'/api/v1/teams/{team}/summary', params={'sort': 'shoe size'}, headers=manager)
    ).status_code == 422

    exported = await client.get(f'/api/v1/teams/{team}/summary.csv', headers=manager)
    assert exported.status_code == 200 and exported.headers['content-type'].startswith('text/csv')
    assert 'attachment' in exported.headers['content-disposition']
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row['name'] for row in table] == ['\'=HYPERLINK("http://evil")', 'Rory Rep']  # inert in a spreadsheet
    assert table[1]['average'] == '60.0' and table[1]['not_started'] == '1' and table[1]['certified'] == 'saas_crm'

    switched = await client.patch(f'/api/v1/teams/{team}', json={'leaderboard': False}, headers=manager)
    assert switched.status_code == 200 and switched.json()['leaderboard'] is False  # the team's manager may
    assert (await client.get(f'/api/v1/teams/{team}/summary', headers=manager)).json()['leaderboards'] == {}
    renamed = await client.patch(f'/api/v1/teams/{team}', json={'name': 'Mine'}, headers=manager)
    assert renamed.status_code == 403  # renaming is the admin's
    assert (await client.patch(f'/api/v1/teams/{team}', json={'leaderboard': True}, headers=admin)).is_success
    assert (await client.get(f'/api/v1/teams/{team}/summary', headers=rory)).status_code == 403
    assert (await client.get(f'/api/v1/teams/{team}/summary.csv', headers=rory)).status_code == 403
    assert (await client.get(f'/api/v1/teams/{team}/summary', headers=other)).status_code == 404
    assert (await client.get(f'/api/v1/teams/{team}/summary', headers=admin)).status_code == 200
