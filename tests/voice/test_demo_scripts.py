"""The demo prospect's lines read as the coach reads them: its objections are objections of their kind, its other
lines are none, its yes is a yes and its no is a no (the report of a demo call judges what the prospect meant)."""

import pytest

from services.coaching.objections import TIME_CHECK, objection_kind
from services.coaching.outcome import answer_kind
from services.coaching.turns import Sentence, Turn
from services.personas import PERSONAS, SCENARIO_PRESETS
from services.transcript import TranscriptMessage
from services.voice.demo_prospect import DemoProspect
from services.voice.demo_prospect.scripts import LINE_BANKS, SCRIPTS

SCENARIOS = [None, 'Managed security', *(preset.text for preset in SCENARIO_PRESETS)]
# Banks that speak of an objection (the rep went past it, or it is why the answer is no).
ABOUT_OBJECTIONS = {'noticed', 'argued', 'discounted', 'not_yet', 'no_reason'}


def sentences(text: str) -> list[Sentence]:
    return Turn(0, 'assistant', (TranscriptMessage(role='assistant', text=text),)).sentences


def verdict(text: str) -> str | None:
    """How the coach reads the line as an answer to an ask: its last sentence that reads as one decides."""
    kinds = [found[0] for s in sentences(text) if (found := answer_kind(s)) is not None]
    return kinds[-1] if kinds else None


def prospects() -> list[object]:
    return [
        pytest.param(persona, DemoProspect.for_call(persona_id=persona, scenario=scenario), id=f'{persona}-{index}')
        for persona in SCRIPTS
        for index, scenario in enumerate(SCENARIOS)
    ]


def test_every_persona_has_a_script_with_every_bank_it_uses() -> None:
    assert set(SCRIPTS) == set(PERSONAS)
    for script in SCRIPTS.values():
        assert set(script.lines) <= set(LINE_BANKS)
        for bank in ('refer_back', 'ask_back', 'check_in', 'agree', 'not_yet', 'goodbye', 'unclear', 'noticed'):
            assert script.lines[bank], bank


@pytest.mark.parametrize(('persona', 'prospect'), prospects())
def test_objections_read_as_objections_of_their_kind(persona: str, prospect: DemoProspect) -> None:
    for objection in prospect.script.objections:
        said = prospect.render(objection.says)
        kinds = [found[0] for s in sentences(said) if (found := objection_kind(s.text)) is not None]
        assert kinds and kinds[0] == objection.kind, (persona, said)


@pytest.mark.parametrize(('persona', 'prospect'), prospects())
def test_facts_and_reactions_are_no_objections(persona: str, prospect: DemoProspect) -> None:
    script = prospect.script
    lines = [prospect.render(fact.says) for facts in script.facts.values() for fact in facts]
    lines += [
        prospect.render(template, recap=prospect.render(fact.recap))
        for facts in script.facts.values()
        for fact in facts
        for template in script.lines['refer_back']
    ]
    lines += [
        prospect.render(template, figure='40 percent')
        for bank, templates in script.lines.items()
        if bank not in ABOUT_OBJECTIONS
        for template in templates
    ]
    lines += [prospect.render(reply) for o in script.objections for reply in (o.explored, *o.answered)]
    for line in lines:
        for sentence in sentences(line):
            if not TIME_CHECK.search(sentence.text):  # "Get to the point." prompts; the coach reads no objection
                assert objection_kind(sentence.text) is None, (persona, line)


@pytest.mark.parametrize(('persona', 'prospect'), prospects())
def test_a_yes_reads_as_a_yes_and_a_no_as_a_no(persona: str, prospect: DemoProspect) -> None:
    lines = prospect.script.lines
    for template in lines['agree']:
        assert verdict(prospect.render(template, when='on Tuesday at 10')) == 'accept', (persona, template)
    for bank in ('not_yet', 'no_reason'):
        for template in lines.get(bank, ()):
            assert verdict(prospect.render(template, gist='the price')) in ('decline', 'vague'), (persona, template)
    for template in lines.get('not_sharp', ()):
        assert verdict(prospect.render(template)) is None, (persona, template)
