"""Request and response bodies for assignments."""

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

from services.assignments import MAX_ATTEMPTS, AssignmentView, RepProgress, Status


class AssignmentCreate(BaseModel):
    scenario_id: str = Field(min_length=1, max_length=64)
    persona_id: str | None = Field(default=None, min_length=1, max_length=64)
    team_id: uuid.UUID | None = Field(default=None, description='the reps of a team you manage (its members now)')
    user_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200, description='or chosen reps')
    due_at: AwareDatetime = Field(description='with its time zone; in the future')
    pass_mark: int | None = Field(default=None, ge=0, le=100, description="default: the scenario's")
    attempts: int | None = Field(
        default=None, ge=1, le=MAX_ATTEMPTS, description='the first N calls count; default all'
    )


class AssignmentUpdate(BaseModel):
    due_at: AwareDatetime | None = None
    pass_mark: int | None = Field(default=None, ge=0, le=100)
    attempts: int | None = Field(default=None, ge=1, le=MAX_ATTEMPTS)


class RepStatus(BaseModel):
    user_id: uuid.UUID
    status: Status
    calls: int
    best: int | None = Field(description='the best counted result: override, scorecard total or score')
    passed_at: datetime | None

    @classmethod
    def of(cls, rep: RepProgress) -> 'RepStatus':
        return cls(user_id=rep.user_id, status=rep.status, calls=rep.calls, best=rep.best, passed_at=rep.passed_at)


class AssignmentPublic(BaseModel):
    id: uuid.UUID
    scenario_id: str
    scenario_title: str
    persona_id: str | None
    team_id: uuid.UUID | None
    created_by: uuid.UUID | None
    due_at: datetime
    pass_mark: int | None
    attempts: int | None
    created_at: datetime
    reps: list[RepStatus]
    status: Status | None = Field(default=None, description='in GET /assignments/mine: your own status')

    @classmethod
    def of(cls, view: AssignmentView, *, mine: uuid.UUID | None = None) -> 'AssignmentPublic':
        a = view.assignment
        own = next((rep.status for rep in view.reps if rep.user_id == mine), None)
        return cls(
            id=a.id,
            scenario_id=a.scenario_id,
            scenario_title=view.scenario_title,
            persona_id=a.persona_id,
            team_id=a.team_id,
            created_by=a.created_by,
            due_at=a.due_at,
            pass_mark=a.pass_mark,
            attempts=a.attempts,
            created_at=a.created_at,
            reps=[RepStatus.of(rep) for rep in view.reps if mine is None or rep.user_id == mine],
            status=own,
        )
