"""Calls a sales manager labelled great, average or poor: the measuring stick for the coaches (issue 11).

One call a file (`<persona>-<label>-<slug>.call`): a header of `key: value` lines, a line `---`, then one line a
turn, `rep: ...` or `prospect: ...`, optionally marked `(over)`, `(pause S)` or `(typed)`. The loader times the
lines the same way every run, so a score depends on the words and the marked timing only:
- a spoken line lasts `words / wpm * 60` seconds (at least 0.6 s), at the rep's or the prospect's pace;
- the first line starts at 0.5 s; each later one starts after the previous line's end plus a gap of 0.7 s (rep)
  or 0.5 s (prospect), varied by up to 0.2 s by the line's index so that no two calls share a rhythm;
- `(over)` starts the line 0.8 s before the previous line's end (talking over it), `(pause S)` S seconds after it;
- `(typed)` keeps the usual start but ends 0.1 s later, with the source "typed": it has words, no speaking time;
- the call lasts until the latest end plus 1.0 s.
In the header, `#` after a space (or at a line's start) begins a comment.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast, get_args

from services.personas import PERSONAS
from services.transcript import Transcript, TranscriptMessage

Label = Literal['great', 'average', 'poor']
LABELS: tuple[Label, ...] = get_args(Label)

MAIN_DIR = Path(__file__).resolve().parent / 'main'
HOLDOUT_DIR = Path(__file__).resolve().parent / 'holdout'
# Hard cases written last, by a writer who had read neither the other calls nor the coach.
BLIND_DIR = Path(__file__).resolve().parent / 'blind'
# A second blind set, written after the rules had been corrected on the first.
BLIND2_DIR = Path(__file__).resolve().parent / 'blind2'
SUFFIX = '.call'

REQUIRED_KEYS = ('persona', 'label', 'scenario', 'rep_wpm', 'prospect_wpm', 'why')
OPTIONAL_KEYS = ('kind',)
WPM_RANGE = (110, 200)  # plausible phone speech; outside it a typo is likelier than a very fast talker

FIRST_START = 0.5
MIN_LINE_SECONDS = 0.6
REP_GAP = 0.7
PROSPECT_GAP = 0.5
GAP_VARIATION = 0.2
OVERLAP = 0.8
TYPED_SECONDS = 0.1
TAIL_SECONDS = 1.0

_SEPARATOR = '---'
_LINE = re.compile(r'^(?P<speaker>rep|prospect)\s*(?:\((?P<marker>[^)]*)\))?\s*:(?P<text>.*)$')
_PAUSE = re.compile(r'^pause\s+(?P<seconds>\d+(?:\.\d+)?)$')
_KIND = re.compile(r'^[a-z][a-z0-9_]*$')
_COMMENT = re.compile(r'(^|\s)#.*$')


class LabelledCallError(ValueError):
    """A call file that does not follow the format; the message names the file and the line."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f'{path}:{line}' if line is not None else str(path)
        super().__init__(f'{where}: {problem}')
        self.path = path
        self.line = line
        self.problem = problem


@dataclass(frozen=True, kw_only=True, slots=True)
class LabelledCall:
    id: str
    persona: str
    label: Label
    scenario: str
    why: str
    kinds: tuple[str, ...]
    duration_seconds: float
    transcript: Transcript


def load_calls(directory: Path) -> list[LabelledCall]:
    """Every `*.call` file of `directory`, sorted by id; raises LabelledCallError at the first malformed one."""
    return sorted((load_call(path) for path in directory.glob(f'*{SUFFIX}')), key=lambda call: call.id)


def load_call(path: Path) -> LabelledCall:
    return parse_call(path.read_text(encoding='utf-8'), path=path)


def parse_call(text: str, *, path: Path) -> LabelledCall:
    lines = text.splitlines()
    try:
        separator = next(i for i, line in enumerate(lines) if line.strip() == _SEPARATOR)
    except StopIteration:
        raise LabelledCallError(path, None, f'no line {_SEPARATOR!r} between the header and the turns') from None
    header = _parse_header(lines[:separator], path=path)
    turns = [(number, line) for number, line in enumerate(lines, start=1) if number > separator + 1 and line.strip()]
    if not turns:
        raise LabelledCallError(path, separator + 1, f'no turns after {_SEPARATOR!r}')
    messages = _timed_messages(
        turns, rep_wpm=int(header['rep_wpm']), prospect_wpm=int(header['prospect_wpm']), path=path
    )
    ends = [message.end for message in messages if message.end is not None]
    kinds = tuple(kind.strip() for kind in header.get('kind', '').split(',') if kind.strip())
    return LabelledCall(
        id=path.stem,
        persona=header['persona'],
        label=cast(Label, header['label']),  # checked against LABELS in _parse_header
        scenario=header['scenario'],
        why=header['why'],
        kinds=kinds,
        duration_seconds=round(max(ends) + TAIL_SECONDS, 3),
        transcript=Transcript(messages=messages),
    )


def _parse_header(lines: list[str], *, path: Path) -> dict[str, str]:
    header: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = _COMMENT.sub('', raw).strip()
        if not line:
            continue
        key, colon, value = line.partition(':')
        key, value = key.strip(), value.strip()
        if not colon:
            raise LabelledCallError(path, number, f'a header line is "key: value", got {line[:40]!r}')
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            known = ', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)
            raise LabelledCallError(path, number, f'unknown header key {key!r} (known: {known})')
        if key in header:
            raise LabelledCallError(path, number, f'header key {key!r} given twice (first on line {numbers[key]})')
        if not value:
            raise LabelledCallError(path, number, f'header key {key!r} has no value')
        _check_value(key, value, path=path, number=number)
        header[key], numbers[key] = value, number
    missing = [key for key in REQUIRED_KEYS if key not in header]
    if missing:
        raise LabelledCallError(path, len(lines) + 1, f'missing header key(s): {", ".join(missing)}')
    return header


def _check_value(key: str, value: str, *, path: Path, number: int) -> None:
    if key == 'persona' and value not in PERSONAS:
        raise LabelledCallError(path, number, f'unknown persona {value!r} (known: {", ".join(PERSONAS)})')
    if key == 'label' and value not in LABELS:
        raise LabelledCallError(path, number, f'unknown label {value!r} (known: {", ".join(LABELS)})')
    if key in ('rep_wpm', 'prospect_wpm'):
        low, high = WPM_RANGE
        if not value.isdigit() or not low <= int(value) <= high:
            raise LabelledCallError(path, number, f'{key} must be a whole number from {low} to {high}, got {value!r}')
    if key == 'kind':
        for kind in (part.strip() for part in value.split(',')):
            if not _KIND.match(kind):
                raise LabelledCallError(path, number, f'a kind is a snake_case word, got {kind!r}')


def _timed_messages(
    turns: list[tuple[int, str]], *, rep_wpm: int, prospect_wpm: int, path: Path
) -> list[TranscriptMessage]:
    messages: list[TranscriptMessage] = []
    previous_end = 0.0
    for index, (number, line) in enumerate(turns):
        match = _LINE.match(line.strip())
        if match is None:
            raise LabelledCallError(
                path, number, f'a turn starts with "rep:" or "prospect:", got {line.strip()[:40]!r}'
            )
        speaker, marker, text = match['speaker'], (match['marker'] or '').strip(), match['text'].strip()
        if not text:
            raise LabelledCallError(path, number, 'a turn has no words')
        is_rep = speaker == 'rep'
        gap = (REP_GAP if is_rep else PROSPECT_GAP) + GAP_VARIATION * ((index * 7) % 5 - 2) / 2
        pause = _PAUSE.match(marker)
        if index == 0 and (marker == 'over' or pause):
            raise LabelledCallError(path, number, f'the first turn starts at {FIRST_START} s: it cannot be ({marker})')
        if index == 0:
            start = FIRST_START
        elif marker == 'over':
            start = max(0.0, previous_end - OVERLAP)
        elif pause:
            start = previous_end + float(pause['seconds'])
        elif marker in ('', 'typed'):
            start = previous_end + gap
        else:
            raise LabelledCallError(
                path, number, f'unknown marker ({marker}); known: (over), (pause S) with S in seconds, (typed)'
            )
        if marker == 'typed':
            end = start + TYPED_SECONDS
        else:
            words = len(text.split())
            end = start + max(MIN_LINE_SECONDS, words / (rep_wpm if is_rep else prospect_wpm) * 60)
        messages.append(
            TranscriptMessage(
                role='user' if is_rep else 'assistant',
                text=text,
                timestamp=round(start, 3),
                end=round(end, 3),
                source='typed' if marker == 'typed' else 'spoken',
            )
        )
        previous_end = end
    return messages
