"""Wires the review panel under a report to services/reviews.py: comments by the rep or a reviewer, and for a
reviewer (a manager of a team the rep is in, or an admin) the score override and the sign-off on the scenario."""

import uuid
from collections.abc import Awaitable, Callable
from datetime import tzinfo

from nicegui import ui
from sqlalchemy.ext.asyncio import AsyncSession

from app.runtime import current_runtime
from components.browser_zone import browser_zone
from components.review_panel import ShownComment, ShownOverride, review_panel
from services.access import managed_team_ids
from services.calls import recorded_data
from services.local_time import day_of
from services.models import CallSession, Team, User
from services.reviews import (
    ReviewError,
    SignOff,
    add_comment,
    certify,
    comments,
    is_reviewer,
    override_score,
    sign_offs,
)
from services.teams import teams_of

Action = Callable[[AsyncSession, CallSession], Awaitable[object]]


async def show_review(call_id: uuid.UUID, viewer: User) -> None:
    """The review of the call, redrawn in place after each change."""

    @ui.refreshable
    async def section() -> None:
        await _review(call_id, viewer, redraw=redraw)

    def redraw() -> None:
        section.refresh()

    await section()


async def _review(call_id: uuid.UUID, viewer: User, *, redraw: Callable[[], None]) -> None:
    runtime = current_runtime()
    async with runtime.database.session() as session:
        call = await session.get(CallSession, call_id)
        if call is None:
            return
        reviewer = await is_reviewer(session, viewer, call.owner_id)
        transcript, _ = await recorded_data(session, call)
        lines = [str(message.get('text', '')) for message in transcript.get('messages', [])]
        shown = [
            ShownComment(
                author=view.author_name,
                text=view.comment.text,
                line_index=view.comment.line_index,
                line_text=lines[view.comment.line_index] if view.comment.line_index is not None else None,
                at=view.comment.created_at,
            )
            for view in await comments(session, call)
        ]
        team = await _sign_off_team(session, viewer, call.owner_id) if reviewer and call.scenario_id else None
        signed = None
        if call.scenario_id is not None:  # its sign-off alone, not every title of the rep's
            signed = next(iter(await sign_offs(session, call.owner_id, scenario_id=call.scenario_id)), None)
    override = None
    if call.override_score is not None:
        override = ShownOverride(
            score=call.override_score, coach_score=call.overall_score, reason=call.override_reason or ''
        )

    async def attempt(action: Action) -> str | None:
        """Runs `action` on the call as stored now; None when done, else the refusal in words."""
        async with runtime.database.session() as session:
            fresh = await session.get(CallSession, call_id)
            if fresh is None:
                return 'This call has been deleted.'
            try:
                await action(session, fresh)
            except ReviewError as error:
                return str(error)
        return None

    async def on_comment(text: str, line_index: int | None) -> str | None:
        return await attempt(
            lambda session, fresh: add_comment(session, viewer, fresh, text=text, line_index=line_index)
        )

    async def on_override(score: int, reason: str) -> str | None:
        return await attempt(lambda session, fresh: override_score(session, viewer, fresh, score=score, reason=reason))

    sign_off: Callable[[], Awaitable[str | None]] | None = None
    sign_off_text = None
    if team is not None and call.scenario_id is not None:
        chosen_team, scenario_id = team, call.scenario_id

        async def sign_off_now() -> str | None:
            return await attempt(
                lambda session, _fresh: certify(
                    session, viewer, chosen_team, user_id=call.owner_id, scenario_id=scenario_id
                )
            )

        sign_off = sign_off_now
        title = (call.scenario_snapshot or {}).get('spec', {}).get('title') or 'this scenario'
        sign_off_text = f'Sign off on “{title}”'
    zone = browser_zone()
    review_panel(
        override=override,
        comments=shown,
        lines=lines,
        zone=zone,
        reviewer=reviewer,
        on_comment=on_comment,
        on_override=on_override if reviewer else None,
        on_sign_off=sign_off,
        sign_off_text=sign_off_text,
        signed_off=None
        if signed is None
        else f'Signed off on “{signed.title}” by {signed.by}, {day_of(signed.at, zone)}',
        on_done=redraw,
    )


async def _sign_off_team(session: AsyncSession, viewer: User, owner_id: uuid.UUID) -> Team | None:
    """A team of the rep's that the viewer manages (any of the rep's for an admin)."""
    managed = None if viewer.is_admin else await managed_team_ids(session, viewer.id)
    for team, _role in await teams_of(session, owner_id):
        if managed is None or team.id in managed:
            return team
    return None


def _signed_off_text(signed: SignOff, zone: tzinfo) -> str:
    return f'Signed off on “{signed.title}” by {signed.by}, {day_of(signed.at, zone)}.'
