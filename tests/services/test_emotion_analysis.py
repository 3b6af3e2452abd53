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


def acoustic(at: float, *, confidence: float, energy: float, hesitation: float, monotone: bool, **features: float):
    return {
        'timestamp': at,
        'role': 'user',
        'source': 'acoustic',
        'scores': {'confidence': confidence, 'energy': energy, 'hesitation': hesitation, 'monotone': float(monotone)},
        'features': {'loudness_db': -24.0, 'pitch_variability_st': 1.5, 'rate_sps': 4.0, 'pause_share': 0.1} | features,
    }


def test_acoustic_only_data_gives_an_acoustic_summary_with_its_composites() -> None:
    result = summarize_emotions(
        EmotionData.model_validate(
            {
                'prosody_scores': [
                    acoustic(1, confidence=0.8, energy=0.4, hesitation=0.1, monotone=True, longest_pause_s=0.3),
                    acoustic(9, confidence=0.4, energy=0.6, hesitation=0.5, monotone=True, longest_pause_s=1.4),
                    acoustic(5, confidence=0.6, energy=0.5, hesitation=0.2, monotone=False, loudness_db=-30.0),
                ]
            }
        ),
        Transcript.model_validate(
            {
                'messages': [
                    {'role': 'user', 'text': 'Hi.', 'timestamp': 1},
                    {'role': 'user', 'text': 'So.', 'timestamp': 5},
                ]
            }
        ),
    )
    assert result.available and result.source == 'acoustic'
    assert result.samples == 3
    assert result.confidence == pytest.approx(0.6)
    assert result.energy == pytest.approx(0.5)
    assert result.hesitation == pytest.approx(0.8 / 3, abs=1e-4)
    assert result.dominant_emotions == []  # loudness and pitch name no emotion
    assert result.acoustic is not None
    assert result.acoustic.monotone and result.acoustic.monotone_share == pytest.approx(2 / 3, abs=1e-4)
    assert result.acoustic.loudness_db == pytest.approx(-26.0)
    assert result.acoustic.longest_pause_s == 1.4
    assert [(p.timestamp, p.confidence, p.monotone) for p in result.timeline] == [(1, 0.8, True), (5, 0.5, True)]


def test_mixed_data_keeps_the_prosody_composites_and_reports_the_acoustic_ones_beside_them() -> None:
    result = summary(
        [
            {'timestamp': 1, 'role': 'user', 'scores': {'Determination': 0.9, 'Doubt': 0.1, 'Interest': 0.3}},
            acoustic(1, confidence=0.2, energy=0.7, hesitation=0.6, monotone=False),
            acoustic(4, confidence=0.4, energy=0.5, hesitation=0.4, monotone=False),
        ]
    )
    assert result.source == 'prosody'
    assert result.samples == 1
    assert (result.confidence, result.energy, result.hesitation) == (0.9, 0.3, 0.1)
    assert [e.name for e in result.dominant_emotions] == ['Determination', 'Interest', 'Doubt']
    assert [p.top_emotion for p in result.timeline] == ['Determination']
    assert result.acoustic is not None and result.acoustic.samples == 2
    assert (result.acoustic.confidence, result.acoustic.energy, result.acoustic.hesitation) == (0.3, 0.6, 0.5)
    assert not result.acoustic.monotone


def test_stored_prosody_without_a_source_is_the_engines_and_has_no_acoustic_part() -> None:
    data = EmotionData.model_validate({'prosody_scores': [{'timestamp': 0, 'role': 'user', 'scores': {'Joy': 0.5}}]})
    assert data.prosody_scores[0].source == 'prosody'
    result = summarize_emotions(data)
    assert result.source == 'prosody' and result.acoustic is None


@pytest.mark.parametrize('features', [{'loudness_db': float('nan')}, {'rate_sps': float('inf')}, {'': 1.0}])
def test_acoustic_features_must_be_finite_and_named(features: dict) -> None:
    with pytest.raises(ValueError, match='feature'):
        EmotionData.model_validate(
            {'prosody_scores': [{'role': 'user', 'source': 'acoustic', 'scores': {}, 'features': features}]}
        )
