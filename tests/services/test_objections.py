"""The prospect's objections, and whether the rep explored, answered, ignored, argued with or discounted each."""

import pytest

from services.coaching.objections import objections_score, read_objections
from tests.services.reading_support import turns


@pytest.mark.parametrize(
    ('reply', 'handling'),
    [
        ("That's fair. Compared to what?", 'explored'),
        ('I hear you. What did their quote include?', 'explored'),
        ('Our price covers an engineer and a one-week rollout; the savings repay it in a quarter.', 'answered'),
        # a question that changes the subject is not exploring
        ('How many trucks do you run?', 'ignored'),
        ("That's just not true, we are the best value on the market.", 'argued'),
        ('I can give you 20 percent off if you sign this month.', 'discounted'),
        ('Okay, I will knock fifteen percent off then.', 'discounted'),
    ],
)
def test_how_the_rep_met_a_price_objection(reply: str, handling: str) -> None:
    found = read_objections(
        turns(('prospect', "It's too expensive. Your competitor quoted us 30% less."), ('rep', reply))
    )
    assert [(o.kind, o.handling) for o in found] == [('price', handling)]
    assert found[0].said.quote == "It's too expensive."
    assert found[0].reply is not None and found[0].reply.quote in reply


@pytest.mark.parametrize(
    'line',
    [
        'The most expensive mistake we made was hiring too fast.',  # a story, not an objection
        'What does it cost for a team of forty?',  # a buying question
        'I have two minutes. What is this about?',  # a busy prospect's prompt: the answer is a crisp reason
        'Our budget for next year closes in six weeks.',  # information about timing, not "come back next year"
        'Pretty much. He starts at five every morning.',
    ],
)
def test_a_word_alone_is_not_an_objection(line: str) -> None:
    assert read_objections(turns(('prospect', line), ('rep', 'Tell me more about that.'))) == []


@pytest.mark.parametrize(
    ('line', 'kind'),
    [
        ("We already have a system that mostly works; I'm not sure it's worth the switch.", 'status_quo'),
        ("I'd need to run this by Priya before anything happens.", 'authority'),
        ("Now's a busy season for us, can this wait until next quarter?", 'timing'),
        ('We tried something like this two years ago and it failed.', 'doubt'),
        ("That's not a priority for us this year.", 'priority'),
        ('Just email me something.', 'brush_off'),
        ('Send me a proposal and I will look at it.', 'brush_off'),
    ],
)
def test_objections_are_read_in_the_shapes_people_say_them(line: str, kind: str) -> None:
    found = read_objections(turns(('prospect', line), ('rep', 'Okay.'), ('prospect', 'Yes.'), ('rep', 'Right.')))
    assert [o.kind for o in found] == [kind]


def test_a_personas_own_objection_counts_when_most_of_it_is_said() -> None:
    found = read_objections(
        turns(('prospect', 'Honestly the board froze all new vendors this spring.'), ('rep', 'Which vendors?')),
        persona_objections=('Our board has frozen all new vendors.',),
    )
    assert [o.kind for o in found] == ['persona']


def test_taking_a_brush_off_is_not_exploring_it() -> None:
    found = read_objections(turns(('prospect', 'Send me some information.'), ('rep', "What's a good email for you?")))
    assert found[0].handling == 'ignored'


def test_the_prospects_answer_to_a_probe_is_not_a_new_objection() -> None:
    found = read_objections(
        turns(
            ('prospect', "It's a busy season for us, can this wait until next quarter?"),
            ('rep', 'I get that. Can I ask what makes it busy right now?'),
            ('prospect', "Holiday volume. We're running extra routes and everyone's stretched."),
            ('rep', 'And when does that ease off?'),
        )
    )
    assert [(o.kind, o.handling) for o in found] == [('timing', 'explored')]


def test_a_bare_okay_is_read_with_the_reps_next_turn() -> None:
    found = read_objections(
        turns(
            ('prospect', 'We already have a tool for that.'),
            ('rep', 'Okay.'),
            ('prospect', 'Yes.'),
            ('rep', 'What does your current tool not do that you wish it did?'),
        )
    )
    assert found[0].handling == 'explored'


def test_an_objection_the_call_ends_on_is_the_outcomes() -> None:
    assert read_objections(turns(('rep', 'Can we meet Tuesday?'), ('prospect', 'Not interested. Goodbye.'))) == []


def test_the_objections_part_is_the_mean_credit() -> None:
    found = read_objections(
        turns(
            ('prospect', "It's too expensive."),
            ('rep', 'Compared to what?'),
            ('prospect', 'We already have a system.'),
            ('rep', 'I can give you 50 percent off.'),
        )
    )
    assert [o.handling for o in found] == ['explored', 'discounted']
    assert objections_score(found) == 0.5
    assert objections_score([]) is None
