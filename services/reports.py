"""The coaching report: what every coach (rule-based or model) returns and what the API serves."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from services.emotion_analysis import EmotionSummary
from services.speech_metrics import SpeechMetrics


class KeyMoment(BaseModel):
    timestamp: float | None = Field(description='seconds from call start')
    kind: Literal['positive', 'needs_work']
    title: str
    description: str
    quote: str | None = Field(description='a verbatim piece of the transcript')


class ScoreComponent(BaseModel):
    name: str
    weight: float
    score: float | None = Field(description='0..1; None when the call gives no basis for it')
    detail: str


class CoachingReport(BaseModel):
    overall_score: int = Field(ge=0, le=100)
    tone_summary: str
    speech_metrics: SpeechMetrics
    emotion_summary: EmotionSummary
    key_moments: list[KeyMoment]
    recommendations: list[str]
    strengths: list[str]
    areas_for_improvement: list[str]
    coach: str
    score_breakdown: list[ScoreComponent] = Field(default_factory=list)
    generated_at: datetime
