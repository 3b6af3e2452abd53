"""A call analysed by the AI coach through the API: a fallback report says so, and "analyse again" asks the model."""

import httpx

from app.runtime import Runtime
from services.coaching.ai_coach import CoachWithFallback
from tests.coaches import model_coach
from tests.factories import completed_call, signup_and_login
from tests.fake_openai import API_KEY, FakeOpenAI, Reply


async def test_a_fallback_report_can_be_analysed_again_by_the_model(
    client: httpx.AsyncClient, runtime: Runtime, fake_openai: tuple[FakeOpenAI, str]
) -> None:
    server, base_url = fake_openai
    runtime.analysis.coach = CoachWithFallback(model_coach(base_url))
    headers = await signup_and_login(client)
    call_id = await completed_call(client, headers)

    server.replies.extend([Reply(status=503)] * 3)
    assert (await client.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)).status_code == 202
    await runtime.analysis.wait_idle()
    first = (await client.get(f'/api/v1/calls/{call_id}/report', headers=headers)).json()
    assert first['coach'] == 'rule_based'
    assert 'HTTP 503' in first['fallback_reason']

    assert (await client.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)).status_code == 202
    await runtime.analysis.wait_idle()
    response = await client.get(f'/api/v1/calls/{call_id}/report', headers=headers)
    again = response.json()
    assert again['coach'] == 'openai:gpt-4o'
    assert again['fallback_reason'] is None
    assert again['token_usage']['total_tokens'] > 0
    assert again['skill_scores']['next_step'] == 4
    assert again['key_moments'][1]['say_instead'] == 'Before I go on, how are you handling this today?'
    detail = (await client.get(f'/api/v1/calls/{call_id}', headers=headers)).json()
    assert detail['overall_score'] == 64
    assert len(server.requests) == 4
    assert API_KEY not in response.text + first['fallback_reason']
