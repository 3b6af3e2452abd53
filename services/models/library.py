"""The library's own entries: the prospects and scenarios that users build. The built-ins are not rows; they are
written in services/library/builtins.py."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.models.base import Base, JSONType, UTCDateTime, utcnow


def new_entry_id() -> str:
    return str(uuid.uuid4())


class LibraryRow(Base):
    """The columns both kinds of entry have."""

    __abstract__ = True

    # A string, not a Uuid: an entry's id and a built-in's ('friendly_prospect') are read from the same places
    # (a call's `persona`, a scenario's `persona_ids`).
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_entry_id)
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey('user.id', ondelete='CASCADE'), index=True)
    # 'private', 'team' or 'everyone' (services/library/store.py).
    visibility: Mapped[str] = mapped_column(String(16), default='private', index=True)
    # The team an entry is shared with when its visibility is 'team'. No foreign key (migration 0011): deleting a
    # team makes its entries private (services/teams.py).
    team_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProspectEntry(LibraryRow):
    __tablename__ = 'prospect_entry'

    profile: Mapped[dict[str, Any]] = mapped_column(JSONType)  # a ProspectProfile


class ScenarioEntry(LibraryRow):
    __tablename__ = 'scenario_entry'

    spec: Mapped[dict[str, Any]] = mapped_column(JSONType)  # a ScenarioSpec
