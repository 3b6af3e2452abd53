"""The shapes of a call's transcript and tone data, as the API and the analysis see them.

`transcript = {"messages": [{"role", "text", "timestamp", "end"}]}` with times in seconds from call start
(`user` is the rep, `assistant` the prospect);
`emotion_data = {"prosody_scores": [{"timestamp", "role", "scores": {name: 0..1}}]}`.

A point's `source` says who measured it: `prosody` (the default, so older data stays valid) is the voice engine's
expression model (Hume's 48 names); `acoustic` is our own analysis of the rep's voice (services/acoustic_tone.py),
with scores `{confidence, energy, hesitation, monotone: 0|1}` and its measurements in `features`
(`loudness_db`, `pitch_median_hz`, `pitch_variability_st`, `rate_sps`, `pause_share`, `longest_pause_s`, ...).
"""

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.text import StorableStr, storable_problem

Role = Literal['user', 'assistant']
ToneSource = Literal['prosody', 'acoustic']
LineSource = Literal['spoken', 'typed']

MAX_MESSAGES = 5_000  # lines of one call, through the socket or the REST API; the report stays fast at this size
MAX_MESSAGE_CHARS = 20_000
MAX_SCORES = 64
MAX_SECONDS = 24 * 3600  # longer than any call; keeps every sum of times finite


class TranscriptMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Role
    text: StorableStr = Field(max_length=MAX_MESSAGE_CHARS)
    timestamp: float | None = Field(default=None, ge=0, le=MAX_SECONDS, allow_inf_nan=False)
    end: float | None = Field(default=None, ge=0, le=MAX_SECONDS, allow_inf_nan=False)
    # Typed lines have words but no speaking time; a line without it (older calls, clients) counts as spoken.
    source: LineSource = 'spoken'

    @model_validator(mode='after')
    def _end_not_before_start(self) -> 'TranscriptMessage':
        if self.timestamp is not None and self.end is not None and self.end < self.timestamp:
            raise ValueError('end must not be before timestamp')
        return self

    @property
    def timed(self) -> bool:
        return self.timestamp is not None and self.end is not None

    @property
    def spoken(self) -> bool:
        return self.source == 'spoken'


class Transcript(BaseModel):
    messages: list[TranscriptMessage] = Field(default_factory=list, max_length=MAX_MESSAGES)


class ProsodyPoint(BaseModel):
    model_config = ConfigDict(frozen=True)

    timestamp: float | None = Field(default=None, ge=0, le=MAX_SECONDS, allow_inf_nan=False)
    role: Role
    source: ToneSource = 'prosody'
    scores: dict[str, float] = Field(max_length=MAX_SCORES)
    features: dict[str, float] | None = Field(default=None, max_length=MAX_SCORES)

    @field_validator('features')
    @classmethod
    def _features_finite(cls, features: dict[str, float] | None) -> dict[str, float] | None:
        for name, value in (features or {}).items():
            if not math.isfinite(value) or abs(value) > 1e6:
                raise ValueError('every feature must be a finite number')  # never the name: input is not echoed
            if not name or len(name) > 64 or storable_problem(name) is not None:
                raise ValueError('feature names must be 1 to 64 storable characters')
        return features

    @field_validator('scores')
    @classmethod
    def _scores_in_range(cls, scores: dict[str, float]) -> dict[str, float]:
        for name, value in scores.items():
            if not 0.0 <= value <= 1.0 or math.isnan(value):
                raise ValueError('every score must be between 0 and 1')  # never the name: input is not echoed
            if not name or len(name) > 64:
                raise ValueError('score names must have 1 to 64 characters')
            if (problem := storable_problem(name)) is not None:
                raise ValueError(f'score names {problem}')
        return scores


class EmotionData(BaseModel):
    prosody_scores: list[ProsodyPoint] = Field(default_factory=list, max_length=MAX_MESSAGES)
