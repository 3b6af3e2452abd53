"""Request and response bodies for calls, personas and reports."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.call_status import CallStatus
from services.personas import PERSONAS, Difficulty
from services.text import StorableStr
from services.transcript import MAX_SECONDS, EmotionData, Transcript

MAX_SCENARIO_CHARS = 2_000


class CallCreate(BaseModel):
    persona: str = Field(description='a persona id from GET /calls/personas/list')
    scenario: StorableStr | None = Field(default=None, max_length=MAX_SCENARIO_CHARS)

    @field_validator('persona')
    @classmethod
    def _known_persona(cls, persona: str) -> str:
        return known_persona(persona)


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
    hume_chat_id: str | None
    analysis_error: str | None
    engine_errors: list[EngineErrorRecord]
    transcript: Transcript
    emotion_data: EmotionData


class CallConnection(BaseModel):
    url: str = Field(description='the call socket, with a single-use ticket valid for 60 seconds')


class AnalysisStatus(BaseModel):
    call_id: uuid.UUID
    status: CallStatus
    error: str | None = None


class PersonaPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    title: str
    description: str
    difficulty: Difficulty
    objections: list[str]
