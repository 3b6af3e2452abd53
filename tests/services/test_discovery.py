"""Discovery: open questions about the prospect's business, follow-ups and what the prospect revealed."""

from services.coaching.discovery import read_discovery
from tests.services.reading_support import turns

REAL_DISCOVERY = (
    ('rep', 'How do you track late deliveries today?'),
    ('prospect', 'Mostly spreadsheets. Three people update them by hand every morning, and it takes hours.'),
    ('rep', 'You said it takes hours. What does that cost you when a customer calls about a late load?'),
    ('prospect', 'We lost a grocery account last quarter because we never warned them. That was a big one.'),
    ('rep', 'Who else would be involved in deciding on a fix, and is there budget this year?'),
    ('prospect', 'Priya, my director, signs anything over ten thousand. We have some budget left this year.'),
)

# The metric-gaming rep: many short, irrelevant, closed questions.
IRRELEVANT = (
    'How many employees do you have?', 'Do you use email?', 'Is your office in Columbus?', 'Do you have a website?',
    'Do you work weekends?', 'Is it an iPhone?', 'Do you have Wi-Fi in the depots?', 'Are you the manager?',
)  # fmt: skip
INTERROGATION = tuple(line for question in IRRELEVANT for line in (('rep', question), ('prospect', 'Yes.')))


def test_real_discovery_covers_the_business_follows_up_and_gets_answers() -> None:
    found = read_discovery(turns(*REAL_DISCOVERY), minutes=3)
    kinds = [q.kind for q in found.questions]
    assert kinds == ['business', 'follow_up', 'follow_up']
    assert set(found.topics) == {'situation', 'problem', 'impact', 'decision'}
    assert found.follow_ups == 2 and found.revealed_words >= 40
    assert found.score >= 0.8


def test_a_stream_of_closed_irrelevant_questions_is_not_discovery() -> None:
    gaming = read_discovery(turns(*INTERROGATION), minutes=3)
    assert gaming.off_topic >= 5 and gaming.closed >= 1
    assert not any(q.open for q in gaming.questions)  # "How many employees" is a closed, quantity question
    assert gaming.score < 0.3
    assert gaming.score < read_discovery(turns(*REAL_DISCOVERY), minutes=3).score / 3


def test_small_talk_is_not_discovery() -> None:
    found = read_discovery(
        turns(
            ('rep', 'How was your weekend?'),
            ('prospect', 'Lovely, we took the kids to the lake and the weather held up all Saturday.'),
            ('rep', 'Did you catch the game on Sunday?'),
            ('prospect', 'I did, what a finish.'),
        ),
        minutes=4,
    )
    assert [q.kind for q in found.questions] == ['small_talk', 'small_talk']
    assert found.score == 0.0


def test_a_question_about_a_problem_or_its_impact_that_names_a_season_or_traffic_is_discovery() -> None:
    found = read_discovery(
        turns(
            ('rep', 'What happens when the sites overheat in summer?'),
            ('prospect', 'Patients complain and we pay for portable units.'),
            ('rep', 'How much traffic does your booking page lose when it is down?'),
            ('prospect', 'A few hundred visits a day.'),
            ('rep', 'How are you doing today?'),  # situation words alone: still small talk
            ('prospect', 'Fine.'),
            ('rep', 'Do you have anything fun planned for the summer?'),
        ),
        minutes=3,
    )
    assert [q.kind for q in found.questions] == ['business', 'business', 'small_talk', 'small_talk']


def test_asks_and_check_ins_are_neither_discovery_nor_noise() -> None:
    found = read_discovery(
        turns(('rep', 'Does that make sense?'), ('prospect', 'Sure.'), ('rep', 'Could we book a demo on Friday?')),
        minutes=3,
    )
    assert [q.kind for q in found.questions] == ['check_in', 'ask']
    assert found.small_talk == found.off_topic == 0
