"""The dashboard's charts: the score over time, three speech metrics against their ideal bands, and the skills.

A call whose report lacks a metric is left off that chart (never drawn as 0). Each chart carries a marker, so
tests and styles can find it.
"""

import math
from collections.abc import Callable, Sequence
from typing import Any

from nicegui import ui

from components.charts import GRID_LINE, chart
from components.skill_radar import skill_radar
from services.progress import ProgressPoint
from services.speech_metrics import FILLERS_PER_MINUTE_MAX, TALK_RATIO_BAND, WPM_BAND, band_text, limit_text

LINE_COLOR = '#5898d4'
BAND_COLOR = 'rgba(34, 197, 94, 0.16)'
# What the green band means, for a caption beside the chart (a label inside a thin band would cover the line).
WPM_IDEAL = f'green: the ideal {band_text(WPM_BAND, dash="–")}'
FILLERS_IDEAL = f'green: the ideal, at most {limit_text(FILLERS_PER_MINUTE_MAX)}'
TALK_RATIO_IDEAL = f'green: the ideal {band_text(TALK_RATIO_BAND, dash="–", percent=True)}'


def score_chart(points: Sequence[ProgressPoint]) -> ui.echart:
    data = _series(points, lambda point: point.score)
    return _time_chart(data, name='Score', top=100, band=None, unit='', height='h-60').mark('score-chart')


def wpm_chart(points: Sequence[ProgressPoint]) -> ui.echart:
    data = _series(points, lambda point: _rounded(point.words_per_minute, 1))
    return _time_chart(data, name='Words per minute', top=220, band=WPM_BAND, unit='').mark('wpm-chart')


def fillers_chart(points: Sequence[ProgressPoint]) -> ui.echart:
    data = _series(points, lambda point: _rounded(point.fillers_per_minute, 2))
    band = (0.0, FILLERS_PER_MINUTE_MAX)
    return _time_chart(data, name='Fillers per minute', top=6, band=band, unit='').mark('fillers-chart')


def talk_ratio_chart(points: Sequence[ProgressPoint]) -> ui.echart:
    """The rep's share of the words, in per cent."""
    data = _series(points, lambda point: None if point.talk_ratio is None else _rounded(point.talk_ratio * 100, 1))
    band = (TALK_RATIO_BAND[0] * 100, TALK_RATIO_BAND[1] * 100)
    return _time_chart(data, name='You talked', top=100, band=band, unit='%').mark('talk-ratio-chart')


def skills_radar(averages: dict[str, float], *, calls: int) -> ui.echart:
    """The mean of each skill (1–5) over the last `calls` calls that have skill scores."""
    name = f'Average of the last {calls} call{"s" if calls != 1 else ""} with skill scores'
    return skill_radar(averages, name=name).classes('w-full h-60').mark('skills-radar')


def _time_chart(
    data: list[list[Any]], *, name: str, top: float, band: tuple[float, float] | None, unit: str, height: str = 'h-48'
) -> ui.echart:
    series: dict[str, Any] = {
        'type': 'line',
        'name': name,
        'data': data,
        'showSymbol': True,
        'symbolSize': 6,
        'lineStyle': {'width': 2},
        'itemStyle': {'color': LINE_COLOR},
    }
    if band is not None:
        low, high = band
        series['markArea'] = {
            'silent': True,
            'itemStyle': {'color': BAND_COLOR},
            'label': {'show': False},
            'data': [[{'yAxis': low}, {'yAxis': high}]],
        }
    values = [value for _, value in data]
    return chart(
        {
            'grid': {'left': 40, 'right': 16, 'top': 16, 'bottom': 28},
            'tooltip': {'trigger': 'axis'},
            'xAxis': {'type': 'time', 'axisLabel': {'hideOverlap': True}},
            # Room above the band and the highest point, so neither is cut off.
            'yAxis': {
                'type': 'value',
                'min': 0,
                'max': _top(values, top),
                'axisLabel': {'formatter': f'{{value}}{unit}'},
                'splitLine': GRID_LINE,
            },
            'series': [series],
        }
    ).classes(f'w-full {height}')


def _series(points: Sequence[ProgressPoint], value: Callable[[ProgressPoint], float | None]) -> list[list[Any]]:
    """[when, value] pairs, oldest first, without the calls that have no value."""
    return [[point.created_at.isoformat(), found] for point in points if (found := value(point)) is not None]


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _top(values: Sequence[float], top: float) -> float:
    highest = max(values, default=0.0)
    if highest <= top:
        return top
    step = 10.0 ** math.floor(math.log10(highest))  # the next round number above the highest point
    return float(math.ceil(highest / step) * step)
