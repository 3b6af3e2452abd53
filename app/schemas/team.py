"""Request and response bodies for teams and their members."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from services.models import Role, TeamRole
from services.team_summary import TeamSummary
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


class RepSummary(BaseModel):
    user_id: uuid.UUID
    name: str
    email: str
    calls_this_week: int
    calls_total: int
    average: float | None = Field(description="mean result: a manager's override, else the scorecard, else the score")
    trend: float | None = Field(description='the mean of the newest five results less the five before')
    skills: dict[str, float | None]
    assignments: dict[str, int] = Field(description='how many assignments are in each status')
    certified: list[str] = Field(description='the scenarios the rep was signed off on')
    last_practised: datetime | None


class LeaderboardRow(BaseModel):
    user_id: uuid.UUID
    name: str
    best: int


class TeamSummaryPublic(BaseModel):
    team_id: uuid.UUID
    name: str
    reps: list[RepSummary]
    leaderboards: dict[str, list[LeaderboardRow]] = Field(
        description='per scenario id, the best result of each rep, best first; empty when the team switched them off'
    )

    @classmethod
    def of(cls, summary: TeamSummary) -> 'TeamSummaryPublic':
        return cls(
            team_id=summary.team.id,
            name=summary.team.name,
            reps=[RepSummary.model_validate(row, from_attributes=True) for row in summary.reps],
            leaderboards={
                scenario: [LeaderboardRow.model_validate(entry, from_attributes=True) for entry in entries]
                for scenario, entries in summary.leaderboards.items()
            },
        )
