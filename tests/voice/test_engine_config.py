"""What a call's engine is told: the prospect and scenario the call keeps, or for an old call its built-in and its
free text; and the voice each engine picks for a prospect."""

import uuid

from services.library.builtins import BUILTIN_PROSPECTS, BUILTIN_SCENARIOS
from services.library.prospect import VoiceChoice
from services.library.snapshot import ProspectSnapshot, ScenarioSnapshot
from services.models import CallSession
from services.voice.call_service import engine_config
from services.voice.engine import EngineConfig
from services.voice.voices import ESPEAK_VOICES, OPENAI_VOICES
from tests.voice.custom_prospect import CARRIED, PROSPECT, PROSPECT_ID, SCENARIO


def a_call(**fields: object) -> CallSession:
    return CallSession(id=uuid.uuid4(), owner_id=uuid.uuid4(), engine='demo', **fields)


def test_a_call_with_snapshots_tells_the_engine_its_prospect_and_scenario() -> None:
    call = a_call(
        persona=PROSPECT_ID,
        scenario=None,
        scenario_id='team-scenario-1',
        persona_snapshot=ProspectSnapshot(id=PROSPECT_ID, builtin=False, profile=PROSPECT).model_dump(mode='json'),
        scenario_snapshot=ScenarioSnapshot(id='team-scenario-1', builtin=False, spec=SCENARIO).model_dump(mode='json'),
    )
    config = engine_config(call)
    assert (config.call_id, config.prospect_id) == (call.id, PROSPECT_ID)
    assert config.prospect == PROSPECT and config.scenario == SCENARIO and config.scenario_text is None
    for words in CARRIED:
        assert words in config.system_prompt


def test_an_old_call_falls_back_to_its_builtin_and_free_text() -> None:
    config = engine_config(a_call(persona='busy_executive', scenario='ShieldOps to a hospital'))
    assert config.prospect == BUILTIN_PROSPECTS['busy_executive'] and config.scenario is None
    assert 'Alex Chen' in config.system_prompt and 'ShieldOps to a hospital' in config.system_prompt
    unknown = engine_config(a_call(persona='deleted-prospect', scenario=None))
    assert unknown.prospect_id == 'friendly_prospect' and 'Jordan Lee' in unknown.system_prompt


def test_a_builtin_with_a_library_scenario() -> None:
    config = EngineConfig.builtin('skeptical_buyer', scenario=BUILTIN_SCENARIOS['cybersecurity'])
    assert 'Morgan Reyes' in config.system_prompt and 'ShieldOps' in config.system_prompt
    assert 'Cold call' in config.system_prompt


def test_the_builtins_keep_their_voices_and_a_named_voice_wins() -> None:
    voices = {key: EngineConfig.builtin(key).voice('openai_realtime', OPENAI_VOICES) for key in BUILTIN_PROSPECTS}
    assert voices == {'friendly_prospect': 'marin', 'skeptical_buyer': 'cedar', 'busy_executive': 'ash'}
    espeak = {key: EngineConfig.builtin(key).voice('demo', ESPEAK_VOICES) for key in BUILTIN_PROSPECTS}
    assert espeak == {'friendly_prospect': 'en-us', 'skeptical_buyer': 'en-gb', 'busy_executive': 'en-us+m3'}
    named = PROSPECT.model_copy(update={'voice': VoiceChoice(style='deep', per_engine={'openai_realtime': 'sage'})})
    config = EngineConfig(call_id=uuid.uuid4(), prospect_id=PROSPECT_ID, prospect=named)
    assert config.voice('openai_realtime', OPENAI_VOICES) == 'sage'
    assert config.voice('pipeline', OPENAI_VOICES) == 'ash'  # no name for this engine: the style's
    assert config.named_voice('hume_evi') is None
