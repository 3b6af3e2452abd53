"""A call's coaching report as a Markdown document, for the rep to download, keep or share with a manager."""

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from services.clock import clock
from services.coaching.reading_summary import reading_lines
from services.coaching.report import SKILLS, CoachingReport, KeyMoment
from services.coaching.scorecard_words import goal_text, graded_by_text, result_text, total_text, verdict
from services.coaching.scoring import MONOLOGUE_IDEAL_S
from services.local_time import date_time, file_stamp
from services.speech_metrics import TYPED_ONLY_NOTE, Band, limit_text
from services.transcript import Transcript


@dataclass(frozen=True, kw_only=True, slots=True)
class ReportHeading:
    """What the report itself does not hold: whom the rep called, when, for how long; and the zone its times are
    written in (the rep's browser's, so that the page and the Markdown show the same time)."""

    prospect: str
    scenario: str | None
    created_at: datetime
    duration_seconds: float | None
    score_change: int | None = None
    zone: tzinfo = UTC


def report_markdown(report: CoachingReport, heading: ReportHeading, transcript: Transcript) -> str:
    parts = [
        _title(report, heading),
        _section('Summary', _para(report.tone_summary)),
        _section('Scorecard', _scorecard(report)),
        _section('Goals', _goals(report)),
        _section('What happened', _reading(report, heading.prospect)),
        _section('Skills (1–5)', _skills(report)),
        _section('Speech metrics', _metrics(report)),
        _section('How you sounded', _emotions(report)),
        _section('Key moments', _moments(report.key_moments)),
        _section('Strengths', _bullets(report.strengths)),
        _section('Areas to improve', _bullets(report.areas_for_improvement)),
        _section('Recommendations', _bullets(report.recommendations)),
        _section('Transcript', _transcript(transcript, heading.prospect)),
    ]
    return '\n\n'.join(part for part in parts if part) + '\n'


def file_name(heading: ReportHeading) -> str:
    stamp = file_stamp(heading.created_at, heading.zone)
    slug = ''.join(c if c.isalnum() else '-' for c in heading.prospect.lower()).strip('-')
    return f'sales-coach-report-{stamp}-{slug}.md'


def _title(report: CoachingReport, heading: ReportHeading) -> str:
    when = date_time(heading.created_at, heading.zone)
    change = ''
    if heading.score_change is not None:
        change = f' ({_signed(heading.score_change)} vs your last call with this prospect)'
    lines = [
        f'# Call with {_inline(heading.prospect)}',
        '',
        f'- **Overall score:** {report.overall_score}/100{change}'
        if report.overall_score is not None
        else f'- **Overall score:** not scored. {_inline(report.unscored_reason or "")}',
        f'- **Date:** {when}',
        f'- **Duration:** {_clock(heading.duration_seconds)}',
        f'- **Scenario:** {_inline(heading.scenario or "not given")}',
        f'- **Coach:** {report.coach}' + (f' (prompt {report.prompt_version})' if report.prompt_version else ''),
        f'- **Report written:** {date_time(report.generated_at, heading.zone)}',
    ]
    if report.fallback_reason:
        lines += ['', f'> {_inline(report.fallback_reason)}']
    return '\n'.join(lines)


GOAL_MARKS = {'met': '✅', 'not met': '❌', 'not judged': '➖'}


def _goals(report: CoachingReport) -> str:
    """The scenario's goals, each met, not met or not judged (a call without a scenario has none)."""
    if not report.goals:
        return ''
    lines = []
    for goal in report.goals:
        said = goal_text(goal)
        lines.append(f'- {GOAL_MARKS[said]} {_inline(goal.text)}: {said}')
    return '\n'.join(lines)


def _scorecard(report: CoachingReport) -> str:
    """The scorecard: the verdict, the total and pass mark, then each criterion with its evidence."""
    card = report.scorecard
    if card is None:
        return ''
    lines = [f'**{verdict(card)}** · total {total_text(card)}']
    for result in card.criteria:
        by = '' if result.result is None else f', graded by {graded_by_text(result)}'
        lines += ['', f'- **{_inline(result.text)}** — {result_text(result)} (weight {result.weight:g}{by})']
        if result.rationale:
            lines.append(f'  {_inline(result.rationale)}')
        if result.quote:
            lines.append(f'  “{_inline(result.quote)}”')
        elif result.quote_missing:
            lines.append('  (the quote the coach gave was not found in the transcript, so it was left out)')
    return '\n'.join(lines)


def _skills(report: CoachingReport) -> str:
    if report.skill_scores is None:
        return ''
    scores = report.skill_scores.model_dump()
    rows = [f'| {label} | {scores[key]} |' for key, label in SKILLS.items()]
    return '\n'.join(['| Skill | Score |', '|---|---|', *rows])


def _metrics(report: CoachingReport) -> str:
    m = report.speech_metrics
    bands = m.bands
    prospect_monologue = m.prospect_longest_monologue.seconds if m.prospect_longest_monologue else None
    questions = f'{m.questions_asked} ({m.open_questions} open, {m.closed_questions} closed)'
    rows: list[tuple[str, str, str]] = [
        ('Words per minute', _num(m.words_per_minute, '{:.0f}'), _band(bands.get('words_per_minute'))),
        (
            'Filler words per minute',
            _num(m.filler_words.per_minute, '{:.1f}'),
            _band(bands.get('filler_words_per_minute')),
        ),
        (
            'Talk ratio (your share of words)',
            f'{m.talk_listen_ratio:.0%}',
            _band(bands.get('talk_listen_ratio'), pct=True),
        ),
        (
            'Longest monologue',
            f'{_seconds(m.longest_monologue.seconds)} ({m.longest_monologue.words} words)',
            f'≤ {limit_text(MONOLOGUE_IDEAL_S)} s',
        ),
        ('Questions asked', questions, _band(bands.get('questions_asked'))),
        (
            'Patience (pause before answering)',
            _num(m.patience_seconds, '{:.1f} s'),
            _band(bands.get('patience_seconds'), unit=' s'),
        ),
        ('Interruptions', _num(m.interruptions, '{}'), _band(bands.get('interruptions'))),
        (
            'Time to first question',
            _seconds(m.time_to_first_question_seconds),
            _band(bands.get('time_to_first_question_seconds'), unit=' s'),
        ),
        (
            "Prospect's longest monologue",
            _seconds(prospect_monologue),
            _band(bands.get('prospect_longest_monologue_seconds'), unit=' s'),
        ),
    ]
    if m.filler_words.breakdown:
        fillers = ', '.join(f'"{name}" × {count}' for name, count in m.filler_words.breakdown.items())
        rows.append(('Filler words', fillers, ''))
    table = [f'| {name} | {_cell(value)} | {ideal} |' for name, value, ideal in rows]
    note = ['', TYPED_ONLY_NOTE] if m.speaking_time_source == 'typed' else []
    return '\n'.join(['| Metric | You | Ideal |', '|---|---|---|', *table, *note])


def _emotions(report: CoachingReport) -> str:
    summary = report.emotion_summary
    if not summary.available:
        return _para(summary.message or 'No tone data was recorded.')
    levels = ', '.join(
        f'{name} {value:.2f}'
        for name, value in (
            ('confidence', summary.confidence),
            ('energy', summary.energy),
            ('hesitation', summary.hesitation),
        )
        if value is not None
    )
    source = (
        "Hume's prosody model"
        if summary.source == 'prosody'
        else 'your voice itself (loudness, pitch, pace and pauses)'
    )
    lines = [f'{levels.capitalize()} (0–1), from {source}.']
    if summary.dominant_emotions:
        top = ', '.join(f'{e.name} ({e.score:.2f})' for e in summary.dominant_emotions)
        lines.append(f'Strongest signals: {top}.')
    if summary.acoustic is not None and summary.acoustic.monotone:
        lines.append('Your pitch hardly moved (monotone).')
    return '\n\n'.join(lines)


def _reading(report: CoachingReport, prospect: str) -> str:
    """Code's reading of the call (reports written before it existed have none), and where the AI coach overruled it."""
    if report.reading is None:
        return ''
    lines = []
    for line in reading_lines(report.reading, prospect):
        said = ' '.join(f'“{_inline(quote.quote)}”' for quote in line.quotes)
        lines.append(f'- **{_inline(line.topic)}:** {_inline(line.verdict)}' + (f' — {said}' if said else ''))
    if report.reading_overrides:
        lines += ['', "The AI coach overruled code's reading:", '']
        lines += [f'- {_inline(override)}' for override in report.reading_overrides]
    return '\n'.join(lines)


def _moments(moments: list[KeyMoment]) -> str:
    if not moments:
        return 'No moments stood out in this call.'
    blocks = []
    for moment in moments:
        mark = '✅' if moment.kind == 'positive' else '⚠️'
        at = f'{_clock(moment.timestamp)} · ' if moment.timestamp is not None else ''
        lines = [f'### {mark} {at}{_inline(moment.title)}', '', _para(moment.description)]
        if moment.quote:
            lines += ['', _quote(moment.quote)]
        if moment.say_instead:
            lines += ['', f'**Say instead:** {_inline(moment.say_instead)}']
        blocks.append('\n'.join(lines))
    return '\n\n'.join(blocks)


def _transcript(transcript: Transcript, prospect: str) -> str:
    lines = []
    for message in transcript.messages:
        at = f'[{_clock(message.timestamp)}] ' if message.timestamp is not None else ''
        speaker = 'You' if message.role == 'user' else prospect
        lines.append(f'{at}**{_inline(speaker)}:** {_inline(message.text)}  ')
    return '\n'.join(lines) or 'No lines were recorded.'


def _section(title: str, body: str) -> str:
    return f'## {title}\n\n{body}' if body else ''


def _bullets(items: list[str]) -> str:
    return '\n'.join(f'- {_inline(item)}' for item in items) if items else 'Nothing here this time.'


def _para(text: str) -> str:
    return _inline(text)


def _quote(text: str) -> str:
    return '> “' + _inline(text) + '”'


def _inline(text: str) -> str:
    # Text from the rep, the prospect or the model must not turn into headings, lists, HTML or links.
    flat = ' '.join(text.split())
    for char in '\\`*_[]<>#|':
        flat = flat.replace(char, '\\' + char)
    return flat


def _cell(text: str) -> str:
    return text.replace('|', '\\|')


def _band(band: Band | None, *, pct: bool = False, unit: str = '') -> str:
    if band is None or (band.low is None and band.high is None):
        return ''

    def show(value: float) -> str:
        return f'{value:.0%}' if pct else f'{value:g}{unit}'

    if band.low is not None and band.high is not None:
        return f'{show(band.low)}–{show(band.high)}'
    return f'≥ {show(band.low)}' if band.low is not None else f'≤ {show(band.high or 0.0)}'


def _num(value: float | None, fmt: str) -> str:
    return '—' if value is None else fmt.format(value)


def _seconds(value: float | None) -> str:
    return '—' if value is None else f'{value:.0f} s'


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return '—'
    return clock(seconds)


def _signed(change: int) -> str:
    return f'+{change}' if change > 0 else f'−{-change}' if change < 0 else '±0'
