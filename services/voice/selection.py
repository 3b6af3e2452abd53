"""Which voice engine a new call uses, and why (the practice page shows the reason)."""

from dataclasses import dataclass
from typing import Literal

EngineName = Literal['hume_evi', 'openai_realtime', 'demo']


@dataclass(frozen=True, slots=True)
class EngineChoice:
    name: EngineName
    reason: str


# Engines this build can run; `auto` never picks one that is not here.
AVAILABLE: frozenset[str] = frozenset({'hume_evi', 'openai_realtime', 'demo'})


def choose_engine(preference: str, *, hume_configured: bool, openai_configured: bool) -> EngineChoice:
    """`auto` takes Hume EVI when a Hume key is set, else OpenAI Realtime when an OpenAI key is set, else demo."""
    if preference == 'hume_evi':
        return EngineChoice('hume_evi', 'Hume EVI: chosen by VOICE_ENGINE.')
    if preference == 'openai_realtime':
        return EngineChoice('openai_realtime', 'OpenAI Realtime: chosen by VOICE_ENGINE.')
    if preference == 'demo':
        return EngineChoice('demo', 'Demo: chosen by VOICE_ENGINE.')
    if hume_configured:
        return EngineChoice('hume_evi', 'Hume EVI: a Hume API key is configured.')
    if openai_configured and 'openai_realtime' in AVAILABLE:
        return EngineChoice('openai_realtime', 'OpenAI Realtime: an OpenAI API key is configured.')
    if openai_configured:
        return EngineChoice('demo', 'Demo: the OpenAI key serves the coach; this build has no OpenAI Realtime engine.')
    return EngineChoice('demo', 'Demo: no voice provider is configured.')
