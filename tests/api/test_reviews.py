"""A manager reviews a rep's call: comments on the report and on a transcript line, a score override with its
reason (both scores kept), a sign-off on a scenario; the rep reads them all and gets a notice for each. A rep
cannot override their own score; outsiders get 404; bad input changes nothing."""

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.runtime import Runtime
from services.models import Certification, Notice
from tests.factories import completed_call, wait_for_report
from tests.support.org import build_team, sign_up_people


async def a_team_with_a_call(client: httpx.AsyncClient) -> dict[str, object]:
    people = await sign_up_people(
        client, {'ana': 'Ana Admin', 'mia': 'Mia Manager', 'rory': 'Rory Rep', 'olga': 'Olga Outside'}
    )
    admin, manager, rep, outsider, ids = people['ana'], people['mia'], people['rory'], people['olga'], people.ids
    team = await build_team(client, people, 'Sales East', manager='mia', reps=['rory'])
    call_id = await completed_call(client, rep)
    await client.post(f'/api/v1/calls/{call_id}/analyze', headers=rep)
    assert (await wait_for_report(client, rep, call_id)).status_code == 200
    return {
        'admin': admin,
        'manager': manager,
        'rep': rep,
        'outsider': outsider,
        'ids': ids,
        'team': team,
        'call': call_id,
    }


async def test_a_manager_comments_overrides_and_signs_off_and_the_rep_sees_it_all(client: httpx.AsyncClient) -> None:
    org = await a_team_with_a_call(client)
    manager, rep, call = org['manager'], org['rep'], org['call']
    assert isinstance(manager, dict) and isinstance(rep, dict)
    comments = f'/api/v1/calls/{call}/comments'

    on_report = await client.post(comments, json={'text': 'Good opening; ask about budget sooner.'}, headers=manager)
    assert on_report.status_code == 201 and on_report.json()['author_name'] == 'Mia Manager'
    on_line = await client.post(comments, json={'text': 'Here: an open question.', 'line_index': 2}, headers=manager)
    assert on_line.status_code == 201 and on_line.json()['line_index'] == 2
    reply = await client.post(comments, json={'text': 'Thanks, will do.'}, headers=rep)
    assert reply.status_code == 201
    seen = (await client.get(comments, headers=rep)).json()
    assert [(c['author_name'], c['line_index']) for c in seen] == [
        ('Mia Manager', None),
        ('Mia Manager', 2),
        ('Rory Rep', None),
    ]

    coach = (await client.get(f'/api/v1/calls/{call}', headers=rep)).json()['overall_score']
    override = await client.post(
        f'/api/v1/calls/{call}/override',
        json={'score': 91, 'reason': 'Handled the price objection well.'},
        headers=manager,
    )
    assert override.status_code == 200, override.text
    assert (override.json()['coach_score'], override.json()['score']) == (coach, 91)
    detail = (await client.get(f'/api/v1/calls/{call}', headers=rep)).json()
    assert (detail['overall_score'], detail['override_score'], detail['override_reason']) == (
        coach,
        91,
        'Handled the price objection well.',
    )

    signed = await client.post(
        f'/api/v1/teams/{org["team"]}/certifications',
        json={'user_id': org['ids']['rory'], 'scenario_id': 'saas_crm'},
        headers=manager,
    )
    assert signed.status_code == 201, signed.text
    again = await client.post(
        f'/api/v1/teams/{org["team"]}/certifications',
        json={'user_id': org['ids']['rory'], 'scenario_id': 'saas_crm'},
        headers=manager,
    )
    assert again.status_code == 201 and again.json()['id'] == signed.json()['id']  # once, and one notice

    notices = (await client.get('/api/v1/notices/', headers=rep)).json()
    assert notices['unread'] == 4  # two comments, the override, the sign-off; not the rep's own reply
    assert [n['kind'] for n in notices['data']] == ['certified', 'override', 'comment', 'comment']
    assert notices['data'][0]['text'] == 'Mia Manager signed you off on “CRM software to a mid-size company”.'
    assert (await client.post('/api/v1/notices/read', headers=rep)).status_code == 204
    assert (await client.get('/api/v1/notices/', headers=rep)).json()['unread'] == 0
    assert (await client.get('/api/v1/notices/', headers=manager)).json()['unread'] == 0


async def test_reps_cannot_score_themselves_outsiders_see_nothing_and_bad_input_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    org = await a_team_with_a_call(client)
    call = org['call']
    comments = f'/api/v1/calls/{call}/comments'
    own = await client.post(
        f'/api/v1/calls/{call}/override', json={'score': 100, 'reason': 'I was great.'}, headers=org['rep']
    )
    assert own.status_code == 403
    for path, body in ((comments, {'text': 'Nosy.'}), (f'/api/v1/calls/{call}/override', {'score': 1, 'reason': 'x'})):
        assert (await client.post(path, json=body, headers=org['outsider'])).status_code == 404
    assert (await client.get(comments, headers=org['outsider'])).status_code == 404

    for body in (
        {'text': 'No such line.', 'line_index': 99},
        {'text': '   '},
        {'text': 'x', 'line_index': -1},
        {'text': ''},
    ):
        response = await client.post(comments, json=body, headers=org['manager'])
        assert response.status_code in (400, 422), body
    missing = await client.post(comments, json={'text': 'No such line.', 'line_index': 99}, headers=org['manager'])
    assert missing.json()['detail'] == 'The call has no line 99 (its lines are 0 to 7).'
    for body in ({'score': 101, 'reason': 'x'}, {'score': 50, 'reason': ''}, {'score': 50}):
        assert (
            await client.post(f'/api/v1/calls/{call}/override', json=body, headers=org['manager'])
        ).status_code == 422
    assert (await client.get(comments, headers=org['rep'])).json() == []
    assert (await client.get(f'/api/v1/calls/{call}', headers=org['rep'])).json()['override_score'] is None

    certifications = f'/api/v1/teams/{org["team"]}/certifications'
    not_a_rep = await client.post(
        certifications, json={'user_id': org['ids']['olga'], 'scenario_id': 'saas_crm'}, headers=org['manager']
    )
    assert not_a_rep.status_code == 404
    unknown = await client.post(
        certifications, json={'user_id': org['ids']['rory'], 'scenario_id': 'nope'}, headers=org['manager']
    )
    assert unknown.status_code == 404
    by_rep = await client.post(
        certifications, json={'user_id': org['ids']['rory'], 'scenario_id': 'saas_crm'}, headers=org['rep']
    )
    assert by_rep.status_code == 403
    assert (await client.get('/api/v1/notices/', headers=org['rep'])).json()['unread'] == 0


async def test_many_sign_offs_at_once_leave_one_sign_off_and_one_notice(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    org = await a_team_with_a_call(client)
    body = {'user_id': org['ids']['rory'], 'scenario_id': 'saas_crm'}  # type: ignore[index]
    path = f'/api/v1/teams/{org["team"]}/certifications'
    answers = await asyncio.gather(*(client.post(path, json=body, headers=org['manager']) for _ in range(8)))
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.json()['id'] for answer in answers}) == 1
    async with runtime.database.session() as session:
        assert await session.scalar(select(func.count()).select_from(Certification)) == 1
        assert await session.scalar(select(func.count()).where(Notice.kind == 'certified')) == 1
    # The database itself refuses a second sign-off of the rep on the scenario.
    async with runtime.database.session() as session:
        session.add(Certification(user_id=uuid.UUID(org['ids']['rory']), scenario_id='saas_crm'))  # type: ignore[index]
        with pytest.raises(IntegrityError):
            await session.commit()
