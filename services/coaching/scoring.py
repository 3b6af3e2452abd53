"""The rule-based overall score and its parts: selling first, delivery as one part of it.

Overall score (0-100) = the weighted mean of these parts, each scored 0..1 from code's reading of the call
(services/coaching/reading.py; each reading module states its rules):
- discovery, weight 30: questions about the prospect's situation, problem, impact and decision, follow-ups, and
  how much the prospect revealed (services/coaching/discovery.py).
- next step, weight 25: agreed with a day or time 1, accepted without one 0.6, vague ("send me some information")
  0.25, declined or never asked 0 (services/coaching/outcome.py); a step won with pressure counts half.
- objections, weight 20: explored 1, answered 0.55, ignored 0.1, argued or discounted 0, averaged
  (services/coaching/objections.py); a call without objections leaves this part out.
- respect, weight 10: talking over the prospect, pressure, a "no" not respected, pitching first, a monologue
  (services/coaching/respect.py).
- delivery, weight 10: the mean of talk share (1 inside 40-60% of the words, 0 at 10% / 90%), pace (1 inside 130-160
  words a minute, 0 at 50 outside), fillers (1 up to 2 a minute, 0 at 8) and the longest monologue (1 up to 45 s,
  0 at 150 s), each known one counted.
- opening, weight 5: the opening skill (services/coaching/skills.py), 1-5 read as 0..1.
A part the call gives no basis for is left out and the other weights are scaled up to 100. A rep who said nothing
scores 0.
"""

from services.coaching.objections import objections_score
from services.coaching.reading import CallReading
from services.coaching.report import ScoreComponent
from services.speech_metrics import (
    FILLERS_PER_MINUTE_MAX,
    TALK_RATIO_BAND,
    WPM_BAND,
    SpeechMetrics,
    band_text,
    limit_text,
)

WEIGHTS = {'discovery': 30.0, 'next_step': 25.0, 'objections': 20.0, 'respect': 10.0, 'delivery': 10.0, 'opening': 5.0}
OUTCOME_CREDIT = {'agreed': 1.0, 'accepted': 0.6, 'vague': 0.25, 'declined': 0.0, 'none': 0.0}
PRESSURED_STEP = 0.5
MONOLOGUE_IDEAL_S = 45.0
MONOLOGUE_ZERO_S = 150.0


def score_components(metrics: SpeechMetrics, reading: CallReading, opening: int) -> list[ScoreComponent]:
    """The parts of the overall score (see the module docstring)."""
    outcome = reading.outcome
    step = OUTCOME_CREDIT[outcome.kind]
    pressured = outcome.ask is not None and any(p.timestamp == outcome.ask.timestamp for p in reading.respect.pressure)
    objections = reading.objections
    handled = objections_score(objections)
    delivery = delivery_parts(metrics)
    known = [c.score for c in delivery if c.score is not None]
    discovery = reading.discovery
    return [
        ScoreComponent(
            name='discovery',
            weight=WEIGHTS['discovery'],
            score=discovery.score,
            detail=f'{discovery.counted:g} discovery questions (target {discovery.target:g}), topics: '
            f'{", ".join(discovery.topics) or "none"}, {discovery.follow_ups} follow-ups, '
            f'{discovery.revealed_words} words revealed',
        ),
        ScoreComponent(
            name='next_step',
            weight=WEIGHTS['next_step'],
            score=round(step * (PRESSURED_STEP if pressured else 1.0), 4),
            detail=f'{outcome.kind}{" under pressure" if pressured else ""}',
        ),
        ScoreComponent(
            name='objections',
            weight=WEIGHTS['objections'],
            score=handled,
            detail=', '.join(f'{o.kind}: {o.handling}' for o in objections) or 'none raised',
        ),
        ScoreComponent(
            name='respect',
            weight=WEIGHTS['respect'],
            score=reading.respect.score,
            detail=_respect_detail(reading),
        ),
        ScoreComponent(
            name='delivery',
            weight=WEIGHTS['delivery'],
            score=round(sum(known) / len(known), 4) if known else None,
            detail='; '.join(c.detail for c in delivery if c.score is not None) or 'unknown',
        ),
        ScoreComponent(name='opening', weight=WEIGHTS['opening'], score=(opening - 1) / 4, detail=f'{opening} of 5'),
    ]


def delivery_parts(metrics: SpeechMetrics) -> list[ScoreComponent]:
    """How the rep sounded, from the metrics' bands: talk share, pace, fillers and the longest monologue."""
    monologue_s = metrics.longest_monologue.seconds
    wpm = metrics.words_per_minute
    fillers = metrics.filler_words.per_minute
    return [
        ScoreComponent(
            name='talk_listen_ratio',
            weight=1.0,
            score=_inside_band(metrics.talk_listen_ratio, *TALK_RATIO_BAND, zero_at=0.30),
            detail=f'{metrics.talk_listen_ratio:.0%} of the words (ideal {band_text(TALK_RATIO_BAND, percent=True)})',
        ),
        ScoreComponent(
            name='pace',
            weight=1.0,
            score=None if wpm is None else _inside_band(wpm, *WPM_BAND, zero_at=50.0),
            detail='unknown' if wpm is None else f'{wpm:.0f} words per minute (ideal {band_text(WPM_BAND)})',
        ),
        ScoreComponent(
            name='filler_words',
            weight=1.0,
            score=None if fillers is None else _inside_band(fillers, 0.0, FILLERS_PER_MINUTE_MAX, zero_at=6.0),
            detail='unknown'
            if fillers is None
            else f'{fillers:.1f} fillers per minute (ideal at most {limit_text(FILLERS_PER_MINUTE_MAX)})',
        ),
        ScoreComponent(
            name='monologue',
            weight=1.0,
            score=None
            if monologue_s is None
            else _inside_band(monologue_s, 0.0, MONOLOGUE_IDEAL_S, zero_at=MONOLOGUE_ZERO_S - MONOLOGUE_IDEAL_S),
            detail='unknown'
            if monologue_s is None
            else f'longest turn {monologue_s:.0f} s (ideal at most {limit_text(MONOLOGUE_IDEAL_S)} s)',
        ),
    ]


def overall_score(components: list[ScoreComponent]) -> int:
    known = [c for c in components if c.score is not None]
    weight = sum(c.weight for c in known)
    if not weight:
        return 0
    return round(100 * sum(c.weight * (c.score or 0.0) for c in known) / weight)


def _respect_detail(reading: CallReading) -> str:
    respect = reading.respect
    parts = [
        f'{len(respect.talk_overs)} talk-overs',
        f'{len(respect.pressure)} pressure lines',
        f'{len(respect.no_ignored)} "no" not respected',
        f'{len(respect.discounts)} price drops',
    ]
    if respect.pitched_first:
        parts.append('pitched before asking')
    if respect.monologue_seconds is not None and respect.monologue is not None:
        parts.append(f'a {respect.monologue_seconds:.0f} s monologue')
    return ', '.join(parts)


def _inside_band(value: float, low: float, high: float, *, zero_at: float) -> float:
    distance = low - value if value < low else value - high if value > high else 0.0
    return round(max(0.0, 1.0 - distance / zero_at), 4)
