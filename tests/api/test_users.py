"""Sign-up and /users/me over the REST API."""

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from app.runtime import Runtime, set_runtime
from app.settings import Settings
from services.signup import signup_throttle
from services.users import WeakAdminPassword, get_user_by_email
from tests.factories import PASSWORD, login, signup_and_login


async def test_sign_up_log_in_and_read_yourself(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client, 'Ann@Example.com', full_name='Ann Rep')
    me = (await client.get('/api/v1/users/me', headers=headers)).json()
    assert me['email'] == 'ann@example.com'  # emails are stored lower-case
    assert me['full_name'] == 'Ann Rep'
    assert me['is_active'] is True
    assert 'password' not in str(me) and 'hashed' not in str(me)


async def test_the_first_account_is_the_admin_and_later_ones_are_not(client: httpx.AsyncClient) -> None:
    first = await signup_and_login(client, 'first@example.com')
    second = await signup_and_login(client, 'second@example.com')
    assert (await client.get('/api/v1/users/me', headers=first)).json()['is_superuser'] is True
    assert (await client.get('/api/v1/users/me', headers=second)).json()['is_superuser'] is False


async def test_an_email_can_sign_up_once(client: httpx.AsyncClient) -> None:
    await signup_and_login(client, 'dup@example.com')
    response = await client.post('/api/v1/users/signup', json={'email': 'DUP@example.com', 'password': PASSWORD})
    assert response.status_code == 409
    assert 'exists already' in response.json()['detail']


@pytest.mark.parametrize(
    ('body', 'field'),
    [
        ({'email': 'not-an-email', 'password': PASSWORD}, 'email'),
        ({'email': 'a@example.com', 'password': 'x' * 129}, 'password'),
        ({'password': PASSWORD}, 'email'),
        ({'email': 'a@example.com', 'password': PASSWORD, 'full_name': 'n' * 256}, 'full_name'),
    ],
)
async def test_bad_sign_up_bodies_are_422_naming_the_field(client: httpx.AsyncClient, body: dict, field: str) -> None:
    response = await client.post('/api/v1/users/signup', json=body)
    assert response.status_code == 422
    assert any(error['loc'][-1] == field for error in response.json()['detail'])


async def test_me_needs_a_valid_token(client: httpx.AsyncClient) -> None:
    assert (await client.get('/api/v1/users/me')).status_code == 401
    response = await client.get('/api/v1/users/me', headers={'Authorization': 'Bearer forged.token.value'})
    assert response.status_code == 401
    assert response.json()['detail'] == 'The token is not valid.'


async def test_the_configured_first_superuser_is_created_once(settings: Settings, api_app: FastAPI) -> None:
    configured = settings.model_copy(
        update={'first_superuser': 'Admin@Example.com', 'first_superuser_password': SecretStr('admin password 1')}
    )
    for start in range(2):  # a second start finds the account and leaves it as it is
        runtime = await Runtime.start(configured)
        set_runtime(runtime)
        try:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app), base_url='http://t') as client:
                headers = await login(client, 'admin@example.com', 'admin password 1')
                me = (await client.get('/api/v1/users/me', headers=headers)).json()
                assert me['is_superuser'] is True
                rep = await signup_and_login(client, f'rep{start}@example.com')
                assert (await client.get('/api/v1/users/me', headers=rep)).json()['is_superuser'] is False
        finally:
            await runtime.stop()
            set_runtime(None)


@pytest.mark.parametrize(
    ('password', 'message'),
    [
        ('12345678', 'The password needs at least 10 characters.'),
        (' ' * 12, 'The password cannot be blank.'),
        ('password', 'The password needs at least 10 characters.'),
        ('password1234!', 'too easy to guess'),
        ('qwertyuiop', 'too easy to guess'),
        ('a@example.com', 'cannot be your email address'),
    ],
)
async def test_weak_passwords_are_refused_in_words(client: httpx.AsyncClient, password: str, message: str) -> None:
    response = await client.post('/api/v1/users/signup', json={'email': 'a@example.com', 'password': password})
    assert response.status_code == 422
    assert message in response.json()['detail']
    ok = await client.post('/api/v1/users/signup', json={'email': 'a@example.com', 'password': 'plum tree at dusk'})
    assert ok.status_code == 201


async def test_sign_ups_from_one_address_are_throttled(client: httpx.AsyncClient, runtime: Runtime) -> None:
    runtime.signup_throttle = signup_throttle(per_hour=3)  # SIGNUP_LIMIT_PER_HOUR=3
    for number in range(3):
        made = await client.post('/api/v1/users/signup', json={'email': f'r{number}@example.com', 'password': PASSWORD})
        assert made.status_code == 201
    refused = await client.post('/api/v1/users/signup', json={'email': 'r9@example.com', 'password': PASSWORD})
    assert refused.status_code == 429
    assert refused.json()['detail'] == 'Too many accounts were created from this address. Try again in 60 minutes.'
    assert 3500 <= int(refused.headers['Retry-After']) <= 3600
    async with runtime.database.session() as session:
        assert await get_user_by_email(session, 'r9@example.com') is None


async def test_a_first_superuser_password_that_sign_up_would_refuse_stops_the_start(settings: Settings) -> None:
    configured = settings.model_copy(
        update={'first_superuser': 'admin@example.com', 'first_superuser_password': SecretStr('password123')}
    )
    with pytest.raises(WeakAdminPassword) as refused:
        await Runtime.start(configured)
    assert 'FIRST_SUPERUSER_PASSWORD will not do' in str(refused.value) and 'common' in str(refused.value)
    assert 'password123' not in str(refused.value)
