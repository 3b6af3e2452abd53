"""The rep's tone over a call, from the prosody scores the voice engine recorded.

Each composite is the plain mean, over the rep's scored utterances, of the mean of its named prosody
dimensions (Hume's 48 expression names; a name an utterance lacks is left out of its mean, not counted as 0):
- confidence: Determination, Calmness, Pride, Triumph (steady, self-assured delivery).
- energy: Excitement, Interest, Joy, Amusement (animated, engaged delivery).
- hesitation: Doubt, Confusion, Anxiety, Awkwardness, Embarrassment (unsure, halting delivery).
Dominant emotions are the five of the 48 names with the highest mean over all scored rep utterances (an utterance
that lacks a name counts 0 for it). The timeline has one point per rep message, in time order: the scores
recorded from that message's start until the rep's next message (each message gets the scores in order when
times are missing); a message with no scores has an empty point.

Our own acoustic analysis of the rep's voice (points with `source: acoustic`, services/acoustic_tone.py) is
summarised beside it in `acoustic`: confidence, energy and hesitation are the plain means of the lines' acoustic
scores, the measurements (loudness, pitch variability, rate, pauses) are means too except longest_pause_s (the
longest), monotone_share is the share of scored lines flagged monotone and `monotone` is set when that share is at
least one half. When the engine gave prosody, the headline numbers and the timeline are the prosody model's
(`source: prosody`) and the acoustic ones sit beside them; without prosody the headline numbers and the timeline
are the acoustic ones (`source: acoustic`, no dominant emotions: loudness and pitch name no emotion). With neither
the summary says so and carries no numbers.
"""

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from pydantic import BaseModel

from services.transcript import EmotionData, ProsodyPoint, ToneSource, Transcript, TranscriptMessage

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
ALIGN_TOLERANCE_S = 0.5
NO_DATA_MESSAGE = 'No tone data was recorded for the rep in this call, so there is no emotion summary.'


def _key(name: str) -> str:
    return re.sub(r'[^a-z0-9]+', '', name.lower())


# Engines send "Surprise (negative)" or the SDK's "surprise_negative"; both map to the JSON name.
_CANONICAL = {_key(name): name for name in PROSODY_NAMES}
_KNOWN = frozenset(PROSODY_NAMES)


class EmotionScore(BaseModel):
    name: str
    score: float


class TonePoint(BaseModel):
    timestamp: float | None
    confidence: float | None
    energy: float | None
    hesitation: float | None
    top_emotion: str | None
    monotone: bool | None = None  # acoustic points only


class AcousticSummary(BaseModel):
    """Our own analysis of the rep's voice over the call (loudness, pitch, pace and pauses)."""

    samples: int
    confidence: float | None
    energy: float | None
    hesitation: float | None
    monotone: bool
    monotone_share: float
    loudness_db: float | None
    pitch_variability_st: float | None
    rate_sps: float | None
    pause_share: float | None
    longest_pause_s: float | None


class EmotionSummary(BaseModel):
    """`source` says who measured the headline numbers and the timeline; `acoustic` is always our own analysis."""

    available: bool
    source: ToneSource | None
    message: str | None
    samples: int
    confidence: float | None
    energy: float | None
    hesitation: float | None
    dominant_emotions: list[EmotionScore]
    timeline: list[TonePoint]
    acoustic: AcousticSummary | None = None


def summarize_emotions(emotion_data: EmotionData, transcript: Transcript | None = None) -> EmotionSummary:
    rep = [p for p in emotion_data.prosody_scores if p.role == 'user' and p.scores]
    points = _in_time_order(p for p in rep if p.source == 'prosody')
    heard = _in_time_order(p for p in rep if p.source == 'acoustic')
    acoustic = acoustic_summary(heard)
    if points:
        scores = [canonical_scores(p.scores) for p in points]
        point: _PointMaker = _tone_point
        source: ToneSource = 'prosody'
    elif heard:
        points, scores, point, source = heard, [dict(p.scores) for p in heard], _acoustic_point, 'acoustic'
    else:
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
    per_point = [point(p.timestamp, s) for p, s in zip(points, scores, strict=True)]
    return EmotionSummary(
        available=True,
        source=source,
        message=None,
        samples=len(points),
        confidence=_mean_of(p.confidence for p in per_point),
        energy=_mean_of(p.energy for p in per_point),
        hesitation=_mean_of(p.hesitation for p in per_point),
        dominant_emotions=dominant_emotions(scores) if source == 'prosody' else [],
        timeline=_timeline(
            points_at=[p.timestamp for p in points],
            scores=scores,
            per_point=per_point,
            transcript=transcript,
            point=point,
        ),
        acoustic=acoustic,
    )


def acoustic_summary(points: Sequence[ProsodyPoint]) -> AcousticSummary | None:
    """The call's acoustic tone from the rep's acoustic points (see the module docstring)."""
    if not points:
        return None
    flags = [p.scores['monotone'] >= 0.5 for p in points if 'monotone' in p.scores]
    share = round(sum(flags) / len(flags), 4) if flags else 0.0
    features = [p.features or {} for p in points]
    return AcousticSummary(
        samples=len(points),
        confidence=_mean_of(p.scores.get('confidence') for p in points),
        energy=_mean_of(p.scores.get('energy') for p in points),
        hesitation=_mean_of(p.scores.get('hesitation') for p in points),
        monotone=bool(flags) and share >= 0.5,
        monotone_share=share,
        loudness_db=_mean_of(f.get('loudness_db') for f in features),
        pitch_variability_st=_mean_of(f.get('pitch_variability_st') for f in features),
        rate_sps=_mean_of(f.get('rate_sps') for f in features),
        pause_share=_mean_of(f.get('pause_share') for f in features),
        longest_pause_s=max((v for f in features if (v := f.get('longest_pause_s')) is not None), default=None),
    )


def _in_time_order(points: Iterable[ProsodyPoint]) -> list[ProsodyPoint]:
    return sorted(points, key=lambda p: (p.timestamp is None, p.timestamp or 0.0))


def canonical_scores(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores keyed by the JSON names; names outside the 48 are kept as given."""
    return {canonical_name(name): value for name, value in scores.items()}


@lru_cache(maxsize=1024)
def canonical_name(name: str) -> str:
    return _CANONICAL.get(_key(name), name)


def composite(scores: Mapping[str, float], name: str) -> float | None:
    return _mean_of(scores.get(dimension) for dimension in COMPOSITES[name])


def dominant_emotions(scores: Sequence[Mapping[str, float]], count: int = DOMINANT_COUNT) -> list[EmotionScore]:
    totals: dict[str, float] = defaultdict(float)
    for point in scores:
        for name, value in point.items():
            if name in _KNOWN:
                totals[name] += value
    means = sorted(((total / len(scores), name) for name, total in totals.items()), key=lambda m: (-m[0], m[1]))
    return [EmotionScore(name=name, score=round(mean, 4)) for mean, name in means[:count]]


def _timeline(
    *,
    points_at: Sequence[float | None],
    scores: Sequence[dict[str, float]],
    per_point: list[TonePoint],
    transcript: Transcript | None,
    point: '_PointMaker',
) -> list[TonePoint]:
    rep = _rep_messages(transcript)
    starts = [m.timestamp for m in rep]
    if not rep:
        return per_point  # no transcript to align with: one point per scored utterance
    groups: list[list[dict[str, float]]] = [[] for _ in rep]
    if all(t is not None for t in starts) and all(t is not None for t in points_at):
        known_starts = [t or 0.0 for t in starts]
        for at, score in zip(points_at, scores, strict=True):
            # Scores may be stamped a little before the transcript's start of the line.
            index = max(0, bisect_right(known_starts, (at or 0.0) + ALIGN_TOLERANCE_S) - 1)
            groups[index].append(score)
    else:
        for index, score in enumerate(scores[: len(rep)]):
            groups[index].append(score)
    return [point(message.timestamp, _mean_scores(group)) for message, group in zip(rep, groups, strict=True)]


def _rep_messages(transcript: Transcript | None) -> list[TranscriptMessage]:
    if transcript is None:
        return []
    messages = [m for m in transcript.messages if m.role == 'user']
    if all(m.timestamp is not None for m in messages):
        messages.sort(key=lambda m: m.timestamp or 0.0)
    return messages


def _mean_scores(group: Sequence[Mapping[str, float]]) -> dict[str, float]:
    if len(group) == 1:
        return dict(group[0])
    totals: dict[str, list[float]] = defaultdict(list)
    for scores in group:
        for name, value in scores.items():
            totals[name].append(value)
    return {name: sum(values) / len(values) for name, values in totals.items()}


def _tone_point(timestamp: float | None, scores: Mapping[str, float]) -> TonePoint:
    top = max(scores, key=scores.__getitem__) if scores else None
    return TonePoint(
        timestamp=timestamp,
        confidence=composite(scores, 'confidence'),
        energy=composite(scores, 'energy'),
        hesitation=composite(scores, 'hesitation'),
        top_emotion=top,
    )


def _acoustic_point(timestamp: float | None, scores: Mapping[str, float]) -> TonePoint:
    monotone = scores.get('monotone')
    return TonePoint(
        timestamp=timestamp,
        confidence=scores.get('confidence'),
        energy=scores.get('energy'),
        hesitation=scores.get('hesitation'),
        top_emotion=None,
        monotone=None if monotone is None else monotone >= 0.5,
    )


_PointMaker = Callable[[float | None, Mapping[str, float]], TonePoint]


def _mean_of(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else None
