"""Request and response bodies for the library: prospects (the API's personas) and scenarios.

An entry travels as its fields (services/library/prospect.py, scenario.py) beside `id`, `builtin`, `visibility`,
`owned` and its dates, flat, as it is written in an import file.
"""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from services.library.prospect import ProspectProfile
from services.library.scenario import ScenarioSpec
from services.library.store import Entry, Visibility
from services.models import User

VISIBILITY_HELP = (
    "'private' (you alone), 'team' (the members of the team `team_id`; its managers and admins only) or 'everyone' "
    '(every user of the installation; admins only)'
)
TEAM_HELP = "the team it is shared with, when `visibility` is 'team'"


class ProspectCreate(ProspectProfile):
    """A new prospect: its fields, and who may see it."""

    visibility: Visibility = Field(default='private', description=VISIBILITY_HELP)
    team_id: uuid.UUID | None = Field(default=None, description=TEAM_HELP)


class ScenarioCreate(ScenarioSpec):
    """A new scenario: its fields, and who may see it."""

    visibility: Visibility = Field(default='private', description=VISIBILITY_HELP)
    team_id: uuid.UUID | None = Field(default=None, description=TEAM_HELP)


class EntryFacts(BaseModel):
    """What the library says of an entry beside its fields."""

    id: str
    builtin: bool = Field(description="one of the installation's read-only entries; duplicate it to change it")
    visibility: Visibility
    team_id: uuid.UUID | None = Field(description=TEAM_HELP)
    owned: bool = Field(description='yours: you may edit and delete it')
    created_at: datetime | None = Field(description='null for a built-in')
    updated_at: datetime | None


class ProspectPublic(ProspectProfile, EntryFacts):
    @classmethod
    def of(cls, entry: Entry[ProspectProfile], user: User) -> 'ProspectPublic':
        return cls.model_validate({**_facts(entry, user), **entry.content.model_dump()})


class ScenarioPublic(ScenarioSpec, EntryFacts):
    @classmethod
    def of(cls, entry: Entry[ScenarioSpec], user: User) -> 'ScenarioPublic':
        return cls.model_validate({**_facts(entry, user), **entry.content.model_dump()})


class ProspectsPublic(BaseModel):
    data: list[ProspectPublic]
    count: int


class ScenariosPublic(BaseModel):
    data: list[ScenarioPublic]
    count: int


def _facts(entry: Entry[Any], user: User) -> dict[str, Any]:
    return {
        'id': entry.id,
        'builtin': entry.builtin,
        'visibility': entry.visibility,
        'team_id': entry.team_id,
        'owned': entry.owned_by(user),
        'created_at': entry.created_at,
        'updated_at': entry.updated_at,
    }
