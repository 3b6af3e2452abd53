"""The prospect's objections and how the rep handled each.

Rules:
- An objection is a prospect sentence that voices doubt, price, timing, authority, status quo, priority or a
  brush-off in the shapes people use for them ("it's too expensive", "your competitor quoted us 30% less", "bad
  timing", "I'd need to run this by Priya", "we already have a system", "not a priority", "send me something"), or
  that says most of one of the persona's own objections. A word alone is not one: "the most expensive mistake we
  made" inside a story, or "what does it cost?" (a buying question), is not an objection. Objections in one
  prospect turn count once (the first one named).
- The rep's reply is their next turn (with the turn after it when the first is a bare "okay"). It is read, in this
  order, as (an objection the call ends on is the outcome's, and the prospect's answer to a question exploring an
  objection is not a new one):
  discounted - it drops the price ("20 percent off", "I can lower the price", "a free month");
  argued     - it contradicts the prospect ("that's not true", "you're wrong", "with respect, you", "trust me");
  explored   - it asks about the objection: a question that refers back to it ("what makes you say that", "compared
               to what?", "when you say timing, what's driving it?") or shares a topic word with it or its kind
               (price: cost, budget, quote...); a question that changes the subject does not count;
  answered   - it speaks to the objection without asking: it shares a topic word with it or its kind, or
               acknowledges it ("fair point", "I understand", "that makes sense") in a reply of 8 words or more;
  ignored    - anything else: the rep moved on.
- Credit per objection: explored 1.0, answered 0.55, ignored 0.1, argued 0, discounted 0. The objections part of
  the score is their mean; a call without objections has none (its weight goes to the other parts).
"""

import re
from typing import Literal

from pydantic import BaseModel

from services.coaching.outcome import Evidence, evidence
from services.coaching.turns import Sentence, Turn, content_words, next_turn

Handling = Literal['explored', 'answered', 'ignored', 'argued', 'discounted']
Kind = Literal['price', 'timing', 'authority', 'status_quo', 'doubt', 'priority', 'brush_off', 'persona']
CREDIT: dict[Handling, float] = {'explored': 1.0, 'answered': 0.55, 'ignored': 0.1, 'argued': 0.0, 'discounted': 0.0}
_FLAGS = re.IGNORECASE | re.ASCII

KINDS: dict[Kind, re.Pattern[str]] = {
    'price': re.compile(
        r"\b(?:too|very|pretty|really|quite|so|sounds|seems|looks|that's|it's|is|bit) (?:expensive|pricey|"
        r"costly|steep)\b|\b(?:too|so|that) much (?:money|for us|for what)\b|\bcan'?t afford\b"
        r"|\b(?:no|don'?t have (?:the |a |any )?|out of (?:our |the )?|over "
        r'(?:our |the )?|not in (?:the|our) )budget\b|\bcheaper\b|\bquoted (?:us|me)\b|\b\d+ ?(?:%|percent) '
        r'(?:less|cheaper|lower)\b|\bcosts? too much\b|\bprice is (?:too )?high\b|\bspend (?:that|this) much\b'
        r'|\bbudget (?:is|was) (?:tight|gone|spent|frozen|cut)\b',
        _FLAGS,
    ),
    'timing': re.compile(
        r'\bbad tim(?:e|ing)\b|\bnot (?:a )?(?:good|great|the right) time\b|\bbusy (?:season|time|period|quarter)\b'
        r'|\bcan (?:this|it|that) wait\b|\bnot right now\b|\bmaybe later\b|\bin the middle of\b|\breorgani[sz]ation\b'
        r"|\b(?:no|don'?t have (?:the )?) time (?:for|to)\b|\bstretched\b|\bswamped\b"
        r'|\b(?:wait|until|till|come back|revisit|maybe|circle back|call (?:me )?back|look at (?:it|this))\b.{0,25}'
        r'\bnext (?:quarter|year|month)\b'
        r'|\bcome back (?:in|next|after)\b|\b(?:too )?(?:busy|slammed) (?:right now|at the moment|this)\b'
        r'|\blong implementation\b',
        _FLAGS,
    ),
    'authority': re.compile(
        r"\brun (?:this|it|that) (?:by|past)\b|\bnot (?:my|just my|only my) (?:decision|call)\b|\b(?:need|have|'d "
        r'have|would have|would need|got) to (?:check|ask|talk|speak|clear it) (?:with|to)\b|\bsigns? off\b'
        r'|\b(?:my|our|the) (?:boss|director|cfo|ceo|coo|board|committee|manager) (?:decides|would|will|has|needs)\b'
        r"|\bnot the (?:right|decision)\b|\b(?:above|over) my (?:head|pay ?grade)\b|\bi don'?t make\b",
        _FLAGS,
    ),
    'status_quo': re.compile(
        r'\balready (?:have|use|using|got|work with|signed)\b|\b(?:works|working) (?:fine|well|okay|ok)\b'
        r"|\bhappy with (?:what|our|the)\b|\bmostly works\b|\bdon'?t (?:really )?(?:need|see the need)\b"
        r"|\bnot (?:really )?a problem\b|\bwe(?:'re| are) (?:fine|good|covered|all set)\b|\bworth the switch\b"
        r'|\b(?:does|do) the job\b|\bgood enough\b|\bwhy (?:would we|should we) (?:switch|change)\b',
        _FLAGS,
    ),
    'doubt': re.compile(
        r"\btried (?:something|this|that|one|it)\b|\b(?:failed|didn'?t work|did not work|went badly|burned|burnt)\b"
        r"|\b(?:don'?t|doesn'?t|hard to) (?:believe|buy)\b|\btoo good to be true\b|\bprove it\b|\bhow (?:do|would|can) "
        r'i know\b|\bheard (?:that|this|it) (?:before|from)\b|\bevery (?:vendor|one of you|salesperson)\b|\bskeptic'
        r'|\b(?:need|want|give me|any|got|have you got|can you give|show me)\b.{0,15}\breferences?\b'
        r'|\bover-?promis|\bwhy (?:would|should) (?:this|it|you) be different\b|\bbuzzwords?\b'
        r'|\bwhat does .{0,30}mean in practice\b|\bwho else (?:like us|uses)\b|\bnot convinced\b',
        _FLAGS,
    ),
    'priority': re.compile(
        r'\bnot (?:a|our|my|the) (?:top )?priorit(?:y|ies)\b|\bnot interested\b|\bnot (?:a|the right) fit\b'
        r'|\bwhy should i care\b|\bget to the point\b|\bwhat is this about\b|\bnot on (?:our|my) (?:radar|list)\b'
        r"|\bi (?:have|only have|'ve got) (?:two|2|a couple of|five|5) minutes\b|\bnot something we\b",
        _FLAGS,
    ),
    'brush_off': re.compile(
        r'\bsend (?:me |us |her |him |them |over )?(?:some|an?|the|your)? ?(?:info|information|materials?|details|'
        r'deck|brochure|proposal|e-?mail|something|overview|one[- ]pager)\b|\b(?:just )?e-?mail me\b'
        r'|\bput (?:it|something) in '
        r'(?:an |a )?(?:e-?mail|writing)\b',
        _FLAGS,
    ),
}

# What a rep's question says when it refers back to what the prospect just raised.
PROBES = re.compile(
    r'\bwhat makes you (?:say|feel|think)\b|\bcompared (?:to|with) what\b|\bwhen you say\b|\bwhat do you mean\b'
    r"|\btell me more\b|\bsay more\b|\bhelp me understand\b|\bwhat(?:'s| is) (?:behind|driving|the concern)\b"
    r'|\bwhat happened\b|\bwhat went wrong\b|\bhow so\b|\bwhy is that\b|\bcan i ask (?:why|what)\b|\bwhat would '
    r'(?:need to|have to|it take|make)\b|\bwhat part\b|\bwhich part\b|\bwhat would you need\b|\bwhat would change\b'
    r'|\bwhere (?:did|does) (?:it|that|this) (?:fall|go)\b|\bwhat specifically\b|\bwhat exactly\b|\bwho else\b'
    r"|\bwhat(?:'s| is) (?:at the top|on your|your (?:top|biggest))\b|\bwhat would (?:you|she|he|they) want\b"
    r"|\bwhat(?:'s| is) (?:the|your) (?:timeline|budget|criteria)\b",
    _FLAGS,
)


def _topics(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Topic words (stems of four letters or more) that tie a reply to an objection of each kind, beyond its own words.
KIND_TOPICS: dict[Kind, frozenset[str]] = {
    'price': _topics('price pric cost cheap budget spend quote quot expensive afford invest return value save'),
    'timing': _topics('time timing timeline busy season quarter wait later implement rollout week'),
    'authority': _topics(
        'decid decision sign approv involv director boss team board committee date deadline process budget timeline'
    ),
    'status_quo': _topics('current system using work switch chang fall short happy'),
    'doubt': _topics(
        'fail wrong tried last different proof prove reference case customer result happen believe trust claim '
        'evidence data number test'
    ),
    'priority': _topics('priorit focus important goal plan agenda point matter'),
    'brush_off': _topics('send email information proposal cover useful'),
    'persona': frozenset(),
}
ACKNOWLEDGE = re.compile(
    r'\b(?:fair (?:point|enough|question|concern)|that(?:\W+s| is) fair|i understand|understood|i hear you|'
    r'makes sense|good (?:point|question)|i get (?:it|that)|totally|appreciate|absolutely|of course|'
    r"that(?:\W+s| is) (?:a )?(?:reasonable|valid|common|true)|you(?:'re| are) right|no doubt|i know|fair|"
    r'(?:it|you|that) (?:might|may) (?:be right|be|well)|could be|true)\b',
    _FLAGS,
)
DISCOUNT = re.compile(
    r'(?:%|\bpercent) (?:off|discount)\b|\bknock\b.{0,25}\boff\b|\bdiscount\b'
    r'|\b(?:lower|drop|cut|reduce|knock|bring down|match) '
    r'(?:the |our |that |my )?(?:price|pricing|cost|rate|quote)\b'
    r'|\b(?:give|offer|get|do) you (?:a |the |our )?(?:better|special|best|lower) (?:deal|price|rate)\b|\bbest deal\b'
    r'|\bfree (?:month|months|for|trial month|of charge)\b|\bwaive\b|\bhalf (?:off|price)\b|\bbeat (?:their|that|'
    r'any) (?:price|quote)\b|\bknock \w+ off\b',
    _FLAGS,
)
ARGUE = re.compile(
    r"\bthat(?:'s| is) (?:just |simply )?(?:not true|wrong|not right|not correct|not how|ridiculous|a mistake|crazy)"
    r"|\byou(?:'re| are) (?:wrong|mistaken|missing)\b|\bwith (?:all due )?respect,? you\b|\byou don'?t understand\b"
    r"|\btrust me\b|\bi disagree\b|\bno,? (?:no,? )?(?:you|that|it'?s not)\b|\bdoesn'?t make sense\b"
    r"|\byou(?:'d| would) be (?:crazy|foolish|mad)\b|\bcan'?t afford not to\b|\bthat(?:'s| is) an excuse\b"
    r"|\beveryone (?:else )?(?:says|thinks) that\b|\bobviously\b|\bhonestly,? that(?:'s| is)\b",
    _FLAGS,
)
# A busy prospect's prompt to get on with it is not an objection to explore: the answer is a crisp reason.
TIME_CHECK = re.compile(
    r"\b(?:i (?:have|only have|'ve got|got) (?:two|2|a couple of|a few|five|5|one|1) minutes?|what is this about|"
    r"what(?:'s| is) this (?:call )?(?:about|regarding)|get to the point|why should i care|make it quick|go on)\b",
    _FLAGS,
)
LOGISTICS = re.compile(
    r'\b(?:(?:good|best|right) (?:email|number|address|way to reach)|email or phone|phone or email|email address|'
    r'your email|spell)\b',
    _FLAGS,
)
MIN_ANSWER_WORDS = 8
SUBSTANTIAL_REPLY_WORDS = 20
BARE_REPLY_WORDS = 5


class ObjectionReading(BaseModel):
    kind: Kind
    said: Evidence
    handling: Handling
    reply: Evidence | None


def read_objections(turns: list[Turn], persona_objections: tuple[str, ...] = ()) -> list[ObjectionReading]:
    """Each objection the prospect raised and how the rep handled it (see the module's rules)."""
    readings: list[ObjectionReading] = []
    persona_words = [content_words(text) for text in persona_objections]
    probed: tuple[Kind, int] | None = None  # the kind last explored, and the turn that explored it
    for turn in turns:
        if turn.role != 'assistant':
            continue
        found = _objection_in(turn, persona_words)
        if found is None:
            continue
        kind, sentence, match = found
        reply_turns = _reply(turns, turn)
        if not reply_turns:
            continue  # the call ended on it: that is the outcome's to read
        if probed is not None and probed == (kind, turn.index - 1):
            continue  # the prospect answering the rep's question about it, not a new objection
        handling, said = _handling(kind, sentence, reply_turns)
        probed = (kind, reply_turns[-1].index) if handling == 'explored' else None
        readings.append(
            ObjectionReading(
                kind=kind,
                said=evidence(sentence, match),
                handling=handling,
                reply=None if said is None else evidence(said[0], said[1]),
            )
        )
    return readings


def objections_score(readings: list[ObjectionReading]) -> float | None:
    if not readings:
        return None
    return round(sum(CREDIT[reading.handling] for reading in readings) / len(readings), 4)


def objection_kind(text: str) -> tuple[Kind, re.Match[str]] | None:
    for kind, pattern in KINDS.items():
        found = pattern.search(text)
        if found:
            return kind, found
    return None


def _objection_in(turn: Turn, persona_words: list[set[str]]) -> tuple[Kind, Sentence, re.Match[str] | None] | None:
    for sentence in turn.sentences:
        if TIME_CHECK.search(sentence.text):
            continue
        found = objection_kind(sentence.text)
        if found:
            return found[0], sentence, found[1]
        words = content_words(sentence.text)
        for objection in persona_words:
            if len(objection) >= 2 and len(words & objection) >= max(2, (len(objection) + 1) // 2):
                return 'persona', sentence, None
    return None


def _reply(turns: list[Turn], objection: Turn) -> list[Turn]:
    first = next_turn(turns, objection, 'user')
    if first is None:
        return []
    if first.words <= BARE_REPLY_WORDS and not first.questions:
        second = next_turn(turns, first, 'user')
        return [first, second] if second is not None else [first]
    return [first]


def _handling(
    kind: Kind, objection: Sentence, replies: list[Turn]
) -> tuple[Handling, tuple[Sentence, re.Match[str] | None] | None]:
    if not replies:
        return 'ignored', None
    sentences = [sentence for turn in replies for sentence in turn.sentences]
    for pattern, handling in ((DISCOUNT, 'discounted'), (ARGUE, 'argued')):
        for sentence in sentences:
            found = pattern.search(sentence.text)
            if found:
                return handling, (sentence, found)  # type: ignore[return-value]  # the literal is one of Handling
    topic = content_words(objection.text) | KIND_TOPICS[kind]
    for turn in replies:
        for question in turn.questions:
            if LOGISTICS.search(question.text):
                continue  # "what's a good email for you?" takes the brush-off, it does not explore it
            if PROBES.search(question.text) or _about(question.text, topic):
                return 'explored', (question, None)
    words = sum(turn.words for turn in replies)
    for sentence in sentences:
        if LOGISTICS.search(sentence.text):
            continue
        if _about(sentence.text, topic) or (words >= MIN_ANSWER_WORDS and ACKNOWLEDGE.search(sentence.text)):
            return 'answered', (sentence, None)
    opens_with_question = bool(replies[0].questions) and replies[0].questions[0].text == sentences[0].text
    if words >= SUBSTANTIAL_REPLY_WORDS and not opens_with_question:
        return 'answered', (sentences[0], None)
    return 'ignored', (sentences[0], None) if sentences else None


def _about(text: str, topic: set[str] | frozenset[str]) -> bool:
    words = content_words(text)
    return any(word in topic or any(word.startswith(stem) for stem in topic if len(stem) >= 4) for word in words)
