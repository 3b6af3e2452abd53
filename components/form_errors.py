"""Validation messages shown next to the field they are about, found by the pydantic error's field path.

A form registers a sink for each field (or list) it shows, under the field's path ('name', 'behaviour.openness',
'objections', 'criteria'); `FieldErrors.show` hands each error to the sink of the longest registered path that
starts its `loc`, with the rest of the path (a list's row, a row's field). An error no sink takes is shown in the
form's summary, so that no message is ever lost.
"""

from collections.abc import Sequence
from typing import Any, Protocol

from nicegui import ui

Loc = tuple[str | int, ...]
ERROR_CLASSES = 'text-negative text-sm break-words'


class ErrorSink(Protocol):
    def show_error(self, rest: Loc, message: str) -> None: ...

    def clear_errors(self) -> None: ...


class ErrorLabel:
    """A hidden line under a field that shows its messages."""

    def __init__(self, path: str = '') -> None:
        self.label = ui.label().classes(ERROR_CLASSES)
        if path:
            self.label.mark(f'error-{path}')
        self.label.set_visibility(False)
        self._messages: list[str] = []

    def show_error(self, rest: Loc, message: str) -> None:
        self._messages.append(message)
        self.label.set_text('; '.join(self._messages))
        self.label.set_visibility(True)

    def clear_errors(self) -> None:
        self._messages = []
        self.label.set_text('')
        self.label.set_visibility(False)


class FieldErrors:
    """The sinks of one form, by field path, and the summary for what no sink takes."""

    def __init__(self) -> None:
        self._sinks: dict[Loc, ErrorSink] = {}
        self.summary: ErrorLabel | None = None

    def field(self, path: str) -> ErrorLabel:
        """A message line for the field at `path`, placed here (under the field just drawn)."""
        label = ErrorLabel(path)
        self.add(path, label)
        return label

    def add(self, path: str, sink: ErrorSink) -> None:
        self._sinks[_loc(path)] = sink

    def place_summary(self) -> None:
        self.summary = ErrorLabel('summary')

    def clear(self) -> None:
        for sink in self._sinks.values():
            sink.clear_errors()
        if self.summary is not None:
            self.summary.clear_errors()

    def show(self, errors: Sequence[dict[str, Any]]) -> None:
        """Each error next to its field (errors as pydantic gives them: `loc` and `msg`)."""
        self.clear()
        for error in errors:
            loc = tuple(error.get('loc', ()))
            message = message_of(error)
            for size in range(len(loc), -1, -1):
                if (sink := self._sinks.get(loc[:size])) is not None:
                    sink.show_error(loc[size:], message)
                    break
            else:
                if self.summary is not None:
                    where = '.'.join(str(part) for part in loc)
                    self.summary.show_error((), f'{where}: {message}' if where else message)


def message_of(error: dict[str, Any]) -> str:
    """Pydantic's message in words for the form ('Value error, ...' loses its prefix)."""
    message = str(error.get('msg', 'Invalid'))
    return message.removeprefix('Value error, ')


def _loc(path: str) -> Loc:
    return tuple(int(part) if part.isdigit() else part for part in path.split('.')) if path else ()
