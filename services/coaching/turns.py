"""A call as turns and sentences, the unit the selling rules read, and verbatim quotes cut from it.

A turn is a run of consecutive lines by one speaker. A sentence keeps the line it came from, so that every quote a
rule cites is a verbatim piece of one transcript line (the report's promise: every judgement quotes what was said).
"""

import re
from dataclasses import dataclass

from services.transcript import Role, TranscriptMessage
from services.words import WORD_RE, count_words, questions_in, sentences_in

QUOTE_MAX_WORDS = 30
# Words that carry no topic: shared by any two lines, so they prove no link between them.
_STOPWORDS = """
    about above after again against also always among another anything anyway around because been before being
    below between both cannot could didn does doing done down during each either else enough even ever every
    from further getting going gonna have having here hers herself himself into itself just know like little
    made make makes many maybe might more most much must myself need needs never next none okay only other
    ought ours ourselves over really right same says seem seems should since some something sure than thank
    thanks that thats their theirs them themselves then there these they thing things think this those though
    through thus today told totally under until very want wanted wants well were what whatever when where
    whether which while will with within without would yeah year years your yours yourself yourselves
    actually basically literally sort kind mean great good sounds look looks call calls talk talking said
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    line: TranscriptMessage

    @property
    def at(self) -> float | None:
        return self.line.timestamp

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True, slots=True)
class Turn:
    index: int
    role: Role
    lines: tuple[TranscriptMessage, ...]

    @property
    def text(self) -> str:
        return ' '.join(line.text.strip() for line in self.lines)

    @property
    def start(self) -> float | None:
        return self.lines[0].timestamp

    @property
    def end(self) -> float | None:
        return self.lines[-1].end

    @property
    def words(self) -> int:
        return sum(count_words(line.text) for line in self.lines)

    @property
    def sentences(self) -> list[Sentence]:
        return [Sentence(text, line) for line in self.lines for text in sentences_in(line.text)]

    @property
    def questions(self) -> list[Sentence]:
        return [Sentence(text, line) for line in self.lines for text in questions_in(line.text)]


def turns_of(messages: list[TranscriptMessage]) -> list[Turn]:
    """The call's turns, in order (lines without words are left out)."""
    turns: list[Turn] = []
    run: list[TranscriptMessage] = []
    for message in messages:
        if not WORD_RE.search(message.text):
            continue
        if run and message.role != run[-1].role:
            turns.append(Turn(len(turns), run[-1].role, tuple(run)))
            run = []
        run.append(message)
    if run:
        turns.append(Turn(len(turns), run[-1].role, tuple(run)))
    return turns


def next_turn(turns: list[Turn], turn: Turn, role: Role) -> Turn | None:
    """The first turn by `role` after `turn`, when it comes before `role` is answered again by the other side."""
    for later in turns[turn.index + 1 :]:
        if later.role == role:
            return later
    return None


def content_words(text: str) -> set[str]:
    """The words of `text` that carry its topic, crudely stemmed so that 'failed' meets 'fail' and 'systems'."""
    return {_stem(word) for word in WORD_RE.findall(text.lower()) if len(word) >= 4 and word not in STOPWORDS}


def shares_topic(text: str, other: str) -> bool:
    return bool(content_words(text) & content_words(other))


def quote(sentence: Sentence, match: re.Match[str] | None = None, max_words: int = QUOTE_MAX_WORDS) -> str:
    """A verbatim piece of the sentence's line of at most `max_words` words: the sentence, or, when it is longer
    (unpunctuated speech is one long sentence), the words around `match` (a match in `sentence.text`)."""
    text = sentence.text
    tokens = list(WORD_RE.finditer(text))
    if len(tokens) <= max_words:
        return text
    if match is None:
        first = 0
    else:
        hit = next((i for i, token in enumerate(tokens) if token.end() > match.start()), 0)
        first = max(0, min(hit - max_words // 3, len(tokens) - max_words))
    last = first + max_words - 1
    return text[tokens[first].start() : tokens[last].end()]


def _stem(word: str) -> str:
    for suffix in ('ing', 'ed', 'es', 's'):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith('e') and len(word) > 4 else word
