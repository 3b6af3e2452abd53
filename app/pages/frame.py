"""The shared frame of the signed-in pages, wired to the signed-in user."""

from contextlib import AbstractContextManager

from app.auth import log_out, page_unread
from components.layout import frame
from services.models import Role, User


def member_frame(title: str, *, path: str, user: User) -> AbstractContextManager[None]:
    return frame(
        title,
        path=path,
        user_name=user.full_name,
        user_email=user.email,
        on_log_out=log_out,
        is_admin=user.is_admin,
        is_manager=user.role == Role.MANAGER,
        unread=page_unread(),
    )
