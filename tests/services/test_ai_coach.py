"""The AI coach through the real `openai` SDK against a local OpenAI-compatible fake server."""

import logging
from typing import Any

import pytest

from app.runtime import coach_for
from app.settings import Settings
from services.coaching.ai_coach import CoachFailed, CoachWithFallback, verified_moments
from services.coaching.facts import CallFacts
from services.coaching.prompt import PROMPT_VERSION, RUBRIC
from services.coaching.report import KeyMoment
from services.coaching.rule_based import RuleBasedCoach
from services.transcript import EmotionData, Transcript
from tests.coaches import model_coach as coach
from tests.factories import message, sample_call_body
from tests.fake_openai import API_KEY, FakeOpenAI, Reply


def facts_of(body: dict[str, Any] | None = None) -> CallFacts:
    body = body or sample_call_body()
    return CallFacts.compute(
        persona_id='skeptical_buyer',
        scenario='CRM software to a 200-person logistics firm',
        duration_seconds=body['duration_seconds'],
        transcript=Transcript.model_validate(body['transcript']),
        emotion_data=EmotionData.model_validate(body['emotion_data']),
    )


def draft(
    title: str, quote: str | None, *, kind: str = 'positive', at: float | None = None, say_instead: str | None = None
) -> dict[str, Any]:
    return {
        'timestamp': at,
        'kind': kind,
        'title': title,
        'description': f'{title}.',
        'quote': quote,
        'say_instead': say_instead,
    }


def said(report_quote: str, body: dict[str, Any]) -> bool:
    return any(report_quote in line['text'] for line in body['transcript']['messages'])


async def test_the_model_writes_the_report_from_the_calls_facts(fake_openai: tuple[FakeOpenAI, str]) -> None:
    server, base_url = fake_openai
    facts = facts_of()

    report = await coach(base_url).write_report(facts)

    assert report.coach == 'openai:gpt-4o'
    assert report.prompt_version == PROMPT_VERSION
    assert report.overall_score == 64
    assert report.skill_scores is not None and report.skill_scores.objection_handling == 2
    assert report.token_usage is not None and report.token_usage.total_tokens > 100
    assert report.fallback_reason is None
    # The numbers are code's, never the model's.
    assert report.speech_metrics == facts.metrics
    assert [m.kind for m in report.key_moments] == ['positive', 'needs_work']
    assert report.key_moments[1].say_instead == 'Before I go on, how are you handling this today?'
    assert all(m.quote and said(m.quote, sample_call_body()) for m in report.key_moments)

    request = server.requests[0]
    assert request['model'] == 'gpt-4o'
    schema = request['response_format']
    assert schema['type'] == 'json_schema' and schema['json_schema']['strict'] is True
    assert schema['json_schema']['schema']['properties']['overall_score']['maximum'] == 100
    system, prompt = request['messages'][0]['content'], server.prompts[0]
    for anchors in RUBRIC.values():
        assert all(anchor in system for anchor in anchors)
    assert 'PROSPECT: Morgan Reyes, Head of procurement at Castell Manufacturing (difficulty medium)' in prompt
    assert 'CRM software to a 200-person logistics firm' in prompt
    assert 'FACTS (computed by code; do not recount or contradict them)' in prompt
    assert f'"words_per_minute": {facts.metrics.words_per_minute}' in prompt
    assert f'"questions_asked": {facts.metrics.questions_asked}' in prompt
    assert f'"confidence": {facts.emotions.confidence}' in prompt
    assert '[0:16 = 16.5s] Rep: Fair. What does a lost deal cost you in a typical quarter?' in prompt
    assert '[0:27 = 27.5s] Prospect: Send me a time.' in prompt


async def test_invented_quotes_are_dropped_and_kept_quotes_are_the_transcripts_words(
    fake_openai: tuple[FakeOpenAI, str],
) -> None:
    server, base_url = fake_openai
    moments = [
        # Said, but with different case, spacing and a curly apostrophe: kept, in the transcript's words and time.
        draft('Good question', 'what does a  LOST deal cost you', at=3.0, say_instead='ignored when positive'),
        # Never said: the moment rests on nothing and goes.
        draft('Caved on price', 'I can give you thirty percent off today', kind='needs_work', at=20.0),
        # No quote at all: kept; a timestamp past the end of the call is not.
        draft('No recap', None, kind='needs_work', at=9999.0, say_instead='So to recap: ...'),
    ]
    server.replies.append(Reply(changes={'key_moments': moments}))

    report = await coach(base_url).write_report(facts_of())

    titles = [m.title for m in report.key_moments]
    assert titles == ['Good question', 'No recap']
    kept = report.key_moments[0]
    assert kept.quote == 'What does a lost deal cost you'
    assert kept.timestamp == 16.5
    assert kept.say_instead is None
    assert report.key_moments[1].timestamp is None
    assert report.key_moments[1].say_instead == 'So to recap: ...'


async def test_scores_out_of_bounds_are_refused_and_the_rule_based_coach_takes_over(
    fake_openai: tuple[FakeOpenAI, str],
) -> None:
    server, base_url = fake_openai
    skills = {'opening': 7, 'discovery': 3, 'objection_handling': 3, 'next_step': 3, 'delivery': 3}
    server.replies.extend(
        [
            Reply(changes={'overall_score': 140}),
            Reply(changes={'skill_scores': skills}),
            Reply(changes={'overall_score': -1}),
        ]
    )
    facts = facts_of()

    with pytest.raises(CoachFailed, match='does not fit the report'):
        await coach(base_url).write_report(facts)
    assert len(server.requests) == 3

    server.replies.extend([Reply(changes={'overall_score': 101})] * 3)
    report = await CoachWithFallback(coach(base_url)).write_report(facts)
    assert report.coach == 'rule_based'
    assert report.overall_score == (await RuleBasedCoach().write_report(facts)).overall_score
    assert report.fallback_reason is not None
    assert report.fallback_reason.startswith('The AI coach (openai:gpt-4o) could not write this report')
    assert 'Analyse again' in report.fallback_reason


async def test_server_errors_and_rate_limits_are_retried_with_backoff(fake_openai: tuple[FakeOpenAI, str]) -> None:
    server, base_url = fake_openai
    server.replies.extend([Reply(status=500), Reply(status=429, headers={'retry-after': '5'})])
    sleeps: list[float] = []

    report = await coach(base_url, sleeps=sleeps).write_report(facts_of())

    assert report.coach == 'openai:gpt-4o'
    assert len(server.requests) == 3
    assert sleeps == [0.5, 5.0]  # the second wait honours Retry-After, which is longer than the backoff


async def test_malformed_json_and_a_cut_off_answer_are_retried(fake_openai: tuple[FakeOpenAI, str]) -> None:
    server, base_url = fake_openai
    server.replies.extend([Reply(content='{"overall_score": 5'), Reply(finish_reason='length')])

    report = await coach(base_url).write_report(facts_of())

    assert report.coach == 'openai:gpt-4o'
    assert len(server.requests) == 3


async def test_a_model_that_times_out_falls_back_with_the_reason(fake_openai: tuple[FakeOpenAI, str]) -> None:
    server, base_url = fake_openai
    server.replies.extend([Reply(delay_s=2.0)] * 3)

    report = await CoachWithFallback(coach(base_url, timeout_s=0.3)).write_report(facts_of())

    assert report.coach == 'rule_based'
    assert report.fallback_reason is not None
    assert 'the model gave no answer within 0.3 s (attempt 3 of 3)' in report.fallback_reason


async def test_an_unreachable_server_falls_back(unused_tcp_port: int) -> None:
    report = await CoachWithFallback(coach(f'http://127.0.0.1:{unused_tcp_port}/v1')).write_report(facts_of())

    assert report.coach == 'rule_based'
    assert report.fallback_reason is not None and 'could not be reached' in report.fallback_reason


async def test_the_api_key_stays_secret(fake_openai: tuple[FakeOpenAI, str], caplog: pytest.LogCaptureFixture) -> None:
    server, base_url = fake_openai
    caplog.set_level(logging.DEBUG)
    wrong_key = 'sk-wrong-key-that-must-stay-hidden-4321'

    await coach(base_url).write_report(facts_of())
    refused = await CoachWithFallback(coach(base_url, key=wrong_key)).write_report(facts_of())

    assert len(server.requests) == 2  # a refused key is not retried
    assert server.headers[0]['authorization'] == f'Bearer {API_KEY}'
    assert refused.fallback_reason is not None and 'HTTP 401: the API key was refused' in refused.fallback_reason
    shown = refused.model_dump_json() + caplog.text + repr(coach(base_url).settings)
    for secret in (API_KEY, wrong_key, wrong_key[-4:], API_KEY[-4:]):
        assert secret not in shown
    assert 'Incorrect API key' not in shown  # the server's message echoes part of the key


async def test_a_silent_call_is_not_sent_to_the_model(fake_openai: tuple[FakeOpenAI, str]) -> None:
    server, base_url = fake_openai
    body = sample_call_body()
    body['transcript']['messages'] = [message('assistant', 'Hello? Anyone there?', 0.0, 2.0)]

    report = await coach(base_url).write_report(facts_of(body))

    assert server.requests == []
    assert report.overall_score == 0 and report.coach == 'rule_based'


def test_the_ai_coach_is_used_when_an_openai_key_is_set(tmp_path: Any) -> None:
    plain = Settings(_env_file=None, DATA_DIR=tmp_path)  # type: ignore[call-arg]
    assert isinstance(coach_for(plain), RuleBasedCoach)

    configured = Settings(
        _env_file=None,
        DATA_DIR=tmp_path,
        OPENAI_API_KEY=API_KEY,
        OPENAI_MODEL='llama3.1',
        OPENAI_BASE_URL='http://x/v1',
    )  # type: ignore[call-arg]
    chosen = coach_for(configured)
    assert isinstance(chosen, CoachWithFallback)
    assert chosen.name == 'openai:llama3.1'
    assert chosen.primary.settings.base_url == 'http://x/v1'
    assert API_KEY not in repr(chosen.primary.settings)


def test_quotes_keep_their_punctuation_and_survive_a_wrong_full_stop() -> None:
    messages = Transcript.model_validate(sample_call_body()['transcript']).messages
    drafts = [
        KeyMoment.model_validate(draft('Asked for time', '“Do you have a minute?”', at=0.0)),
        KeyMoment.model_validate(draft('Asked how they track deals', 'How do you track deals today.', at=7.0)),
        KeyMoment.model_validate(draft('Said a thing nobody said', 'Do you have an hour?', at=0.0)),
    ]

    moments, dropped = verified_moments(drafts, messages)

    assert [m.quote for m in moments] == ['Do you have a minute?', 'How do you track deals today']
    assert [m.timestamp for m in moments] == [0.0, 7.0]
    assert dropped == 1


async def test_the_model_is_handed_codes_reading_and_may_overrule_it_with_a_reason(
    fake_openai: tuple[FakeOpenAI, str],
) -> None:
    server, base_url = fake_openai
    facts = facts_of()
    overrule = "outcome: 'Send me a time' was a brush-off, not a yes; no time was ever sent"
    server.replies.append(Reply(changes={'reading_overrides': [overrule]}))

    report = await coach(base_url).write_report(facts)

    prompt, system = server.prompts[0], server.requests[0]['messages'][0]['content']
    assert "CODE'S READING (rules applied to the transcript; overrule with a reason in reading_overrides)" in prompt
    # The sample call: a demo 'next week' that the prospect accepts, and a price objection the rep explored.
    assert '"kind": "agreed"' in prompt and '"handling": "explored"' in prompt
    assert 'Could we book a 30 minute demo next week with your team?' in prompt
    assert 'overrule it and say so in reading_overrides' in system
    assert PROMPT_VERSION == 'coach-v4-2026-11-30' and report.prompt_version == PROMPT_VERSION
    # The model's reason is kept beside code's reading, which the report carries unchanged.
    assert report.reading_overrides == [overrule]
    assert report.reading == facts.reading and report.reading.outcome.kind == 'agreed'
    schema = server.requests[0]['response_format']['json_schema']['schema']
    assert 'reading_overrides' in schema['required']
