"""Cutting a streamed answer into sentences, so each is spoken as soon as it is complete."""

from services.voice.engines.pipeline.sentences import SentenceSplitter


def split(deltas: list[str], max_chars: int = 240) -> list[str]:
    splitter = SentenceSplitter(max_chars)
    sentences = [sentence for delta in deltas for sentence in splitter.feed(delta)]
    rest = splitter.flush()
    return sentences + ([rest] if rest else [])


def test_a_sentence_is_handed_over_once_the_next_word_begins() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed('Sure') == [] and splitter.feed('.') == []
    assert splitter.feed(' Go') == ['Sure.']
    assert splitter.feed(' ahead!') == [] and splitter.flush() == 'Go ahead!'


def test_numbers_abbreviations_and_closing_quotes_do_not_cut_wrongly() -> None:
    deltas = ['It costs 3.5 thousand', ' a year, e.g. for Dr. Patel', '. She said "no."', ' Fine?', ' Yes']
    assert split(deltas) == ['It costs 3.5 thousand a year, e.g. for Dr. Patel.', 'She said "no."', 'Fine?', 'Yes']


def test_a_clause_that_never_ends_is_cut_at_a_comma() -> None:
    words = ['word'] * 30
    text = ' '.join(words[:15]) + ', ' + ' '.join(words[15:])
    first, second = split([text], max_chars=100)
    assert first.endswith(',') and len(first) <= 100 and second.startswith('word')
