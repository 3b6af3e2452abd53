"""Response bodies for the admin's view of the voice engines, and the one place the runtime's settings become it."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from app.runtime import Runtime
from services.voice.engine_status import EngineSettings, EnginesOverview, engines_overview


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


def runtime_overview(runtime: Runtime) -> EnginesOverview:
    """The engines as this server runs them; the Engines page and `GET /engines` both show this."""
    settings = runtime.settings
    return engines_overview(
        EngineSettings(
            voice_engine=settings.voice_engine,
            # Only whether a secret is set crosses this line, never its value.
            hume_api_key_set=settings.hume_api_key is not None,
            hume_secret_key_set=settings.hume_secret_key is not None,
            hume_config_id=settings.hume_config_id,
            hume_api_url=settings.hume_api_url,
            openai_api_key_set=settings.openai_api_key is not None,
            openai_base_url=settings.openai_base_url,
            openai_model=settings.openai_model,
            openai_realtime_model=settings.openai_realtime_model,
            openai_realtime_url=settings.openai_realtime_url,
            openai_transcribe_model=settings.openai_transcribe_model,
            openai_turn_detection=settings.openai_turn_detection,
            openai_vad_eagerness=settings.openai_vad_eagerness,
        ),
        choice=runtime.engine_choice(),
        factory=runtime.live.engines,
        coach_name=runtime.analysis.coach.name,
    )
