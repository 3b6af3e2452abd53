"""Questions with or without a question mark: offline recognition writes none, so its lines are read by their
words (services/words.py)."""

import pytest

from services.words import questions_in


@pytest.mark.parametrize(
    ('line', 'questions'),
    [
        # the spoken opener: two questions joined by "and"
        (
            'what does your process look like and who else is involved',
            ['what does your process look like', 'and who else is involved'],
        ),
        ('do you use a CRM today', ['do you use a CRM today']),
        ('could we book thirty minutes on thursday', ['could we book thirty minutes on thursday']),
        ('is there anyone else who signs off', ['is there anyone else who signs off']),
        ('so um how many people are on the team', ['so um how many people are on the team']),
        ('I was wondering whether you have a budget for this', ['I was wondering whether you have a budget for this']),
        ('walk me through the last audit', ['walk me through the last audit']),
        ('that works for you right', ['that works for you right']),
        ("So the main issue is late deliveries, isn't it", ['So the main issue is late deliveries']),
        ('Right, so what do you use today', ['so what do you use today']),
        ('we track it in spreadsheets and who checks them', ['and who checks them']),
        ('and do you have budget or is it next year', ['and do you have budget or is it next year']),
        # a hesitation starts a new clause when a question follows it, as speakers pause before asking
        (
            "okay that's fair and i don't want to add to it uh can i ask what the reorg is changing",
            ['uh can i ask what the reorg is changing'],
        ),
        ('eleven um sorry is that across the whole network', ['um sorry is that across the whole network']),
        ('we tried um what we could', []),
    ],
)
def test_an_unpunctuated_question_is_read_by_its_words(line: str, questions: list[str]) -> None:
    assert questions_in(line) == questions


@pytest.mark.parametrize(
    'line',
    [
        'what we do is help teams stop losing deliveries',  # a question word before a subject: a statement
        'how you see it matters more than the price',
        'when we spoke last week you mentioned audits',
        'we have a tool like this and it looks like a fit',
        'I hear you and I understand that it is expensive',
        'okay right',  # a reply, not a tag question
        'Tell me about your team.',  # punctuated: trusted as written
        'Do you know what, that is fine.',
    ],
)
def test_statements_are_not_questions(line: str) -> None:
    assert questions_in(line) == []


def test_punctuation_is_trusted_when_there_is_some() -> None:
    assert questions_in('What does your process look like and who else is involved?') == [
        'What does your process look like and who else is involved?'
    ]
    assert questions_in('Great. How many seats? We help teams like yours.') == ['How many seats?']
