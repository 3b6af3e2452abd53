"""The rep's tone over a call, from the prosody scores the voice engine recorded.

Each composite is the plain mean, over the rep's scored utterances, of the mean of its named prosody
dimensions (Hume's 48 expression names; missing names count as absent, not as 0):
- confidence: Determination, Calmness, Pride, Triumph (steady, self-assured delivery).
- energy: Excitement, Interest, Joy, Amusement (animated, engaged delivery).
- hesitation: Doubt, Confusion, Anxiety, Awkwardness, Embarrassment (unsure, halting delivery).
Dominant emotions are the five dimensions with the highest mean over the rep's utterances. The timeline has one
point per scored rep utterance, in time order. With no rep prosody the summary says so and carries no numbers.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from services.transcript import EmotionData, ProsodyPoint

# Hume's 48 prosody expressions, as the JSON keys name them.
PROSODY_NAMES: tuple[str, ...] = tuple(
    name.strip()
    for name in """
    Admiration, Adoration, Aesthetic Appreciation, Amusement, Anger, Anxiety, Awe, Awkwardness, Boredom, Calmness,
    Concentration, Confusion, Contemplation, Contempt, Contentment, Craving, Desire, Determination, Disappointment,
    Disgust, Distress, Doubt, Ecstasy, Embarrassment, Empathic Pain, Entrancement, Envy, Excitement, Fear, Guilt,
    Horror, Interest, Joy, Love, Nostalgia, Pain, Pride, Realization, Relief, Romance, Sadness, Satisfaction, Shame,
    Surprise (negative), Surprise (positive), Sympathy, Tiredness, Triumph
    """.split(',')  # noqa: SIM905  (one readable block beats 48 lines)
)

COMPOSITES: dict[str, tuple[str, ...]] = {
    'confidence': ('Determination', 'Calmness', 'Pride', 'Triumph'),
    'energy': ('Excitement', 'Interest', 'Joy', 'Amusement'),
    'hesitation': ('Doubt', 'Confusion', 'Anxiety', 'Awkwardness', 'Embarrassment'),
}
DOMINANT_COUNT = 5
NO_DATA_MESSAGE = 'No tone data was recorded for the rep in this call, so there is no emotion summary.'


def _key(name: str) -> str:
    return re.sub(r'[^a-z0-9]+', '', name.lower())


# Engines send "Surprise (negative)" or the SDK's "surprise_negative"; both map to the JSON name.
_CANONICAL = {_key(name): name for name in PROSODY_NAMES}


class EmotionScore(BaseModel):
    name: str
    score: float


class TonePoint(BaseModel):
    timestamp: float | None
    confidence: float | None
    energy: float | None
    hesitation: float | None
    top_emotion: str | None


class EmotionSummary(BaseModel):
    available: bool
    source: Literal['prosody'] | None
    message: str | None
    samples: int
    confidence: float | None
    energy: float | None
    hesitation: float | None
    dominant_emotions: list[EmotionScore]
    timeline: list[TonePoint]


def summarize_emotions(emotion_data: EmotionData) -> EmotionSummary:
    points = sorted(
        (p for p in emotion_data.prosody_scores if p.role == 'user' and p.scores),
        key=lambda p: (p.timestamp is None, p.timestamp or 0.0),
    )
    if not points:
        return EmotionSummary(
            available=False,
            source=None,
            message=NO_DATA_MESSAGE,
            samples=0,
            confidence=None,
            energy=None,
            hesitation=None,
            dominant_emotions=[],
            timeline=[],
        )
    scores = [canonical_scores(p.scores) for p in points]
    timeline = [_tone_point(point, s) for point, s in zip(points, scores, strict=True)]
    return EmotionSummary(
        available=True,
        source='prosody',
        message=None,
        samples=len(points),
        confidence=_mean_of(p.confidence for p in timeline),
        energy=_mean_of(p.energy for p in timeline),
        hesitation=_mean_of(p.hesitation for p in timeline),
        dominant_emotions=dominant_emotions(scores),
        timeline=timeline,
    )


def canonical_scores(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores keyed by the JSON names; names outside the 48 are kept as given."""
    return {canonical_name(name): value for name, value in scores.items()}


@lru_cache(maxsize=1024)
def canonical_name(name: str) -> str:
    return _CANONICAL.get(_key(name), name)


def composite(scores: Mapping[str, float], name: str) -> float | None:
    return _mean_of(scores.get(dimension) for dimension in COMPOSITES[name])


def dominant_emotions(scores: Sequence[Mapping[str, float]], count: int = DOMINANT_COUNT) -> list[EmotionScore]:
    """The `count` dimensions with the highest mean over the utterances that scored them."""
    totals: dict[str, float] = defaultdict(float)
    samples: dict[str, int] = defaultdict(int)
    for point in scores:
        for name, value in point.items():
            totals[name] += value
            samples[name] += 1
    means = sorted(((total / samples[name], name) for name, total in totals.items()), key=lambda m: (-m[0], m[1]))
    return [EmotionScore(name=name, score=round(mean, 4)) for mean, name in means[:count]]


def _tone_point(point: ProsodyPoint, scores: Mapping[str, float]) -> TonePoint:
    top = max(scores, key=scores.__getitem__) if scores else None
    return TonePoint(
        timestamp=point.timestamp,
        confidence=composite(scores, 'confidence'),
        energy=composite(scores, 'energy'),
        hesitation=composite(scores, 'hesitation'),
        top_emotion=top,
    )


def _mean_of(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else None
