"""Request and response bodies for teams and their members."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from services.models import Role, TeamRole
from services.teams import MAX_TEAM_NAME, TeamView
from services.text import StorableStr


class TeamCreate(BaseModel):
    name: StorableStr = Field(min_length=1, max_length=MAX_TEAM_NAME)
    leaderboard: bool = Field(default=True, description='whether the team sees leaderboards per scenario')


class TeamUpdate(BaseModel):
    name: StorableStr | None = Field(default=None, min_length=1, max_length=MAX_TEAM_NAME)
    leaderboard: bool | None = None


class MemberSet(BaseModel):
    role: TeamRole = TeamRole.MEMBER


class TeamMemberPublic(BaseModel):
    user_id: uuid.UUID
    full_name: str
    email: str
    role: TeamRole = Field(description="the user's role in this team")
    account_role: Role = Field(description="the user's role on the installation")


class TeamPublic(BaseModel):
    id: uuid.UUID
    name: str
    leaderboard: bool
    created_at: datetime
    members: list[TeamMemberPublic]

    @classmethod
    def of(cls, view: TeamView) -> 'TeamPublic':
        team = view.team
        return cls(
            id=team.id,
            name=team.name,
            leaderboard=team.leaderboard,
            created_at=team.created_at,
            members=[
                TeamMemberPublic(
                    user_id=m.user.id,
                    full_name=m.user.full_name,
                    email=m.user.email,
                    role=m.role,
                    account_role=Role(m.user.role),
                )
                for m in view.members
            ],
        )
