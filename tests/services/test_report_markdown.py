"""The report as Markdown: every section, tone named by its source, and text that cannot turn into markup."""

from dataclasses import replace
from datetime import UTC, datetime

from services.clock import clock
from services.coaching.facts import CallFacts
from services.coaching.rule_based import rule_based_report
from services.library.scenario import Criterion, ScenarioSpec
from services.library.scorecard import scorecard_of
from services.local_time import zone_named
from services.report_markdown import ReportHeading, file_name, report_markdown
from services.speech_metrics import TYPED_ONLY_NOTE
from services.transcript import EmotionData, Transcript
from tests.factories import message, sample_call_body

HEADING = ReportHeading(
    prospect='Morgan Reyes',
    scenario='CRM | for *logistics*',
    created_at=datetime(2026, 11, 24, 9, 5, tzinfo=UTC),
    duration_seconds=62.0,
    score_change=-4,
)


def markdown_for(body: dict) -> str:
    transcript = Transcript.model_validate(body['transcript'])
    facts = CallFacts.compute(
        persona_id='skeptical_buyer',
        scenario=HEADING.scenario,
        duration_seconds=body['duration_seconds'],
        transcript=transcript,
        emotion_data=EmotionData.model_validate(body['emotion_data']),
    )
    return report_markdown(rule_based_report(facts), HEADING, transcript)


def test_the_document_has_every_section_and_the_change_against_the_last_call() -> None:
    text = markdown_for(sample_call_body())

    assert text.startswith('# Call with Morgan Reyes\n')
    assert '(−4 vs your last call with this prospect)' in text
    assert '- **Date:** 2026-11-24 09:05 UTC' in text
    assert '- **Scenario:** CRM \\| for \\*logistics\\*' in text
    for section in ('Summary', 'Skills (1–5)', 'Speech metrics', 'How you sounded', 'Key moments', 'Transcript'):
        assert f'\n## {section}\n' in text
    assert "from Hume's prosody model" in text and 'Strongest signals: Determination' in text
    assert '| Questions asked | 4 (2 open, 2 closed) | 1–4 |' in text  # the band of a one-minute call
    assert file_name(HEADING) == 'sales-coach-report-2026-11-24-0905-morgan-reyes.md'


def test_the_document_is_written_in_the_zone_the_page_shows() -> None:
    body = sample_call_body()
    transcript = Transcript.model_validate(body['transcript'])
    facts = CallFacts.compute(
        persona_id='skeptical_buyer',
        scenario=HEADING.scenario,
        duration_seconds=body['duration_seconds'],
        transcript=transcript,
        emotion_data=EmotionData.model_validate(body['emotion_data']),
    )
    heading = replace(HEADING, zone=zone_named('America/New_York'))
    text = report_markdown(rule_based_report(facts), heading, transcript)
    assert '- **Date:** 2026-11-24 04:05 EST' in text
    assert 'UTC' not in text
    assert file_name(heading) == 'sales-coach-report-2026-11-24-0405-morgan-reyes.md'


def test_tone_from_the_voice_says_so_and_lines_cannot_become_markup() -> None:
    body = sample_call_body()
    body['transcript']['messages'][0] = message('user', '# Hi | I am <b>Sam</b>. Do you have a minute?', 0.0, 4.0)
    body['emotion_data'] = {
        'prosody_scores': [
            {
                'timestamp': 0.0,
                'role': 'user',
                'source': 'acoustic',
                'scores': {'confidence': 0.7, 'energy': 0.4, 'hesitation': 0.2, 'monotone': 1.0},
            }
        ]
    }

    text = markdown_for(body)

    assert 'from your voice itself (loudness, pitch, pace and pauses)' in text
    assert 'Strongest signals' not in text
    assert 'Your pitch hardly moved (monotone).' in text
    assert '**You:** \\# Hi \\| I am \\<b\\>Sam\\</b\\>. Do you have a minute?' in text


def test_a_typed_call_is_told_why_it_has_no_pace() -> None:
    body = sample_call_body()
    for line in body['transcript']['messages']:
        if line['role'] == 'user':
            line['source'] = 'typed'
    text = markdown_for(body)
    assert '| Words per minute | — |' in text and '| Filler words per minute | — |' in text
    assert TYPED_ONLY_NOTE in text
    assert 'spoke fast' not in text and 'spoke slowly' not in text
    assert TYPED_ONLY_NOTE not in markdown_for(sample_call_body())  # a spoken call is measured as before


def test_times_are_whole_seconds_gone_as_on_the_page() -> None:
    # The page showed 0:09 where the Markdown rounded to 0:10: both now cut to the second, as a player does.
    assert [clock(seconds) for seconds in (0.0, 9.6, 59.99, 60.0, 754.5)] == ['0:00', '0:09', '0:59', '1:00', '12:34']
    body = sample_call_body()
    body['transcript']['messages'][2]['timestamp'] = 9.6
    assert '[0:09] **You:** We help teams' in markdown_for(body)


def test_what_happened_is_codes_reading_with_the_words_it_rests_on() -> None:
    text = markdown_for(sample_call_body())

    section = text.split('\n## What happened\n', 1)[1].split('\n## ', 1)[0]
    assert '- **Next step:** Agreed, with a day or time, and who joins — “Could we book a 30 minute demo' in section
    assert '“Send me a time.”' in section
    explored = '- **Objection (price):** Explored before answering — “And honestly, tools like yours are too expensive'
    assert explored in section
    assert '- **Discovery:** 2 discovery questions (2 open, 0 follow-ups)' in section
    assert 'overruled' not in section  # the rule-based coach's own report


def test_where_the_ai_coach_overruled_the_reading_the_document_says_why() -> None:
    body = sample_call_body()
    transcript = Transcript.model_validate(body['transcript'])
    facts = CallFacts.compute(
        persona_id='skeptical_buyer',
        scenario=None,
        duration_seconds=62.0,
        transcript=transcript,
        emotion_data=EmotionData(),
    )
    report = rule_based_report(facts).model_copy(update={'reading_overrides': ['outcome: no time was sent']})
    text = report_markdown(report, HEADING, transcript)
    assert "The AI coach overruled code's reading:\n\n- outcome: no time was sent" in text


def test_the_scorecard_and_goals_are_in_the_document_with_their_evidence() -> None:
    body = sample_call_body()
    transcript = Transcript.model_validate(body['transcript'])
    report = rule_based_report(
        CallFacts.compute(
            persona_id='skeptical_buyer',
            scenario=None,
            duration_seconds=body['duration_seconds'],
            transcript=transcript,
            emotion_data=EmotionData(),
            scenario_spec=ScenarioSpec(
                title='CRM',
                goals=['Find the *budget*'],
                criteria=[Criterion(id='budget', text='Did the rep ask about budget?', weight=2)],
            ),
        )
    )
    assert report.scorecard is not None
    invented = report.scorecard.criteria[0].model_copy(
        update={'graded_by': 'ai_coach', 'quote': None, 'quote_missing': True, 'rationale': 'Never asked.'}
    )
    card = scorecard_of([invented], 80)
    text = report_markdown(report.model_copy(update={'scorecard': card}), HEADING, transcript)

    assert '## Scorecard\n\n**Not passed** · total 0 / 100, pass mark 80\n\n' in text
    assert '(the quote the coach gave was not found in the transcript, so it was left out)\n\n## Goals\n\n' in text
    assert '- ➖ Find the \\*budget\\*: not judged' in text
    assert '- **Did the rep ask about budget?** — No (weight 2, graded by the AI coach)\n  Never asked.\n' in text
    assert 'the quote the coach gave was not found in the transcript' in text
    without = markdown_for(body)
    assert '## Goals' not in without and '## Scorecard' not in without
