"""How a call ended, read from what was said: agreed with a date, accepted, vague, declined or never asked."""

import pytest

from services.coaching.discovery import read_discovery
from services.coaching.outcome import read_outcome
from services.coaching.respect import read_respect
from services.library.prompt import CLOSING_LINES
from tests.services.reading_support import turns


@pytest.mark.parametrize(
    ('ask', 'answer'),
    [
        # a dated step in any words: no "meeting" or "calendar" needed
        ('Does Thursday at two work for you and Priya?', 'Thursday at two works. I will bring her.'),
        ("I'll send you an invite for Tuesday at 10 with the plant managers.", 'Great, see you then.'),
        ('Would Dana have twenty minutes this week?', "Thursday at eight thirty. I'll copy her on a note now."),
        ('Would Tuesday the 18th at 9am work?', 'Tuesday the 18th. Nine works, but make it an hour, not ninety.'),
        ('could we get the team together on the 14th at 10am', 'yeah that could work'),
    ],
)
def test_a_dated_step_the_prospect_accepts_is_agreed_whatever_the_words(ask: str, answer: str) -> None:
    outcome = read_outcome(turns(('rep', ask), ('prospect', answer)))
    assert (outcome.kind, outcome.dated) == ('agreed', True)
    assert outcome.ask is not None and outcome.ask.quote in ask
    assert outcome.answer is not None and outcome.answer.quote in answer


def test_a_prospect_who_proposes_the_date_agrees() -> None:
    outcome = read_outcome(
        turns(('rep', 'Would a short demo make sense?'), ('prospect', 'Sure. Send me an invite for Tuesday morning.'))
    )
    assert outcome.kind == 'agreed'


def test_the_issues_declined_ask_earns_no_next_step() -> None:
    # "So can we book a demo for tomorrow?" - "I don't think this is a fit" was scored 5/5 on next step.
    outcome = read_outcome(
        turns(
            ('rep', 'Our platform cuts costs by forty percent and I can offer you 50 percent off this month.'),
            ('prospect', 'Hm.'),
            ('rep', 'So can we book a demo for tomorrow?'),
            ('prospect', "I don't think this is a fit."),
        )
    )
    assert outcome.kind == 'declined' and outcome.dated is False
    assert outcome.answer is not None and outcome.answer.quote == "I don't think this is a fit."


@pytest.mark.parametrize(
    ('ask', 'answer', 'kind'),
    [
        ('Could we set up a call next week?', 'Just send me some information first.', 'vague'),
        ('Would you be open to a demo?', 'Sure.', 'accepted'),
        ('Would you be open to a demo?', 'No thanks, we are all set.', 'declined'),
        ("I'm putting Thursday at 2pm in your calendar right now.", 'No. I have to go.', 'declined'),
        # information and a later call are not a step, even when the prospect says yes to them
        ("I'll send you an email with some information and call you in January.", 'Sounds good.', 'vague'),
        # passing it on to a colleague is not passing on the deal
        ('Would it help if I set up a call with your IT lead?', "Send the proposal and I'll pass it on.", 'vague'),
    ],
)
def test_vague_accepted_and_declined_steps(ask: str, answer: str, kind: str) -> None:
    assert read_outcome(turns(('rep', ask), ('prospect', answer))).kind == kind


def test_a_keyword_is_not_an_ask() -> None:
    # "calendar" anywhere used to count as a next step.
    outcome = read_outcome(
        turns(('rep', 'Do you use a shared calendar?'), ('prospect', 'Yes, Outlook.'), ('rep', 'Thanks, bye.'))
    )
    assert outcome.kind == 'none' and outcome.asks == 0


def test_an_agreement_stands_unless_the_prospect_declines_after_it() -> None:
    agreed = (('rep', 'Does Monday at nine work?'), ('prospect', 'Monday at nine works.'))
    recap = (('rep', "I'll send the invite today with the agenda."), ('prospect', 'Fine.'))
    assert read_outcome(turns(*agreed, *recap)).kind == 'agreed'
    taken_back = (('rep', 'Could I also book a call with your CFO?'), ('prospect', "No. Actually we'll pass."))
    assert read_outcome(turns(*agreed, *taken_back)).kind == 'declined'


def test_without_an_answered_ask_the_last_words_say_how_it_ended() -> None:
    brushed_off = turns(('rep', 'Thanks for your time today.'), ('prospect', 'Send me a proposal. Goodbye.'))
    assert read_outcome(brushed_off).kind == 'vague'
    cut_short = turns(('rep', 'And we were founded in 1998 by'), ('prospect', 'I have to go.'))
    assert read_outcome(cut_short).kind == 'declined'
    # an ordinary "maybe" in an answer is no brush-off
    answered = turns(('rep', 'How many deals slip a quarter?'), ('prospect', 'Maybe two or three. That adds up.'))
    assert read_outcome(answered).kind == 'none'


def test_unpunctuated_speech_is_read_too() -> None:
    outcome = read_outcome(
        turns(
            ('rep', 'um would monday work for her i could do monday at nine or uh tuesday afternoon'),
            ('prospect', "monday at nine i'll tell her you're calling"),
        )
    )
    assert outcome.kind == 'agreed'


def test_having_a_look_at_information_is_no_yes() -> None:
    # "I'll have a ..." counted as accepting: "send me some information and I'll have a look" is a brush-off.
    outcome = read_outcome(
        turns(
            ('rep', 'Could we set up a thirty minute demo next week?'),
            ('prospect', "Send me some information and I'll have a look."),
        )
    )
    assert outcome.kind == 'vague'


@pytest.mark.parametrize('closing', sorted(CLOSING_LINES.values()))
def test_the_prospects_last_line_at_a_time_limit_changes_no_outcome(closing: str) -> None:
    """The line a prospect says when the scenario's time is up neither agrees, declines nor brushes off."""
    agreed = turns(
        ('rep', 'Could we book thirty minutes on Tuesday at ten?'),
        ('prospect', 'Tuesday at ten works.'),
        ('prospect', closing),
    )
    assert read_outcome(agreed).kind == 'agreed'
    never_asked = turns(('rep', 'What do you use today?'), ('prospect', 'Spreadsheets.'), ('prospect', closing))
    assert read_outcome(never_asked).kind == 'none'
    respect = read_respect(never_asked + turns(('rep', 'One more question?')), read_discovery(never_asked, minutes=3))
    assert respect.no_ignored == []  # talking on after it is no "no" ignored
