"""Draft a prospect or a scenario from a description with the configured language model: the fields come back
unsaved, for the editor to show for review (POST /personas/ or /scenarios/ saves them)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field

from app.api.deps import CurrentUser, RuntimeDep
from app.settings import Settings
from services.coaching.ai_coach import ModelCoachSettings
from services.library.drafting import (
    MAX_DESCRIPTION,
    MIN_DESCRIPTION,
    DraftFailed,
    DraftUnavailable,
    draft_entry,
)
from services.library.prospect import ProspectProfile
from services.library.scenario import ScenarioSpec
from services.text import StorableStr

router = APIRouter()

FAILURES: dict[int | str, dict[str, Any]] = {
    503: {'description': 'No language model is configured'},
    502: {'description': "The model failed or its draft does not fit the entry's fields"},
    504: {'description': 'The model gave no answer in time'},
}


class DraftRequest(BaseModel):
    description: StorableStr = Field(min_length=MIN_DESCRIPTION, max_length=MAX_DESCRIPTION)


def draft_model(runtime: RuntimeDep) -> ModelCoachSettings | None:
    """The AI coach's model, or None when no key is set."""
    return model_settings(runtime.settings)


def model_settings(settings: Settings) -> ModelCoachSettings | None:
    if settings.openai_api_key is None:
        return None
    return ModelCoachSettings(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url,
        model=settings.openai_model,
    )


DraftModel = Annotated[ModelCoachSettings | None, Depends(draft_model)]


@router.post('/personas/draft', tags=['personas'], responses=FAILURES)
async def draft_persona(body: DraftRequest, _user: CurrentUser, model: DraftModel) -> ProspectProfile:
    """A prospect's fields drafted from a description; nothing is saved."""
    with _refusals():
        return await draft_entry('prospect', body.description, settings=model)


@router.post('/scenarios/draft', tags=['scenarios'], responses=FAILURES)
async def draft_scenario(body: DraftRequest, _user: CurrentUser, model: DraftModel) -> ScenarioSpec:
    """A scenario's fields (goals and scorecard too) drafted from a description; nothing is saved."""
    with _refusals():
        return await draft_entry('scenario', body.description, settings=model)


@contextmanager
def _refusals() -> Iterator[None]:
    """503 without a model, 504 when it gave no answer in time, 502 when it failed or drafted what does not fit."""
    try:
        yield
    except DraftUnavailable as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=str(error)) from None
    except DraftFailed as error:
        code = status.HTTP_504_GATEWAY_TIMEOUT if error.timed_out else status.HTTP_502_BAD_GATEWAY
        raise HTTPException(code, detail=str(error)) from None
