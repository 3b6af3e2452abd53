"""POST /login/access-token: tokens, wrong passwords, throttling."""

import uuid

import httpx
import pytest

from app.runtime import Runtime
from app.security import create_access_token, read_access_token
from tests.factories import PASSWORD, signup_and_login


async def test_a_token_is_signed_with_an_expiry(client: httpx.AsyncClient, runtime: Runtime) -> None:
    await signup_and_login(client, 'tok@example.com')
    response = await client.post(
        '/api/v1/login/access-token', data={'username': 'tok@example.com', 'password': PASSWORD}
    )
    body = response.json()
    assert body['token_type'] == 'bearer'
    assert body['expires_in'] == runtime.settings.access_token_expire_minutes * 60
    read_access_token(body['access_token'], secret=runtime.token_secret)  # verifies signature and expiry


async def test_a_wrong_password_gets_a_clear_message(client: httpx.AsyncClient) -> None:
    await signup_and_login(client, 'wrong@example.com')
    for username in ('wrong@example.com', 'nobody@example.com'):
        response = await client.post('/api/v1/login/access-token', data={'username': username, 'password': 'nope'})
        assert response.status_code == 400
        assert response.json()['detail'] == 'Incorrect email or password.'


async def test_eleven_failures_in_a_minute_are_slowed_down_with_429(client: httpx.AsyncClient) -> None:
    await signup_and_login(client, 'target@example.com')
    form = {'username': 'target@example.com', 'password': 'guess'}
    codes = [(await client.post('/api/v1/login/access-token', data=form)).status_code for _ in range(10)]
    assert codes == [400] * 10
    refused = await client.post('/api/v1/login/access-token', data=form)
    assert refused.status_code == 429
    assert 'Too many failed log-in attempts' in refused.json()['detail']
    assert 0 < int(refused.headers['Retry-After']) <= 60
    # Even the right password waits: the throttle is checked before the password.
    right = await client.post('/api/v1/login/access-token', data={**form, 'password': PASSWORD})
    assert right.status_code == 429


async def test_expired_and_foreign_tokens_are_refused(client: httpx.AsyncClient, runtime: Runtime) -> None:
    await signup_and_login(client, 'exp@example.com')
    me = (await client.get('/api/v1/users/me', headers=await _headers(client))).json()
    expired = create_access_token(uuid.UUID(me['id']), secret=runtime.token_secret, expires_minutes=-1)
    response = await client.get('/api/v1/users/me', headers={'Authorization': f'Bearer {expired}'})
    assert response.status_code == 401 and 'expired' in response.json()['detail']
    foreign = create_access_token(
        uuid.UUID(me['id']), secret='another-installation-with-its-own-long-secret', expires_minutes=5
    )
    response = await client.get('/api/v1/users/me', headers={'Authorization': f'Bearer {foreign}'})
    assert response.status_code == 401


@pytest.mark.parametrize('form', [{}, {'username': 'a@example.com'}, {'password': 'x'}])
async def test_incomplete_forms_are_422(client: httpx.AsyncClient, form: dict) -> None:
    assert (await client.post('/api/v1/login/access-token', data=form)).status_code == 422


async def _headers(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post(
        '/api/v1/login/access-token', data={'username': 'exp@example.com', 'password': PASSWORD}
    )
    return {'Authorization': f'Bearer {response.json()["access_token"]}'}
