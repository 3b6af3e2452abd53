"""The coaching report of one call."""

from typing import Any

from nicegui import ui

from components.badge_colors import score_color
from components.call_reading import call_reading
from components.charts import chart
from components.skill_radar import skill_radar
from components.transcript_lines import TranscriptLines
from components.transcript_pages import TranscriptPages
from services.clock import clock
from services.speech_metrics import TALK_RATIO_BAND, TYPED_ONLY_NOTE

SCORE_TEXT = {
    'red': 'text-red-600',
    'amber': 'text-amber-500',
    'green': 'text-green-600',
    'blue': 'text-blue-600',
    'grey': 'text-gray-400',
}
BAND_OK, BAND_NEAR, BAND_OFF = '#22c55e', '#f59e0b', '#ef4444'
RULE_BASED_NAME = 'the rule-based coach (metrics and rules, no language model)'


def report_view(
    *,
    report: dict[str, Any],
    transcript: TranscriptLines,
    prospect: str,
    issues: list[dict[str, Any]] | None = None,
    score_change: int | None = None,
) -> None:
    metrics = report['speech_metrics']
    if report.get('unscored_reason'):
        with ui.card().classes('w-full bg-blue-50 dark:bg-blue-900').mark('unscored-reason'):
            with ui.row().classes('items-center gap-2 no-wrap'):
                ui.icon('timer_off').classes('text-primary')
                ui.label(report['unscored_reason']).classes('text-sm')
    if report.get('fallback_reason'):
        with ui.card().classes('w-full bg-amber-50 dark:bg-amber-900').mark('fallback-reason'):
            with ui.row().classes('items-center gap-2 no-wrap'):
                ui.icon('info').classes('text-amber-700 dark:text-amber-400')
                ui.label(report['fallback_reason']).classes('text-sm')
    with ui.row().classes('w-full items-center gap-6'):
        score = report['overall_score']
        with ui.column().classes('items-center gap-0'):
            shown = '—' if score is None else str(score)
            ui.label(shown).classes(f'text-7xl font-bold {SCORE_TEXT[score_color(score)]}').mark('overall-score')
            ui.label('overall score' if score is not None else 'not scored').classes('text-sm text-gray-500')
            if score_change is not None:
                _score_change(score_change, prospect)
        with ui.column().classes('grow basis-0 min-w-72 gap-1'):
            ui.label(f'Call with {prospect}').classes('text-lg font-medium')
            ui.label(report['tone_summary'])
            ui.label(f'Written by {coach_name(report)}.').classes('text-xs text-gray-500')
        if report.get('skill_scores'):
            with ui.column().classes('w-full sm:w-auto items-center gap-0'):  # the row's width on a phone
                skill_radar(report['skill_scores'], name='This call').classes('w-full sm:w-80 h-64').mark('skill-radar')
                ui.label('Skills, 1–5').classes('text-xs text-gray-500')

    call_reading(report, prospect)  # selling first: what happened, then how it sounded

    bands = metrics['bands']
    with ui.grid().classes('w-full gap-4 grid-cols-2 md:grid-cols-4'):  # two by two on a phone
        _gauge('Words per minute', metrics['words_per_minute'], bands['words_per_minute'], top=220)
        _gauge('Fillers per minute', metrics['filler_words']['per_minute'], bands['filler_words_per_minute'], top=10)
        ratio = metrics['talk_listen_ratio']
        _gauge(
            'You talked (%)',
            round(ratio * 100) if metrics['total_words'] else None,
            {**bands['talk_listen_ratio'], 'low': TALK_RATIO_BAND[0] * 100, 'high': TALK_RATIO_BAND[1] * 100},
            top=100,
        )
        _gauge('Questions', metrics['questions_asked'], bands['questions_asked'], top=25)
    if metrics.get('speaking_time_source') == 'typed':
        ui.label(TYPED_ONLY_NOTE).classes('text-sm text-gray-500').mark('typed-only')
    monologue = metrics['longest_monologue']
    seconds = monologue['seconds']
    longest = f'{seconds:.0f} s, ' if seconds is not None else ''
    ui.label(f'Longest monologue: {longest}{monologue["words"]} words.').classes('text-sm')
    _more_measures(metrics)

    if issues:
        with ui.card().classes('w-full'):
            ui.label('During the call').classes('font-medium')
            for issue in issues:
                ui.label(f'{clock(issue.get("at", 0))} {issue.get("message", "")}').classes(
                    'text-sm text-amber-700 dark:text-amber-400'
                )
    _emotions(report['emotion_summary'])
    _moments(report['key_moments'])
    with ui.row().classes('w-full gap-4 items-stretch'):
        _list('Strengths', report['strengths'], 'thumb_up', 'text-green-600')
        _list('Areas to improve', report['areas_for_improvement'], 'trending_up', 'text-amber-600')
    _list('Recommendations', report['recommendations'], 'lightbulb', 'text-primary')

    TranscriptPages(transcript, prospect=prospect)
    ui.link('Practise again', '/practice').classes('text-lg text-primary font-medium')


def _gauge(title: str, value: float | None, band: dict[str, Any], *, top: float) -> None:
    low, high = band.get('low'), band.get('high')
    segments = []
    if low:
        segments.append([low / top, BAND_NEAR])
    segments.append([(high if high is not None else top) / top, BAND_OK])
    segments.append([1, BAND_OFF if high is not None else BAND_OK])
    ideal = f'ideal {low:g}–{high:g}' if low is not None and high is not None else f'ideal ≤ {high:g}'
    with ui.card().classes('items-center gap-0 p-2 min-w-0'):
        chart(
            {
                'series': [
                    {
                        'type': 'gauge',
                        'min': 0,
                        'max': top,
                        'splitNumber': 4,
                        'radius': '95%',
                        'axisLine': {'lineStyle': {'width': 12, 'color': segments}},
                        'pointer': {'show': value is not None, 'width': 4},
                        'axisLabel': {'distance': 14, 'fontSize': 9},
                        'splitLine': {'length': 8},
                        'axisTick': {'show': False},
                        'detail': {
                            'formatter': '—' if value is None else '{value}',
                            'fontSize': 20,
                            'offsetCenter': [0, '60%'],
                        },
                        'data': [{'value': 0 if value is None else round(value, 1)}],
                    }
                ],
            }
        ).classes('w-full max-w-52 h-40')
        ui.label(title).classes('font-medium text-sm')
        ui.label(ideal).classes('text-xs text-gray-500')


def _emotions(summary: dict[str, Any]) -> None:
    sources = {'prosody': "From Hume's prosody model", 'acoustic': 'From your voice: loudness, pitch, pace and pauses'}
    with ui.card().classes('w-full'):
        ui.label('How you sounded').classes('font-medium')
        if not summary.get('available'):
            ui.label(summary.get('message') or 'No tone data.').classes('text-sm text-gray-500')
            return
        if summary.get('source') in sources:
            ui.label(f'{sources[summary["source"]]}.').classes('text-xs text-gray-500').mark('tone-source')
        with ui.row().classes('gap-6 items-center'):
            for name in ('confidence', 'energy', 'hesitation'):
                value = summary.get(name)
                ui.label(f'{name.capitalize()}: {"—" if value is None else f"{value:.2f}"}')
            acoustic = summary.get('acoustic') or {}
            if acoustic.get('monotone'):
                ui.badge('Monotone', color='amber').mark('monotone')
        if summary.get('source') == 'prosody' and acoustic:
            # Our own analysis sits beside the engine's, never mixed into its numbers.
            levels = ', '.join(
                f'{name} {acoustic[name]:.2f}'
                for name in ('confidence', 'energy', 'hesitation')
                if acoustic.get(name) is not None
            )
            ui.label(f'{sources["acoustic"]}: {levels}.').classes('text-sm').mark('acoustic-tone')
        if acoustic.get('monotone'):
            ui.label('Your pitch hardly moved: vary it to stress what matters.').classes('text-sm')
        top = ', '.join(f'{e["name"]} ({e["score"]:.2f})' for e in summary.get('dominant_emotions', []))
        if top:
            ui.label(f'Strongest signals: {top}').classes('text-sm')


def _moments(moments: list[dict[str, Any]]) -> None:
    ui.label('Key moments').classes('text-lg font-medium')
    if not moments:
        ui.label('No moments stood out in this call.').classes('text-sm text-gray-500')
        return
    with ui.timeline(side='right').classes('w-full'):
        for moment in moments:
            at = moment.get('timestamp')
            stamp = '' if at is None else clock(at)
            positive = moment['kind'] == 'positive'
            with ui.timeline_entry(
                title=moment['title'],
                subtitle=stamp,
                icon='check' if positive else 'priority_high',
                color='positive' if positive else 'amber-8',
            ):
                ui.label(moment['description'])
                if moment.get('quote'):
                    ui.label(f'“{moment["quote"]}”').classes('italic text-gray-600')
                if moment.get('say_instead'):
                    with ui.row().classes('items-baseline gap-1 no-wrap'):
                        ui.label('Say instead:').classes('text-sm font-medium text-primary shrink-0')
                        ui.label(moment['say_instead']).classes('text-sm').mark('say-instead')


def _list(title: str, items: list[str], icon: str, color: str) -> None:
    with ui.card().classes('grow basis-0 min-w-64'):
        with ui.row().classes('items-center gap-2'):
            ui.icon(icon).classes(color)
            ui.label(title).classes('font-medium')
        if not items:
            ui.label('Nothing here this time.').classes('text-sm text-gray-500')
        for item in items:
            ui.label(f'• {item}').classes('text-sm')


def coach_name(report: dict[str, Any]) -> str:
    coach = report.get('coach', '')
    if coach == 'rule_based':
        return RULE_BASED_NAME
    version = report.get('prompt_version')
    return f'the AI coach ({coach}{", prompt " + version if version else ""})'


def _score_change(change: int, prospect: str) -> None:
    text = f'+{change}' if change > 0 else f'−{-change}' if change < 0 else '±0'
    color = 'positive' if change > 0 else 'negative' if change < 0 else 'grey'
    ui.badge(f'{text} vs your last call with {prospect}', color=color).classes('text-xs').mark('score-change')


def _more_measures(metrics: dict[str, Any]) -> None:
    """The timing measures and the question mix, each only when the call gives a basis for it."""
    bands = metrics.get('bands', {})
    facts: list[str] = []
    if metrics.get('patience_seconds') is not None:
        facts.append(f'Pause before answering: {metrics["patience_seconds"]:.1f} s{_ideal(bands, "patience_seconds")}')
    if metrics.get('interruptions') is not None:
        facts.append(f'Interruptions: {metrics["interruptions"]}{_ideal(bands, "interruptions")}')
    if metrics.get('time_to_first_question_seconds') is not None:
        first = metrics['time_to_first_question_seconds']
        facts.append(f'First question at {first:.0f} s{_ideal(bands, "time_to_first_question_seconds")}')
    if metrics.get('questions_asked'):
        facts.append(f'Questions: {metrics.get("open_questions", 0)} open, {metrics.get("closed_questions", 0)} closed')
    prospect = metrics.get('prospect_longest_monologue')
    if prospect and prospect.get('seconds') is not None:
        facts.append(f"Prospect's longest turn: {prospect['seconds']:.0f} s")
    if facts:
        with ui.row().classes('gap-x-6 gap-y-1 text-sm text-gray-600').mark('more-measures'):
            for fact in facts:
                ui.label(fact)


def _ideal(bands: dict[str, Any], key: str) -> str:
    band = bands.get(key) or {}
    low, high = band.get('low'), band.get('high')
    if low is not None and high is not None:
        return f' (ideal {low:g}–{high:g})'
    if high is not None:
        return f' (ideal ≤ {high:g})'
    return f' (ideal ≥ {low:g})' if low is not None else ''
