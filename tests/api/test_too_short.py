"""A call too short to score (under 20 s, or fewer than 3 lines from the rep) gets a report without a score, on both
databases: no "vs your last call", and no place in averages, trends or charts (issue 11: an accidental instant
hang-up became a 0-point call, "−62 vs your last call")."""

import uuid

import httpx
import pytest

from app.runtime import Runtime
from services.coaching.too_short import MIN_SCORED_REP_LINES, MIN_SCORED_SECONDS
from services.models import CallSession
from services.progress import progress_for
from services.score_change import score_change
from tests.factories import API, completed_call, create_call, message, signup_and_login, wait_for_report

HANG_UP_AT_ONCE = {
    'duration_seconds': 9.0,
    'transcript': {
        'messages': [
            message('assistant', 'Morgan Reyes, procurement. What is it?', 0.0, 2.5),
            message('user', 'Hi Morgan, this is Sam from ShieldOps, do you have a minute?', 3.0, 6.0),
            message('assistant', 'Not really.', 6.5, 7.5),
            message('user', 'Oops, wrong button.', 8.0, 9.0),
        ]
    },
}
TWO_LINES_IN_A_MINUTE = {
    'duration_seconds': 60.0,
    'transcript': {
        'messages': [
            message('assistant', 'Morgan Reyes, procurement. What is it?', 0.0, 2.5),
            message('user', 'Hi Morgan, how do you choose your suppliers today?', 3.0, 6.0),
            message(
                'assistant', 'We run tenders every year, and they take months of work for three people.', 6.5, 40.0
            ),
            message('user', 'What would it be worth to you to shorten that?', 41.0, 44.0),
            message('assistant', 'Quite a lot, honestly.', 45.0, 60.0),
        ]
    },
}


async def _analysed(client: httpx.AsyncClient, headers: dict[str, str], body: dict) -> tuple[str, dict]:
    call_id = await create_call(client, headers)
    assert (await client.post(f'{API}/{call_id}/complete', json=body, headers=headers)).status_code == 200
    assert (await client.post(f'{API}/{call_id}/analyze', headers=headers)).status_code == 202
    report = await wait_for_report(client, headers, call_id)
    assert report.status_code == 200, report.text
    return call_id, report.json()


@pytest.mark.parametrize(('body', 'said'), [(HANG_UP_AT_ONCE, '9 seconds'), (TWO_LINES_IN_A_MINUTE, '2 lines')])
async def test_a_call_too_short_to_score_has_a_report_but_no_score(
    client: httpx.AsyncClient, body: dict, said: str
) -> None:
    headers = await signup_and_login(client)
    call_id, report = await _analysed(client, headers, body)
    assert report['overall_score'] is None and report['skill_scores'] is None
    reason = report['unscored_reason']
    assert 'too short to score' in reason and said in reason
    assert f'{MIN_SCORED_SECONDS:.0f} seconds' in reason and f'{MIN_SCORED_REP_LINES} of your lines' in reason
    assert report['speech_metrics']['rep_messages'] == 2  # what was said is still measured
    listed = (await client.get(f'{API}/', headers=headers)).json()['data']
    assert [(call['id'], call['status'], call['overall_score']) for call in listed] == [(call_id, 'done', None)]


async def test_a_call_too_short_to_score_is_in_no_average_and_no_comparison(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    headers = await signup_and_login(client)
    scored = await completed_call(client, headers)
    await client.post(f'{API}/{scored}/analyze', headers=headers)
    score = (await wait_for_report(client, headers, scored)).json()['overall_score']
    short, _ = await _analysed(client, headers, HANG_UP_AT_ONCE)

    async with runtime.database.session() as session:
        call = await session.get(CallSession, uuid.UUID(short))
        assert call is not None
        assert await score_change(session, call) is None
        progress = await progress_for(session, owner_id=call.owner_id)
    assert progress.total_calls == 2  # it is still one of the rep's calls
    assert (progress.recent_count, progress.recent_average) == (1, score)
    assert [point.call_id for point in progress.points] == [uuid.UUID(scored)]
