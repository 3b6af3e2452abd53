"""Listing calls over the REST API: filtered by persona and sorted by date or score, on both databases."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from app.runtime import Runtime
from services.models import CallSession
from tests.factories import API, create_call, signup_and_login

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

# persona, score (None: never analysed); listed oldest first, one hour apart.
CALLS = [
    ('skeptical_buyer', 55),
    ('busy_executive', None),
    ('skeptical_buyer', 90),
    ('friendly_prospect', 72),
    ('skeptical_buyer', None),
    ('busy_executive', 55),
    ('friendly_prospect', 18),
]


async def make_calls(client: httpx.AsyncClient, runtime: Runtime, headers: dict[str, str]) -> list[str]:
    """The CALLS for the account, with their scores and an hour between them; their ids, oldest first."""
    ids = [await create_call(client, headers, persona) for persona, _ in CALLS]
    async with runtime.database.session() as session:
        for index, (call_id, (_, score)) in enumerate(zip(ids, CALLS, strict=True)):
            await session.execute(
                update(CallSession)
                .where(CallSession.id == uuid.UUID(call_id))
                .values(overall_score=score, created_at=START + timedelta(hours=index))
            )
        await session.commit()
    return ids


async def listed(client: httpx.AsyncClient, headers: dict[str, str], query: str) -> tuple[list[str], int]:
    response = await client.get(f'{API}/?{query}', headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    return [call['id'] for call in body['data']], body['count']


async def test_newest_first_by_default_and_oldest_first_on_request(client: httpx.AsyncClient, runtime: Runtime) -> None:
    headers = await signup_and_login(client)
    ids = await make_calls(client, runtime, headers)
    assert await listed(client, headers, '') == (ids[::-1], 7)
    assert await listed(client, headers, 'sort=newest') == (ids[::-1], 7)
    assert await listed(client, headers, 'sort=oldest') == (ids, 7)


async def test_score_sorts_put_unscored_calls_last_both_ways_and_ties_newest_first(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    headers = await signup_and_login(client)
    ids = await make_calls(client, runtime, headers)
    # 90, 72, the two 55s newest first, 18, then the unscored calls newest first.
    assert await listed(client, headers, 'sort=score_high') == ([ids[i] for i in (2, 3, 5, 0, 6, 4, 1)], 7)
    assert await listed(client, headers, 'sort=score_low') == ([ids[i] for i in (6, 5, 0, 3, 2, 4, 1)], 7)


async def test_pages_follow_the_sort(client: httpx.AsyncClient, runtime: Runtime) -> None:
    headers = await signup_and_login(client)
    ids = await make_calls(client, runtime, headers)
    assert await listed(client, headers, 'sort=score_high&skip=2&limit=3') == ([ids[i] for i in (5, 0, 6)], 7)


async def test_the_persona_filter_counts_only_what_matches(client: httpx.AsyncClient, runtime: Runtime) -> None:
    headers = await signup_and_login(client)
    ids = await make_calls(client, runtime, headers)
    assert await listed(client, headers, 'persona=skeptical_buyer') == ([ids[4], ids[2], ids[0]], 3)
    assert await listed(client, headers, 'persona=skeptical_buyer&sort=score_low') == ([ids[0], ids[2], ids[4]], 3)
    assert await listed(client, headers, 'persona=friendly_prospect&limit=1') == ([ids[6]], 2)


async def test_the_filter_never_shows_another_reps_calls(client: httpx.AsyncClient, runtime: Runtime) -> None:
    headers = await signup_and_login(client)
    await make_calls(client, runtime, headers)
    other = await signup_and_login(client, 'other@example.com')
    own = await create_call(client, other, 'skeptical_buyer')
    assert await listed(client, other, 'persona=skeptical_buyer&sort=score_high') == ([own], 1)
    assert await listed(client, other, 'persona=busy_executive') == ([], 0)
    assert await listed(client, other, 'persona=angry_alien') == ([], 0)  # no such prospect: no calls, no error


async def test_calls_filter_by_a_library_prospect_and_scenario(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    prospect = (
        await client.post('/api/v1/personas/', json={'name': 'Dana Whitfield', 'job_title': 'COO'}, headers=headers)
    ).json()
    scenario = (await client.post('/api/v1/scenarios/', json={'title': 'Renewal at risk'}, headers=headers)).json()
    body = {'persona_id': prospect['id'], 'scenario_id': scenario['id']}
    on_both = (await client.post(f'{API}/', json=body, headers=headers)).json()['id']
    await create_call(client, headers, 'skeptical_buyer')
    assert await listed(client, headers, f'persona={prospect["id"]}') == ([on_both], 1)
    assert await listed(client, headers, f'scenario_id={scenario["id"]}&sort=score_low') == ([on_both], 1)
    await client.delete(f'/api/v1/personas/{prospect["id"]}', headers=headers)
    assert await listed(client, headers, f'persona={prospect["id"]}') == ([on_both], 1)  # kept after the delete


@pytest.mark.parametrize(
    ('query', 'field'),
    [
        ('persona=', 'persona'),
        (f'persona={"x" * 65}', 'persona'),
        ('scenario_id=', 'scenario_id'),
        ('sort=score', 'sort'),
        ('sort=NEWEST', 'sort'),
        ('sort=', 'sort'),
    ],
)
async def test_bad_filters_are_a_clear_422(client: httpx.AsyncClient, query: str, field: str) -> None:
    headers = await signup_and_login(client)
    response = await client.get(f'{API}/?{query}', headers=headers)
    assert response.status_code == 422
    error = response.json()['detail'][0]
    assert error['loc'] == ['query', field]
    if field in ('persona', 'scenario_id'):
        assert 'at least 1 character' in error['msg'] or 'at most 64 characters' in error['msg']
    else:
        assert "'newest', 'oldest', 'score_high' or 'score_low'" in error['msg']
