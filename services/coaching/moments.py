"""The rule-based coach's key moments, each quoting a verbatim piece of the transcript."""

from collections.abc import Callable, Iterator
from itertools import islice

from services.coaching.report import KeyMoment
from services.coaching.scoring import MONOLOGUE_IDEAL_S
from services.coaching.shared import rep_lines
from services.coaching.skills import NEXT_STEP_RE, objection_replies
from services.speech_metrics import find_fillers, is_open_question
from services.transcript import TranscriptMessage
from services.words import WORD_RE, count_words, questions_in, sentences_in

MAX_KEY_MOMENTS = 8
QUOTE_MAX_WORDS = 30


def key_moments(messages: list[TranscriptMessage]) -> list[KeyMoment]:
    moments = [moment for find in _MOMENT_FINDERS for moment in find(messages)]
    moments.sort(key=lambda m: (m.timestamp is None, m.timestamp or 0.0))
    return moments[:MAX_KEY_MOMENTS]


def excerpt(text: str, max_words: int = QUOTE_MAX_WORDS) -> str:
    """A verbatim prefix of `text` of at most `max_words` words (so it is always found in the transcript)."""
    stripped = text.strip()
    tokens = list(WORD_RE.finditer(stripped))
    if len(tokens) <= max_words:
        return stripped
    return stripped[: tokens[max_words - 1].end()]


def _first_question(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    for message in rep_lines(messages):
        questions = questions_in(message.text)
        if questions:
            yield KeyMoment(
                timestamp=message.timestamp,
                kind='positive',
                title='First question',
                description='You opened discovery with a question.',
                quote=excerpt(questions[0]),
            )
            return


def _open_question(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    first_seen = False
    for message in rep_lines(messages):
        for question in questions_in(message.text):
            if not first_seen:
                first_seen = True  # the first question has its own moment
                continue
            if is_open_question(question):
                yield KeyMoment(
                    timestamp=message.timestamp,
                    kind='positive',
                    title='Open question',
                    description='An open question invites the prospect to explain their situation.',
                    quote=excerpt(question),
                )
                return


def _next_step(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    for message in rep_lines(messages):
        for sentence in sentences_in(message.text):
            if NEXT_STEP_RE.search(sentence):
                yield KeyMoment(
                    timestamp=message.timestamp,
                    kind='positive',
                    title='Asked for a next step',
                    description='You moved the call towards a concrete commitment.',
                    quote=excerpt(sentence),
                )
                return


def _objection_responses(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    for reply in islice(objection_replies(messages), 2):
        questions = questions_in(reply.text)
        if questions:
            yield KeyMoment(
                timestamp=reply.timestamp,
                kind='positive',
                title='Explored an objection',
                description='You answered a concern with a question that uncovers what is behind it.',
                quote=excerpt(questions[0]),
            )
        else:
            yield KeyMoment(
                timestamp=reply.timestamp,
                kind='needs_work',
                title='Objection answered without exploring it',
                description='Acknowledge the concern and ask what is behind it before you answer.',
                quote=excerpt(reply.text),
            )


def _long_turn(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    longest = max(rep_lines(messages), key=lambda m: (_duration(m) or 0.0, count_words(m.text)), default=None)
    if longest is None:
        return
    seconds = _duration(longest)
    too_long = seconds > MONOLOGUE_IDEAL_S if seconds is not None else count_words(longest.text) > 110
    if too_long:
        length = f'{seconds:.0f} seconds' if seconds is not None else f'{count_words(longest.text)} words'
        yield KeyMoment(
            timestamp=longest.timestamp,
            kind='needs_work',
            title='Long monologue',
            description=f'You spoke for {length} without a pause for the prospect.',
            quote=excerpt(longest.text),
        )


def _filler_cluster(messages: list[TranscriptMessage]) -> Iterator[KeyMoment]:
    best: tuple[int, TranscriptMessage, str] | None = None
    for message in rep_lines(messages):
        for sentence in sentences_in(message.text):
            count = len(find_fillers(sentence))
            if count >= 2 and (best is None or count > best[0]):
                best = (count, message, sentence)
    if best is not None:
        count, message, sentence = best
        yield KeyMoment(
            timestamp=message.timestamp,
            kind='needs_work',
            title='Filler words',
            description=f'{count} filler words in one sentence; a short pause would sound more assured.',
            quote=excerpt(sentence),
        )


def _duration(message: TranscriptMessage) -> float | None:
    return message.end - message.timestamp if message.end is not None and message.timestamp is not None else None


_MOMENT_FINDERS: tuple[Callable[[list[TranscriptMessage]], Iterator[KeyMoment]], ...] = (
    _first_question,
    _open_question,
    _next_step,
    _objection_responses,
    _long_turn,
    _filler_cluster,
)
