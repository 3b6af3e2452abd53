"""The rule-based overall score and its components.

Overall score (0-100) = the weighted mean of these components, each scored 0..1:
- talk/listen ratio, weight 25: 1 inside 0.40-0.60 of the words, falling linearly to 0 at 0.10 / 0.90.
- questions, weight 25: the call's question band (services/speech_metrics.py `question_band`, scaled to the call's
  length). Below the scaled band the score is questions / low end; above it the score falls linearly to 0 at three times
  the high end (practice calls are short, so a generous top keeps discovery-heavy calls from being punished).
- pace, weight 20: 1 inside 130-160 words per minute, falling linearly to 0 at 50 WPM outside the band.
- filler words, weight 15: 1 at up to 2 per minute, falling linearly to 0 at 8 per minute.
- longest monologue, weight 15: 1 up to 45 s, falling linearly to 0 at 150 s.
A component the call gives no basis for (no known speaking time) is left out and the other weights are scaled
up to 100. A rep who said nothing scores 0.
"""

from services.coaching.report import ScoreComponent
from services.speech_metrics import (
    FILLERS_PER_MINUTE_MAX,
    TALK_RATIO_BAND,
    WPM_BAND,
    SpeechMetrics,
    band_text,
    limit_text,
)

WEIGHTS = {'talk_listen_ratio': 25.0, 'questions': 25.0, 'pace': 20.0, 'filler_words': 15.0, 'monologue': 15.0}
MONOLOGUE_IDEAL_S = 45.0
MONOLOGUE_ZERO_S = 150.0


def score_components(metrics: SpeechMetrics) -> list[ScoreComponent]:
    low, high = question_target(metrics)
    monologue_s = metrics.longest_monologue.seconds
    wpm = metrics.words_per_minute
    fillers = metrics.filler_words.per_minute
    return [
        ScoreComponent(
            name='talk_listen_ratio',
            weight=WEIGHTS['talk_listen_ratio'],
            score=_inside_band(metrics.talk_listen_ratio, *TALK_RATIO_BAND, zero_at=0.30),
            detail=f'{metrics.talk_listen_ratio:.0%} of the words (ideal {band_text(TALK_RATIO_BAND, percent=True)})',
        ),
        ScoreComponent(
            name='questions',
            weight=WEIGHTS['questions'],
            score=_question_score(metrics.questions_asked, low, high),
            detail=f'{metrics.questions_asked} questions (about {band_text((low, high))} for a call of this length)',
        ),
        ScoreComponent(
            name='pace',
            weight=WEIGHTS['pace'],
            score=None if wpm is None else _inside_band(wpm, *WPM_BAND, zero_at=50.0),
            detail='unknown' if wpm is None else f'{wpm:.0f} words per minute (ideal {band_text(WPM_BAND)})',
        ),
        ScoreComponent(
            name='filler_words',
            weight=WEIGHTS['filler_words'],
            score=None if fillers is None else _inside_band(fillers, 0.0, FILLERS_PER_MINUTE_MAX, zero_at=6.0),
            detail='unknown'
            if fillers is None
            else f'{fillers:.1f} per minute (ideal at most {limit_text(FILLERS_PER_MINUTE_MAX)})',
        ),
        ScoreComponent(
            name='monologue',
            weight=WEIGHTS['monologue'],
            score=None
            if monologue_s is None
            else _inside_band(monologue_s, 0.0, MONOLOGUE_IDEAL_S, zero_at=MONOLOGUE_ZERO_S - MONOLOGUE_IDEAL_S),
            detail='unknown'
            if monologue_s is None
            else f'longest {monologue_s:.0f} s (ideal at most {limit_text(MONOLOGUE_IDEAL_S)} s)',
        ),
    ]


def overall_score(components: list[ScoreComponent]) -> int:
    known = [c for c in components if c.score is not None]
    weight = sum(c.weight for c in known)
    if not weight:
        return 0
    return round(100 * sum(c.weight * (c.score or 0.0) for c in known) / weight)


def question_target(metrics: SpeechMetrics) -> tuple[float, float]:
    """The call's question band, as its metrics give it (scaled to the call's length: `question_band`)."""
    band = metrics.bands['questions_asked']
    low, high = band.low, band.high
    assert low is not None  # both ends are always set for questions
    assert high is not None
    return low, high


def _inside_band(value: float, low: float, high: float, *, zero_at: float) -> float:
    distance = low - value if value < low else value - high if value > high else 0.0
    return round(max(0.0, 1.0 - distance / zero_at), 4)


def _question_score(questions: int, low: float, high: float) -> float:
    if questions < low:
        return round(questions / low, 4)
    if questions <= high:
        return 1.0
    return round(max(0.0, 1.0 - (questions - high) / (2 * high)), 4)
