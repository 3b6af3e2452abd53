"""Getting in: invitations (made by admins and managers, e-mailed through a local SMTP server, single use, expiring,
withdrawable), the sign-up modes, and password resets by e-mail or by an admin's link."""

import asyncio
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select, update

from app.runtime import Runtime
from services.models import Invitation, PasswordReset
from services.models.base import utcnow
from tests.factories import PASSWORD, login, signup_and_login
from tests.support.smtp import Inbox, smtp_server

NEW_PASSWORD = 'a brand new passphrase'


@pytest.fixture
def inbox(runtime: Runtime) -> Iterator[Inbox]:
    """The app's e-mail goes to a local SMTP server."""
    with smtp_server() as (inbox, port):
        runtime.settings = runtime.settings.model_copy(
            update={'smtp_host': '127.0.0.1', 'smtp_port': port, 'smtp_security': 'none'}
        )
        yield inbox


def token_of(url: str, name: str) -> str:
    return parse_qs(urlsplit(url).query)[name][0]


async def signup(client: httpx.AsyncClient, email: str, invitation: str | None = None) -> httpx.Response:
    body = {'email': email, 'password': PASSWORD, 'full_name': email.split('@')[0].title(), 'invitation': invitation}
    return await client.post('/api/v1/users/signup', json=body)


async def a_team(client: httpx.AsyncClient, admin: dict[str, str], name: str = 'Sales East') -> str:
    response = await client.post('/api/v1/teams/', json={'name': name}, headers=admin)
    assert response.status_code == 201, response.text
    team_id: str = response.json()['id']
    return team_id


async def test_an_admin_invites_a_manager_by_email_who_signs_up_once_into_the_team(
    client: httpx.AsyncClient, runtime: Runtime, inbox: Inbox
) -> None:
    admin = await signup_and_login(client, 'ana@example.com', full_name='Ana Admin')
    team = await a_team(client, admin)
    response = await client.post(
        '/api/v1/invitations/',
        json={'role': 'manager', 'team_ids': [team], 'expires_in_hours': 48, 'email': 'mia@example.com'},
        headers=admin,
    )
    assert response.status_code == 201, response.text
    issued = response.json()
    assert issued['emailed'] is True and issued['url'].startswith('http://test/signup?invitation=')
    [mail] = inbox.messages
    assert mail['To'] == 'mia@example.com' and mail['Subject'] == 'Ana Admin invites you to Sales Coach'
    assert issued['url'] in str(mail.get_content())
    token = token_of(issued['url'], 'invitation')
    async with runtime.database.session() as session:
        stored = await session.scalar(select(Invitation))
        assert stored is not None and token not in stored.token_hash and len(stored.token_hash) == 64  # a hash only

    joined = await signup(client, 'mia@example.com', token)
    assert joined.status_code == 201, joined.text
    assert joined.json()['role'] == 'manager'
    mia = await login(client, 'mia@example.com')
    [membership] = (await client.get('/api/v1/teams/', headers=mia)).json()
    assert [(m['full_name'], m['role']) for m in membership['members']] == [('Mia', 'manager')]

    again = await signup(client, 'max@example.com', token)  # single use
    assert again.status_code == 400 and 'used already' in again.json()['detail']
    assert (await client.get('/api/v1/invitations/', headers=admin)).json() == []  # used ones are not listed


async def test_managers_invite_reps_to_their_own_teams_only_and_reps_not_at_all(client: httpx.AsyncClient) -> None:
    admin = await signup_and_login(client, 'ana@example.com')
    east, west = await a_team(client, admin), await a_team(client, admin, 'Sales West')
    manager = await signup_and_login(client, 'mia@example.com')
    rep = await signup_and_login(client, 'rory@example.com')
    ids = {u['email']: u['id'] for u in (await client.get('/api/v1/users/', headers=admin)).json()['data']}
    await client.patch(f'/api/v1/users/{ids["mia@example.com"]}', json={'role': 'manager'}, headers=admin)
    await client.put(f'/api/v1/teams/{east}/members/{ids["mia@example.com"]}', json={'role': 'manager'}, headers=admin)

    ok = await client.post('/api/v1/invitations/', json={'role': 'rep', 'team_ids': [east]}, headers=manager)
    assert ok.status_code == 201 and ok.json()['emailed'] is False  # no SMTP here: the link is copied
    for body, words in (
        ({'role': 'manager', 'team_ids': [east]}, 'Managers invite reps'),
        ({'role': 'rep', 'team_ids': [west]}, 'teams they manage'),
        ({'role': 'rep', 'team_ids': []}, 'teams they manage'),
    ):
        refused = await client.post('/api/v1/invitations/', json=body, headers=manager)
        assert refused.status_code == 400 and words in refused.json()['detail']
    assert (await client.post('/api/v1/invitations/', json={'role': 'rep'}, headers=rep)).status_code == 403
    assert (await client.get('/api/v1/invitations/', headers=rep)).status_code == 403
    unknown = await client.post(
        '/api/v1/invitations/', json={'team_ids': ['00000000-0000-4000-8000-000000000000']}, headers=admin
    )
    assert unknown.status_code == 400 and unknown.json()['detail'].startswith('No such team')
    for hours in (0, -5, 'soon'):
        bad = await client.post('/api/v1/invitations/', json={'expires_in_hours': hours}, headers=admin)
        assert bad.status_code == 422
    assert [i['id'] for i in (await client.get('/api/v1/invitations/', headers=manager)).json()] == [ok.json()['id']]
    assert len((await client.get('/api/v1/invitations/', headers=admin)).json()) == 1


async def test_an_expired_or_withdrawn_invitation_lets_nobody_in(client: httpx.AsyncClient, runtime: Runtime) -> None:
    admin = await signup_and_login(client, 'ana@example.com')
    expiring, withdrawn = [(await client.post('/api/v1/invitations/', json={}, headers=admin)).json() for _ in range(2)]
    async with runtime.database.session() as session:
        await session.execute(
            update(Invitation)
            .where(Invitation.id == uuid.UUID(expiring['id']))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()
    expired = await signup(client, 'late@example.com', token_of(expiring['url'], 'invitation'))
    assert expired.status_code == 400 and expired.json()['detail'] == 'This invitation has expired; ask for a new one.'

    assert (await client.delete(f'/api/v1/invitations/{withdrawn["id"]}', headers=admin)).status_code == 204
    gone = await signup(client, 'late@example.com', token_of(withdrawn['url'], 'invitation'))
    assert gone.status_code == 400
    assert (await signup(client, 'late@example.com', 'made-up-token')).status_code == 400
    assert (await client.delete(f'/api/v1/invitations/{withdrawn["id"]}', headers=admin)).status_code == 404
    assert (
        await client.post('/api/v1/login/access-token', data={'username': 'late@example.com', 'password': PASSWORD})
    ).status_code == 400


async def test_two_sign_ups_racing_on_one_invitation_make_one_account(client: httpx.AsyncClient) -> None:
    admin = await signup_and_login(client, 'ana@example.com')
    token = token_of((await client.post('/api/v1/invitations/', json={}, headers=admin)).json()['url'], 'invitation')
    answers = await asyncio.gather(*(signup(client, f'racer{i}@example.com', token) for i in range(4)))
    assert sorted(a.status_code for a in answers) == [201, 400, 400, 400]
    assert (await client.get('/api/v1/users/', headers=admin)).json()['count'] == 2


async def test_invite_mode_lets_in_the_first_account_then_only_invitations(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    runtime.settings = runtime.settings.model_copy(update={'signup_mode': 'invite'})
    assert (await signup(client, 'ana@example.com')).json()['role'] == 'admin'  # an empty installation
    closed = await signup(client, 'rory@example.com')
    assert closed.status_code == 403 and 'by invitation only' in closed.json()['detail']
    admin = await login(client, 'ana@example.com')
    token = token_of((await client.post('/api/v1/invitations/', json={}, headers=admin)).json()['url'], 'invitation')
    assert (await signup(client, 'rory@example.com', token)).json()['role'] == 'rep'


async def test_domain_mode_lets_in_listed_domains_and_invitations(client: httpx.AsyncClient, runtime: Runtime) -> None:
    runtime.settings = runtime.settings.model_copy(
        update={'signup_mode': 'domain', 'signup_domains': 'example.com, @Acme.io'}
    )
    assert (await signup(client, 'ana@example.com')).status_code == 201
    assert (await signup(client, 'bo@ACME.io')).status_code == 201
    outsider = await signup(client, 'eve@elsewhere.org')
    assert outsider.status_code == 403 and 'example.com, acme.io' in outsider.json()['detail']
    admin = await login(client, 'ana@example.com')
    token = token_of((await client.post('/api/v1/invitations/', json={}, headers=admin)).json()['url'], 'invitation')
    assert (await signup(client, 'eve@elsewhere.org', token)).status_code == 201


async def test_a_forgotten_password_is_reset_once_by_the_emailed_link(
    client: httpx.AsyncClient, runtime: Runtime, inbox: Inbox
) -> None:
    await signup_and_login(client, 'ana@example.com')
    old_token = await signup_and_login(client, 'rory@example.com')
    for email in ('rory@example.com', 'nobody@example.com'):
        response = await client.post('/api/v1/password-reset/request', json={'email': email})
        assert response.status_code == 202 and response.content == b''  # the same answer either way
    [mail] = inbox.messages
    assert mail['To'] == 'rory@example.com'
    url = re.search(r'http://test/reset-password\?token=\S+', str(mail.get_content()))
    assert url is not None
    token = token_of(url.group(), 'token')

    weak = await client.post('/api/v1/password-reset/confirm', json={'token': token, 'new_password': 'short'})
    assert weak.status_code == 422  # the link still works after that
    done = await client.post('/api/v1/password-reset/confirm', json={'token': token, 'new_password': NEW_PASSWORD})
    assert done.status_code == 200, done.text
    assert (await client.get('/api/v1/users/me', headers=old_token)).status_code == 401  # sessions ended
    await login(client, 'rory@example.com', NEW_PASSWORD)
    again = await client.post(
        '/api/v1/password-reset/confirm', json={'token': token, 'new_password': 'another passphrase'}
    )
    assert again.status_code == 400 and 'used already' in again.json()['detail']
    async with runtime.database.session() as session:
        assert token not in {row.token_hash for row in await session.scalars(select(PasswordReset))}


async def test_reset_mails_are_limited_and_an_expired_link_is_refused(
    client: httpx.AsyncClient, runtime: Runtime, inbox: Inbox
) -> None:
    await signup_and_login(client, 'rory@example.com')
    for _ in range(8):
        assert (
            await client.post('/api/v1/password-reset/request', json={'email': 'rory@example.com'})
        ).status_code == 202
    assert len(inbox.messages) == 5  # a few an hour, however often it is asked
    token = token_of(re.search(r'http\S+', str(inbox.messages[-1].get_content())).group(), 'token')  # type: ignore[union-attr]
    async with runtime.database.session() as session:
        await session.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    expired = await client.post('/api/v1/password-reset/confirm', json={'token': token, 'new_password': NEW_PASSWORD})
    assert expired.status_code == 400 and expired.json()['detail'] == 'This reset link has expired; ask for a new one.'


async def test_without_smtp_an_admin_hands_over_a_reset_link(client: httpx.AsyncClient) -> None:
    admin = await signup_and_login(client, 'ana@example.com')
    rep = await signup_and_login(client, 'rory@example.com')
    assert (await client.post('/api/v1/password-reset/request', json={'email': 'rory@example.com'})).status_code == 202
    rory = next(
        u['id']
        for u in (await client.get('/api/v1/users/', headers=admin)).json()['data']
        if u['email'] == 'rory@example.com'
    )
    assert (await client.post(f'/api/v1/users/{rory}/reset-link', headers=rep)).status_code == 403
    first = (await client.post(f'/api/v1/users/{rory}/reset-link', headers=admin)).json()['url']
    second = (await client.post(f'/api/v1/users/{rory}/reset-link', headers=admin)).json()['url']
    stale = await client.post(
        '/api/v1/password-reset/confirm', json={'token': token_of(first, 'token'), 'new_password': NEW_PASSWORD}
    )
    assert stale.status_code == 400  # a newer link replaces it
    fresh = await client.post(
        '/api/v1/password-reset/confirm', json={'token': token_of(second, 'token'), 'new_password': NEW_PASSWORD}
    )
    assert fresh.status_code == 200
    await login(client, 'rory@example.com', NEW_PASSWORD)
