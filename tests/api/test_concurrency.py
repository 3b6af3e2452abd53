"""Concurrent requests cannot slip past the rules: throttling, the first admin, state changes, deletes."""

import asyncio

import httpx

from app.runtime import Runtime
from tests.coaches import GatedCoach
from tests.factories import API, PASSWORD, completed_call, create_call, sample_call_body, signup_and_login


async def test_a_burst_of_parallel_guesses_is_still_throttled(client: httpx.AsyncClient) -> None:
    await signup_and_login(client, 'target@example.com')
    form = {'username': 'target@example.com', 'password': 'guess'}
    responses = await asyncio.gather(*(client.post('/api/v1/login/access-token', data=form) for _ in range(30)))
    codes = sorted(r.status_code for r in responses)
    assert codes.count(400) == 10
    assert codes.count(429) == 20


async def test_a_successful_log_in_does_not_count_against_the_address(client: httpx.AsyncClient) -> None:
    await signup_and_login(client, 'busy@example.com')
    form = {'username': 'busy@example.com', 'password': PASSWORD}
    codes = [(await client.post('/api/v1/login/access-token', data=form)).status_code for _ in range(15)]
    assert codes == [200] * 15


async def test_parallel_first_sign_ups_make_exactly_one_admin(client: httpx.AsyncClient) -> None:
    bodies = [{'email': f'first{i}@example.com', 'password': PASSWORD} for i in range(4)]
    responses = await asyncio.gather(*(client.post('/api/v1/users/signup', json=body) for body in bodies))
    assert [r.status_code for r in responses] == [201] * 4
    assert sum(r.json()['is_superuser'] for r in responses) == 1


async def test_a_double_complete_is_one_success_and_one_409(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    first, second = sample_call_body(), sample_call_body()
    second['duration_seconds'] = 99.0
    responses = await asyncio.gather(
        client.post(f'{API}/{call_id}/complete', json=first, headers=headers),
        client.post(f'{API}/{call_id}/complete', json=second, headers=headers),
    )
    assert sorted(r.status_code for r in responses) == [200, 409]
    winner = next(r for r in responses if r.status_code == 200).json()
    stored = (await client.get(f'{API}/{call_id}', headers=headers)).json()
    assert stored['duration_seconds'] == winner['duration_seconds']


async def test_analyse_racing_a_delete_never_fails_with_500(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    for _ in range(4):
        call_id = await completed_call(client, headers)
        analyse, delete = await asyncio.gather(
            client.post(f'{API}/{call_id}/analyze', headers=headers),
            client.delete(f'{API}/{call_id}', headers=headers),
        )
        assert delete.status_code == 204
        assert analyse.status_code in (202, 404), analyse.text
        assert (await client.get(f'{API}/{call_id}', headers=headers)).status_code == 404


async def test_deleting_a_call_during_its_analysis_stops_it_cleanly(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    runtime.analysis.coach = coach = GatedCoach()
    headers = await signup_and_login(client)
    call_id = await completed_call(client, headers)
    await client.post(f'{API}/{call_id}/analyze', headers=headers)
    await asyncio.wait_for(coach.started.wait(), 5)
    assert (await client.delete(f'{API}/{call_id}', headers=headers)).status_code == 204
    await asyncio.wait_for(runtime.analysis.wait_idle(), 5)
    assert (await client.get(f'{API}/{call_id}', headers=headers)).status_code == 404
    assert (await client.get(f'{API}/', headers=headers)).json()['count'] == 0
