"""How well a coach's scores order the labelled calls: pairwise accuracy, Spearman's rho and inversions.

Written out rather than taken from scipy, which the project does not depend on. A label is a rank:
great 3, average 2, poor 1.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

from tests.labelled_calls import LabelledCall

LABEL_RANK = {'great': 3, 'average': 2, 'poor': 1}
PAIRWISE_TARGET = 0.9
SPEARMAN_TARGET = 0.8


@dataclass(frozen=True, kw_only=True, slots=True)
class Inversion:
    persona: str
    poor_id: str
    poor_score: float
    great_id: str
    great_score: float


@dataclass(frozen=True, kw_only=True, slots=True)
class Evaluation:
    scored: int
    unscored: tuple[str, ...]  # ids of calls the coach found too short to score
    # None where a measure is undefined (no pair with different labels, every score alike)
    pairwise: float | None
    pairwise_within_persona: float | None
    spearman: float | None
    inversions: tuple[Inversion, ...]

    @property
    def passed(self) -> bool:
        """The issue's targets; a call left unscored fails the set, as every labelled call is long enough."""
        return (
            not self.unscored
            and self.pairwise is not None
            and self.pairwise >= PAIRWISE_TARGET
            and self.spearman is not None
            and self.spearman >= SPEARMAN_TARGET
            and not self.inversions
        )


def evaluate(calls: Sequence[LabelledCall], scores: Sequence[float | None]) -> Evaluation:
    """Every measure over the calls that got a score; `scores` is in the order of `calls`."""
    _same_length(calls, scores)
    scored = [(call, score) for call, score in zip(calls, scores, strict=True) if score is not None]
    labels = [call.label for call, _ in scored]
    values = [score for _, score in scored]
    return Evaluation(
        scored=len(scored),
        unscored=tuple(call.id for call, score in zip(calls, scores, strict=True) if score is None),
        pairwise=_defined(lambda: pairwise_accuracy(labels, values)),
        pairwise_within_persona=_defined(
            lambda: pairwise_accuracy(labels, values, groups=[call.persona for call, _ in scored])
        ),
        spearman=_defined(lambda: spearman(labels, values)),
        inversions=tuple(inversions(calls, scores)),
    )


def pairwise_accuracy(labels: Sequence[str], scores: Sequence[float], *, groups: Sequence[str] | None = None) -> float:
    """The share of pairs with different labels whose scores are in the labels' order; a tied score counts half.

    With `groups` (a persona per call), only pairs within one group count.
    """
    _same_length(labels, scores)
    if groups is not None:
        _same_length(labels, groups)
    credit, pairs = 0.0, 0
    for i, j in combinations(range(len(labels)), 2):
        if LABEL_RANK[labels[i]] == LABEL_RANK[labels[j]] or (groups is not None and groups[i] != groups[j]):
            continue
        pairs += 1
        if scores[i] == scores[j]:
            credit += 0.5
        elif (scores[i] > scores[j]) == (LABEL_RANK[labels[i]] > LABEL_RANK[labels[j]]):
            credit += 1.0
    if pairs == 0:
        raise ValueError('no pair of calls with different labels to compare')
    return credit / pairs


def spearman(labels: Sequence[str], scores: Sequence[float]) -> float:
    """Spearman's rho of label and score: Pearson's correlation of their ranks, tied values sharing the mean rank."""
    _same_length(labels, scores)
    if len(labels) < 2:
        raise ValueError('Spearman is undefined for fewer than two calls')
    x = average_ranks([float(LABEL_RANK[label]) for label in labels])
    y = average_ranks(scores)
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y, strict=True))
    spread = math.sqrt(sum((a - mean_x) ** 2 for a in x) * sum((b - mean_y) ** 2 for b in y))
    if spread == 0:
        raise ValueError('Spearman is undefined when every label or every score is the same')
    return covariance / spread


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1 (smallest); a run of equal values each gets the mean of the ranks the run covers."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        stop = start
        while stop + 1 < len(order) and values[order[stop + 1]] == values[order[start]]:
            stop += 1
        for position in range(start, stop + 1):
            ranks[order[position]] = (start + stop) / 2 + 1
        start = stop + 1
    return ranks


def inversions(calls: Sequence[LabelledCall], scores: Sequence[float | None]) -> list[Inversion]:
    """Every poor call scored strictly above a great call of the same persona (unscored calls are left out)."""
    _same_length(calls, scores)
    scored = [(call, score) for call, score in zip(calls, scores, strict=True) if score is not None]
    return [
        Inversion(
            persona=poor.persona,
            poor_id=poor.id,
            poor_score=poor_score,
            great_id=great.id,
            great_score=great_score,
        )
        for poor, poor_score in scored
        if poor.label == 'poor'
        for great, great_score in scored
        if great.label == 'great' and great.persona == poor.persona and poor_score > great_score
    ]


def _defined(measure: Callable[[], float]) -> float | None:
    try:
        return measure()
    except ValueError:
        return None


def _same_length(first: Sequence[object], second: Sequence[object]) -> None:
    if len(first) != len(second):
        raise ValueError(f'{len(first)} values against {len(second)}: one a call is needed')
