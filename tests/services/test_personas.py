"""Personas and scenario presets."""

from services.personas import DEFAULT_SCENARIO, PERSONAS, SCENARIO_PRESETS


def test_the_three_personas_exist_with_their_ids_and_differ_in_difficulty() -> None:
    assert list(PERSONAS) == ['friendly_prospect', 'skeptical_buyer', 'busy_executive']
    assert [p.difficulty for p in PERSONAS.values()] == ['easy', 'medium', 'hard']
    for persona in PERSONAS.values():
        assert persona.name and persona.description and persona.objections


def test_every_prompt_covers_behaviour_objections_scenario_character_and_reactions() -> None:
    for persona in PERSONAS.values():
        prompt = persona.system_prompt
        for section in (
            '## How you behave',
            '## Objections you raise',
            '## How you react',
            '## Staying in character',
            "## The rep's scenario",
        ):
            assert section in prompt, (persona.id, section)
        assert 'Good pitch' in prompt and 'Poor pitch' in prompt
        assert prompt.count('{scenario}') == 1


def test_the_scenario_fills_its_slot_and_a_missing_one_has_a_default() -> None:
    persona = PERSONAS['busy_executive']
    filled = persona.prompt_for(SCENARIO_PRESETS[0].text)
    assert SCENARIO_PRESETS[0].text in filled and '{scenario}' not in filled
    assert DEFAULT_SCENARIO in persona.prompt_for('   ')


def test_three_scenario_presets_say_what_is_sold_to_whom() -> None:
    assert len(SCENARIO_PRESETS) == 3
    assert len({preset.id for preset in SCENARIO_PRESETS}) == 3
    for preset in SCENARIO_PRESETS:
        assert preset.text.startswith('You sell') and ' to ' in preset.text and 'Goal:' in preset.text
