"""What a call keeps of the prospect and scenario it was practised on, so that editing or deleting them later never
changes an old call's report. Stored as JSON on the call (`persona_snapshot`, `scenario_snapshot`)."""

from typing import Any

from pydantic import ValidationError

from services.library.builtins import BUILTIN_PROSPECTS
from services.library.prospect import Model, ProspectProfile
from services.library.scenario import ScenarioSpec


class ProspectSnapshot(Model):
    id: str
    builtin: bool
    profile: ProspectProfile


class ScenarioSnapshot(Model):
    id: str
    builtin: bool
    spec: ScenarioSpec


def prospect_of_call(persona_id: str, snapshot: dict[str, Any] | None) -> ProspectProfile | None:
    """The prospect a call was practised on: its snapshot, or for a call from before snapshots the built-in of that
    id (None when neither exists)."""
    if snapshot:
        try:
            return ProspectSnapshot.model_validate(snapshot).profile
        except ValidationError:
            pass  # a snapshot an older version wrote differently: the built-in of its id is the best we have
    return BUILTIN_PROSPECTS.get(persona_id)


def scenario_of_call(snapshot: dict[str, Any] | None) -> ScenarioSpec | None:
    if not snapshot:
        return None
    try:
        return ScenarioSnapshot.model_validate(snapshot).spec
    except ValidationError:
        return None
