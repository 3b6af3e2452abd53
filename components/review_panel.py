"""The review under a report: the manager's score override with its reason (beside the coach's), the comments on
the report and on transcript lines, a box to add one, and for a reviewer the override form and the sign-off. The
page gives it what to show and what to call; it holds no database."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from nicegui import ui

from services.local_time import date_time


@dataclass(frozen=True, slots=True)
class ShownComment:
    author: str
    text: str
    line_index: int | None
    line_text: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class ShownOverride:
    score: int
    coach_score: int | None
    reason: str


def review_panel(
    *,
    override: ShownOverride | None,
    comments: Sequence[ShownComment],
    lines: Sequence[str],
    zone: tzinfo,
    reviewer: bool,
    on_comment: Callable[[str, int | None], Awaitable[str | None]],
    on_override: Callable[[int, str], Awaitable[str | None]] | None = None,
    on_sign_off: Callable[[], Awaitable[str | None]] | None = None,
    sign_off_text: str | None = None,
    signed_off: str | None = None,
    on_done: Callable[[], None] = lambda: None,
) -> None:
    """`on_*` return None when done, else the refusal in words (shown beside the form); `on_done` redraws the panel
    after a change. `signed_off` says who signed the rep off on the call's scenario, and when; then there is no
    sign-off button."""
    with ui.card().classes('w-full gap-3').mark('review'):
        ui.label("Manager's review").classes('text-lg font-medium')
        if signed_off is not None:
            with ui.row().classes('items-center gap-2').mark('signed-off'):
                ui.icon('verified', color='positive')
                ui.label(signed_off).classes('text-sm break-words')
        if override is not None:
            coach = '—' if override.coach_score is None else str(override.coach_score)
            with ui.row().classes('items-center gap-2').mark('override'):
                ui.badge(f'Manager: {override.score}', color='primary').classes('text-base')
                ui.label(f'Coach: {coach}').classes('text-sm text-gray-600 dark:text-gray-400')
            ui.label(override.reason).classes('text-sm break-words italic')
        if not comments and override is None:
            ui.label('No comments yet.').classes('text-sm text-gray-600 dark:text-gray-400')
        for shown in comments:
            with ui.column().classes('w-full gap-0').mark('comment'):
                where = f' · on line {shown.line_index + 1}' if shown.line_index is not None else ''
                ui.label(f'{shown.author} · {date_time(shown.at, zone)}{where}').classes(
                    'text-xs text-gray-500 dark:text-gray-400'
                )
                if shown.line_text:
                    ui.label(f'“{shown.line_text}”').classes('text-sm italic text-gray-600 dark:text-gray-400')
                ui.label(shown.text).classes('break-words')

        ui.separator()
        text = ui.textarea(placeholder='Add a comment').props('outlined autogrow maxlength=2000').classes('w-full')
        text.mark('comment-text')
        options = {-1: 'On the whole report', **{i: f'Line {i + 1}: {line[:60]}' for i, line in enumerate(lines)}}
        line = ui.select(options, value=-1, label='About').props('outlined dense').classes('w-full sm:w-96')
        line.mark('comment-line')
        error = ui.label().classes('text-negative text-sm')

        async def send_comment() -> None:
            refused = await on_comment(text.value or '', None if line.value in (-1, None) else int(line.value))
            error.set_text(refused or '')
            if refused is None:
                on_done()

        ui.button('Comment', icon='comment', on_click=send_comment).props('no-caps').mark('comment')

        if reviewer and on_override is not None:
            ui.separator()
            with ui.row().classes('w-full items-start gap-2'):
                score = ui.number('Your score', min=0, max=100, step=1).props('outlined dense').classes('w-32')
                score.mark('override-score')
                reason = ui.input('Why').props('outlined dense maxlength=500').classes('grow min-w-0')
                reason.mark('override-reason')

            async def override_score() -> None:
                if score.value is None:
                    error.set_text('Give a score from 0 to 100.')
                    return
                refused = await on_override(int(score.value), reason.value or '')
                error.set_text(refused or '')
                if refused is None:
                    on_done()

            ui.button('Override the score', icon='edit', on_click=override_score).props('outline no-caps').mark(
                'override'
            )
        if reviewer and on_sign_off is not None and sign_off_text and signed_off is None:

            async def sign_off() -> None:
                refused = await on_sign_off()
                if refused is None:
                    ui.notify('Signed off.', type='positive')
                    on_done()
                else:
                    error.set_text(refused)

            ui.button(sign_off_text, icon='verified', on_click=sign_off).props('outline no-caps color=positive').mark(
                'sign-off'
            )
