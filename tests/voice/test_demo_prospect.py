"""The demo prospect listens: no answer twice, the rep's scenario in its answers, what it revealed remembered, its
objections raised when they fit and noticed when ignored, and a next step only when its persona's bar is met."""

import pytest

from services.coaching.objections import objection_kind
from services.coaching.outcome import answer_kind
from services.coaching.turns import Turn
from services.personas import PERSONAS, SCENARIO_PRESETS
from services.transcript import TranscriptMessage
from services.voice.demo_prospect import DemoProspect

PRESETS = {preset.id: preset.text for preset in SCENARIO_PRESETS}
CRM = PRESETS['saas_crm']
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


def prospect(persona: str, scenario: str | None = CRM) -> DemoProspect:
    return DemoProspect.for_call(persona_id=persona, scenario=scenario)


def talk(prospect: DemoProspect, *turns: str) -> list[str]:
    return [prospect.reply(turn) for turn in turns]


def verdict(text: str) -> str | None:
    """How the coach reads a prospect's line as an answer to an ask (its last sentence that answers decides)."""
    said = Turn(0, 'assistant', (TranscriptMessage(role='assistant', text=text),))
    kinds = [found[0] for s in said.sentences if (found := answer_kind(s)) is not None]
    return kinds[-1] if kinds else None


def objection_in(text: str) -> str | None:
    said = Turn(0, 'assistant', (TranscriptMessage(role='assistant', text=text),))
    return next((found[0] for s in said.sentences if (found := objection_kind(s.text)) is not None), None)


# No answer twice.


@pytest.mark.parametrize('scenario', [None, *PRESETS.values(), 'Managed security'])
@pytest.mark.parametrize('persona', list(PERSONAS))
def test_no_answer_repeats_over_a_15_turn_call(persona: str, scenario: str | None) -> None:
    answers = talk(prospect(persona, scenario), *CALL)
    assert len(CALL) == 15
    assert len(set(answers)) == len(answers), answers
    assert all(answers)


@pytest.mark.parametrize('kind', list(THE_SAME))
@pytest.mark.parametrize('persona', list(PERSONAS))
def test_the_same_turn_15_times_gets_15_answers(persona: str, kind: str) -> None:
    demo = prospect(persona)
    answers = talk(demo, *[THE_SAME[kind]] * 15)
    assert len(set(answers)) == 15, answers
    assert demo.opening not in answers


# The rep's scenario.


@pytest.mark.parametrize(
    ('preset', 'product', 'situation', 'pain'),
    [
        ('saas_crm', 'PipelinePro', 'sales team tracks deals in spreadsheets', 'follow-ups and forecasting'),
        ('cybersecurity', 'ShieldOps', 'small IT team and no 24/7 security cover', 'alerts at night'),
        ('logistics_analytics', 'RouteWise', 'our own delivery fleet', 'late deliveries and fuel costs'),
    ],
)
@pytest.mark.parametrize('persona', list(PERSONAS))
def test_answers_use_the_scenarios_words(persona: str, preset: str, product: str, situation: str, pain: str) -> None:
    what_today, what_hurts, pitched = talk(
        prospect(persona, PRESETS[preset]),
        'What do you use today?',
        "What's the biggest problem with that?",
        'Let me tell you about what we do.',
    )
    assert situation in what_today
    assert pain in what_hurts
    assert product in pitched


@pytest.mark.parametrize('persona', list(PERSONAS))
def test_a_free_text_scenario_is_what_the_prospect_talks_about(persona: str) -> None:
    """'Managed security' once got answers about an ERP and supplier audits."""
    answers = talk(
        prospect(persona, 'Managed security'),
        'What do you use today?',
        "What's the biggest problem?",
        'What does that cost you?',
        'Let me tell you what we do.',
    )
    said = ' '.join(answers)
    assert 'security' in said and 'alerts' in said
    assert 'ERP' not in said and 'supplier' not in said
    assert 'your managed security' in answers[-1].lower()


def test_the_next_step_is_the_scenarios_goal() -> None:
    demo = prospect('friendly_prospect', PRESETS['logistics_analytics'])
    talk(demo, 'What do you use today?', "What's the biggest problem?")
    assert 'a two-week pilot' in demo.reply('Could we put something in the calendar for next week?')


# What it revealed.


@pytest.mark.parametrize(
    ('persona', 'fact'),
    [('friendly_prospect', 'twelve'), ('skeptical_buyer', 'six'), ('busy_executive', 'two thousand')],
)
def test_asking_the_same_thing_twice_gets_an_answer_that_refers_back(persona: str, fact: str) -> None:
    demo = prospect(persona)
    first, second = talk(demo, 'How big is your team?', 'Sorry, how big is your team again?')
    assert fact in first.lower() and fact in second.lower()
    assert second != first
    assert any(words in second for words in ('Like I said', 'I told you', 'I told you.', 'Same answer'))
    assert demo.revealed == ['situation.team']


def test_what_was_revealed_is_tracked_and_each_question_reveals_what_it_asks() -> None:
    demo = prospect('friendly_prospect')
    talk(
        demo,
        'What do you use today?',
        'Who decides on a purchase like this?',
        "What's the hardest part?",
        'What does that cost you in hours?',
        'And what is the budget?',
    )
    assert demo.revealed == [
        'situation.today',
        'decision.who',
        'problem.pain',
        'impact.hours',
        'decision.budget',
    ]


def test_a_follow_up_goes_deeper_on_the_same_topic() -> None:
    demo = prospect('friendly_prospect')
    pain, more = talk(demo, "What's the hardest part of your week?", 'Tell me more about that.')
    assert 'manual follow-ups and forecasting' in pain
    assert 'customer called three times' in more
    assert demo.revealed == ['problem.pain', 'problem.story']


# Objections.


def test_an_objection_is_raised_when_it_fits() -> None:
    skeptic = prospect('skeptical_buyer')
    assert objection_in(skeptic.reply('What do you use today?')) is None  # a question gets an answer
    assert objection_in(skeptic.reply('It is two thousand dollars a month for all three plants.')) == 'price'
    assert objection_in(prospect('skeptical_buyer').reply('We can have it set up in two weeks.')) == 'timing'
    assert objection_in(prospect('skeptical_buyer').reply('Our customers see great results every month.')) == 'doubt'
    executive = prospect('busy_executive')
    assert objection_in(executive.reply('PipelinePro is a CRM with many features.')) == 'priority'
    friendly = prospect('friendly_prospect')
    assert objection_in(friendly.reply('You could replace your spreadsheets with PipelinePro.')) == 'status_quo'


def test_a_reason_for_the_call_is_no_pitch_the_busy_executive_objects_to() -> None:
    executive = prospect('busy_executive')
    answer = executive.reply('We cut missed follow-ups in half for clinic networks like yours.')
    assert objection_in(answer) is None
    assert executive.reason_given


@pytest.mark.parametrize(
    ('persona', 'pitch', 'gist'),
    [
        (
            'friendly_prospect',
            'PipelinePro can replace the spreadsheets you use today.',
            "whether it's worth the switch",
        ),
        ('skeptical_buyer', 'It is two thousand dollars a month.', 'the price'),
        ('busy_executive', 'PipelinePro is a CRM with many features.', 'our priorities'),
    ],
)
def test_an_ignored_objection_is_noticed(persona: str, pitch: str, gist: str) -> None:
    demo = prospect(persona)
    objection, noticed = talk(demo, pitch, 'By the way, who signs the contracts there?')
    assert objection_in(objection) is not None
    assert gist in noticed
    [raised] = demo.raised
    assert raised.ignored == 1 and not raised.handled


def test_an_objection_that_is_explored_or_answered_is_handled() -> None:
    explored = prospect('skeptical_buyer')
    _, because = talk(explored, 'It is two thousand dollars a month.', 'Compared to what?')
    assert 'quote' in because
    assert explored.raised[0].handled
    answered = prospect('skeptical_buyer')
    _, ack = talk(
        answered,
        'It is two thousand dollars a month.',
        'Fair point. The price includes support and training, and it pays for itself within six months.',
    )
    assert answered.raised[0].handled
    assert objection_in(ack) is None


# The next step.


def test_the_busy_executive_does_not_agree_after_two_questions_and_an_ignored_objection() -> None:
    executive = prospect('busy_executive')
    answers = talk(
        executive,
        'What are your priorities this year?',
        'Who runs operations?',
        'PipelinePro is a CRM with dashboards and reports.',  # "That's not a priority for us this year."
        'Can we book a meeting with Dana on Tuesday at 10?',  # goes straight past it
    )
    assert objection_in(answers[2]) == 'priority'
    assert not executive.agreed
    assert verdict(answers[3]) == 'decline'


def test_the_busy_executive_does_not_agree_when_the_objection_was_ignored_earlier() -> None:
    executive = prospect('busy_executive')
    talk(
        executive,
        'What are your priorities this year?',
        'PipelinePro is a CRM with dashboards and reports.',
        'Who runs operations?',  # changes the subject
    )
    answer = executive.reply('Could we get 20 minutes with Dana on Tuesday at 10?')
    assert not executive.agreed
    assert verdict(answer) == 'decline' and 'our priorities' in answer


def test_the_busy_executive_agrees_after_a_clear_reason_and_a_sharp_ask() -> None:
    executive = prospect('busy_executive')
    talk(executive, 'Alex, in one line: we cut no-shows by 20 percent at clinic networks like yours.')
    answer = executive.reply('Could we get 20 minutes with Dana on Tuesday at 10?')
    assert executive.agreed
    assert verdict(answer) == 'accept' and 'Dana' in answer and 'Tuesday at 10' in answer


def test_the_busy_executive_wants_both_the_reason_and_the_sharp_ask() -> None:
    no_reason = prospect('busy_executive')
    answer = no_reason.reply('Could we get 20 minutes with Dana on Tuesday at 10?')
    assert not no_reason.agreed and verdict(answer) in ('decline', 'vague')
    vague = prospect('busy_executive')
    vague.reply('We cut no-shows by 20 percent at clinic networks like yours.')
    answer = vague.reply('Would you be open to a chat sometime?')
    assert not vague.agreed and 'specific' in answer
    assert vague.reply('Could we book 20 minutes with Dana next Tuesday at 10?').startswith('Fine.')
    assert vague.agreed


def test_the_skeptical_buyer_agrees_only_after_its_objection_is_handled() -> None:
    skeptic = prospect('skeptical_buyer')
    talk(skeptic, 'What do you use today?', 'What goes wrong with that?')
    early = skeptic.reply('Can we book a demo on Thursday at 2?')
    assert objection_in(early) == 'brush_off'  # "Send me a proposal and I'll look at it."
    assert not skeptic.agreed
    still_open = skeptic.reply('Can we book a demo on Thursday at 2?')  # the proposal, ignored
    assert not skeptic.agreed and verdict(still_open) == 'decline'
    skeptic.reply('What would you need to see in that proposal to take a meeting?')  # explored
    answer = skeptic.reply('Could we set up a 30-minute demo with your plant managers on Thursday at 2?')
    assert skeptic.agreed and verdict(answer) == 'accept'


@pytest.mark.parametrize(
    'reply',
    [
        'We can knock 20 percent off the price.',  # a discount
        "That's not true, we are cheaper in the long run.",  # an argument
        'Anyway, how many plants do you have?',  # the subject changed
    ],
)
def test_the_skeptical_buyer_says_no_while_its_objection_is_not_handled(reply: str) -> None:
    skeptic = prospect('skeptical_buyer')
    talk(skeptic, 'What do you use today?', 'It is two thousand dollars a month.', reply)
    answer = skeptic.reply('Can we book a demo on Thursday at 2?')
    assert not skeptic.agreed
    assert verdict(answer) == 'decline' and 'the price' in answer


def test_the_friendly_prospect_agrees_after_discovery() -> None:
    friendly = prospect('friendly_prospect')
    hasty = friendly.reply('Can we book a demo next week?')
    assert not friendly.agreed and verdict(hasty) == 'vague'
    talk(friendly, 'What do you use today?', 'What frustrates your team most about it?')
    answer = friendly.reply('Can we book a demo next week?')
    assert friendly.agreed and verdict(answer) == 'accept'
    again = friendly.reply('So we are booked for next week?')
    assert again != answer and friendly.agreed


def test_spoken_turns_without_punctuation_are_read_too() -> None:
    """Offline recognition writes lower case without punctuation."""
    skeptic = prospect('skeptical_buyer')
    greeting, today, problem = talk(
        skeptic,
        'hi morgan this is sam from pipelinepro do you have a minute',
        'so how do you track deals today',
        'um what goes wrong with that',
    )
    assert objection_in(greeting) is None
    assert 'spreadsheets' in today
    assert 'follow-ups and forecasting' in problem


def test_without_a_scenario_the_prospect_learns_what_the_rep_sells() -> None:
    demo = prospect('skeptical_buyer', None)
    demo.reply('We sell RouteWise, analytics that cut late deliveries and fuel costs.')
    assert 'late deliveries and fuel costs' in demo.reply("What's the biggest problem for you?")


@pytest.mark.parametrize(
    'scenario',
    ['We sell {widgets} to {you}', 'Ünïcödé 🚀 software für Kliniken', 'a' * 2000, '%s %(x)s {0} {!r}'],
)
@pytest.mark.parametrize('turn', ['{product}?', 'What do you use today?', 'Let me tell you about {0} and %s.', ''])
def test_odd_text_is_answered_and_never_breaks_the_prospect(scenario: str, turn: str) -> None:
    demo = prospect('busy_executive', scenario)
    answers = talk(demo, turn, turn, 'What does that cost you?', 'Can we book 20 minutes on Tuesday at 10?')
    assert all(answers) and len(set(answers)) == len(answers)
