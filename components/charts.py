"""One way to draw a chart: as SVG, so that its text is in the page and follows dark mode (see `DARK_MODE_CSS`)."""

from typing import Any

from nicegui import ui

# Grid lines that read on a white and on a dark card alike (ECharts' default is a near-white grey).
GRID_LINE = {'lineStyle': {'color': 'rgba(128, 128, 128, 0.25)'}}


def chart(options: dict[str, Any]) -> ui.echart:
    """An ECharts chart drawn as SVG: a canvas paints its text with fixed colours that CSS cannot reach."""
    return ui.echart(options, renderer='svg')
