"""Input no database can store, or numbers beyond reason, are a clear 422 and change nothing."""

from urllib.parse import quote_from_bytes

import httpx
import pytest

from tests.factories import API, PASSWORD, create_call, message, sample_call_body, signup_and_login

NUL = 'before\x00after'
SURROGATE = '\ud800'


@pytest.mark.parametrize('bad', [NUL, SURROGATE])
async def test_nul_and_lone_surrogates_are_refused_everywhere(client: httpx.AsyncClient, bad: str) -> None:
    headers = await signup_and_login(client)
    json_headers = {**headers, 'Content-Type': 'application/json'}
    escaped = bad.encode('unicode_escape').decode().replace('\\x00', '\\u0000')

    signup = await client.post(
        '/api/v1/users/signup',
        headers={'Content-Type': 'application/json'},
        content=f'{{"email": "n@example.com", "password": "{PASSWORD}", "full_name": "{escaped}"}}',
    )
    assert signup.status_code == 422
    assert signup.json()['detail'][0]['loc'][-1] == 'full_name'

    created = await client.post(
        f'{API}/', headers=json_headers, content=f'{{"persona": "busy_executive", "scenario": "{escaped}"}}'
    )
    assert created.status_code == 422
    assert created.json()['detail'][0]['loc'][-1] == 'scenario'

    call_id = await create_call(client, headers)
    body = f'{{"duration_seconds": 3, "transcript": {{"messages": [{{"role": "user", "text": "{escaped}"}}]}}}}'
    completed = await client.post(f'{API}/{call_id}/complete', headers=json_headers, content=body)
    assert completed.status_code == 422
    assert 'text' in completed.json()['detail'][0]['loc']
    prosody = (
        f'{{"duration_seconds": 3, "transcript": {{"messages": []}}, "emotion_data": {{"prosody_scores": '
        f'[{{"role": "user", "scores": {{"{escaped}": 0.5}}}}]}}}}'
    )
    assert (await client.post(f'{API}/{call_id}/complete', headers=json_headers, content=prosody)).status_code == 422
    assert (await client.get(f'{API}/{call_id}', headers=headers)).json()['status'] == 'active'

    # The log-in form, percent-encoded as a browser would send it (a lone surrogate as its CESU bytes).
    raw = quote_from_bytes(f'rep{bad}@example.com'.encode('utf-8', 'surrogatepass'))
    login = await client.post(
        '/api/v1/login/access-token',
        content=f'username={raw}&password=x'.encode(),
        headers={'Content-Type': 'application/x-www-form-urlencoded'},
    )
    assert login.status_code in (400, 422), login.text


async def test_huge_numbers_are_refused(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    for query in ('skip=100000000000000000000', f'skip={2**63}'):
        response = await client.get(f'{API}/?{query}', headers=headers)
        assert response.status_code == 422
        assert response.json()['detail'][0]['loc'][-1] == 'skip'
    call_id = await create_call(client, headers)
    for field, value in (('timestamp', 1.7e308), ('end', 1e12)):
        body = sample_call_body()
        body['transcript']['messages'][0][field] = value
        response = await client.post(f'{API}/{call_id}/complete', json=body, headers=headers)
        assert response.status_code == 422, (field, response.text)
    body = {'duration_seconds': 1e9, 'transcript': {'messages': [message('user', 'hi', 0, 1)]}}
    assert (await client.post(f'{API}/{call_id}/complete', json=body, headers=headers)).status_code == 422


async def test_a_422_names_the_field_but_never_echoes_what_was_sent(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    body = sample_call_body()
    point = {'timestamp': 1.0, 'role': 'user', 'scores': {'Secret-Feature-Name': 7.5}, 'features': {'Hidden-Key': 'x'}}
    body['emotion_data'] = {'prosody_scores': [point]}
    response = await client.post(f'/api/v1/calls/{call_id}/complete', json=body, headers=headers)
    assert response.status_code == 422
    assert 'Secret-Feature-Name' not in response.text and 'Hidden-Key' not in response.text
    locations = [error['loc'] for error in response.json()['detail']]
    assert ['body', 'emotion_data', 'prosody_scores', 0, 'features', '*'] in locations  # where, not what
    assert any(loc[:5] == ['body', 'emotion_data', 'prosody_scores', 0, 'scores'] for loc in locations)

    long_secret = 'my-very-own-secret-' * 10
    refused = await client.post('/api/v1/users/signup', json={'email': 'b@example.com', 'password': long_secret})
    assert refused.status_code == 422
    assert 'my-very-own-secret' not in refused.text


async def test_a_line_said_to_come_in_some_other_way_is_refused_and_the_call_kept(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    body = sample_call_body()
    body['transcript']['messages'][0]['source'] = 'shouted-secretly'
    response = await client.post(f'/api/v1/calls/{call_id}/complete', json=body, headers=headers)
    assert response.status_code == 422
    assert 'shouted-secretly' not in response.text
    assert ['body', 'transcript', 'messages', 0, 'source'] in [error['loc'] for error in response.json()['detail']]
    detail = (await client.get(f'/api/v1/calls/{call_id}', headers=headers)).json()
    assert detail['status'] == 'active'  # the call is untouched and can still be completed
    body['transcript']['messages'][0]['source'] = 'typed'
    assert (await client.post(f'/api/v1/calls/{call_id}/complete', json=body, headers=headers)).status_code == 200
