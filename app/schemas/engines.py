"""Response bodies for the admin's view of the voice engines (built from services/voice/engine_status.py)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict


class SettingPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    value_shown: str


class EnginePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    label: str
    configured: bool
    available: bool
    settings: list[SettingPublic]
    needs: str | None


class ChoicePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    reason: str


class CoachPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    kind: Literal['ai', 'rule_based']


class EnginesPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    voice_engine_setting: str
    auto_choice: ChoicePublic
    engines: list[EnginePublic]
    coach: CoachPublic
