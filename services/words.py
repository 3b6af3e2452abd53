"""Words, sentences and questions in a line of text: the plain reading that the metrics, the coach and the demo
prospect share (a question is a sentence that ends with "?")."""

import re

WORD_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
SENTENCE_RE = re.compile(r'[^.!?]+[.!?]*')


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text)


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def sentences_in(text: str) -> list[str]:
    """The sentences of `text` (split after runs of . ! ?) that contain a word, verbatim but stripped."""
    found = (match.group().strip() for match in SENTENCE_RE.finditer(text))
    return [sentence for sentence in found if WORD_RE.search(sentence)]


def questions_in(text: str) -> list[str]:
    return [sentence for sentence in sentences_in(text) if sentence.endswith('?')]


def count_questions(text: str) -> int:
    return len(questions_in(text))
