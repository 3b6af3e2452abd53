"""Draft from a description: the configured model fills a prospect's or a scenario's fields, which come back
validated and unsaved; no model is a 503, and a slow, failing or malformed model a clear error."""

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.api.routes.drafting import draft_model
from app.runtime import Runtime
from services.coaching.ai_coach import ModelCoachSettings
from services.library.drafting import NO_MODEL
from tests.factories import login, signup_and_login
from tests.fake_openai import API_KEY, FakeOpenAI, Reply

DESCRIPTION = (
    'A finance director at a 300-person construction firm who is sceptical of software, worries about cash flow '
    'and answers in short sentences; the CFO signs anything over 50k.'
)
PROSPECT = {
    'name': 'Dana Holt',
    'job_title': 'Finance director',
    'company': 'Holt & Sons Construction',
    'company_size': '300 people',
    'difficulty': 'hard',
    'behaviour': {'openness': 2, 'pushback': 4, 'trust_needed': 4},
    'pains': ['Invoices from site managers arrive weeks late'],
    'objections': ['We tried software like this and nobody used it.'],
    'decision': {'others': 'The CFO signs anything over 50k'},
    'speaking_style': 'Short sentences.',
}
SCENARIO = {
    'title': 'Cash-flow software to construction finance',
    'product': 'SiteLedger, invoicing from the site',
    'call_type': 'discovery',
    'goals': ['Learn who signs off', 'Book a demo with the CFO'],
    'criteria': [
        {'id': 'who_signs', 'text': 'Did the rep ask who signs off?', 'evidence_hint': 'a question about approval'},
        {'id': 'pain', 'text': 'Did the rep uncover the cost of late invoices?', 'kind': 'scale_1_5', 'weight': 2},
    ],
    'pass_mark': 70,
}


@pytest.fixture
def model(api_app: FastAPI, fake_openai: tuple[FakeOpenAI, str]) -> Iterator[FakeOpenAI]:
    """The drafting routes aimed at the fake model server, with a short timeout."""
    server, base_url = fake_openai
    settings = ModelCoachSettings(api_key=API_KEY, base_url=base_url, model='gpt-4o', timeout_s=1.0)
    api_app.dependency_overrides[draft_model] = lambda: settings
    yield server
    api_app.dependency_overrides.pop(draft_model, None)


async def draft(client: httpx.AsyncClient, kind: str, description: str = DESCRIPTION) -> httpx.Response:
    """Drafts as a rep (signed up on first use)."""
    return await client.post(
        f'/api/v1/{kind}/draft', json={'description': description}, headers=await rep_headers(client)
    )


async def rep_headers(client: httpx.AsyncClient) -> dict[str, str]:
    try:
        return await login(client, 'rep@example.com')
    except AssertionError:
        return await signup_and_login(client)


async def saved_count(client: httpx.AsyncClient, kind: str) -> int:
    listed: Any = (await client.get(f'/api/v1/{kind}/', headers=await rep_headers(client))).json()
    return len(listed['data'] if isinstance(listed, dict) else listed)


async def test_a_prospect_is_drafted_from_a_description_and_not_saved(
    client: httpx.AsyncClient, model: FakeOpenAI
) -> None:
    before = await saved_count(client, 'personas')
    model.replies.append(Reply(content=PROSPECT))

    response = await draft(client, 'personas')

    assert response.status_code == 200, response.text
    body = response.json()
    assert body['name'] == 'Dana Holt' and body['behaviour'] == {'openness': 2, 'pushback': 4, 'trust_needed': 4}
    assert body['decision']['others'] == 'The CFO signs anything over 50k'
    assert body['voice']['style'] == 'neutral'  # what the model left out has the form's default
    assert await saved_count(client, 'personas') == before
    request = model.requests[0]
    assert request['response_format'] == {'type': 'json_object'}
    system, user = (m['content'] for m in request['messages'])
    assert '"trust_needed"' in system and 'practice prospect' in system
    assert DESCRIPTION in user


async def test_a_scenario_is_drafted_with_its_goals_and_scorecard(client: httpx.AsyncClient, model: FakeOpenAI) -> None:
    model.replies.append(Reply(content=f'```json\n{json.dumps(SCENARIO)}\n```'))  # a fence some models add
    response = await draft(client, 'scenarios')
    assert response.status_code == 200, response.text
    body = response.json()
    assert body['goals'] == SCENARIO['goals'] and body['pass_mark'] == 70
    assert [(c['id'], c['kind'], c['weight']) for c in body['criteria']] == [
        ('who_signs', 'yes_no', 1.0),
        ('pain', 'scale_1_5', 2.0),
    ]
    assert 'scorecard' in model.requests[0]['messages'][0]['content']


async def test_a_draft_that_does_not_fit_the_form_is_refused_with_its_fields_named(
    client: httpx.AsyncClient, model: FakeOpenAI
) -> None:
    bad = {**PROSPECT, 'behaviour': {'openness': 9, 'pushback': 4, 'trust_needed': 4}, 'mood': 'grumpy'}
    model.replies.append(Reply(content=bad))
    response = await draft(client, 'personas')
    assert response.status_code == 502
    detail = response.json()['detail']
    assert detail.startswith("The model's draft does not fit the form:")
    assert 'behaviour.openness' in detail and 'mood' in detail
    assert 'grumpy' not in detail  # fields are named, values are not echoed

    model.replies.append(Reply(content={**SCENARIO, 'criteria': [{'id': 'x', 'text': 'Q?', 'weight': -1}]}))
    response = await draft(client, 'scenarios')
    assert response.status_code == 502 and 'criteria.0.weight' in response.json()['detail']


@pytest.mark.parametrize('content', ['{"name": "Dana", "job_title": ', 'Sure! Here is the prospect.', '[1, 2]'])
async def test_broken_json_is_a_clear_error(client: httpx.AsyncClient, model: FakeOpenAI, content: str) -> None:
    model.replies.append(Reply(content=content))
    response = await draft(client, 'personas')
    assert response.status_code == 502
    assert response.json()['detail'] in (
        'The model answered with malformed JSON. Try again, or fill in the fields.',
        'The model did not answer with the fields of an entry. Try again.',
    )


async def test_a_model_that_does_not_answer_in_time_is_a_504(client: httpx.AsyncClient, model: FakeOpenAI) -> None:
    model.replies.append(Reply(delay_s=3.0, content=PROSPECT))
    response = await draft(client, 'personas')
    assert response.status_code == 504
    assert response.json()['detail'] == (
        'The model could not draft it: the model gave no answer within 1 s. Try again, or fill in the fields.'
    )


async def test_a_failing_model_is_a_502_without_its_words(client: httpx.AsyncClient, model: FakeOpenAI) -> None:
    model.replies.append(Reply(status=500))
    response = await draft(client, 'scenarios')
    assert response.status_code == 502
    assert 'HTTP 500' in response.json()['detail'] and 'processing your request' not in response.text


async def test_without_a_model_drafting_is_a_503_that_says_what_to_set(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    assert runtime.settings.openai_api_key is None
    response = await draft(client, 'personas')
    assert response.status_code == 503
    assert response.json()['detail'] == NO_MODEL and 'OPENAI_API_KEY' in NO_MODEL


async def test_a_description_must_say_something_and_the_caller_must_sign_in(
    client: httpx.AsyncClient, model: FakeOpenAI
) -> None:
    assert (await draft(client, 'personas', 'a buyer')).status_code == 422
    anonymous = await client.post('/api/v1/scenarios/draft', json={'description': DESCRIPTION})
    assert anonymous.status_code == 401
    assert model.requests == []
