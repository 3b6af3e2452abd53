"""The call lifecycle over the REST API: create, list, read, complete, analyse, report, delete."""

import copy
import uuid

import httpx
import pytest

from app.runtime import Runtime
from services.analysis import NOTHING_SAID
from tests.coaches import BrokenCoach, GatedCoach
from tests.factories import (
    API,
    completed_call,
    create_call,
    message,
    sample_call_body,
    signup_and_login,
    wait_for_report,
)


async def test_personas_are_listed(client: httpx.AsyncClient) -> None:
    personas = (await client.get(f'{API}/personas/list')).json()
    assert [p['id'] for p in personas] == ['friendly_prospect', 'skeptical_buyer', 'busy_executive']
    assert {'name', 'title', 'description', 'difficulty', 'objections'} <= set(personas[0])


async def test_the_whole_lifecycle(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    created = await client.post(
        f'{API}/', json={'persona': 'skeptical_buyer', 'scenario': 'CRM to a factory'}, headers=headers
    )
    assert created.status_code == 201
    call = created.json()
    assert call['status'] == 'active' and call['engine'] == 'demo' and call['overall_score'] is None
    call_id = call['id']

    body = sample_call_body()
    completed = await client.post(f'{API}/{call_id}/complete', json=body, headers=headers)
    assert completed.status_code == 200 and completed.json()['status'] == 'completed'
    assert completed.json()['duration_seconds'] == 62.0

    detail = (await client.get(f'{API}/{call_id}', headers=headers)).json()
    assert detail['transcript']['messages'][0]['text'] == body['transcript']['messages'][0]['text']
    assert len(detail['emotion_data']['prosody_scores']) == 4
    assert detail['hume_chat_id'] == 'chat-123'

    not_yet = await client.get(f'{API}/{call_id}/report', headers=headers)
    assert not_yet.status_code == 409 and 'not been analysed' in not_yet.json()['detail']

    started = await client.post(f'{API}/{call_id}/analyze', headers=headers)
    assert started.status_code == 202 and started.json()['status'] == 'analyzing'
    report = await wait_for_report(client, headers, call_id)
    assert report.status_code == 200
    data = report.json()
    assert data['coach'] == 'rule_based'
    # The sample call: discovery, an explored price objection and a demo "next week" that the prospect accepts;
    # delivery is one part (65 % of the words, 187.5 wpm). The score is the weighted mean of its parts.
    parts = {part['name']: part for part in data['score_breakdown']}
    assert parts['next_step']['detail'] == 'agreed' and parts['objections']['detail'] == 'price: explored'
    known = [part for part in parts.values() if part['score'] is not None]
    weighted = 100 * sum(p['weight'] * p['score'] for p in known) / sum(p['weight'] for p in known)
    assert data['overall_score'] == round(weighted) == 83
    assert {
        'tone_summary',
        'speech_metrics',
        'emotion_summary',
        'key_moments',
        'recommendations',
        'strengths',
        'areas_for_improvement',
    } <= set(data)
    assert data['speech_metrics']['questions_asked'] == 4
    texts = [m['text'] for m in body['transcript']['messages']]
    quotes = [m['quote'] for m in data['key_moments'] if m['quote']]
    assert quotes
    assert all(any(quote in text for text in texts) for quote in quotes)

    listed = (await client.get(f'{API}/', headers=headers)).json()
    assert listed['count'] == 1 and listed['data'][0]['overall_score'] == data['overall_score']
    assert listed['data'][0]['status'] == 'done'

    again = await client.post(f'{API}/{call_id}/analyze', headers=headers)  # allowed again after done
    assert again.status_code == 202
    assert (await wait_for_report(client, headers, call_id)).status_code == 200

    assert (await client.delete(f'{API}/{call_id}', headers=headers)).status_code == 204
    assert (await client.get(f'{API}/{call_id}', headers=headers)).status_code == 404
    assert (await client.get(f'{API}/', headers=headers)).json() == {'data': [], 'count': 0}


async def test_list_is_newest_first_and_pages(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    ids = [await create_call(client, headers) for _ in range(5)]
    page = (await client.get(f'{API}/?skip=1&limit=2', headers=headers)).json()
    assert page['count'] == 5
    assert [c['id'] for c in page['data']] == [ids[3], ids[2]]
    for bad in ('limit=101', 'limit=0', 'skip=-1', 'limit=ten'):
        response = await client.get(f'{API}/?{bad}', headers=headers)
        assert response.status_code == 422, bad
        assert response.json()['detail'][0]['loc'][-1] in ('skip', 'limit')


async def test_another_users_call_is_not_found_on_every_route(client: httpx.AsyncClient) -> None:
    owner = await signup_and_login(client, 'owner@example.com')
    other = await signup_and_login(client, 'other@example.com')
    call_id = await create_call(client, owner)
    body = sample_call_body()
    attempts = [
        client.get(f'{API}/{call_id}', headers=other),
        client.post(f'{API}/{call_id}/complete', json=body, headers=other),
        client.post(f'{API}/{call_id}/analyze', headers=other),
        client.get(f'{API}/{call_id}/report', headers=other),
        client.delete(f'{API}/{call_id}', headers=other),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 404
        assert response.json()['detail'] == 'Call not found.'
    assert (await client.get(f'{API}/', headers=other)).json()['count'] == 0
    assert (await client.get(f'{API}/{call_id}', headers=owner)).json()['status'] == 'active'  # untouched
    unknown = uuid.uuid4()
    assert (await client.get(f'{API}/{unknown}', headers=owner)).status_code == 404


async def test_every_call_route_needs_a_token(client: httpx.AsyncClient) -> None:
    call_id = uuid.uuid4()
    for method, path in [
        ('POST', f'{API}/'),
        ('GET', f'{API}/'),
        ('GET', f'{API}/{call_id}'),
        ('DELETE', f'{API}/{call_id}'),
        ('POST', f'{API}/{call_id}/complete'),
        ('POST', f'{API}/{call_id}/analyze'),
        ('GET', f'{API}/{call_id}/report'),
    ]:
        assert (await client.request(method, path)).status_code == 401, (method, path)


@pytest.mark.parametrize(
    ('body', 'field'),
    [
        ({'persona': 'angry_alien'}, 'persona'),
        ({}, 'persona_id'),
        ({'persona': 'busy_executive', 'scenario': 'x' * 2001}, 'scenario'),
        ({'persona': 'busy_executive', 'scenario': 42}, 'scenario'),
    ],
)
async def test_bad_create_bodies_are_422_naming_the_field(client: httpx.AsyncClient, body: dict, field: str) -> None:
    headers = await signup_and_login(client)
    response = await client.post(f'{API}/', json=body, headers=headers)
    assert response.status_code == 422
    assert any(error['loc'][-1] == field for error in response.json()['detail'])


async def test_a_scenario_of_exactly_two_thousand_characters_is_accepted(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    response = await client.post(f'{API}/', json={'persona': 'busy_executive', 'scenario': 'x' * 2000}, headers=headers)
    assert response.status_code == 201


def _broken(path: list, value: object) -> dict:
    body = copy.deepcopy(sample_call_body())
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


@pytest.mark.parametrize(
    ('body', 'field'),
    [
        (_broken(['duration_seconds'], -1), 'duration_seconds'),
        (_broken(['duration_seconds'], 'long'), 'duration_seconds'),
        (_broken(['transcript', 'messages', 0, 'role'], 'coach'), 'role'),
        (_broken(['transcript', 'messages', 0, 'timestamp'], -3), 'timestamp'),
        (_broken(['transcript', 'messages', 1, 'end'], 1.0), 'messages'),
        (_broken(['transcript', 'messages'], 'hello'), 'messages'),
        (_broken(['emotion_data', 'prosody_scores', 0, 'scores', 'Joy'], 1.5), 'scores'),
        (_broken(['hume_chat_id'], 'x' * 129), 'hume_chat_id'),
        ({'duration_seconds': 3}, 'transcript'),
    ],
)
async def test_bad_complete_bodies_are_422_and_the_call_stays_active(
    client: httpx.AsyncClient, body: dict, field: str
) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    response = await client.post(f'{API}/{call_id}/complete', json=body, headers=headers)
    if response.status_code == 200:
        pytest.fail(f'accepted a body with a bad {field}')
    assert response.status_code == 422
    assert any(field in [str(part) for part in error['loc']] for error in response.json()['detail'])
    assert (await client.get(f'{API}/{call_id}', headers=headers)).json()['status'] == 'active'


async def test_broken_json_is_a_clear_422(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    response = await client.post(
        f'{API}/{call_id}/complete',
        content=b'{"duration_seconds": 3, "transcript": {',
        headers={**headers, 'Content-Type': 'application/json'},
    )
    assert response.status_code == 422
    assert response.json()['detail'][0]['type'] == 'json_invalid'


async def test_state_rules_are_409_with_a_reason(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    early = await client.post(f'{API}/{call_id}/analyze', headers=headers)
    assert early.status_code == 409 and 'still active' in early.json()['detail']
    report = await client.get(f'{API}/{call_id}/report', headers=headers)
    assert report.status_code == 409 and 'still active' in report.json()['detail']
    assert (await client.post(f'{API}/{call_id}/complete', json=sample_call_body(), headers=headers)).status_code == 200
    twice = await client.post(f'{API}/{call_id}/complete', json=sample_call_body(), headers=headers)
    assert twice.status_code == 409 and 'Only an active call' in twice.json()['detail']


async def test_while_analysing_the_report_is_202_and_a_second_request_is_409(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    runtime.analysis.coach = coach = GatedCoach()
    headers = await signup_and_login(client)
    call_id = await completed_call(client, headers)
    assert (await client.post(f'{API}/{call_id}/analyze', headers=headers)).status_code == 202
    pending = await client.get(f'{API}/{call_id}/report', headers=headers)
    assert pending.status_code == 202
    assert pending.json() == {'call_id': call_id, 'status': 'analyzing', 'error': None}
    busy = await client.post(f'{API}/{call_id}/analyze', headers=headers)
    assert busy.status_code == 409 and 'being analysed' in busy.json()['detail']
    coach.release.set()
    assert (await wait_for_report(client, headers, call_id)).status_code == 200


async def test_a_failed_analysis_is_409_with_its_message_and_can_run_again(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    original = runtime.analysis.coach
    runtime.analysis.coach = BrokenCoach()
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    await client.post(f'{API}/{call_id}/complete', json=sample_call_body(), headers=headers)
    await client.post(f'{API}/{call_id}/analyze', headers=headers)
    failed = await wait_for_report(client, headers, call_id)
    assert failed.status_code == 409
    assert failed.json()['detail'] == 'The analysis failed (ValueError). Try "Analyse again".'
    assert BrokenCoach.SECRET not in failed.text
    detail = (await client.get(f'{API}/{call_id}', headers=headers)).json()
    assert detail['status'] == 'error' and detail['analysis_error'].startswith('The analysis failed')

    runtime.analysis.coach = original
    assert (await client.post(f'{API}/{call_id}/analyze', headers=headers)).status_code == 202
    assert (await wait_for_report(client, headers, call_id)).status_code == 200


async def test_an_empty_call_or_a_silent_rep_gets_no_report_and_no_score(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    for messages in ([], [message('assistant', 'Hello? Anyone there?', 0, 2)]):
        call_id = await create_call(client, headers)
        body = {'duration_seconds': 5, 'transcript': {'messages': messages}}
        assert (await client.post(f'{API}/{call_id}/complete', json=body, headers=headers)).status_code == 200
        await client.post(f'{API}/{call_id}/analyze', headers=headers)
        report = await wait_for_report(client, headers, call_id)
        assert report.status_code == 409 and report.json()['detail'] == NOTHING_SAID
        detail = (await client.get(f'{API}/{call_id}', headers=headers)).json()
        assert detail['overall_score'] is None  # nothing to count in any average


async def test_a_five_thousand_message_call_completes_and_is_analysed(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    lines = []
    prosody = []
    for i in range(2500):
        start = i * 6.0
        lines.append(message('user', f'Um, what does step {i} cost you today?', start, start + 3))
        lines.append(message('assistant', 'Quite a lot, to be honest.', start + 3.5, start + 5.5))
        prosody.append({'timestamp': start, 'role': 'user', 'scores': {'Determination': 0.5, 'Doubt': 0.2}})
    body = {'duration_seconds': 15_000, 'transcript': {'messages': lines}, 'emotion_data': {'prosody_scores': prosody}}
    assert (await client.post(f'{API}/{call_id}/complete', json=body, headers=headers)).status_code == 200
    await client.post(f'{API}/{call_id}/analyze', headers=headers)
    report = (await wait_for_report(client, headers, call_id)).json()
    assert report['speech_metrics']['questions_asked'] == 2500
    assert len(report['emotion_summary']['timeline']) == 2500
