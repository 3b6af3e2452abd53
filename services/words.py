"""Words, sentences and questions in a line of text: the plain reading that the metrics, the coach and the demo
prospect share.

A question is a sentence that ends with "?"; a sentence that ends with "." or "!" is not one. Speech recognised
offline has no punctuation at all, so a sentence without an ending is read by its words instead: it is split into
clauses at commas and at "and / but / so / also" or a hesitation ("um", "uh") that start a new question, and a
clause is a question when it opens (after lead-ins such as "so", "um" or "sorry") with
- a question word not followed by a subject ("what do you use", "who else is involved"; but "what we do is...",
  "how you see it" are statements),
- an auxiliary before its subject ("do you", "could we", "is there", "have you", "would the team"),
- a request for an answer ("I was wondering whether", "I'm curious how", "tell me about", "walk me through",
  "help me understand"),
or ends with a tag ("..., right", "isn't it", "don't you").
"""

import re

WORD_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
SENTENCE_RE = re.compile(r'[^.!?]+[.!?]*')

LEAD_INS = ('so', 'and', 'but', 'okay', 'ok', 'well', 'right', 'then', 'now', 'also', 'or')
# What a rep says before a question without a comma in between ("hi morgan what...", "i hear you could we...").
ACKNOWLEDGEMENTS = (
    'hi', 'hello', 'hey', 'thanks', 'thank you', 'great', 'perfect', 'sure', 'yeah', 'yes', 'got it', 'i see',
    'i hear you', 'understood', 'fair enough', 'that makes sense', 'makes sense', 'interesting', 'sorry', 'oh',
)  # fmt: skip
GREETINGS = ('hi', 'hello', 'hey')
HESITATIONS = ('um', 'umm', 'uh', 'uhh', 'er', 'erm', 'ah', 'hmm')
QUESTION_WORDS = ('what', 'why', 'how', 'who', 'when', 'where', 'which', 'whose', 'whom')
AUXILIARIES = (
    'do', 'does', 'did', 'is', 'are', 'was', 'were', 'am', 'can', 'could', 'would', 'will', 'should', 'shall',
    'may', 'might', 'have', 'has', 'had', "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
    "can't", "couldn't", "wouldn't", "won't", "shouldn't", "haven't", "hasn't",
)  # fmt: skip
SUBJECTS = (
    'i', 'we', 'you', 'they', 'he', 'she', 'it', 'there', 'this', 'that', 'these', 'those', 'your', 'our', 'their',
    'the', 'a', 'an', 'any', 'anyone', 'anybody', 'someone', 'somebody', 'everyone', 'everybody', 'one', 'all',
)  # fmt: skip
PRONOUNS = ('i', 'we', 'you', 'they', 'he', 'she', "we're", "you're", "they're", "i'm", "we've", "you've")
REQUESTS = (
    'i was wondering', "i'm wondering", 'i am wondering', "i'm curious", 'i am curious', "i'd love to know",
    "i'd love to hear", "i'd love to understand", 'tell me', 'walk me through', 'help me understand',
)  # fmt: skip
MIN_TAGGED_WORDS = 4  # "okay right", "yeah right" are replies, not questions
TAGS = ('right', 'correct', "isn't it", "don't you", "aren't you", "doesn't it", "wouldn't it", "won't you")


def _words(options: tuple[str, ...]) -> str:
    return '|'.join(option.replace(' ', r'\s+') for option in options)


# ASCII like WORD_RE: under Unicode case folding "o\u212a" (Kelvin sign) would read as the lead-in "ok".
_FLAGS = re.IGNORECASE | re.ASCII
# Lead-ins before the words that make a question: "so", "um", "thanks", "hi morgan" (a greeting and a name).
LEAD_IN = (
    rf'^\W*(?:(?:(?:{_words(GREETINGS)})(?:\W+[a-z]+)?|{_words(LEAD_INS + HESITATIONS + ACKNOWLEDGEMENTS)})\b\W*)*'
)
_ASKS = re.compile(
    rf'{LEAD_IN}(?:(?:{_words(QUESTION_WORDS)})\b(?!\W+(?:{_words(PRONOUNS)})\b)'
    rf'|(?:{_words(AUXILIARIES)})\W+(?:{_words(SUBJECTS)})\b'
    rf'|(?:{_words(REQUESTS)})\b)',
    _FLAGS,
)
_ONLY_LEAD_INS = re.compile(rf'{LEAD_IN}$', _FLAGS)
_TAGGED = re.compile(rf'\b(?:{_words(TAGS)})\W*$', _FLAGS)
# Where a new clause starts in unpunctuated speech: at a comma, or at a joining word or a hesitation that a question
# follows, perhaps after more lead-ins ("...add to it uh can i ask", "...network um sorry is that").
_JOINERS = ('and', 'but', 'so', 'also', *HESITATIONS)
_CLAUSES = re.compile(
    rf',|\s(?=(?:{_words(_JOINERS)})\s+(?:(?:{_words(LEAD_INS + HESITATIONS + ("sorry", "oh"))})\s+)*'
    rf'(?:{_words(QUESTION_WORDS + AUXILIARIES)})\b)',
    _FLAGS,
)


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text)


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def sentences_in(text: str) -> list[str]:
    """The sentences of `text` (split after runs of . ! ?) that contain a word, verbatim but stripped."""
    found = (match.group().strip() for match in SENTENCE_RE.finditer(text))
    return [sentence for sentence in found if WORD_RE.search(sentence)]


def questions_in(text: str) -> list[str]:
    """The questions of `text`, verbatim: punctuated sentences ending with "?", and the question clauses of
    unpunctuated ones (see the module's docstring)."""
    found: list[str] = []
    for sentence in sentences_in(text):
        if sentence.endswith('?'):
            found.append(sentence)
        elif sentence[-1] not in '.!':
            found.extend(_unpunctuated_questions(sentence))
    return found


def count_questions(text: str) -> int:
    return len(questions_in(text))


def _unpunctuated_questions(sentence: str) -> list[str]:
    clauses = [clause.strip() for clause in _clauses(sentence) if WORD_RE.search(clause)]
    asked = [clause for clause in clauses if _ASKS.match(clause) and not _is_tag(clause)]
    # A tag turns the statement before it into a question ("that works for you, right"); a lone "right" does not.
    if count_words(sentence) >= MIN_TAGGED_WORDS and _TAGGED.search(sentence):
        last = clauses[-2] if len(clauses) > 1 and _is_tag(clauses[-1]) else clauses[-1]
        if last not in asked:
            asked.append(last)
    return asked


def _clauses(sentence: str) -> list[str]:
    """The sentence cut at `_CLAUSES`, verbatim; a piece of lead-ins alone ("so", "so um") stays with what follows."""
    pieces: list[str] = []
    start = 0
    for cut in _CLAUSES.finditer(sentence):
        piece = sentence[start : cut.start()]
        if cut.group() != ',' and _ONLY_LEAD_INS.match(piece):
            continue  # keep "so um" with the question it opens (a comma still cuts)
        pieces.append(piece)
        start = cut.end()
    pieces.append(sentence[start:])
    return pieces


def _is_tag(clause: str) -> bool:
    return count_words(clause) <= 2 and _TAGGED.search(clause) is not None
