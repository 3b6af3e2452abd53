"""Your in-app notices: new assignments, comments, score overrides and sign-offs (the header's badge counts the
unread ones)."""

from fastapi import APIRouter, Response, status

from app.api.deps import CurrentUser, SessionDep
from app.schemas.review import NoticePublic, NoticesPage
from services.reviews import mark_read, notices

router = APIRouter(prefix='/notices', tags=['notices'])


@router.get('/')
async def list_notices(user: CurrentUser, session: SessionDep) -> NoticesPage:
    """Your 50 newest notices, and how many are unread."""
    rows, unread = await notices(session, user)
    return NoticesPage(data=[NoticePublic.model_validate(row) for row in rows], unread=unread)


@router.post('/read', status_code=status.HTTP_204_NO_CONTENT)
async def read_all(user: CurrentUser, session: SessionDep) -> Response:
    """Marks every notice read."""
    await mark_read(session, user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
