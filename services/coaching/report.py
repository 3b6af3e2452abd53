"""The coaching report: what every coach (rule-based or model) returns and what the API serves."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from services.coaching.reading import CallReading
from services.emotion_analysis import EmotionSummary
from services.library.scorecard import GoalResult, ScorecardResult
from services.speech_metrics import SpeechMetrics

SKILLS: dict[str, str] = {
    'opening': 'Opening',
    'discovery': 'Discovery',
    'objection_handling': 'Objection handling',
    'next_step': 'Next step',
    'delivery': 'Delivery',
}


class KeyMoment(BaseModel):
    timestamp: float | None = Field(description='seconds from call start')
    kind: Literal['positive', 'needs_work']
    title: str
    description: str
    quote: str | None = Field(description='a verbatim piece of the transcript')
    say_instead: str | None = Field(default=None, description='for needs-work moments: a better line to say')


class SkillScores(BaseModel):
    """The rep's skills on 1-5 (see the rubric in `services/coaching/prompt.py`)."""

    opening: int = Field(ge=1, le=5)
    discovery: int = Field(ge=1, le=5)
    objection_handling: int = Field(ge=1, le=5)
    next_step: int = Field(ge=1, le=5)
    delivery: int = Field(ge=1, le=5)


class ScoreComponent(BaseModel):
    name: str
    weight: float
    score: float | None = Field(description='0..1; None when the call gives no basis for it')
    detail: str


class TokenUsage(BaseModel):
    prompt_tokens: int = Field(ge=0)
    completion_tokens: int = Field(ge=0)
    total_tokens: int = Field(ge=0)


class CoachingReport(BaseModel):
    overall_score: int | None = Field(ge=0, le=100, description='None when the call was too short to score')
    tone_summary: str
    speech_metrics: SpeechMetrics
    emotion_summary: EmotionSummary
    key_moments: list[KeyMoment]
    recommendations: list[str]
    strengths: list[str]
    areas_for_improvement: list[str]
    coach: str = Field(description='"openai:<model>" or "rule_based"')
    skill_scores: SkillScores | None = None
    score_breakdown: list[ScoreComponent] = Field(default_factory=list)
    prompt_version: str | None = Field(default=None, description="the AI coach's prompt version")
    token_usage: TokenUsage | None = None
    fallback_reason: str | None = Field(
        default=None, description='why the rule-based coach wrote this report although a model was configured'
    )
    unscored_reason: str | None = Field(default=None, description='why the call has no score, in words')
    reading: CallReading | None = Field(
        default=None, description="code's reading of the call: outcome, objections, discovery, pressure and respect"
    )
    reading_overrides: list[str] = Field(
        default_factory=list, description="where the AI coach overruled code's reading, and why"
    )
    scorecard: ScorecardResult | None = Field(
        default=None, description="the call graded on its scenario's scorecard; None for a call without a scenario"
    )
    goals: list[GoalResult] | None = Field(
        default=None, description="the scenario's goals, each met, not met or not judged (None); None without one"
    )
    generated_at: datetime
