"""A manager's review of a call: comments (on the report or a transcript line) and a score override. The rep and the
managers of the rep's teams (and admins) read them; anyone else gets 404, as for the call itself."""

from fastapi import APIRouter, HTTPException, status

from app.api.deps import CurrentUser, SessionDep, VisibleCall
from app.schemas.review import CommentCreate, CommentPublic, OverrideCreate, OverridePublic
from services.reviews import ReviewError, add_comment, comments, override_score

router = APIRouter(prefix='/calls', tags=['reviews'])
CODES = {'forbidden': status.HTTP_403_FORBIDDEN, 'not_found': status.HTTP_404_NOT_FOUND, 'invalid': 400}


@router.get('/{call_id}/comments')
async def list_comments(call: VisibleCall, session: SessionDep) -> list[CommentPublic]:
    """The comments on the call, oldest first."""
    return [CommentPublic.of(view) for view in await comments(session, call)]


@router.post('/{call_id}/comments', status_code=status.HTTP_201_CREATED)
async def comment(body: CommentCreate, call: VisibleCall, user: CurrentUser, session: SessionDep) -> CommentPublic:
    """A comment by the rep or a reviewer, on the report or on transcript line `line_index` (400 for a line the
    call does not have). A reviewer's comment sends the rep a notice."""
    try:
        await add_comment(session, user, call, text=body.text, line_index=body.line_index)
    except ReviewError as error:
        raise HTTPException(CODES[error.kind], detail=str(error)) from None
    return CommentPublic.of((await comments(session, call))[-1])


@router.post('/{call_id}/override')
async def override(body: OverrideCreate, call: VisibleCall, user: CurrentUser, session: SessionDep) -> OverridePublic:
    """A reviewer's score for the call in place of the coach's, with a reason; both are kept and shown. 403 for the
    rep (nobody overrides their own score)."""
    try:
        done = await override_score(session, user, call, score=body.score, reason=body.reason)
    except ReviewError as error:
        raise HTTPException(CODES[error.kind], detail=str(error)) from None
    return OverridePublic(
        call_id=done.call_id, coach_score=done.coach_score, score=done.score, reason=done.reason, by=done.by, at=done.at
    )
