"""How the call ended: did the prospect agree to a concrete next step, stay vague, or decline?

Rules (every one reads whole words, any case, punctuated or not):
- An ask is a rep sentence that proposes meeting again: an asking form ("can we book", "would you be open to",
  "does Tuesday at two work", "let's schedule", "I'll send an invite", "when are you free") together with a
  meeting word (meeting, demo, call, session, review, pilot, trial, invite, walkthrough, minutes...) or a day or time.
  "when are you free" and "what time works" ask for a time on their own; "do you have two minutes?" asks to go
  on with this call and is no ask. A keyword alone ("calendar" in a question
  about tools) is not an ask.
- The prospect's answer is their next turn. Each of its sentences is read as accepting ("sure", "that works",
  "send me the invite", "I'll bring Dana"; never with a negation), declining ("not a fit", "not interested", "we'll
  pass", "I have to go", a bare "no") or vague ("send me some information", "email me", "maybe next quarter",
  "let me think about it"); the last sentence that reads as one of them decides the answer.
- The prospect may propose the step themselves: a prospect sentence with a meeting word and a day or time that is
  not negated ("send me an invite for Tuesday morning") is an acceptance.
- A step that is only information or a later call ("I'll send you some information and call you in January")
  is vague even when the prospect says "sounds good".
- Without an answered ask, the prospect's last two turns can still say the call ended with a brush-off ("send me
  a proposal", "call me next quarter": vague) or declined ("I have to go").
- agreed: an accepted step with a day or a time (in the ask or in the answer); accepted: accepted without one;
  vague; declined; none: the rep never asked. An agreed step stands unless the prospect declines after it; otherwise
  the last answer decides.
"""

import re
from typing import Literal

from pydantic import BaseModel

from services.coaching.turns import Sentence, Turn, next_turn, quote
from services.words import WORD_RE

OutcomeKind = Literal['agreed', 'accepted', 'vague', 'declined', 'none']
_FLAGS = re.IGNORECASE | re.ASCII

NUMBERS = r'(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|\d{1,2})'
WHEN = re.compile(
    r'\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|satur|sun)(?:day)?s?\b|\btomorrow\b|\bnoon\b'
    r'|\b(?:this|next|end of (?:the|this|next)) (?:week|month|morning|afternoon)\b'
    rf'|\b\d{{1,2}}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{{1,2}}:\d\d\b|\bat {NUMBERS}\b'
    r'|\bthe \d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}(?:st|nd|rd|th) of\b|\b(?:first|second|third) of\b'
    r'|\b(?:january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}\b'
    r'|\b(?:in the |this |tomorrow )(?:morning|afternoon)\b',
    _FLAGS,
)
MEETING = re.compile(
    r'\b(?:meeting|meet|demo|demonstration|call|chat|session|review|walk ?-?through|pilot|trial|workshop|'
    r'presentation|proof of concept|poc|conversation|follow[- ]?up|catch[- ]?up|invite|invitation|briefing|'
    r'deep[- ]dive|assessment|intro|introduction|coffee|\d+ minutes?|\w+[- ]minutes?|half an hour|an hour|slots?|'
    r'touch base|get together|meeting request)\b',
    _FLAGS,
)
# Forms that ask to meet: with a meeting word ("can we book a demo", "I'd suggest a review with your plant managers").
_ASK_FORMS = re.compile(
    r'\b(?:can|could|shall|should|would|will|may) (?:we|i) (?:\w+ )?(?:book|schedule|set|arrange|organi[sz]e|put|'
    r'get|grab|find|lock|pencil|do|have|hop|jump|meet|show|walk|bring|send|run|start|kick|plan|take)\b'
    r'|\b(?:would|will|are|were) you (?:be )?(?:open|up|free|available|willing|interested|happy|keen|game)\b'
    r"|\blet'?s (?:book|schedule|set|put|get|grab|find|lock|do|meet|plan|pencil|say|have)\b"
    r"|\b(?:i'?ll|i will|i can|i'?d like to|i would like to|i'?d love to|let me|i'?m going to|i am going to|"
    r"i'?m|i am) (?:\w+ )?(?:send|book|booking|schedule|scheduling|set|setting|put|putting|get|grab|find|"
    r'arrange|pencil|lock|locking|sending)\b'
    r'|\bany chance\b|\b(?:would|could|can|does|do|will) (?:\w+ ){0,2}(?:have|find|spare|give (?:me|us)) '
    r'(?:\w+ ){0,2}(?:time|minutes?|half an hour|an hour|slots?)\b'
    r'|\bwould it (?:help|make sense|be (?:useful|worth|okay|ok|helpful))\b'
    r'|\b(?:we|i) (?:can|could|should|might) (?:\w+ ){0,2}(?:touch base|meet|talk|chat|connect|catch up|book|'
    r'schedule|set up|get together|hop on|jump on)\b'
    r"|\b(?:are|is) you (?:free|around|available)\b|\bnext steps?\b|\byou'?d be (?:open|up|free|interested|happy)\b"
    r'|\bopen to\b|\bmake sense to\b|\bworth (?:a|an|setting|getting|booking|finding)\b'
    r"|\b(?:i'?d|i would) (?:just |really )?(?:love|like)\b|\bmind if i\b"
    r"|\bi(?:'d| would)? (?:suggest|propose|recommend)\b|\bhere(?:'s| is) what i(?:'d| would)? (?:suggest|propose)\b"
    r'|\bwhat if we\b|\bhow about\b|\bwhat about\b',
    _FLAGS,
)
# Sending something by a time is no meeting ("I'll get that over to you this afternoon").
_SENDING = re.compile(
    r'\b(?:send|e-?mail|forward|shoot)\b|\bget (?:it|that|this|them|something) (?:over|across|to)\b', _FLAGS
)
# Forms that ask about a day or a time ("does Thursday at two work?", "how about Monday?").
_WHEN_FORMS = re.compile(
    r'\b(?:how about|what about|does|would|will|could|is|do)\b.{0,60}\b(?:work|suit|look|be okay|be ok|fit|good for)\b'
    r"|\bwhen (?:are|is|would|could|can|'s|works?)\b|\bwhat (?:day|time|works)\b|\bhow about\b|\bwhat about\b",
    _FLAGS,
)
_TIME_ONLY_ASK = re.compile(
    r'\bwhen (?:are you free|works|would (?:work|suit)|is good|can (?:we|you))|\bwhat (?:day|time) (?:works|suits|'
    r'would|is good)',
    _FLAGS,
)
PERMISSION = re.compile(
    r'\b(?:do|have|got) you (?:got |have )?(?:like |just )?(?:a|one|two|2|a few|a couple of|five|5)? ?'
    r'(?:quick |spare |free |short )?(?:minute|minutes|moment|sec|second)\b|\bis (?:now|this) a (?:good|bad) time\b'
    r'|\bdid i catch you\b',
    _FLAGS,
)
NEGATION = re.compile(r"\b(?:not|no|never|can'?t|cannot|won'?t|don'?t|doesn'?t|isn'?t|wouldn'?t|n't)\b", _FLAGS)
ENDING_TURNS = 2  # the prospect's last turns that say how a call without an answered ask ended
NEGATION_WORDS = 2  # words before a match that a negation reaches
_NO_PROBLEM = re.compile(r'\bno (?:problem|worries)\b', _FLAGS)
# A reply that opens with a yes; it accepts unless the rest is vague or negated ("Sure, send me something").
ACCEPT_START = re.compile(
    r'^\W*(?:(?:oh|well|um|uh|so|okay|ok|right)\W+)*(?:sure|yes|yeah|yep|okay|ok|fine|alright|all right|perfect|'
    r"sounds good|that works|works for me|deal|let'?s do (?:it|that)|go ahead|book it|absolutely|definitely|"
    r'happy to|why not|great)\b',
    _FLAGS,
)
ACCEPT = re.compile(
    r'\b(?:works|would work|could work|should work|can work|will work|suits|is fine|is good|is perfect)\b'
    r'|\bsounds (?:good|great|fine|fair|reasonable)\b|\bsend (?:me |us )?(?:the |an? |over )?(?:invite|invitation|'
    r'calendar)\b|\bsend (?:me |us )?(?:a |some |the )?(?:times?|slots?|options|dates?)\b|\bput it in\b'
    r"|\bi'?ll (?:bring|loop in|ask|invite|get|tell|grab|copy|cc|forward|let) \w+"
    r"|\bi'?ll have (?!a (?:look|think|read|glance|go)\b)\w+"
    r'|\b(?:i|we) can do\b|'
    r"\bi'?m in\b|\bcount me in\b|\bsee you (?:then|on|next)\b|\blooking forward\b|\blet'?s do\b|\bbook (?:it|us)\b|"
    r"\bi'?ll (?:make|set aside|block)\b|\bpencil (?:it|me|us) in\b|\bworks for (?:me|us|her|him|them)\b",
    _FLAGS,
)
# Words that confirm a meeting around a named day ("see you on the ninth", "talk on the 21st", "the invite").
CONFIRM = re.compile(
    r'\bsee you\b|\btalk (?:to you )?(?:on|then|next)\b|\binvite\b|\bcalendar\b|\blooking forward\b|\bbring\b'
    r'|\bwalk (?:us|me|them) through\b',
    _FLAGS,
)
# How a prospect proposes a step themselves ("let's do Tuesday at ten", "send me an invite for Monday").
OFFER = re.compile(
    r"\b(?:let'?s|how about|can you do|could you do|why don'?t (?:you|we)|set (?:it|something|that) up|put "
    r'(?:something|it|that) in|book|grab|send (?:me |us )?(?:an? |the )?invite)\b',
    _FLAGS,
)
DECLINE = re.compile(
    r"\bnot (?:a|the right) fit\b|\bnot (?:really |at all )?interested\b|\b(?:we'?ll|i'?ll|we will|i will|going "
    r'to|gonna) (?:have to )?pass\b(?! (?:it|this|that|them) (?:on|along)| along| on)|\bno,? thanks?\b'
    r'|\bno thank you\b|\bnot (?:at this time|for us|something we|'
    r"going to happen)\b|\bdon'?t (?:think|see) (?:this|that|it|we|there)|\b(?:i|i'?ve) (?:have |'ve |got )?(?:to|"
    r'gotta) (?:go|run|jump)\b|\bgotta go\b|\bi need to go\b|\bstop you (?:there|right there)\b|\btake (?:me|us) '
    r"off\b|\bdon'?t call\b|\bwe'?re done\b|\bthis (?:call|conversation) is over\b|\bhanging up\b|^\W*no\W*$|"
    r'^\W*no[.,!]|\bnot a priority\b|\bwaste of (?:my |our )?time\b|\bnot (?:going|gonna) (?:to )?(?:agree|commit|'
    r'book|take|happen)\b|\bwe(?:\W+re| are) not (?:buying|looking|ready)\b|\bno(?:t)? (?:need|point)\b'
    r"|\bi'?d rather not\b|\bno invite\b|\bnot (?:book|commit|schedul)\w* anything\b|\bi don'?t want to (?:book|"
    r'commit|schedule|meet)\b',
    _FLAGS,
)
VAGUE = re.compile(
    r'\bsend (?:me |us |her |him |them |over )?(?:some|over some|an?|the|your|a few)? ?(?:info|information|'
    r'materials?|details|deck|brochure|proposal|email|e-mail|something|overview|one[- ]pager|case stud(?:y|ies)|'
    r'pricing|link|stuff)\b'
    r'|\b(?:e-?mail|drop) (?:me|us)\b|\bjust e-?mail\b|\bput (?:it|something|that) in (?:an |a )?(?:e-?mail|writing)'
    r'|\b(?:reach|circle|check|come) back\b|\blet me think\b|\bthink (?:about|it over)\b|\bmaybe\b|\bnot sure\b'
    r"|\bget back to you\b|\b(?:next|in a few|in a couple of) (?:quarter|month|months|year)\b|\bwe'?ll see\b"
    r'|\bcall me (?:back )?(?:next|in|later)\b|\blet me (?:check|look|talk|see)\b|\bsometime\b'
    r'|\bdown the (?:road|line)\b'
    r"|\bkeep in touch\b|\bfollow up (?:later|by e-?mail)\b|\b(?:she|he|they|we|i)(?:'ll| will) (?:call you|reach "
    r"out|get back to you|contact you)\b|\blet'?s see how\b",
    _FLAGS,
)
# A refusal in any context: DECLINE without the bare "no", which only declines when it answers an ask.
HARD_DECLINE = re.compile(DECLINE.pattern.replace(r'^\W*no\W*$|', '').replace(r'^\W*no[.,!]|', ''), _FLAGS)
# How a prospect ends a call without a step ("send me a proposal", "email me", "call me next quarter"); unlike
# VAGUE it leaves out words such as "maybe" that an ordinary answer uses.
BRUSH_OFF = re.compile(
    r'\bsend (?:me |us |her |him |them |over )?(?:some|an?|the|your)? ?(?:info|information|materials?|details|'
    r'deck|brochure|proposal|e-?mail|something|overview|one[- ]pager|pricing)\b|\b(?:e-?mail|drop) (?:me|us)\b'
    r'|\bget back to you\b'
    r'|\bcall me (?:back )?(?:next|in|later)\b|\b(?:reach|circle|check|come) back\b|\bthink (?:about|it over)\b',
    _FLAGS,
)
# What a rep offers when the step is only information or a later call: "I'll send you an email with some info".
INFO_ONLY = re.compile(
    r'\b(?:send|e-?mail|shoot|forward) (?:you |over )?(?:an? |some |the |our |a few )?(?:e-?mail|info|information|'
    r'deck|brochure|materials?|details|overview|one[- ]pager|case stud(?:y|ies)|pricing|links?)\b'
    r'|\b(?:call|ring|reach out to|check in with|touch base with|follow up with) you (?:in|next|after|later|sometime)\b'
    r'|\bput a note\b',
    _FLAGS,
)
ATTENDEES = re.compile(
    r'\b(?:with|bring|loop in|invite|include|and) (?:your |our |my )?(?:[A-Z][a-z]+|director|cfo|ceo|coo|cto|boss|'
    r'team|manager|managers|plant managers|it lead|head of \w+|colleague|colleagues|partner)\b',
    re.ASCII,
)


class Evidence(BaseModel):
    """A verbatim piece of one transcript line, who said it and when."""

    quote: str
    speaker: Literal['rep', 'prospect']
    timestamp: float | None


class OutcomeReading(BaseModel):
    kind: OutcomeKind
    ask: Evidence | None = None
    answer: Evidence | None = None
    dated: bool = False
    attendees: bool = False
    asks: int = 0


def evidence(sentence: Sentence, match: re.Match[str] | None = None) -> Evidence:
    speaker: Literal['rep', 'prospect'] = 'rep' if sentence.line.role == 'user' else 'prospect'
    return Evidence(quote=quote(sentence, match), speaker=speaker, timestamp=sentence.at)


def ask_in(sentence: Sentence) -> re.Match[str] | None:
    """Where a rep sentence asks for a next step (see the module's rules), else None."""
    text = sentence.text
    if PERMISSION.search(text) and not WHEN.search(text):
        return None  # "do you have two minutes?" asks to go on with this call, not for another
    time_only = _TIME_ONLY_ASK.search(text)
    if time_only:
        return time_only
    form = _ASK_FORMS.search(text)
    if form and (MEETING.search(text) or (WHEN.search(text) and not _SENDING.search(text))):
        return form
    form = _WHEN_FORMS.search(text)
    if form and WHEN.search(text):
        return form
    return None


AnswerKind = Literal['accept', 'decline', 'vague']


def answer_kind(sentence: Sentence) -> tuple[AnswerKind, re.Match[str]] | None:
    """How one prospect sentence answers an ask: accept, decline or vague; None when it does neither. A question
    ("does Friday work?") does not answer; a day or time offered without a negation accepts ("Thursday at eight")."""
    text = sentence.text
    if text.rstrip().endswith('?'):
        return None
    decline = DECLINE.search(text)
    if decline:
        return 'decline', decline
    vague = VAGUE.search(text)
    strong = ACCEPT.search(text)
    if vague and not strong:
        return 'vague', vague
    for accept in (strong, ACCEPT_START.search(text), WHEN.search(text)):
        if accept and not _negated(text, accept):
            return 'accept', accept
    return ('vague', vague) if vague else None


def _negated(text: str, match: re.Match[str]) -> bool:
    """A negation just before or inside the match: "that doesn't work", "can't do Tuesday", "not this week";
    "no problem" is not one, nor is a "not" three words back ("myself, not Dana, Monday")."""
    before = _NO_PROBLEM.sub('', text[: match.start()])
    near = ' '.join(WORD_RE.findall(before)[-NEGATION_WORDS:])
    return NEGATION.search(f'{near} {match.group()}') is not None


def read_outcome(turns: list[Turn]) -> OutcomeReading:
    """The call's outcome by the module's rules."""
    best: OutcomeReading | None = None  # an agreed step, kept unless declined later
    last: OutcomeReading | None = None
    asks = 0
    for turn in turns:
        if turn.role == 'user':
            for sentence in turn.sentences:
                found = ask_in(sentence)
                if found is None:
                    continue
                asks += 1
                reply = next_turn(turns, turn, 'assistant')
                reading = _answer(turn, sentence, found, reply)
                if reading is not None:
                    last = reading
                    if reading.kind == 'agreed':
                        best = best or reading  # the first agreement holds the clearest evidence
                    elif reading.kind == 'declined':
                        best = None
                break  # one ask per turn: the prospect answers the turn
        else:
            offered = _prospect_offer(turn)
            if offered is not None:
                last = offered
                best = best or offered
    if best is None and (last is None or last.kind in ('accepted', 'vague', 'none')):
        committed = _commitment(turns)
        if committed is not None and not _declined_after(turns, committed):
            best = committed
    result = best or last or _how_it_ended(turns) or OutcomeReading(kind='none')
    return result.model_copy(update={'asks': asks})


def _declined_after(turns: list[Turn], reading: OutcomeReading) -> bool:
    at = reading.answer.timestamp if reading.answer else None
    later = [t for t in turns if t.role == 'assistant' and at is not None and (t.start or 0.0) > at]
    return any(HARD_DECLINE.search(s.text) for t in later for s in t.sentences)


def _how_it_ended(turns: list[Turn]) -> OutcomeReading | None:
    """Without an answered ask, a call can still end vague ("send me a proposal") or declined ("I have to go")."""
    last_prospect = [turn for turn in turns if turn.role == 'assistant'][-ENDING_TURNS:]
    # A brush-off said before "I have to go" is how it ended: the prospect left with something vague agreed.
    for pattern, kind in ((BRUSH_OFF, 'vague'), (HARD_DECLINE, 'declined')):
        for turn in reversed(last_prospect):
            for sentence in reversed(turn.sentences):
                found = pattern.search(sentence.text)
                if found:
                    return OutcomeReading(kind=kind, answer=evidence(sentence, found))  # type: ignore[arg-type]
    return None


def _answer(asked: Turn, ask: Sentence, found: re.Match[str], reply: Turn | None) -> OutcomeReading | None:
    if reply is None:
        return None
    verdict: tuple[AnswerKind, re.Match[str], Sentence] | None = None
    for sentence in reply.sentences:
        read = answer_kind(sentence)
        if read is not None:
            verdict = (read[0], read[1], sentence)
    if verdict is None:
        return None
    kind, match, said = verdict
    both = f'{asked.text} {reply.text}'
    dated = bool(WHEN.search(both))
    if kind == 'accept' and not dated and INFO_ONLY.search(ask.text):
        kind = 'vague'  # "I'll send you some information and call you in January": agreed, but to nothing
    outcome: OutcomeKind = (
        'declined' if kind == 'decline' else 'vague' if kind == 'vague' else 'agreed' if dated else 'accepted'
    )
    return OutcomeReading(
        kind=outcome,
        ask=evidence(ask, found),
        answer=evidence(said, match),
        dated=dated and kind == 'accept',
        attendees=bool(ATTENDEES.search(both)),
    )


def _prospect_offer(turn: Turn) -> OutcomeReading | None:
    """A prospect who proposes a dated step themselves ("send me an invite for Tuesday morning")."""
    for sentence in turn.sentences:
        when = WHEN.search(sentence.text)
        offered = OFFER.search(sentence.text) or ACCEPT.search(sentence.text)
        if when and offered and MEETING.search(sentence.text) and not _negated(sentence.text, when):
            if DECLINE.search(sentence.text) or VAGUE.search(sentence.text):
                continue
            return _agreed(sentence, when)
    return None


def _commitment(turns: list[Turn]) -> OutcomeReading | None:
    """A day or time the prospect names, not negated, in the second half of the call, where that turn or the rep's
    turn on either side speaks of meeting or confirms it ("Priya's in Thursday the ninth. I'll steal half an hour of
    her morning"; "Fine. Tuesday the 21st, one o'clock." after "I'd suggest a technical review")."""
    for turn in turns[len(turns) // 2 :]:
        if turn.role != 'assistant':
            continue
        around = ' '.join(t.text for t in turns[max(0, turn.index - 1) : turn.index + 2])
        if not (MEETING.search(around) or CONFIRM.search(around)):
            continue
        for sentence in turn.sentences:
            when = WHEN.search(sentence.text)
            if when is None or _negated(sentence.text, when) or sentence.text.rstrip().endswith('?'):
                continue
            if HARD_DECLINE.search(sentence.text) or BRUSH_OFF.search(sentence.text):
                continue
            return _agreed(sentence, when, around)
    return None


def _agreed(sentence: Sentence, when: re.Match[str], context: str = '') -> OutcomeReading:
    return OutcomeReading(
        kind='agreed',
        answer=evidence(sentence, when),
        dated=True,
        attendees=bool(ATTENDEES.search(f'{sentence.text} {context}')),
    )
