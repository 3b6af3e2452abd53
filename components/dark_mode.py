"""What dark mode changes beyond Quasar's own colours: Tailwind's fixed greys and the charts' text."""

# Tailwind's greys are made for a white page: on Quasar's dark page (#121212) and cards (#1d1d1d) gray-500 and
# gray-600 fall under WCAG's 4.5:1 for text, so dark mode lifts them to gray-400 (6.6:1 on a dark card).
# Charts are SVG (components/charts.py): their text takes a light grey, which CSS sets over ECharts' colours.
DARK_MODE_CSS = """
.body--dark .text-gray-500, .body--dark .text-gray-600 { color: #9ca3af; }
.body--dark .nicegui-echart text { fill: #d1d5db; }
"""
