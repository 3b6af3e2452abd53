"""The one function every engine's instructions come from: a prospect's fields and the call's scenario."""

import pytest

from services.library.builtins import BUILTIN_PROSPECTS, BUILTIN_SCENARIOS
from services.library.prompt import (
    ASK_WHAT_THEY_SELL,
    OPENNESS,
    PUSHBACK,
    TRUST_NEEDED,
    behaviour_in_words,
    prompt_preview,
    system_prompt,
)
from services.library.prospect import Behaviour
from services.personas import PERSONAS
from tests.voice.custom_prospect import PROSPECT, SCENARIO

SECTIONS = (
    '## How you behave',
    '## Your problems',
    '## What you want but never volunteer',
    '## Objections you raise',
    '## How a decision is made',
    '## The next step',
    '## When you pick up',
    '## Staying in character',
    "## The rep's scenario",
)


def test_a_teams_prospect_is_told_who_they_are_how_they_behave_and_what_the_rep_sells() -> None:
    prompt = system_prompt(PROSPECT, SCENARIO)
    assert prompt.startswith('You are Dana Okafor, head of facilities at Harbor Clinics, taking a sales call.')
    for words in (
        'Private healthcare, about 400 staff across six sites.',
        'Practical and cautious',
        'Measured, short answers',
        *PROSPECT.pains,
        *PROSPECT.hidden_needs,
        *PROSPECT.objections,
        'approves spend under $25k',
        'The CFO, Martin, signs anything larger',
        'comes out of the facilities budget',
        'contracts renew in March',
        'Agrees to a site survey at one clinic',
        f'"{PROSPECT.opening_line}"',
        # the scenario: what is sold, its claims, to whom, the kind of call and the rep's goals
        'VoltIQ, a building energy monitor that cuts heating and cooling costs.',
        'Twenty percent lower energy bills',
        'Multi-site clinics whose facilities team manages HVAC by hand.',
        'Cold call. This is a cold call: you did not expect it',
        'Book a site survey',
    ):
        assert words in prompt, words
    for section in SECTIONS:
        assert section in prompt, section


def test_the_knobs_become_plain_behaviour() -> None:
    prompt = system_prompt(PROSPECT, SCENARIO)
    assert OPENNESS[2] in prompt and PUSHBACK[3] in prompt and TRUST_NEEDED[3] in prompt
    assert 'only when the rep asks about them well' in prompt  # pains, at openness 2
    assert 'never volunteer' in prompt  # hidden needs
    assert 'come back to it later in the call' in prompt  # an unresolved objection
    assert 'What does not:' in prompt  # what earns no next step
    open_ = system_prompt(PROSPECT.model_copy(update={'behaviour': Behaviour(openness=5, pushback=1)}), None)
    assert OPENNESS[5] in open_ and PUSHBACK[1] in open_ and 'readily, once asked' in open_
    assert behaviour_in_words(Behaviour(openness=1, pushback=5, trust_needed=4)) == {
        'openness': OPENNESS[1],
        'pushback': PUSHBACK[5],
        'trust_needed': TRUST_NEEDED[4],
    }
    assert all(len(levels) == 5 for levels in (OPENNESS, PUSHBACK, TRUST_NEEDED))


def test_a_call_without_a_scenario_has_its_free_text_or_asks_what_is_sold() -> None:
    legacy = system_prompt(PROSPECT, None, 'ShieldOps to a hospital')
    assert legacy.endswith("## The rep's scenario\nShieldOps to a hospital")
    assert system_prompt(PROSPECT, None).endswith(ASK_WHAT_THEY_SELL)
    assert system_prompt(PROSPECT, None, '   ').endswith(ASK_WHAT_THEY_SELL)
    both = system_prompt(PROSPECT, SCENARIO, 'Mention the spring offer.')
    assert "The rep's note: Mention the spring offer." in both and 'VoltIQ' in both


def test_empty_fields_leave_no_empty_sections() -> None:
    bare = PROSPECT.model_copy(
        update={
            'company': '',
            'industry': '',
            'company_size': '',
            'pains': [],
            'hidden_needs': [],
            'objections': [],
            'decision': PROSPECT.decision.model_copy(
                update={'authority': '', 'others': '', 'budget': '', 'timeline': ''}
            ),
            'opening_line': '',
            'summary': '',
        }
    )
    prompt = system_prompt(bare, None)
    assert prompt.startswith('You are Dana Okafor, head of facilities, taking a sales call.')
    for section in (
        '## Your problems',
        '## Objections',
        '## How a decision',
        '## When you pick up',
        '## What you want',
    ):
        assert section not in prompt
    assert '## The next step' in prompt and '## Staying in character' in prompt


@pytest.mark.parametrize('prospect_id', list(BUILTIN_PROSPECTS))
def test_a_builtins_prompt_carries_what_its_hand_written_prompt_did(prospect_id: str) -> None:
    """The hand-written prompts in services/personas.py, section for section, and their facts from the fields."""
    prospect = BUILTIN_PROSPECTS[prospect_id]
    prompt = system_prompt(prospect, BUILTIN_SCENARIOS['saas_crm'])
    written = PERSONAS[prospect_id].prompt_for(None)
    assert prospect.name in prompt and prospect.company in prompt
    for objection in prospect.objections:
        assert objection in prompt
    for pain in prospect.pains:
        assert pain in prompt
    for section in ('## How you behave', '## Objections you raise', '## Staying in character', "## The rep's scenario"):
        assert section in written and section in prompt
    # As rich: about as long as the hand-written prompt, or longer, and the in-character rules kept in intent.
    assert len(prompt) >= len(written)
    for rule in ('never say you are an ai', 'stay in character', 'no markdown', 'keep them the same'):
        assert rule in prompt.lower(), rule


def test_the_preview_is_the_prompts_start_in_whole_lines() -> None:
    preview = prompt_preview(PROSPECT, SCENARIO, limit=300)
    assert preview.endswith('\n…') and len(preview) <= 302
    assert system_prompt(PROSPECT, SCENARIO).startswith(preview.removesuffix('\n…'))
    short = BUILTIN_PROSPECTS['busy_executive']
    assert prompt_preview(short, limit=100_000) == system_prompt(short, None)
