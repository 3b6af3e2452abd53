"""People and teams for the API tests of running a team: accounts signed up through the API (the first is the
installation's admin) and teams the admin builds, each with a manager and reps."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

from tests.factories import signup_and_login

USERS = '/api/v1/users'
TEAMS = '/api/v1/teams'


@dataclass(frozen=True)
class People:
    """Bearer headers and user ids by login (the part of the email before the @); `admin` is the first login."""

    headers: dict[str, dict[str, str]]
    ids: dict[str, str]
    admin: str

    def __getitem__(self, login: str) -> dict[str, str]:
        return self.headers[login]


async def sign_up_people(client: httpx.AsyncClient, names: Mapping[str, str]) -> People:
    """Signs up `{login: full name}` in order, as `login@example.com`; the first becomes the admin."""
    headers = {
        login: await signup_and_login(client, f'{login}@example.com', full_name=full_name)
        for login, full_name in names.items()
    }
    admin = next(iter(names))
    users = (await client.get(f'{USERS}/', headers=headers[admin])).json()['data']
    return People(headers=headers, ids={u['email'].split('@')[0]: u['id'] for u in users}, admin=admin)


async def build_team(client: httpx.AsyncClient, people: People, name: str, *, manager: str, reps: Sequence[str]) -> str:
    """A team made by the admin: `manager` gets the manager role and manages it, `reps` are its members."""
    admin = people[people.admin]
    created = await client.post(f'{TEAMS}/', json={'name': name}, headers=admin)
    assert created.status_code == 201, created.text
    team: str = created.json()['id']
    promoted = await client.patch(f'{USERS}/{people.ids[manager]}', json={'role': 'manager'}, headers=admin)
    assert promoted.status_code == 200, promoted.text
    members = f'{TEAMS}/{team}/members'
    made = await client.put(f'{members}/{people.ids[manager]}', json={'role': 'manager'}, headers=admin)
    assert made.status_code == 200, made.text
    for rep in reps:
        added = await client.put(f'{members}/{people.ids[rep]}', json={}, headers=admin)
        assert added.status_code == 200, added.text
    return team


@dataclass
class Org:
    admin: dict[str, str]
    manager: dict[str, str]
    other_manager: dict[str, str]
    rep: dict[str, str]
    other_rep: dict[str, str]
    ids: dict[str, str]  # by login: 'ana', 'mia', 'otto', 'rory', 'olga'
    team: str
    other_team: str


async def an_org(client: httpx.AsyncClient) -> Org:
    """An admin; Mia manages Sales East with Rory in it; Otto manages Sales West with Olga in it."""
    people = await sign_up_people(
        client,
        {
            'ana': 'Ana Admin',
            'mia': 'Mia Manager',
            'otto': 'Otto Other',
            'rory': 'Rory Rep',
            'olga': 'Olga Outside',
        },
    )
    return Org(
        admin=people['ana'],
        manager=people['mia'],
        other_manager=people['otto'],
        rep=people['rory'],
        other_rep=people['olga'],
        ids=people.ids,
        team=await build_team(client, people, 'Sales East', manager='mia', reps=['rory']),
        other_team=await build_team(client, people, 'Sales West', manager='otto', reps=['olga']),
    )
