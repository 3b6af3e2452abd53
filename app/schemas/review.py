"""Request and response bodies for a manager's review: comments, score overrides, certifications and notices."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.reviews import MAX_COMMENT, MAX_REASON, CommentView
from services.text import StorableStr


class CommentCreate(BaseModel):
    text: StorableStr = Field(min_length=1, max_length=MAX_COMMENT)
    line_index: int | None = Field(default=None, ge=0, description='a transcript line (from 0); none: the report')


class CommentPublic(BaseModel):
    id: uuid.UUID
    author_id: uuid.UUID | None
    author_name: str
    text: str
    line_index: int | None
    created_at: datetime

    @classmethod
    def of(cls, view: CommentView) -> 'CommentPublic':
        c = view.comment
        return cls(
            id=c.id,
            author_id=c.author_id,
            author_name=view.author_name,
            text=c.text,
            line_index=c.line_index,
            created_at=c.created_at,
        )


class OverrideCreate(BaseModel):
    score: int = Field(ge=0, le=100)
    reason: StorableStr = Field(min_length=1, max_length=MAX_REASON)


class OverridePublic(BaseModel):
    call_id: uuid.UUID
    coach_score: int | None = Field(description="the coach's score, kept")
    score: int
    reason: str
    by: uuid.UUID | None
    at: datetime


class CertificationCreate(BaseModel):
    user_id: uuid.UUID
    scenario_id: str = Field(min_length=1, max_length=64)


class CertificationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    scenario_id: str
    team_id: uuid.UUID | None
    certified_by: uuid.UUID | None
    created_at: datetime


class NoticePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    text: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NoticesPage(BaseModel):
    data: list[NoticePublic]
    unread: int
