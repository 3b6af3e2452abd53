"""The rule-based coach: scores from the bands, quotes cut verbatim from the transcript, and honest reports."""

import pytest

from services import speech_metrics
from services.coaching import feedback, scoring
from services.coaching.facts import CallFacts
from services.coaching.report import CoachingReport
from services.coaching.rule_based import rule_based_report
from services.coaching.scoring import WEIGHTS
from services.speech_metrics import band_text, limit_text, question_band
from services.transcript import EmotionData, Transcript
from tests.factories import message, sample_call_body


def report_for(messages: list[dict], duration: float | None = None, prosody: list[dict] | None = None):
    facts = CallFacts.compute(
        persona_id='skeptical_buyer',
        scenario=None,
        duration_seconds=duration,
        transcript=Transcript.model_validate({'messages': messages}),
        emotion_data=EmotionData.model_validate({'prosody_scores': prosody or []}),
    )
    return rule_based_report(facts)


def balanced_call(minutes: int = 10) -> list[dict]:
    """A call inside every delivery band: 145 WPM, half the words, short turns, questions, a next step."""
    lines = []
    turn = minutes * 60 / 20
    for i in range(10):
        start = i * 2 * turn
        ask = 'What matters most to you here?' if i < 4 else 'That makes sense to me now.'
        words = ' '.join(['plan'] * 24)
        text = f'{words} {ask}' if i < 9 else f'{words} Could we book a demo next week?'
        lines.append(message('user', text, start, start + 30 * (len(text.split()) / 72.5)))
        lines.append(message('assistant', ' '.join(['sure'] * 30), start + turn, start + 2 * turn))
    return lines


def assert_quotes_are_verbatim(report: CoachingReport, messages: list[dict]) -> None:
    texts = [m['text'] for m in messages]
    for moment in report.key_moments:
        if moment.quote is not None:
            assert any(moment.quote in text for text in texts), moment.quote


def test_weights_add_up_to_one_hundred() -> None:
    assert sum(WEIGHTS.values()) == 100


def test_delivery_inside_every_band_is_one_part_of_the_score_not_most_of_it() -> None:
    lines = balanced_call()
    report = report_for(lines, duration=600)
    metrics = report.speech_metrics
    assert 130 <= (metrics.words_per_minute or 0) <= 160
    assert 0.4 <= metrics.talk_listen_ratio <= 0.6
    parts = {c.name: c for c in report.score_breakdown}
    assert parts['delivery'].score == 1.0 and parts['delivery'].weight == 10
    assert parts['objections'].score is None  # the prospect only ever says "sure"
    assert parts['next_step'].score == 1.0  # ... which accepts the demo "next week"
    assert parts['next_step'].weight + parts['discovery'].weight + parts['objections'].weight == 75


def test_a_one_sided_rushed_call_with_fillers_scores_low_and_says_why() -> None:
    rant = ' '.join(['um so basically you know we are the best'] * 30)
    lines = [message('user', rant, 0, 60), message('assistant', 'ok', 60, 61)]
    report = report_for(lines, duration=61)
    assert report.overall_score is not None and report.overall_score < 25
    areas = ' '.join(report.areas_for_improvement)
    assert 'fast' in areas and 'filler' in areas and 'most of the talking' in areas
    assert "You asked nothing about the prospect's situation" in areas
    assert len(report.recommendations) == len(report.areas_for_improvement)
    kinds = {m.title: m.kind for m in report.key_moments}
    assert kinds['Long monologue'] == 'needs_work'
    assert kinds['Filler words'] == 'needs_work'
    assert_quotes_are_verbatim(report, lines)


def test_overall_score_is_the_weighted_mean_of_known_parts() -> None:
    # No speaking time and no objection: the objections part is left out and the others are scaled up to 100.
    lines = [
        message('user', 'Hi, this is Sam from PipelinePro. What do you use today to track deals?'),
        message('assistant', 'Excel, mostly, and it is a mess every Monday.'),
    ]
    report = report_for(lines, duration=0)
    parts = {c.name: c for c in report.score_breakdown}
    assert parts['objections'].score is None
    known = [c for c in report.score_breakdown if c.score is not None]
    expected = 100 * sum(c.weight * (c.score or 0.0) for c in known) / sum(c.weight for c in known)
    assert report.overall_score == round(expected)
    assert sum(c.weight for c in known) == 80


def test_question_band_scales_with_call_length_and_does_not_punish_discovery() -> None:
    assert question_band(1) == (1, 4)
    assert question_band(3) == (2, 8)
    assert question_band(6) == (4, 14)  # a discovery-heavy practice call of 13-14 questions is inside it
    assert question_band(40) == (11, 14)
    assert question_band(90) == (11, 14)  # never more than the per-call band


def test_many_questions_are_not_an_interrogation_by_count_alone() -> None:
    asks = ' '.join(f'What about point {i}?' for i in range(30))
    report = report_for([message('user', asks, 0, 60), message('assistant', 'Hm.', 60, 62)], duration=62)
    assert not any('interrogation' in area for area in report.areas_for_improvement)
    assert report.speech_metrics.bands['questions_asked'].status == 'above'


def test_objections_are_judged_by_how_the_rep_answers_them() -> None:
    lines = [
        message('assistant', 'Honestly, it is too expensive for us.', 0, 3),
        message('user', 'I understand. What budget did you have in mind?', 3, 6),
        message('assistant', 'Just email me something.', 6, 8),
        message('user', 'Sure, I will send our brochure today.', 8, 11),
        message('assistant', 'Fine.', 11, 12),
    ]
    report = report_for(lines, duration=12)
    moments = [(m.title, m.kind, m.quote) for m in report.key_moments]
    assert ('Explored an objection', 'positive', 'What budget did you have in mind?') in moments
    assert ('Objection answered without exploring it', 'needs_work', 'Sure, I will send our brochure today.') in moments
    answered = next(m for m in report.key_moments if m.title == 'Objection answered without exploring it')
    assert answered.say_instead and 'what would you want it to answer' in answered.say_instead


def test_every_quote_is_a_verbatim_piece_of_the_transcript() -> None:
    body = sample_call_body()
    lines = body['transcript']['messages']
    report = report_for(lines, duration=body['duration_seconds'], prosody=body['emotion_data']['prosody_scores'])
    assert report.key_moments
    assert_quotes_are_verbatim(report, lines)
    assert all(m.kind in ('positive', 'needs_work') for m in report.key_moments)
    timestamps = [m.timestamp for m in report.key_moments]
    assert timestamps == sorted(timestamps)


def test_long_quotes_are_cut_to_a_verbatim_prefix() -> None:
    long_line = 'Well, ' + ' '.join(f'word{i}' for i in range(200)) + '.'
    report = report_for([message('user', long_line, 0, 90), message('assistant', 'Right.', 90, 91)], duration=91)
    moment = next(m for m in report.key_moments if m.title == 'Long monologue')
    assert moment.quote is not None and long_line.startswith(moment.quote)
    assert len(moment.quote.split()) == 30


def test_tone_summary_uses_prosody_when_there_is_some_and_says_so_when_not() -> None:
    body = sample_call_body()
    lines = body['transcript']['messages']
    with_tone = report_for(lines, duration=62, prosody=body['emotion_data']['prosody_scores'])
    assert 'confidence' in with_tone.tone_summary and 'determination' in with_tone.tone_summary
    assert with_tone.emotion_summary.available
    without = report_for(lines, duration=62)
    assert 'No tone data was recorded' in without.tone_summary
    assert not without.emotion_summary.available


@pytest.mark.parametrize(
    ('messages', 'expected'),
    [([], 'no transcript'), ([message('assistant', 'Hello? Are you there?', 0, 2)], 'did not speak')],
)
def test_an_empty_call_or_a_silent_rep_still_gets_a_report(messages: list[dict], expected: str) -> None:
    report = report_for(messages, duration=30)
    assert report.overall_score == 0
    assert expected in report.tone_summary
    assert report.recommendations and report.areas_for_improvement
    assert report.key_moments == []
    assert report.coach == 'rule_based'


def test_components_report_their_basis() -> None:
    report = report_for(balanced_call(), duration=600)
    assert [c.name for c in report.score_breakdown] == list(WEIGHTS)
    assert all(c.detail for c in report.score_breakdown)


def test_the_rule_based_coach_reads_the_skills_from_the_call() -> None:
    strong = report_for(sample_call_body()['transcript']['messages'], duration=62.0).skill_scores
    assert strong is not None
    # Introduced, gave a reason, asked early, short opener; explored the price objection; a demo "next week" that
    # the prospect accepted ("Send me a time").
    assert (strong.opening, strong.objection_handling, strong.next_step) == (5, 5, 5)

    weak_call = [
        message('user', ' '.join(['Our platform does everything'] * 15) + '.', 0.0, 14.0),  # 257 WPM
        message('assistant', 'Sounds expensive. We already have a tool.', 31.0, 34.0),
        message('user', 'It is cheaper than you think and better than theirs.', 35.0, 39.0),
        message('assistant', 'I see.', 40.0, 41.0),
        message('user', 'Um, okay, um, I will, like, uh, send you an email.', 42.0, 45.0),
    ]
    weak = report_for(weak_call, duration=46.0).skill_scores
    assert weak is not None
    assert weak.opening == 1  # no introduction, no reason, no question, a 60-word first line
    assert weak.discovery == 1  # not one question
    assert weak.objection_handling == 3  # answered the objection (0.55) without exploring it: 1 + 4 x 0.55
    assert weak.next_step == 1
    assert weak.delivery < strong.delivery  # rushed, with fillers


def test_tone_from_the_reps_own_voice_is_judged_on_its_own_scale() -> None:
    body = sample_call_body()
    acoustic = [
        {
            'timestamp': m['timestamp'],
            'role': 'user',
            'source': 'acoustic',
            'scores': {'confidence': 0.75, 'energy': 0.5, 'hesitation': 0.1, 'monotone': 1.0},
        }
        for m in body['transcript']['messages']
        if m['role'] == 'user'
    ]
    report = report_for(body['transcript']['messages'], duration=62.0, prosody=acoustic)

    assert report.emotion_summary.source == 'acoustic'
    assert report.tone_summary.endswith(
        'Your voice read as high in confidence, moderate in energy and low in hesitation, and your pitch hardly moved.'
    )
    assert 'Your voice sounded confident.' in report.strengths
    assert report.areas_for_improvement[-1] == 'Your pitch hardly moved: a flat voice sounds unsure or bored.'


def test_objections_in_a_row_share_the_reps_one_reply() -> None:
    call = [
        message('user', 'Hi, this is Sam from PipelinePro. Do you have a minute?', 0.0, 4.0),
        message('assistant', 'Honestly it sounds expensive.', 4.5, 6.0),
        message('assistant', 'And we already have a tool.', 6.0, 7.5),
        message('user', 'Fair. What would make a switch worth it for you?', 8.0, 11.0),
    ]
    report = report_for(call, duration=12.0)

    explored = [m for m in report.key_moments if m.title == 'Explored an objection']
    assert [m.quote for m in explored] == ['What would make a switch worth it for you?']
    assert report.skill_scores is not None and report.skill_scores.objection_handling == 5


def test_band_texts_are_written_from_the_band_constants() -> None:
    assert band_text(speech_metrics.WPM_BAND) == '130-160'
    assert band_text(speech_metrics.TALK_RATIO_BAND, percent=True) == '40-60%'
    assert band_text(speech_metrics.WPM_BAND, dash='–') == '130–160'
    assert limit_text(speech_metrics.FILLERS_PER_MINUTE_MAX) == '2'
    assert limit_text(scoring.MONOLOGUE_IDEAL_S) == '45'


def test_changing_the_pace_band_changes_the_texts_that_name_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (speech_metrics, scoring, feedback):  # where the constant is read
        monkeypatch.setattr(module, 'WPM_BAND', (100.0, 120.5))
    report = report_for(balanced_call(), duration=600)  # about 145 WPM: above the new band
    delivery = next(c for c in report.score_breakdown if c.name == 'delivery')
    assert 'words per minute (ideal 100-120.5)' in delivery.detail
    assert any(area.endswith('words a minute (ideal 100-120.5).') for area in report.areas_for_improvement)
    assert any(tip.startswith('Slow down to 100-120.5 words a minute') for tip in report.recommendations)


def test_a_good_line_is_praised_once_and_quotes_end_their_sentences_once() -> None:
    # The sample call's "What does a lost deal cost you...?" explores the price objection and is an open question.
    lines = sample_call_body()['transcript']['messages']
    report = report_for(lines, duration=62.0)
    praised = [m.quote for m in report.key_moments if m.kind == 'positive']
    assert len(praised) == len(set(praised))
    texts = [m.description for m in report.key_moments] + report.strengths + report.areas_for_improvement
    assert not any('."' + '.' in text for text in texts)


def test_a_teams_own_prospect_is_read_from_the_calls_snapshot() -> None:
    """A custom prospect's own objection (no pattern knows it) is read as one, and the report names them."""
    from services.analysis import CallSnapshot
    from services.library.prospect import ProspectProfile
    from services.library.snapshot import ProspectSnapshot
    from services.models import CallSession

    dana = ProspectProfile(
        name='Dana Whitfield',
        job_title='Plant manager',
        objections=['Our union contract rules out any new scheduling software on the floor.'],
    )
    said = 'Honestly, our union contract rules out new scheduling software on the floor.'
    messages = [
        message('user', 'Hi Dana, how do you schedule shifts across the plant today?', 0, 5),
        message('assistant', said, 6, 10),
        message('user', 'Anyway, we cut overtime by a third. Can we book a demo on Tuesday?', 11, 16),
        message('assistant', 'Maybe, send me something.', 17, 19),
    ]
    call = CallSession(
        persona='0b4c7e1a',
        persona_snapshot=ProspectSnapshot(id='0b4c7e1a', builtin=False, profile=dana).model_dump(mode='json'),
        transcript={'messages': messages},
        duration_seconds=20.0,
    )
    snapshot = CallSnapshot.of(call)
    assert snapshot.prospect == dana
    facts = CallFacts.compute(
        persona_id=snapshot.persona,
        scenario=None,
        duration_seconds=snapshot.duration_seconds,
        transcript=snapshot.transcript,
        emotion_data=snapshot.emotion_data,
        prospect=snapshot.prospect,
    )
    [objection] = facts.reading.objections
    assert 'union contract' in objection.said.quote and objection.handling == 'ignored'
    without = CallFacts.compute(
        persona_id=snapshot.persona,
        scenario=None,
        duration_seconds=snapshot.duration_seconds,
        transcript=snapshot.transcript,
        emotion_data=snapshot.emotion_data,
    )
    assert without.reading.objections == []  # the same words, without the prospect's own list, are no objection
