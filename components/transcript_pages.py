"""A call's full transcript on its report, a page of lines at a time.

A call may have 5,000 lines: drawn all at once they were 15,000 elements, which took seconds to build, send and
show. Here the lines are drawn only when the rep opens the transcript, one page of them, by one element that the
browser fills in, so the page holds the same few elements for any call.
"""

from collections.abc import Callable

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from components.transcript_lines import TranscriptLines
from services.clock import clock

PAGE_LINES = 100
HEADER_CLEARANCE_PX = 80  # the fixed page header hides what is scrolled under it; matches `scroll-mt-20`


class TranscriptPage(ui.element, component='transcript_page.js'):
    """Lines drawn in the browser from a list of `(who and when, what was said)`: one element, where three a line
    (300 a page) kept 0.8 MiB of the server's memory for every report opened and closed, even once collected."""

    def __init__(self) -> None:
        super().__init__()
        self._props['lines'] = []

    @property
    def lines(self) -> list[tuple[str, str]]:
        lines: list[tuple[str, str]] = self._props['lines']
        return lines

    def show(self, lines: list[tuple[str, str]]) -> None:
        self._props['lines'] = lines
        self.update()


class TranscriptPages:
    """An expansion "Full transcript" that shows its lines a page at a time, with the controls to move between
    pages kept at the bottom of the screen while the transcript is in view."""

    def __init__(self, lines: TranscriptLines, *, prospect: str) -> None:
        self.lines = lines
        self.prospect = prospect
        self.pages = max(1, -(-len(lines) // PAGE_LINES))
        self.page = 0  # none drawn yet
        count = f'{len(lines):,} line{"" if len(lines) == 1 else "s"}'
        with ui.expansion(f'Full transcript ({count})', icon='subject').classes('w-full') as self.expansion:
            self.empty = ui.label('No lines were recorded.').classes('text-sm text-gray-500')
            self.empty.set_visibility(False)
            self.body = TranscriptPage().classes('w-full scroll-mt-20').mark('transcript-page')
            if self.pages > 1:
                self._pager()
        self.expansion.on_value_change(self._opened)

    def show(self, page: int, *, scroll: bool = False) -> None:
        self.page = min(max(1, page), self.pages)
        first = (self.page - 1) * PAGE_LINES
        shown = self.lines.read(first, first + PAGE_LINES)
        self.empty.set_visibility(not shown)
        self.body.show([(f'{_stamp(line.at)}{"You" if line.rep else self.prospect}', line.text) for line in shown])
        if self.pages > 1:
            self.where.text = f'Lines {first + 1:,}–{first + len(shown):,} of {len(self.lines):,}'
            self.page_of.text = f'Page {self.page} of {self.pages}'
            self.first.set_enabled(self.page > 1)
            self.previous.set_enabled(self.page > 1)
            self.next.set_enabled(self.page < self.pages)
            self.last.set_enabled(self.page < self.pages)
        if scroll:
            # The controls stay at the bottom of the screen, so a new page starts where the rep is not looking.
            ui.run_javascript(
                f'const top = getHtmlElement({self.body.id});'
                f'if (top.getBoundingClientRect().top < {HEADER_CLEARANCE_PX}) top.scrollIntoView();'
            )

    def _opened(self, event: ValueChangeEventArguments[bool]) -> None:
        if event.value and not self.page:  # drawn on the first opening only: most reps never open it
            self.show(1)

    def _pager(self) -> None:
        # A card, so its background follows dark mode; the lines scroll under it.
        with ui.card().props('flat bordered').classes('sticky bottom-0 z-10 w-full p-1 rounded-none'):
            with ui.row().classes('w-full items-center justify-between no-wrap gap-1'):
                self._pager_controls()

    def _pager_controls(self) -> None:
        with ui.row().classes('gap-0 no-wrap'):
            self.first = _button('first_page', 'First page', lambda: self.show(1, scroll=True))
            self.previous = _button('chevron_left', 'Previous page', lambda: self.show(self.page - 1, scroll=True))
        with ui.column().classes('items-center gap-0 min-w-0'):
            self.where = ui.label().classes('text-xs sm:text-sm font-medium whitespace-nowrap')  # one line on a phone
            self.page_of = ui.label().classes('text-xs text-gray-500')
        with ui.row().classes('gap-0 no-wrap'):
            self.next = _button('chevron_right', 'Next page', lambda: self.show(self.page + 1, scroll=True))
            self.last = _button('last_page', 'Last page', lambda: self.show(self.pages, scroll=True))


def _button(icon: str, name: str, on_click: Callable[[], None]) -> ui.button:
    """An icon button named for screen readers and tests (`first-page`, ...), with its name as a tooltip."""
    button = ui.button(icon=icon, on_click=on_click).props(f'flat round dense aria-label="{name}"')
    button.tooltip(name)
    return button.mark(name.lower().replace(' ', '-'))


def _stamp(at: float | None) -> str:
    return '' if at is None else f'{clock(at)} '
