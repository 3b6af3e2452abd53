"""Builders for test data: accounts with tokens, calls, and hand-made transcripts."""

import asyncio
import uuid
from typing import Any

import httpx

from app.runtime import Runtime
from services import call_lifecycle, calls
from services.call_status import CallStatus
from services.models import CallSession
from services.transcript import MAX_MESSAGES, EmotionData, Transcript

PASSWORD = 'correct horse battery'
API = '/api/v1/calls'  # the calls' routes


async def wait_for_report(client: httpx.AsyncClient, headers: dict[str, str], call_id: str) -> httpx.Response:
    """The report, once the analysis is no longer running (202); polling is what an API client does."""
    for _ in range(200):
        response = await client.get(f'{API}/{call_id}/report', headers=headers)
        if response.status_code != 202:
            return response
        await asyncio.sleep(0.02)
    raise AssertionError('the report never arrived')


async def signup_and_login(
    client: httpx.AsyncClient,
    email: str = 'rep@example.com',
    *,
    full_name: str = 'Riley Rep',
    invitation: str | None = None,
) -> dict[str, str]:
    """Creates an account through the API (with an invitation's token, if given) and returns the bearer header of
    its token."""
    body = {'email': email, 'password': PASSWORD, 'full_name': full_name}
    response = await client.post('/api/v1/users/signup', json={**body, 'invitation': invitation})
    assert response.status_code == 201, response.text
    return await login(client, email)


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post('/api/v1/login/access-token', data={'username': email, 'password': password})
    assert response.status_code == 200, response.text
    return {'Authorization': f'Bearer {response.json()["access_token"]}'}


async def create_call(
    client: httpx.AsyncClient, headers: dict[str, str], persona: str = 'skeptical_buyer', scenario: str | None = None
) -> str:
    response = await client.post('/api/v1/calls/', json={'persona': persona, 'scenario': scenario}, headers=headers)
    assert response.status_code == 201, response.text
    call_id: str = response.json()['id']
    return call_id


async def completed_call(client: httpx.AsyncClient, headers: dict[str, str], persona: str = 'skeptical_buyer') -> str:
    """A call created and completed with `sample_call_body`, ready to analyse."""
    call_id = await create_call(client, headers, persona)
    response = await client.post(f'/api/v1/calls/{call_id}/complete', json=sample_call_body(), headers=headers)
    assert response.status_code == 200, response.text
    return call_id


def message(role: str, text: str, start: float | None = None, end: float | None = None) -> dict[str, Any]:
    return {'role': role, 'text': text, 'timestamp': start, 'end': end}


def sample_call_body() -> dict[str, Any]:
    """A short, timed discovery call with prosody on the rep's lines."""
    return {
        'duration_seconds': 62.0,
        'transcript': {
            'messages': [
                message('user', 'Hi Morgan, this is Sam from PipelinePro. Do you have a minute?', 0.0, 4.0),
                message('assistant', 'One minute. What is this about?', 4.5, 6.5),
                message(
                    'user', 'We help teams stop losing deals in spreadsheets. How do you track deals today?', 7.0, 12.0
                ),
                message('assistant', 'Spreadsheets. And honestly, tools like yours are too expensive.', 12.5, 16.0),
                message('user', 'Fair. What does a lost deal cost you in a typical quarter?', 16.5, 20.0),
                message('assistant', 'Maybe two or three deals. That adds up.', 20.5, 23.0),
                message('user', 'Could we book a 30 minute demo next week with your team?', 23.5, 27.0),
                message('assistant', 'Send me a time.', 27.5, 28.5),
            ]
        },
        'emotion_data': {
            'prosody_scores': [
                {'timestamp': 0.0, 'role': 'user', 'scores': {'Determination': 0.5, 'Calmness': 0.4, 'Doubt': 0.1}},
                {'timestamp': 7.0, 'role': 'user', 'scores': {'Determination': 0.6, 'Interest': 0.5, 'Doubt': 0.05}},
                {'timestamp': 16.5, 'role': 'user', 'scores': {'Calmness': 0.5, 'Interest': 0.6, 'Anxiety': 0.1}},
                {'timestamp': 23.5, 'role': 'user', 'scores': {'Determination': 0.7, 'Excitement': 0.4}},
            ]
        },
        'hume_chat_id': 'chat-123',
    }


LONG_CALL_TURNS = (
    'We keep every order in a shared spreadsheet, and it breaks whenever two of us edit it at the same time, '
    'usually on a Monday.',
    'How many orders a week does your team handle, who chases the late ones today, and how long does that take them?',
    'Honestly, the last tool we tried took three months to set up and in the end nobody on the team used it at all.',
    'What would it be worth to you if a late delivery were flagged before the customer had to call and ask '
    'you about it?',
)


def longest_call_body() -> dict[str, Any]:
    """The largest call the app accepts: 5,000 timed lines of about 140 characters, a line every 6 seconds.
    Each line says its number ("Line 17 of the call: ..."), so a page of the transcript can be told from another."""
    messages = [
        message(
            'user' if i % 2 == 0 else 'assistant',
            f'Line {i + 1} of the call: {LONG_CALL_TURNS[i % len(LONG_CALL_TURNS)]}',
            i * 6.0,
            i * 6.0 + 5.0,
        )
        for i in range(MAX_MESSAGES)
    ]
    return {'duration_seconds': MAX_MESSAGES * 6.0, 'transcript': {'messages': messages}, 'emotion_data': {}}


async def analysed_call(
    runtime: Runtime,
    owner_id: uuid.UUID,
    *,
    persona: str = 'busy_executive',
    scenario: str | None = None,
    body: dict[str, Any] | None = None,
) -> CallSession:
    """A call created, completed with `body` (`sample_call_body` unless given) and analysed by the runtime's coach,
    as the API would."""
    body = body or sample_call_body()
    async with runtime.database.session() as session:
        call = await calls.create_call(session, owner_id=owner_id, persona=persona, scenario=scenario, engine='demo')
        await call_lifecycle.complete(
            session,
            call,
            duration_seconds=body['duration_seconds'],
            transcript=Transcript.model_validate(body['transcript']),
            emotion_data=EmotionData.model_validate(body['emotion_data']),
        )
        await call_lifecycle.request_analysis(session, call)
    runtime.analysis.submit(call.id)
    await runtime.analysis.wait_idle()
    async with runtime.database.session() as session:
        done = await calls.get_call(session, owner_id=owner_id, call_id=call.id)
    assert done is not None and done.status == CallStatus.DONE and done.analysis_results is not None
    return done
