"""The demo prospect of a team's own prospect: its greeting, facts, objections and next-step bar come from the
profile's fields and knobs, and the scenario's product and audience from the library scenario."""

import pytest

from services.coaching.objections import TIME_CHECK, objection_kind
from services.coaching.outcome import answer_kind
from services.coaching.turns import Sentence, Turn
from services.library.builtins import BUILTIN_PROSPECTS, BUILTIN_SCENARIOS
from services.library.prospect import Behaviour, ProspectProfile
from services.personas import SCENARIO_PRESETS
from services.transcript import TranscriptMessage
from services.voice.demo_prospect import DemoProspect
from services.voice.demo_prospect.custom import LINES, bar_of, script_of, tone_of
from services.voice.demo_prospect.scenario import Scenario, read_scenario, scenario_text_of
from services.voice.demo_prospect.scripts import LINE_BANKS
from services.voice.engine import EngineConfig
from services.voice.engines.demo import DemoEngine
from services.voice.events import AssistantUtterance
from tests.voice.custom_prospect import CONFIG, PROSPECT, PROSPECT_ID, SCENARIO

# A call of 15 turns that asks some things twice, pitches, talks price and set-up, checks in and asks for a step.
CALL = (
    'Hi, this is Sam. How are you today?',
    'What do you use today for this?',
    'How big is your team?',
    'What is the hardest part of that?',
    'Tell me more about that.',
    'What does that cost you?',
    'We help companies like yours cut that work in half.',
    'Okay.',
    'It costs about two thousand a month.',
    'Who decides on something like this?',
    'What is the hardest part of that?',
    'We can set it up in two weeks.',
    'Does that make sense?',
    'Can we book a demo next week?',
    'Thanks for your time, bye!',
)
THE_SAME = {
    'question': 'How big is your team?',
    'pitch': 'Our platform is the best on the market.',
    'ask': 'Can we book a demo next week?',
    'acknowledgement': 'Okay.',
    'small talk': 'How is the weather over there?',
}
ABOUT_OBJECTIONS = {'noticed', 'argued', 'discounted', 'not_yet', 'no_reason'}
BARE = ProspectProfile(name='Sam Lee', job_title='Owner')


def demo(profile: ProspectProfile = PROSPECT, **knobs: int) -> DemoProspect:
    if knobs:
        profile = profile.model_copy(update={'behaviour': profile.behaviour.model_copy(update=knobs)})
    return DemoProspect.for_call(persona_id=PROSPECT_ID, scenario=None, profile=profile, spec=SCENARIO)


def talk(prospect: DemoProspect, *turns: str) -> list[str]:
    return [prospect.reply(turn) for turn in turns]


def sentences(text: str) -> list[Sentence]:
    return Turn(0, 'assistant', (TranscriptMessage(role='assistant', text=text),)).sentences


def verdict(text: str) -> str | None:
    kinds = [found[0] for s in sentences(text) if (found := answer_kind(s)) is not None]
    return kinds[-1] if kinds else None


async def test_the_engine_greets_with_the_opening_line_in_the_profiles_voice() -> None:
    engine = DemoEngine(speak=False)
    await engine.connect(CONFIG)
    opening = await anext(engine.events())
    assert isinstance(opening, AssistantUtterance) and opening.text == PROSPECT.opening_line
    assert 'VoltIQ' in engine.reply_to('Let me tell you what we do for clinics like yours.')
    await engine.close()
    assert DemoProspect.for_call(persona_id=PROSPECT_ID, scenario=None, profile=PROSPECT).voice == 'en-us+f3'
    named = PROSPECT.model_copy(update={'voice': PROSPECT.voice.model_copy(update={'per_engine': {'demo': 'en-gb'}})})
    assert DemoProspect.for_call(persona_id=PROSPECT_ID, scenario=None, profile=named).voice == 'en-gb'
    assert DemoProspect.for_call(persona_id='x', scenario=None, profile=BARE).opening == "Sam Lee. What's this about?"


def test_a_good_question_reveals_a_pain_and_a_closed_one_does_not_from_a_guarded_prospect() -> None:
    guarded = demo()  # openness 2
    closed, today, good = talk(
        guarded, 'Is energy a problem for you?', 'What do you use today?', "What's the hardest part of it?"
    )
    assert not any(pain in closed for pain in PROSPECT.pains)
    assert 'facilities team manages HVAC by hand' in today  # the scenario's audience
    assert PROSPECT.pains[0] in good
    assert guarded.revealed == ['situation.today', 'problem.pain_1']


def test_openness_decides_how_much_a_good_question_reveals() -> None:
    first_pain = PROSPECT.pains[0].lower().rstrip('.')
    closed = demo(openness=1).reply('Is energy a problem for you?')
    assert first_pain not in closed.lower()
    earned = demo(openness=1)
    too_soon = earned.reply("What's the hardest part of your week?")  # an open question, but nothing earned yet
    assert first_pain not in too_soon.lower()
    assert first_pain in earned.reply("What's the hardest part of running six sites?").lower()
    open_ = demo(openness=4)
    both = open_.reply('Is energy a problem for you?')  # even a closed question, and two facts at once
    assert first_pain in both.lower() and 'two sites overheat' in both.lower()


def test_a_hidden_need_is_never_volunteered_and_told_only_when_asked_straight_after_some_trust() -> None:
    prospect = demo(openness=5)
    need = 'show the board a sustainability win'
    early = prospect.reply('What matters most to you this year?')
    answers = talk(
        prospect,
        'Tell me about yourself.',
        'What do you use today?',
        "What's the hardest part?",
        'What does that cost you?',
        'Tell me more.',
    )
    assert need not in early and not any(need in answer for answer in answers)
    assert need in prospect.reply('And what matters most to you personally this year?')


def test_an_objection_from_the_profile_is_raised_when_it_fits_and_pushback_decides_how_soon() -> None:
    pitch = 'VoltIQ replaces your maintenance contract checks with live data from every site.'
    quick = demo(pushback=5)
    assert quick.reply(pitch) in PROSPECT.objections  # at the first pitch
    patient = demo(pushback=3)
    first, second = talk(patient, 'We help clinics like yours cut energy costs by a fifth.', pitch)
    assert first not in PROSPECT.objections and second in PROSPECT.objections
    calm = demo(pushback=1)
    answers = talk(
        calm,
        'We help clinics like yours cut energy costs by a fifth.',
        'VoltIQ shows every room on one screen, live.',
        'Clinics like yours see the difference in a month.',
    )
    assert not any(answer in PROSPECT.objections for answer in answers)  # only a turn about its subject raises one
    assert calm.reply(pitch) == PROSPECT.objections[0]  # "...maintenance contract..."


def test_an_ignored_objection_is_noticed_and_one_the_coach_names_reads_as_its_kind() -> None:
    price = PROSPECT.model_copy(update={'objections': ["It's too expensive for six sites."]})
    prospect = demo(price)
    objection, noticed = talk(prospect, 'It costs five hundred dollars a month per site.', 'Who signs contracts?')
    assert objection == "It's too expensive for six sites."
    assert 'the price' in noticed
    [raised] = prospect.raised
    assert raised.ignored == 1 and not raised.handled and raised.objection.kind == 'price'
    custom = demo(pushback=5)
    objection, noticed = talk(custom, 'VoltIQ monitors every room in every clinic, live.', 'How many sites run it?')
    assert custom.raised[0].objection.kind == 'persona' and '"we signed a three-year' in noticed


def test_an_explored_objection_is_handled_with_the_profiles_own_words() -> None:
    price = PROSPECT.model_copy(update={'objections': ["It's too expensive for six sites."]})
    prospect = demo(price)
    _, because = talk(prospect, 'It costs five hundred dollars a month per site.', 'Compared to what?')
    assert 'facilities budget' in because and prospect.raised[0].handled


def test_no_next_step_before_the_bar_of_trust_needed_and_the_step_is_the_one_named() -> None:
    ask = 'Can we book a site survey on Tuesday at 10?'
    one_question = demo(trust_needed=3)
    talk(one_question, 'What do you use today?')
    answer = one_question.reply(ask)
    assert not one_question.agreed and verdict(answer) in ('decline', 'vague')
    went_past = demo(trust_needed=3, pushback=5)
    pitch = 'VoltIQ monitors every room in every clinic, live.'
    talk(went_past, 'What do you use today?', 'What is the hardest part?', pitch, 'How many sites do you run?')
    assert went_past.raised and not went_past.raised[0].handled
    answer = went_past.reply(ask)
    assert not went_past.agreed and verdict(answer) in ('decline', 'vague')
    earned = demo(trust_needed=3)
    talk(earned, 'What do you use today?', 'What is the hardest part?')
    answer = earned.reply('Could we book something next week?')
    assert earned.agreed and verdict(answer) == 'accept' and 'a site survey' in answer  # the profile's next step


def test_the_highest_bar_needs_an_objection_handled_a_reason_and_a_sharp_ask() -> None:
    prospect = demo(trust_needed=5, pushback=5)
    talk(prospect, 'What do you use today?', 'What is the hardest part?')
    early = prospect.reply('Can we book a site survey next week?')
    assert not prospect.agreed and early in PROSPECT.objections  # none raised yet: the early ask raises one
    prospect.reply('What makes you say that?')  # explored
    assert prospect.raised[0].handled
    prospect.reply('We cut energy bills by twenty percent at clinics your size.')  # a reason (and a new objection?)
    for raised in prospect.raised:
        if not raised.handled:
            prospect.reply('Fair point. Tell me more about what worries you there?')
    vague = prospect.reply('Could we meet sometime?')
    assert not prospect.agreed and verdict(vague) != 'accept'
    answer = prospect.reply('Could we book a 30-minute site survey on Tuesday at 10?')
    assert prospect.agreed and verdict(answer) == 'accept', answer


@pytest.mark.parametrize(
    ('level', 'needs'),
    [
        (1, {'discovery': 1}),
        (2, {'discovery': 2}),
        (3, {'discovery': 2, 'went_past_blocks': True}),
        (4, {'discovery': 2, 'went_past_blocks': True, 'objection_raised': True, 'open_blocks': True}),
    ],
)
def test_the_bar_rises_with_trust_needed(level: int, needs: dict[str, object]) -> None:
    bar = bar_of(level, has_objections=True)
    assert {name: getattr(bar, name) for name in needs} == needs
    assert not bar.reason and not bar.sharp_ask
    assert bar_of(5, has_objections=False).objection_raised is False  # nothing to raise: not asked for


PROFILES = {
    'team': PROSPECT,
    'bare': BARE,
    'hard': PROSPECT.model_copy(update={'behaviour': Behaviour(openness=1, pushback=5, trust_needed=5)}),
    'easy': PROSPECT.model_copy(update={'behaviour': Behaviour(openness=5, pushback=1, trust_needed=1)}),
    **{f'fields-of-{key}': profile for key, profile in BUILTIN_PROSPECTS.items()},
}


@pytest.mark.parametrize('spec', [None, SCENARIO, BUILTIN_SCENARIOS['cybersecurity']], ids=['none', 'team', 'builtin'])
@pytest.mark.parametrize('name', list(PROFILES))
def test_no_answer_repeats_over_a_15_turn_call(name: str, spec: object) -> None:
    prospect = DemoProspect.for_call(persona_id=PROSPECT_ID, scenario=None, profile=PROFILES[name], spec=spec)  # type: ignore[arg-type]
    answers = talk(prospect, *CALL)
    assert all(answers) and len(set(answers)) == len(answers), answers


@pytest.mark.parametrize('kind', list(THE_SAME))
@pytest.mark.parametrize('name', ['team', 'hard', 'easy'])
def test_the_same_turn_15_times_gets_15_answers(name: str, kind: str) -> None:
    prospect = demo(PROFILES[name])
    answers = talk(prospect, *[THE_SAME[kind]] * 15)
    assert len(set(answers)) == 15, answers


def test_braces_and_odd_text_in_the_profile_are_said_as_written() -> None:
    odd = PROSPECT.model_copy(
        update={
            'pains': ['Reports in {format} take {hours} hours %s.'],
            'objections': ['We use {vendor} already.'],
            'opening_line': 'Hi {name}!',
            'company': 'Ünïcödé {Co}',
        }
    )
    prospect = demo(odd, openness=3, pushback=5)
    assert prospect.opening == 'Hi {name}!'
    answers = talk(prospect, "What's the hardest part?", 'VoltIQ monitors every room for you, live.')
    assert 'Reports in {format} take {hours} hours %s.' in answers[0]
    assert 'We use {vendor} already.' in answers


@pytest.mark.parametrize('tone', list(LINES))
def test_each_tone_has_every_bank_and_its_lines_read_as_the_coach_reads_them(tone: str) -> None:
    lines = LINES[tone]
    assert set(lines) == set(LINE_BANKS)
    prospect = demo()
    for bank, templates in lines.items():
        for template in templates:
            said = prospect.render(template, figure='40 percent', gist='the price', recap='we track it by hand')
            if bank not in ABOUT_OBJECTIONS:
                for sentence in sentences(said):
                    if not TIME_CHECK.search(sentence.text):
                        assert objection_kind(sentence.text) is None, (tone, said)
            if bank == 'agree':
                assert verdict(prospect.render(template, when='on Tuesday at 10')) == 'accept', (tone, template)
            if bank in ('not_yet', 'no_reason'):
                assert verdict(said) in ('decline', 'vague'), (tone, template)


def test_the_tone_follows_the_knobs() -> None:
    assert tone_of(Behaviour(openness=4, pushback=2)) == 'warm'
    assert tone_of(Behaviour(openness=2, pushback=4)) == 'guarded'
    assert tone_of(Behaviour(openness=1, pushback=5)) == 'brisk'


def test_facts_and_objection_replies_made_from_the_fields_are_no_objections() -> None:
    # Text a team writes is said as written: Jordan's hidden need ("before the busy season") reads as timing.
    for profile in (PROSPECT, BARE):
        prospect = demo(profile)
        script = script_of(profile)
        told = [prospect.render(fact.says) for facts in script.facts.values() for fact in facts]
        told += [prospect.render(reply) for o in script.objections for reply in (o.explored, *o.answered)]
        for line in told:
            kinds = [objection_kind(s.text) for s in sentences(line) if not TIME_CHECK.search(s.text)]
            assert kinds == [None] * len(kinds), (profile.name, line)


# The library scenario, as the demo reads it.


DEFAULT = Scenario(product='it', category='this', area='a', pain='p', situation='s', impact='i', step='a demo')


@pytest.mark.parametrize(('scenario_id', 'preset'), [('saas_crm', 0), ('cybersecurity', 1), ('logistics_analytics', 2)])
def test_a_builtin_scenario_reads_as_its_preset_text_did(scenario_id: str, preset: int) -> None:
    text = scenario_text_of(BUILTIN_SCENARIOS[scenario_id])
    assert read_scenario(text, DEFAULT) == read_scenario(SCENARIO_PRESETS[preset].text, DEFAULT), text


def test_a_builtin_prospect_keeps_its_script_with_a_library_scenario() -> None:
    config = EngineConfig.builtin('friendly_prospect', scenario=BUILTIN_SCENARIOS['saas_crm'])
    prospect = DemoProspect.for_call(
        persona_id=config.prospect_id, scenario=None, profile=config.prospect, spec=config.scenario
    )
    today, pitched = talk(prospect, 'What do you use today?', 'Let me tell you about what we do.')
    assert 'sales team tracks deals in spreadsheets' in today and 'PipelinePro' in pitched
    assert prospect.opening.startswith('Hi, this is Jordan at Brightline Logistics')


@pytest.mark.parametrize('pushback', [1, 3, 5])
def test_a_step_asked_for_before_any_objection_never_names_an_empty_one(pushback: int) -> None:
    """The bar can be unmet for want of discovery, with no objection to name: no line reads 'answered me on .'."""
    prospect = demo(pushback=pushback, trust_needed=5)
    replies = talk(prospect, *['Can we book a demo next week?'] * 6)
    assert not [reply for reply in replies if ' .' in reply or 'on .' in reply or '""' in reply], replies
