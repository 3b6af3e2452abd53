"""Our own tone analysis, on synthesised voices: harmonic tones with a pitch contour, syllable beats and noise."""

import math
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from services import acoustic_tone
from services.acoustic_tone import (
    CONTEXT_S,
    Span,
    Tone,
    ToneAnalyser,
    Window,
    frames_of,
    pcm_to_float,
    tone_of_frames,
    tone_of_pcm,
)
from services.audio import resample_pcm16
from tests.support.audio import RATE, pcm, silence, voice


def scored(samples: np.ndarray) -> Tone:
    tone = tone_of_pcm(pcm(samples), RATE)
    assert tone is not None
    return tone


def test_louder_speech_has_more_energy() -> None:
    quiet, loud = scored(voice(3, level=0.05)), scored(voice(3, level=0.6))
    assert loud.features.loudness_db - quiet.features.loudness_db == pytest.approx(21.6, abs=0.5)
    assert loud.energy > quiet.energy + 0.2


def test_a_flat_pitch_is_monotone_and_a_varied_one_is_not() -> None:
    flat, varied = scored(voice(3)), scored(voice(3, semitones=4))
    assert flat.features.pitch_median_hz == pytest.approx(140, abs=2)
    assert flat.features.pitch_variability_st < 0.5
    assert flat.monotone
    assert varied.features.pitch_variability_st > 2.5  # a ±4 semitone sine has a spread of 4/√2
    assert not varied.monotone
    assert varied.energy > flat.energy


def test_a_short_flat_stretch_is_too_short_to_call_monotone() -> None:
    assert not scored(voice(1.5)).monotone


def test_long_pauses_raise_hesitation_and_lower_confidence() -> None:
    fluent = scored(voice(3))
    halting = scored(np.concatenate([voice(1), silence(1.2), voice(1, seed=3), silence(1.5), voice(1, seed=4)]))
    assert fluent.features.pause_share == 0
    assert halting.features.longest_pause_s == pytest.approx(1.5, abs=0.1)
    assert halting.features.pause_share == pytest.approx(2.7 / 5.7, abs=0.05)
    assert halting.hesitation > fluent.hesitation + 0.4
    assert halting.confidence < fluent.confidence


def test_silence_around_the_words_is_not_a_pause() -> None:
    padded = scored(np.concatenate([silence(1.5), voice(3), silence(1.5)]))
    assert padded.features.pause_share == 0
    assert padded.hesitation == pytest.approx(scored(voice(3)).hesitation, abs=0.05)


def test_the_syllable_rate_follows_the_beats_or_the_words() -> None:
    tone = scored(voice(4))
    assert 3.0 <= tone.features.rate_sps <= 4.2  # 4 beats a second, a few lost at the edges
    by_words = tone_of_pcm(pcm(voice(4)), RATE, words=12)
    assert by_words is not None and by_words.features.rate_sps == pytest.approx(12 * 1.5 / 4, abs=0.1)


@pytest.mark.parametrize(
    'audio',
    [b'', b'\x00', b'\x10\x00', bytes(32000), pcm(silence(2)), pcm(voice(0.3)), b'\x01\x02\x03' * 5001],
    ids=['empty', 'one byte', 'one sample', 'digital silence', 'room noise', 'too short', 'odd byte count'],
)
def test_silence_and_odd_input_give_no_scores(audio: bytes) -> None:
    assert tone_of_pcm(audio, RATE) is None


def test_loud_noise_without_a_pitch_gives_no_scores() -> None:
    hiss = np.random.default_rng(3).normal(0, 0.1, 2 * RATE)  # loud enough to be speech, but never voiced
    assert tone_of_pcm(pcm(hiss), RATE) is None


def test_a_full_scale_square_wave_gives_finite_scores_in_range() -> None:
    t = np.arange(2 * RATE) / RATE
    square = np.where(np.sin(2 * np.pi * 200 * t) >= 0, 32767, -32768).astype('<i2').tobytes()
    tone = tone_of_pcm(square + b'\x7f', RATE)  # and an odd trailing byte
    assert tone is not None
    values = [tone.confidence, tone.energy, tone.hesitation, *tone.record()['features'].values()]
    assert all(math.isfinite(v) for v in values)
    assert all(0 <= v <= 1 for v in (tone.confidence, tone.energy, tone.hesitation))
    assert tone.features.loudness_db == pytest.approx(0, abs=0.1)


def test_the_record_is_the_stored_shape() -> None:
    record = scored(voice(3)).record()
    assert set(record['scores']) == {'confidence', 'energy', 'hesitation', 'monotone'}
    assert record['scores']['monotone'] == 1.0
    assert {'loudness_db', 'pitch_median_hz', 'pitch_variability_st', 'rate_sps', 'pause_share'} <= set(
        record['features']
    )


def test_the_same_audio_always_gives_the_same_numbers() -> None:
    audio = pcm(np.concatenate([voice(2, semitones=3), silence(0.6), voice(1.5, seed=5)]))
    assert tone_of_pcm(audio, RATE) == tone_of_pcm(audio, RATE)


def fed(audio: bytes, *, at_s: float, chunk: int = 3200, analyse_every: int = 5) -> ToneAnalyser:
    """A live analyser fed as the bridge feeds it: 100 ms chunks, analysed now and then."""
    analyser = ToneAnalyser(RATE)
    for index, offset in enumerate(range(0, len(audio), chunk)):
        analyser.feed(audio[offset : offset + chunk], at_s=at_s)
        if index % analyse_every == 0:
            analyser.analyse()
    analyser.analyse()
    return analyser


def test_the_live_analyser_agrees_with_the_whole_utterance() -> None:
    audio = pcm(np.concatenate([voice(2, semitones=4), silence(1.0), voice(2, semitones=4, seed=6)]))
    analyser = fed(audio, at_s=7.0)
    live, whole = analyser.between(7.0, 12.0), tone_of_pcm(audio, RATE)
    assert live is not None and whole is not None
    for name in ('confidence', 'energy', 'hesitation'):
        assert getattr(live, name) == pytest.approx(getattr(whole, name), abs=0.03)
    assert live.features.pitch_median_hz == pytest.approx(whole.features.pitch_median_hz, abs=2)
    assert live.features.longest_pause_s == pytest.approx(1.0, abs=0.05)


def test_the_window_is_the_utterance_function_over_the_last_seconds() -> None:
    audio = pcm(np.concatenate([silence(1.0), voice(4, semitones=4)]))
    analyser = fed(audio, at_s=2.0)
    end = analyser.heard_until()
    # The first chunk (100 ms) arrived at 2.0; the last CONTEXT_S waits for the audio after it.
    assert end == pytest.approx(1.9 + 5.0 - CONTEXT_S, abs=0.011)
    window = analyser.window(3.0)
    assert window is not None
    assert window == analyser.between(end - 3.0, end)
    assert window.features.speech_s == pytest.approx(3.0, abs=0.02)
    whole = tone_of_frames(frames_of(pcm_to_float(audio), RATE))
    assert whole is not None and whole.features.speech_s == pytest.approx(4.0, abs=0.1)


def test_the_live_clock_places_speech_where_it_was_heard() -> None:
    audio = pcm(np.concatenate([silence(2.0), voice(2.0), silence(2.0)]))
    analyser = fed(audio, at_s=10.0)
    assert analyser.between(10.0, 11.9) is None  # only the room before the words
    spoken = analyser.between(11.9, 14.1)
    assert spoken is not None and spoken.features.speech_s == pytest.approx(2.0, abs=0.05)


def test_a_recorded_rep_gives_plausible_measurements_live_and_whole() -> None:
    fixture = Path(__file__).resolve().parents[1] / 'fixtures' / 'rep_opening_48k.wav'
    with wave.open(str(fixture)) as recording:
        audio = resample_pcm16(
            recording.readframes(recording.getnframes()),
            recording.getframerate(),
            RATE,
            channels=recording.getnchannels(),
        )
    whole = tone_of_pcm(audio, RATE)
    assert whole is not None
    assert 70 < whole.features.pitch_median_hz < 250
    assert 2.5 < whole.features.rate_sps < 6  # conversational speech runs at 3–5 syllables a second
    assert whole.features.pause_share < 0.3
    assert -35 < whole.features.loudness_db < -6
    live = fed(audio, at_s=0.1).between(0.0, 60.0)
    assert live is not None
    assert live.energy == pytest.approx(whole.energy, abs=0.05)
    assert live.features.rate_sps == pytest.approx(whole.features.rate_sps, abs=0.3)


def test_a_live_window_starts_after_the_reps_silence_while_listening() -> None:
    audio = pcm(np.concatenate([voice(0.8), silence(2.5), voice(1.5, seed=8)]))
    analyser = fed(audio, at_s=0.1)
    window = analyser.window(5.0)
    assert window is not None
    assert window.features.speech_s == pytest.approx(1.5, abs=0.1)  # only the words after the silence
    assert window.features.pause_share == 0
    end = analyser.heard_until()
    spanning = analyser.between(end - 5.0, end)  # an utterance of the same span counts that silence
    assert spanning is not None and spanning.features.longest_pause_s == pytest.approx(2.5, abs=0.1)
    assert window.hesitation < spanning.hesitation


def test_pitch_is_tracked_only_for_batches_with_speech(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    track = acoustic_tone._pitch

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs['count'])
        return track(*args, **kwargs)

    monkeypatch.setattr(acoustic_tone, '_pitch', counted)
    listening = fed(pcm(silence(3.0)), at_s=0.0, analyse_every=10)  # the rep listens: three silent batches
    assert calls == [] and listening.window(3.0) is None

    talking = fed(pcm(np.concatenate([silence(1.0), voice(2, semitones=4)])), at_s=0.0, analyse_every=10)
    assert calls, 'speech must be pitch-tracked'
    tone = talking.window(3.0)
    assert tone is not None and tone.energy is not None


def test_a_step_that_was_not_settled_is_taken_again_with_the_audio_after_it() -> None:
    audio = pcm(np.concatenate([voice(2, semitones=4), silence(0.5), voice(1.5, seed=4)]))
    half = len(audio) // 2 // 3200 * 3200
    failed, reference = ToneAnalyser(RATE), ToneAnalyser(RATE)
    for analyser in (failed, reference):
        analyser.feed(audio[:half], at_s=0.1)
    failed.step([Window(3.0)])  # its worker failed: nothing of it is stored
    assert failed.heard_until() == 0.0
    for analyser in (failed, reference):
        analyser.feed(audio[half:], at_s=0.2)
    assert failed.window(3.0) == reference.window(3.0) is not None
    np.testing.assert_array_equal(failed.frames(0, 10).f0, reference.frames(0, 10).f0)


def test_a_step_carries_only_the_frames_its_stretches_read() -> None:
    analyser = fed(pcm(voice(10, semitones=3)), at_s=0.1)
    done = round((analyser.heard_until() - analyser.offset_s) / 0.01)  # type: ignore[operator]
    assert analyser.step().db.size == 0  # no stretch: only the new audio goes
    assert done - 602 <= analyser.step([Window(6.0)]).frames_first <= done - 599
    line = analyser.step([Span(2.0, 4.0, words=6)])
    assert line.frames_first == pytest.approx((2.0 - analyser.offset_s) / 0.01, abs=1)  # type: ignore[operator]
    assert len(line.pcm) == 2 * 2 * round(CONTEXT_S * RATE)  # PCM16: the context before, the last frames after
