"""The rep's emotion summary from prosody scores."""

import pytest

from services.emotion_analysis import COMPOSITES, PROSODY_NAMES, canonical_scores, summarize_emotions
from services.transcript import EmotionData, Transcript


def summary(points: list[dict]):
    return summarize_emotions(EmotionData.model_validate({'prosody_scores': points}))


def test_there_are_48_prosody_names_and_every_composite_uses_them() -> None:
    assert len(PROSODY_NAMES) == len(set(PROSODY_NAMES)) == 48
    for dimensions in COMPOSITES.values():
        assert set(dimensions) <= set(PROSODY_NAMES)


def test_composites_are_means_of_their_named_dimensions_over_rep_lines() -> None:
    result = summary(
        [
            {
                'timestamp': 0,
                'role': 'user',
                'scores': {
                    'Determination': 0.8,
                    'Calmness': 0.4,
                    'Pride': 0.0,
                    'Triumph': 0.0,
                    'Doubt': 0.5,
                    'Interest': 0.2,
                },
            },
            {
                'timestamp': 5,
                'role': 'user',
                'scores': {
                    'Determination': 0.4,
                    'Calmness': 0.4,
                    'Pride': 0.0,
                    'Triumph': 0.0,
                    'Doubt': 0.1,
                    'Interest': 0.6,
                },
            },
            {'timestamp': 3, 'role': 'assistant', 'scores': {'Anger': 1.0}},  # the prospect's tone is not the rep's
        ]
    )
    assert result.available
    assert result.samples == 2
    assert result.confidence == pytest.approx((0.3 + 0.2) / 2)
    assert result.energy == pytest.approx((0.2 + 0.6) / 2)  # only Interest of the energy names is present
    assert result.hesitation == pytest.approx((0.5 + 0.1) / 2)
    assert [e.name for e in result.dominant_emotions] == ['Determination', 'Calmness', 'Interest', 'Doubt', 'Pride']
    assert result.dominant_emotions[0].score == pytest.approx(0.6)
    assert 'Anger' not in [e.name for e in result.dominant_emotions]


def test_timeline_has_one_point_per_scored_rep_line_in_time_order() -> None:
    result = summary(
        [
            {'timestamp': 9, 'role': 'user', 'scores': {'Anxiety': 0.9, 'Calmness': 0.1}},
            {'timestamp': 1, 'role': 'user', 'scores': {'Joy': 0.7}},
        ]
    )
    assert [p.timestamp for p in result.timeline] == [1, 9]
    assert [p.top_emotion for p in result.timeline] == ['Joy', 'Anxiety']
    assert result.timeline[0].energy == 0.7
    assert result.timeline[0].confidence is None  # no confidence dimension on that line
    assert result.timeline[1].hesitation == 0.9


def test_sdk_style_snake_case_names_map_to_the_json_names() -> None:
    assert canonical_scores({'surprise_negative': 0.2, 'empathic_pain': 0.1, 'Calmness': 0.3, 'custom': 1.0}) == {
        'Surprise (negative)': 0.2,
        'Empathic Pain': 0.1,
        'Calmness': 0.3,
        'custom': 1.0,
    }


def test_without_rep_prosody_the_summary_says_so_and_invents_nothing() -> None:
    for data in ([], [{'timestamp': 0, 'role': 'assistant', 'scores': {'Joy': 0.5}}]):
        result = summary(data)
        assert not result.available
        assert result.message and 'No tone data' in result.message
        assert result.confidence is result.energy is result.hesitation is None
        assert result.dominant_emotions == [] and result.timeline == []


def test_with_a_transcript_the_timeline_has_one_point_per_rep_message() -> None:
    transcript = Transcript.model_validate(
        {
            'messages': [
                {'role': 'user', 'text': 'Hello there.', 'timestamp': 0, 'end': 2},
                {'role': 'assistant', 'text': 'Hi.', 'timestamp': 2, 'end': 3},
                {'role': 'user', 'text': 'Quick question?', 'timestamp': 3, 'end': 5},
                {'role': 'user', 'text': 'And another.', 'timestamp': 6, 'end': 8},
            ]
        }
    )
    data = EmotionData.model_validate(
        {
            'prosody_scores': [
                {'timestamp': 0, 'role': 'user', 'scores': {'Joy': 0.4}},
                {'timestamp': 1.0, 'role': 'user', 'scores': {'Joy': 0.8}},  # a second chunk of the first line
                {'timestamp': 5.8, 'role': 'user', 'scores': {'Doubt': 0.6}},  # stamped just before line 3 starts
            ]
        }
    )
    result = summarize_emotions(data, transcript)
    assert [p.timestamp for p in result.timeline] == [0, 3, 6]
    assert result.timeline[0].energy == pytest.approx(0.6)  # the two chunks of line 1, averaged
    assert result.timeline[1].top_emotion is None  # line 2 was not scored
    assert result.timeline[2].hesitation == 0.6
    assert result.samples == 3


def test_untimed_scores_are_given_to_rep_messages_in_order() -> None:
    transcript = Transcript.model_validate({'messages': [{'role': 'user', 'text': 'a'}, {'role': 'user', 'text': 'b'}]})
    data = EmotionData.model_validate({'prosody_scores': [{'role': 'user', 'scores': {'Joy': 0.2}}]})
    result = summarize_emotions(data, transcript)
    assert [p.top_emotion for p in result.timeline] == ['Joy', None]


def test_dominant_emotions_are_hume_names_averaged_over_every_utterance() -> None:
    result = summary(
        [
            {'timestamp': 0, 'role': 'user', 'scores': {'Joy': 0.9, 'made_up': 1.0}},
            {'timestamp': 1, 'role': 'user', 'scores': {'Calmness': 0.5}},
            {'timestamp': 2, 'role': 'user', 'scores': {'Calmness': 0.5}},
        ]
    )
    # Calmness 0.5 in two lines of three (0.3333) beats Joy 0.9 in one (0.3); unknown names never rank.
    assert [(e.name, e.score) for e in result.dominant_emotions] == [('Calmness', 0.3333), ('Joy', 0.3)]
