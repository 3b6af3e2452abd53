"""A radar of the five rubric skills on their 1–5 scale."""

from collections.abc import Mapping

from nicegui import ui

from services.coaching.report import SKILLS

RADAR_NAMES = {'objection_handling': 'Objections'}  # short enough for a narrow card


def skill_radar(scores: Mapping[str, float], *, name: str) -> ui.echart:
    """`scores` by skill key (see `SKILLS`); a missing skill is drawn at 0, outside the 1–5 scale."""
    values = [round(scores.get(key, 0.0), 1) for key in SKILLS]
    # Each value sits in its skill's name: labels on the points collide with the names at the rim.
    indicators = [
        {'name': f'{RADAR_NAMES.get(key, label)} {value:g}', 'min': 0, 'max': 5}
        for (key, label), value in zip(SKILLS.items(), values, strict=True)
    ]
    return ui.echart(
        {
            'tooltip': {},
            'radar': {
                'indicator': indicators,
                'splitNumber': 5,
                'radius': '60%',
                'center': ['50%', '54%'],
                'axisName': {'color': '#6b7280', 'fontSize': 11},
            },
            'series': [{'type': 'radar', 'data': [{'value': values, 'name': name}], 'areaStyle': {'opacity': 0.25}}],
        }
    ).classes('w-80 h-64')
