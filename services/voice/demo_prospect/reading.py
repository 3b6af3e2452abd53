"""What the rep's turn does, read with the coach's own rules so that the demo prospect and the report agree.

Rules, in this order (the first that holds is the turn's intent):
- empty: no words;
- goodbye: "bye", "thanks for your time", "talk soon", "have a good day";
- ask: a sentence asks for a next step (services/coaching/outcome.py `ask_in`);
- a question (services/words.py reads them, punctuated or not; a request such as "Tell me more." or "Walk me
  through it." counts as one), sorted by services/coaching/discovery.py `classify`: a check-in or an arranging
  question is `check_in`, small talk is `small_talk`, the rest (business, follow-up, off topic) is `question`; of
  several questions the first business or follow-up one is the one answered;
- check_in: a check-in or a request for time the question reader did not find ("hi morgan this is sam do you have
  a minute", as speech is recognised);
- small_talk: small talk without a question ("Great weather today");
- greeting: a greeting or an introduction that gives no reason ("Hi Jordan, this is Sam from PipelinePro");
- pitch: a statement of PITCH_WORDS words or more;
- statement: a short acknowledgement ("okay", "got it").
Besides its intent a turn says:
- a reason for the call: a statement of REASON_WORDS words or more naming an outcome (save, cut, reduce, grow...),
  an impact (revenue, risk, customers...: discovery's impact topic) other than a price ("it costs $2,000 a month"
  is none), or a figure ("20 percent");
- a sharp ask: an ask in a turn of at most SHARP_ASK_WORDS words that names a length ("20 minutes") or a day or
  time more exact than "next week";
- what it talks about: price, an implementation, proof (customers, results, figures) or a change of system;
- a figure the rep claims ("40 percent", "3x"), and the step and time an ask names ("a 20-minute call" or "20
  minutes", "on Tuesday at 10").
"""

import re
from dataclasses import dataclass, replace
from typing import Literal

from services.coaching.discovery import CHECK_IN, FOLLOW_UP, SMALL_TALK, TOPICS, QuestionKind, Topic, classify
from services.coaching.outcome import PERMISSION, WHEN, ask_in
from services.coaching.turns import Sentence, Turn
from services.transcript import TranscriptMessage
from services.voice.demo_prospect.scenario import STEP
from services.words import GREETINGS, REQUESTS, count_words, questions_in

Intent = Literal['empty', 'goodbye', 'ask', 'question', 'check_in', 'greeting', 'small_talk', 'pitch', 'statement']
Subject = Literal['price', 'implementation', 'proof', 'change']
_FLAGS = re.IGNORECASE | re.ASCII

PITCH_WORDS = 6
REASON_WORDS = 5
SHARP_ASK_WORDS = 45
MONOLOGUE_WORDS = 45
# Topics in the order a question that touches several is answered by ("what does the delay cost you" is impact).
TOPIC_ORDER: tuple[Topic, ...] = ('decision', 'impact', 'problem', 'situation')
# Words for a problem that discovery's topics leave to the open form ("what's the hardest part?").
PROBLEM_TOO = re.compile(r'\b(?:hardest|toughest|worst|trickiest|biggest (?:issue|headache)|annoy\w*|sore)\b', _FLAGS)

GOODBYE = re.compile(
    r'\b(?:bye|goodbye|thanks for your time|thank you for your time|talk soon|have a (?:good|great|nice) (?:day|one|'
    r'afternoon|evening|weekend))\b',
    _FLAGS,
)
GREETING = re.compile(rf'^\W*(?:{"|".join(GREETINGS)}|good (?:morning|afternoon|evening))\b|\bthis is \w+', _FLAGS)
OUTCOME = re.compile(
    r'\b(?:save[sd]?|saving|cut|cuts|reduc\w*|lower\w*|avoid\w*|prevent\w*|increas\w*|grow\w*|boost\w*|faster|'
    r'fewer|less|more|doubl\w*|halv\w*|recover\w*|protect\w*|free up|frees up|win back|pays? for itself)\b',
    _FLAGS,
)
FIGURE = re.compile(
    r'\b\d+(?:\.\d+)? ?(?:%|percent\b|per cent\b|x\b|times\b)|\b(?:half|a third|a quarter|twice|three times)\b',
    _FLAGS,
)
DURATION = re.compile(
    r'\b(?:\d+|five|ten|fifteen|twenty|thirty|forty[- ]five|sixty)[- ]?min(?:ute)?s?\b|\bhalf an hour\b|\ban hour\b',
    _FLAGS,
)
REQUEST = re.compile(rf'^\W*(?:\w+\W+)?(?:{"|".join(REQUESTS)})\b', _FLAGS)
LOOSE_WHEN = re.compile(r'^(?:this|next|end of (?:the|this|next)) (?:week|month)$', _FLAGS)
SUBJECTS: dict[Subject, re.Pattern[str]] = {
    'price': re.compile(
        r'\b(?:price|prices|pricing|priced|cost|costs|fee|fees|subscription|licen[cs]e|per (?:month|year|seat|user|'
        r'site|plant|clinic)|dollars?|pounds|euros?|a month|a year)\b|[$£€]\d',
        _FLAGS,
    ),
    'implementation': re.compile(
        r'\b(?:implement\w*|roll ?out|rolling out|set ?up|setting up|set (?:it|this|you|everything|things) up|'
        r'onboard\w*|migrat\w*|install\w*|integrat\w*|go live|going live|deploy\w*|pilot|trial|get started|'
        r'getting started|up and running)\b',
        _FLAGS,
    ),
    'proof': re.compile(
        r'\b(?:customers|clients|companies like|others like|case stud\w*|results|proven|leading|best|world[- ]class|'
        r'industry|trusted|award\w*)\b|\d+ ?(?:%|percent)',
        _FLAGS,
    ),
    'change': re.compile(
        r'\b(?:replac\w*|switch\w*|instead of|get rid of|rip out|move (?:away|over)|swap\w*|spreadsheets?)\b', _FLAGS
    ),
}


@dataclass(frozen=True, kw_only=True, slots=True)
class RepTurn:
    """One rep turn as the demo prospect hears it (see the module's rules)."""

    text: str
    turn: Turn
    intent: Intent
    kind: QuestionKind | None = None
    topic: Topic | None = None
    open: bool = False
    question: str | None = None
    words: int = 0
    reason: bool = False
    sharp: bool = False
    subjects: frozenset[Subject] = frozenset()
    figure: str | None = None
    step: str | None = None
    when: str | None = None
    ask: str | None = None

    @property
    def discovery(self) -> bool:
        """A question about the prospect's business, or one that follows up on what they said."""
        return self.kind in ('business', 'follow_up')


def read_turn(text: str, *, previous: str | None, index: int = 1) -> RepTurn:
    """How the rep's `text` reads, after the prospect said `previous` (None before anything was said)."""
    turn = Turn(index, 'user', (TranscriptMessage(role='user', text=text),))
    before = None
    if previous is not None:
        before = Turn(index - 1, 'assistant', (TranscriptMessage(role='assistant', text=previous),))
    questions = set(questions_in(text))
    base = RepTurn(
        text=text,
        turn=turn,
        intent='statement',
        words=count_words(text),
        reason=any(_reason(s.text) for s in turn.sentences if s.text not in questions),
        subjects=frozenset(name for name, pattern in SUBJECTS.items() if pattern.search(text)),
        figure=_figure(text),
    )
    if not base.words:
        return replace(base, intent='empty')
    if GOODBYE.search(text):
        return replace(base, intent='goodbye')
    for sentence in turn.sentences:
        if ask_in(sentence) is not None:
            return _ask(base, sentence)
    asked = turn.questions or [s for s in turn.sentences if REQUEST.search(s.text) or FOLLOW_UP.search(s.text)]
    if asked:
        return _question(base, asked, before)
    if PERMISSION.search(text) or CHECK_IN.search(text):  # unpunctuated speech hides the question in a statement
        return replace(base, intent='check_in', kind='check_in')
    if SMALL_TALK.search(text):
        return replace(base, intent='small_talk')
    if GREETING.search(text) and not base.reason and base.words < 2 * PITCH_WORDS:
        return replace(base, intent='greeting')
    return replace(base, intent='pitch' if base.words >= PITCH_WORDS else 'statement')


def _question(base: RepTurn, asked: list[Sentence], before: Turn | None) -> RepTurn:
    readings = [(q, classify(q, before, base.turn)) for q in asked]
    question, reading = next(((q, r) for q, r in readings if r.kind in ('business', 'follow_up')), readings[-1])
    topics = [*reading.topics, *(['problem'] if PROBLEM_TOO.search(question.text) else [])]
    intent: Intent = 'question'
    if reading.kind in ('check_in', 'ask'):
        intent = 'check_in'
    elif reading.kind == 'small_talk':
        intent = 'small_talk'
    return replace(
        base,
        intent=intent,
        kind=reading.kind,
        topic=next((t for t in TOPIC_ORDER if t in topics), None),
        open=reading.open,
        question=question.text,
    )


def _ask(base: RepTurn, sentence: Sentence) -> RepTurn:
    step = STEP.search(sentence.text) or DURATION.search(sentence.text)
    when = _when(sentence.text) or _when(base.text)
    exact = DURATION.search(base.text) is not None or (when is not None and not LOOSE_WHEN.match(when))
    return replace(
        base,
        intent='ask',
        ask=sentence.text,
        step=step.group() if step else None,
        when=when,
        sharp=exact and base.words <= SHARP_ASK_WORDS,
    )


def _reason(sentence: str) -> bool:
    if count_words(sentence) < REASON_WORDS:
        return False
    # "It costs $2,000 a month" names a price, not a reason; "it cuts costs" names one.
    impact = TOPICS['impact'].search(sentence) is not None and SUBJECTS['price'].search(sentence) is None
    return bool(OUTCOME.search(sentence) or impact or FIGURE.search(sentence))


def _figure(text: str) -> str | None:
    found = FIGURE.search(text)
    return found.group().strip() if found and any(c.isdigit() for c in found.group()) else None


def _when(text: str) -> str | None:
    """The day or time named, from its first mention to its last when they are close ("Tuesday at 10")."""
    found = list(WHEN.finditer(text))
    if not found:
        return None
    first, last = found[0], found[-1]
    span = text[first.start() : last.end()] if last.end() - first.start() <= 30 else first.group()
    day = re.match(r'(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|satur|sun)', span, _FLAGS)
    if day is not None:
        before = text[: first.start()].split()
        lead = before[-1].lower() if before else ''
        span = f'{lead if lead in ("next", "this") else "on"} {span}'
    return span.strip()
