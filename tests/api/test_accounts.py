"""Account self-service and user administration over the API: name, time zone and password; roles, deactivation
and the last admin."""

import httpx

from tests.factories import PASSWORD, login, signup_and_login

NEW_PASSWORD = 'a different long passphrase'


async def test_a_user_changes_their_name_and_time_zone_and_a_bad_zone_is_refused(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client, 'ana@example.com', full_name='Ana Admin')
    me = (await client.get('/api/v1/users/me', headers=headers)).json()
    assert (me['role'], me['time_zone'], me['is_superuser']) == ('admin', None, True)  # the first account

    response = await client.patch(
        '/api/v1/users/me', json={'full_name': 'Ana Ortiz', 'time_zone': 'Europe/Berlin'}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert (response.json()['full_name'], response.json()['time_zone']) == ('Ana Ortiz', 'Europe/Berlin')

    for bad in ('Mars/Olympus', '../../etc/passwd', 'x' * 65):
        response = await client.patch('/api/v1/users/me', json={'time_zone': bad}, headers=headers)
        assert response.status_code == 422, bad
    assert (await client.get('/api/v1/users/me', headers=headers)).json()['time_zone'] == 'Europe/Berlin'

    response = await client.patch('/api/v1/users/me', json={'time_zone': None}, headers=headers)  # the browser's
    assert response.json()['time_zone'] is None and response.json()['full_name'] == 'Ana Ortiz'


async def test_a_password_change_needs_the_current_one_and_ends_every_other_token(client: httpx.AsyncClient) -> None:
    await signup_and_login(client, 'ana@example.com')
    headers = await signup_and_login(client, 'rep@example.com')
    other_device = await login(client, 'rep@example.com')

    wrong = await client.post(
        '/api/v1/users/me/password',
        json={'current_password': 'not it at all', 'new_password': NEW_PASSWORD},
        headers=headers,
    )
    assert wrong.status_code == 400 and wrong.json()['detail'] == 'The current password is not right.'
    weak = await client.post(
        '/api/v1/users/me/password', json={'current_password': PASSWORD, 'new_password': 'short'}, headers=headers
    )
    assert weak.status_code == 422
    assert (await client.get('/api/v1/users/me', headers=other_device)).status_code == 200  # nothing changed yet

    changed = await client.post(
        '/api/v1/users/me/password', json={'current_password': PASSWORD, 'new_password': NEW_PASSWORD}, headers=headers
    )
    assert changed.status_code == 200, changed.text
    for stale in (headers, other_device):
        response = await client.get('/api/v1/users/me', headers=stale)
        assert response.status_code == 401
        assert response.json()['detail'] == 'This token was issued before a password change; log in again.'
    fresh = {'Authorization': f'Bearer {changed.json()["access_token"]}'}
    assert (await client.get('/api/v1/users/me', headers=fresh)).status_code == 200
    assert (
        await client.post('/api/v1/login/access-token', data={'username': 'rep@example.com', 'password': PASSWORD})
    ).status_code == 400
    await login(client, 'rep@example.com', NEW_PASSWORD)
    assert NEW_PASSWORD not in changed.text


async def test_admins_search_users_change_roles_and_deactivate_at_once(client: httpx.AsyncClient) -> None:
    admin = await signup_and_login(client, 'ana@example.com', full_name='Ana Admin')
    rep = await signup_and_login(client, 'rory@example.com', full_name='Rory Rep')
    await signup_and_login(client, 'mia@example.com', full_name='Mia Manager')

    assert (await client.get('/api/v1/users/', headers=rep)).status_code == 403
    found = (await client.get('/api/v1/users/', params={'q': 'RORY'}, headers=admin)).json()
    assert found['count'] == 1 and [u['email'] for u in found['data']] == ['rory@example.com']
    assert (await client.get('/api/v1/users/', params={'q': '%'}, headers=admin)).json()['count'] == 0  # no wildcard
    everyone = (await client.get('/api/v1/users/', headers=admin)).json()
    assert [u['full_name'] for u in everyone['data']] == ['Ana Admin', 'Mia Manager', 'Rory Rep']
    ids = {u['email']: u['id'] for u in everyone['data']}

    response = await client.patch(f'/api/v1/users/{ids["mia@example.com"]}', json={'role': 'manager'}, headers=admin)
    assert response.status_code == 200 and response.json()['role'] == 'manager'
    assert (
        await client.patch(f'/api/v1/users/{ids["mia@example.com"]}', json={'role': 'boss'}, headers=admin)
    ).status_code == 422
    assert (
        await client.patch(f'/api/v1/users/{ids["rory@example.com"]}', json={'role': 'admin'}, headers=rep)
    ).status_code == 403

    response = await client.patch(f'/api/v1/users/{ids["rory@example.com"]}', json={'is_active': False}, headers=admin)
    assert response.status_code == 200 and response.json()['is_active'] is False
    assert (await client.get('/api/v1/users/me', headers=rep)).status_code == 401  # at once
    login_refused = await client.post(
        '/api/v1/login/access-token', data={'username': 'rory@example.com', 'password': PASSWORD}
    )
    assert login_refused.status_code == 400
    await client.patch(f'/api/v1/users/{ids["rory@example.com"]}', json={'is_active': True}, headers=admin)
    await login(client, 'rory@example.com')

    unknown = await client.patch(
        '/api/v1/users/00000000-0000-4000-8000-000000000000', json={'role': 'rep'}, headers=admin
    )
    assert unknown.status_code == 404


async def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(client: httpx.AsyncClient) -> None:
    admin = await signup_and_login(client, 'ana@example.com')
    await signup_and_login(client, 'rory@example.com')
    ids = {u['email']: u['id'] for u in (await client.get('/api/v1/users/', headers=admin)).json()['data']}
    for change in ({'role': 'rep'}, {'is_active': False}):
        response = await client.patch(f'/api/v1/users/{ids["ana@example.com"]}', json=change, headers=admin)
        assert response.status_code == 409
        assert response.json()['detail'] == 'This is the last active admin: make another user an admin first.'
    assert (await client.get('/api/v1/users/me', headers=admin)).json()['role'] == 'admin'

    await client.patch(f'/api/v1/users/{ids["rory@example.com"]}', json={'role': 'admin'}, headers=admin)
    response = await client.patch(f'/api/v1/users/{ids["ana@example.com"]}', json={'role': 'rep'}, headers=admin)
    assert response.status_code == 200 and response.json()['role'] == 'rep'
    assert (await client.get('/api/v1/users/', headers=admin)).status_code == 403  # no longer an admin
