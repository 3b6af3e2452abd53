"""A radar of the five rubric skills on their 1–5 scale."""

from collections.abc import Mapping

from nicegui import ui

from services.reports import SKILLS


def skill_radar(scores: Mapping[str, float], *, name: str) -> ui.echart:
    """`scores` by skill key (see `SKILLS`); a missing skill is drawn at 0, outside the 1–5 scale."""
    values = [round(scores.get(key, 0.0), 1) for key in SKILLS]
    return ui.echart(
        {
            'tooltip': {},
            'radar': {
                'indicator': [{'name': label, 'min': 0, 'max': 5} for label in SKILLS.values()],
                'splitNumber': 5,
                'radius': '62%',
                'axisName': {'color': '#6b7280', 'fontSize': 11},
            },
            'series': [
                {
                    'type': 'radar',
                    'data': [{'value': values, 'name': name}],
                    'areaStyle': {'opacity': 0.25},
                    'label': {'show': True, 'fontSize': 10},
                }
            ],
        }
    ).classes('w-80 h-64')
