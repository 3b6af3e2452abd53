"""Request and response bodies for calls, personas and reports."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.call_status import CallStatus
from services.personas import PERSONAS, Difficulty
from services.text import StorableStr
from services.transcript import MAX_SECONDS, EmotionData, Transcript

MAX_SCENARIO_CHARS = 2_000


class CallCreate(BaseModel):
    """A prospect is needed: `persona_id`, or `persona` (a built-in's id, as before the library)."""

    persona_id: str | None = Field(
        default=None, max_length=64, description='a prospect you may use (GET /personas/): a built-in or an entry'
    )
    scenario_id: str | None = Field(default=None, max_length=64, description='a scenario you may use (GET /scenarios/)')
    assignment_id: uuid.UUID | None = Field(
        default=None, description='one of your assignments: the call counts toward it, on its scenario and prospect'
    )
    persona: str | None = Field(default=None, description="a built-in prospect's id (persona_id says more)")
    scenario: StorableStr | None = Field(
        default=None, max_length=MAX_SCENARIO_CHARS, description='free text: what you sell, to whom'
    )

    @field_validator('persona')
    @classmethod
    def _known_persona(cls, persona: str | None) -> str | None:
        return None if persona is None else known_persona(persona)


def known_persona(persona: str) -> str:
    if persona not in PERSONAS:
        raise ValueError(f'unknown persona; choose one of: {", ".join(PERSONAS)}')
    return persona


class CallComplete(BaseModel):
    duration_seconds: float = Field(ge=0, le=MAX_SECONDS, allow_inf_nan=False)
    transcript: Transcript
    emotion_data: EmotionData = Field(default_factory=EmotionData)
    hume_chat_id: StorableStr | None = Field(default=None, max_length=128)


class CallSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    persona: str
    scenario: str | None
    status: CallStatus
    engine: str
    created_at: datetime
    ended_at: datetime | None
    duration_seconds: float | None
    overall_score: int | None


class CallsPublic(BaseModel):
    data: list[CallSummary]
    count: int


class EngineErrorRecord(BaseModel):
    at: float = Field(description='seconds from call start')
    code: str
    message: str


class CallDetail(CallSummary):
    scenario_id: str | None
    persona_snapshot: dict[str, Any] | None = Field(
        description='the prospect as it was when the call started: {id, builtin, profile} (null for older calls)'
    )
    scenario_snapshot: dict[str, Any] | None = Field(
        description='the scenario of the library as it was when the call started: {id, builtin, spec}, or null'
    )
    hume_chat_id: str | None
    analysis_error: str | None
    engine_errors: list[EngineErrorRecord]
    transcript: Transcript
    emotion_data: EmotionData
    assignment_id: uuid.UUID | None = Field(default=None, description='the assignment the call counts toward')
    override_score: int | None = Field(
        default=None, description="a manager's score in place of the coach's `overall_score`, which is kept"
    )
    override_reason: str | None = None
    override_by: uuid.UUID | None = None
    override_at: datetime | None = None


class CallConnection(BaseModel):
    url: str = Field(description='the call socket, with a single-use ticket valid for 60 seconds')


class AnalysisStatus(BaseModel):
    call_id: uuid.UUID
    status: CallStatus
    error: str | None = None


class PersonaPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    builtin: bool = True
    name: str
    title: str
    description: str
    difficulty: Difficulty
    objections: list[str]
