"""A radar of the five rubric skills on their 1–5 scale."""

from collections.abc import Mapping

from nicegui import ui

from components.charts import chart
from services.coaching.report import SKILLS

RADAR_NAMES = {'objection_handling': 'Objections'}  # short enough for a narrow card


def skill_radar(scores: Mapping[str, float], *, name: str) -> ui.echart:
    """`scores` by skill key (see `SKILLS`); a missing skill is drawn at 0, outside the 1–5 scale.

    The caller sizes the chart: from about 260 px wide its names stay whole beside the radar."""
    values = [round(scores.get(key, 0.0), 1) for key in SKILLS]
    # Each value sits under its skill's name: labels on the points collide with the names at the rim, and two
    # short lines beside the radar need half the width of one long line ('Discovery 3.4' was cut at the edge).
    indicators = [
        {'name': f'{RADAR_NAMES.get(key, label)}\n{value:g}', 'min': 0, 'max': 5}
        for (key, label), value in zip(SKILLS.items(), values, strict=True)
    ]
    return chart(
        {
            'tooltip': {},
            'radar': {
                'indicator': indicators,
                'splitNumber': 5,
                'radius': '58%',
                'center': ['50%', '50%'],
                'nameGap': 10,
                'axisName': {'color': '#6b7280', 'fontSize': 11, 'lineHeight': 13},
            },
            'series': [{'type': 'radar', 'data': [{'value': values, 'name': name}], 'areaStyle': {'opacity': 0.25}}],
        }
    )
