"""Who a call was with and what it practised, in words, from what the call keeps (its snapshots), so that a prospect
or scenario edited or deleted since is still named as it was."""

from services.library.snapshot import prospect_of_call, scenario_of_call
from services.models import CallSession
from services.personas import PERSONAS


def prospect_name(persona: str, snapshot: dict[str, object] | None) -> str:
    """'Morgan Reyes'; the id itself for a prospect the call kept nothing of."""
    profile = prospect_of_call(persona, snapshot)
    return profile.name if profile is not None else persona


def prospect_role(persona: str, snapshot: dict[str, object] | None) -> str:
    """'skeptical buyer' for a built-in (as the library calls them), the job title for the team's own."""
    if persona in PERSONAS and (snapshot is None or snapshot.get('builtin', True)):
        return PERSONAS[persona].title.lower()
    profile = prospect_of_call(persona, snapshot)
    return profile.job_title.lower() if profile is not None else ''


def prospect_label(persona: str, snapshot: dict[str, object] | None) -> str:
    """'Morgan Reyes (skeptical buyer)': the name, and the role where there is one."""
    name, role = prospect_name(persona, snapshot), prospect_role(persona, snapshot)
    return f'{name} ({role})' if role else name


def scenario_title(call: CallSession) -> str | None:
    """The library scenario's title, or the free-text scenario, or None."""
    spec = scenario_of_call(call.scenario_snapshot)
    return spec.title if spec is not None else call.scenario
