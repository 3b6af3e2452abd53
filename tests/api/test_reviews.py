"""A manager reviews a rep's call: comments on the report and on a transcript line, a score override with its
reason (both scores kept), a sign-off on a scenario; the rep reads them all and gets a notice for each. A rep
cannot override their own score; outsiders get 404; bad input changes nothing."""

import httpx

from tests.factories import completed_call, signup_and_login, wait_for_report


async def a_team_with_a_call(client: httpx.AsyncClient) -> dict[str, object]:
    admin = await signup_and_login(client, 'ana@example.com', full_name='Ana Admin')
    manager = await signup_and_login(client, 'mia@example.com', full_name='Mia Manager')
    rep = await signup_and_login(client, 'rory@example.com', full_name='Rory Rep')
    outsider = await signup_and_login(client, 'olga@example.com', full_name='Olga Outside')
    ids = {
        u['email'].split('@')[0]: u['id'] for u in (await client.get('/api/v1/users/', headers=admin)).json()['data']
    }
    team = (await client.post('/api/v1/teams/', json={'name': 'Sales East'}, headers=admin)).json()['id']
    await client.patch(f'/api/v1/users/{ids["mia"]}', json={'role': 'manager'}, headers=admin)
    await client.put(f'/api/v1/teams/{team}/members/{ids["mia"]}', json={'role': 'manager'}, headers=admin)
    await client.put(f'/api/v1/teams/{team}/members/{ids["rory"]}', json={}, headers=admin)
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
