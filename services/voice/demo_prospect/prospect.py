"""The demo prospect of one call: it listens to each rep turn, remembers, and answers from its persona's script (a
built-in's, or one made from a team's prospect by services/voice/demo_prospect/custom.py).

Rules (the lines are in services/voice/demo_prospect/scripts.py, the reading of a turn in reading.py):
- Never the same answer twice: each line is the first of its bank not yet said in the call; when a bank runs out the
  prospect refers back to what it said, then falls back on short fillers.
- Questions get facts on their topic (situation, problem, impact, decision): the fact the question names ("how big
  is your team") when there is one, else the topic's next fact that no question names, else its next fact. A
  question asked before, or one about a fact already revealed, gets an answer that refers back ("Like I said, ...").
  A guarded prospect answers a closed question on a guarded topic (its pains) with a guarded line until the rep has
  asked enough and asks openly; an open one reveals more than one fact at a time. A hidden fact (a hidden need) is
  never volunteered: only a question that names it, after two questions about the business, reveals it.
- An objection is raised when it fits the turn: a monologue's first, then what the turn is about (a price, an
  implementation, a claim of proof, a change of system; a team's objection whose own words it uses), else an open
  objection comes back (the skeptical buyer twice, the others once), else what fits the turn's form (a pitch, a
  pitch that gives no reason, an early ask); a patient prospect lets a few pitches pass before their form raises one.
- The rep's next turn, its asks for a next step left out, is read by the coach's objection reader
  (services/coaching/objections.py): explored or answered handles the objection; ignored, argued or a discount
  leaves it open, and the prospect says it noticed (the skeptical buyer twice, reading the turn after as a reply
  again; the others once). A later statement that speaks to an open objection (a topic word of it or of its kind)
  and that the reader reads as a reply still handles it.
- A next step is agreed only when the persona's bar (scripts.NextStepBar) is met: the friendly prospect after two
  questions about its business; the skeptical buyer once it has raised an objection and every objection it raised
  is handled (an early ask gets one raised); the busy executive after a reason for the call, with a sharp ask, and
  no objection the rep went past; a team's prospect as its trust_needed says. A refusal names the open objection,
  and the turn after it is read as a reply to it.
"""

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from services.coaching.discovery import Topic
from services.coaching.objections import KIND_TOPICS, Handling, read_objections
from services.coaching.outcome import ask_in
from services.coaching.turns import Turn, content_words
from services.library.prospect import ProspectProfile
from services.library.scenario import ScenarioSpec
from services.transcript import TranscriptMessage
from services.voice.demo_prospect.custom import named_step, script_of
from services.voice.demo_prospect.reading import MONOLOGUE_WORDS, RepTurn, read_turn
from services.voice.demo_prospect.scenario import Scenario, read_scenario, scenario_text_of
from services.voice.demo_prospect.scripts import SCRIPTS, Fact, Fit, Objection, Script
from services.words import WORD_RE

SAME_QUESTION = 0.6  # the share of content words a question shares with an earlier one to be the same question
HIDDEN_AFTER = 2  # questions about the business before a question that names a hidden fact reveals it
# Fits in the order they are tried: what the turn is about first, then its form.
FIT_ORDER: tuple[Fit, ...] = (
    'price',
    'implementation',
    'proof',
    'change',
    'monologue',
    'pitch_without_reason',
    'pitch',
    'ask',
)
TOPICS_IN_ORDER: tuple[Topic, ...] = ('situation', 'problem', 'impact', 'decision')
FILLERS = ('Look.', 'Right.', 'Okay.', 'Well.', 'Hm.')
# How a rep says what they sell during a call that has no scenario ("we sell ...", "our platform is ...").
_OFFER = re.compile(
    r"\b(?:we|i)(?:'re| are)? (?:sell|selling|offer|offering|provide|make|build|built)\b.*"
    r'|\bour (?:product|platform|service|tool|app|software|solution) (?:is|does)\b.*',
    re.IGNORECASE,
)


@dataclass(slots=True)
class Raised:
    """An objection the prospect raised in this call, and how the rep has met it so far."""

    objection: Objection
    said: str
    handled: bool = False
    ignored: int = 0
    returned: int = 0


class DemoProspect:
    """One call's scripted prospect (see the module's rules)."""

    def __init__(self, script: Script, scenario: Scenario) -> None:
        self.script = script
        self.scenario = scenario
        self.raised: list[Raised] = []
        self.revealed: list[str] = []  # fact keys, as `topic.key`, in the order they were revealed
        self.discovery = 0
        self.reason_given = False
        self.agreed = False
        self._said: set[str] = set()
        self._last: str | None = script.opening
        self._last_topic: Topic | None = None
        self._asked: list[tuple[set[str], Topic, Fact]] = []
        self._pending: Raised | None = None
        self._noticed: Raised | None = None  # the objection this answer already says the rep went past
        self._step = scenario.step
        self._when = 'next week'
        self._turns = 0
        self._pitches = 0
        self._said.add(_key(script.opening))

    @classmethod
    def for_call(
        cls,
        *,
        persona_id: str,
        scenario: str | None,
        profile: ProspectProfile | None = None,
        spec: ScenarioSpec | None = None,
    ) -> 'DemoProspect':
        """The prospect of `persona_id` in the rep's scenario (`spec`, else the free text `scenario`).

        A built-in id plays its script; another id plays a script made from `profile` (the friendly prospect's when
        there is no profile either).
        """
        text = scenario_text_of(spec) if spec is not None else scenario
        if persona_id in SCRIPTS or profile is None:
            script = SCRIPTS.get(persona_id, SCRIPTS['friendly_prospect'])
            return cls(script, read_scenario(text, script.default))
        script = script_of(profile)
        read = read_scenario(text, script.default)
        if (step := named_step(profile)) is not None:  # what this prospect agrees to, whatever the rep's goal says
            read = replace(read, step=step)
        return cls(script, read)

    @property
    def opening(self) -> str:
        return self.script.opening

    @property
    def voice(self) -> str:
        return self.script.voice

    def reply(self, text: str) -> str:
        """The prospect's answer to one rep turn."""
        self._turns += 1
        self._noticed = None
        turn = read_turn(text, previous=self._last, index=2 * self._turns)
        self.reason_given = self.reason_given or turn.reason
        if turn.intent == 'pitch' and not self.scenario.described:
            self._learn_offer(turn)
        before, instead = self._objection_reply(turn)
        if instead is None and before and turn.intent in ('statement', 'check_in', 'pitch'):
            # What the prospect makes of the reply to its objection is the answer, with a new objection the turn
            # raises ("It costs $2,000 a month") after it.
            instead = (
                (self._raise(set(turn.subjects)) or self._raise_touched(turn) or '') if turn.intent == 'pitch' else ''
            )
        answer = ' '.join([*before, instead if instead is not None else self._answer(turn)]).strip()
        self._last = answer
        self._said.add(_key(answer))
        return answer

    # What the rep did with the objection the prospect raised last, or with one still open.

    def _objection_reply(self, turn: RepTurn) -> tuple[list[str], str | None]:
        """What to say first about the objection, and the whole answer when that is all (a probe of it)."""
        if turn.intent in ('empty', 'goodbye'):
            return [], None
        pending, self._pending = self._pending, None
        if pending is None:
            return self._late_answer(turn), None
        handling = self._handling(pending, turn)
        if handling in ('explored', 'answered'):
            pending.handled = True
            if handling == 'explored' and turn.intent != 'ask':
                return [], self._pick(self._rendered([pending.objection.explored])) or self._line('more')
            return _some(self._pick(self._rendered(pending.objection.answered))), None
        pending.ignored += 1
        if turn.intent == 'ask' or pending.ignored > self.script.notices:
            return [], None  # the answer to an ask says why; a persona does not nag for ever
        bank = {'argued': 'argued', 'discounted': 'discounted'}.get(handling, 'noticed')
        line = self._pick(self._lines(bank, gist=pending.objection.gist))
        if line is not None and pending.ignored < self.script.notices:
            self._pending = pending  # the skeptical buyer holds on: the rep's next turn may still answer it
        self._noticed = pending
        return _some(line), None

    def _late_answer(self, turn: RepTurn) -> list[str]:
        """A rep who comes back to an open objection later ("About the price: ...") still handles it."""
        if turn.intent not in ('pitch', 'statement'):
            return []
        for raised in self.raised:
            if raised.handled or not _touches(raised, turn):
                continue
            if self._handling(raised, turn) in ('explored', 'answered'):
                raised.handled = True
                return _some(self._pick(self._rendered(raised.objection.answered)))
        return []

    def _handling(self, raised: Raised, turn: RepTurn) -> Handling:
        """How the coach's objection reader reads the turn as a reply to `raised`; an ask in it is no reply."""
        reply = ' '.join(s.text for s in turn.turn.sentences if ask_in(s) is None)
        if not WORD_RE.search(reply):
            return 'ignored'
        turns = [
            Turn(0, 'assistant', (TranscriptMessage(role='assistant', text=raised.said),)),
            Turn(1, 'user', (TranscriptMessage(role='user', text=reply),)),
        ]
        readings = read_objections(turns, self.script.persona_objections)
        return readings[0].handling if readings else 'ignored'

    # The answer to the turn itself.

    def _answer(self, turn: RepTurn) -> str:
        match turn.intent:
            case 'empty':
                return self._line('unclear')
            case 'goodbye':
                return self._line('goodbye')
            case 'ask':
                return self._ask(turn)
            case 'question':
                return self._question(turn)
            case 'check_in':
                return self._line('check_in')
            case 'small_talk':
                return self._line('small_talk')
            case 'greeting':
                return self._line('greeting')
            case 'pitch':
                return self._pitch(turn)
            case _:
                return self._line('statement')

    def _question(self, turn: RepTurn) -> str:
        if turn.discovery:
            self.discovery += 1
        topic = turn.topic or (self._last_topic if turn.kind == 'follow_up' else None)
        if topic is None:
            if turn.kind == 'follow_up':
                return self._line('more')
            if turn.open:
                return self._reveal_any() or self._line('ask_back')
            return self._line('off_topic')
        self._last_topic = topic
        question = turn.question or turn.text
        words = content_words(question)
        # A hidden fact is no fact at all until a question names it, late enough in the call.
        facts = [fact for fact in self.script.facts[topic] if self._may_tell(topic, fact, question)]
        if not facts:
            return self._line('nothing_more')
        earlier = next((fact for asked, t, fact in self._asked if t == topic and _same(words, asked)), None)
        cued = [fact for fact in facts if fact.cue is not None and fact.cue.search(question)]
        fresh: list[Fact] = []
        if earlier is None and cued:
            fresh = [fact for fact in cued if not self._known(topic, fact)]
        elif earlier is None:  # a question that names no fact: the facts no question names come first
            fresh = sorted((f for f in facts if not self._known(topic, f)), key=lambda fact: fact.cue is not None)
        if fresh and topic in self.script.guarded and not self._asked_well(turn):
            return self._line('guarded')
        told: list[str] = []
        for fact in fresh:
            line = self._pick(self._rendered([fact.says]))
            if line is not None:
                self.revealed.append(f'{topic}.{fact.key}')
                self._asked.append((words, topic, fact))
                told.append(line)
            if len(told) >= self.script.reveal:
                break
        if told:
            return ' '.join(told)
        again = earlier or (cued[0] if cued else facts[0])
        known = [again, *(fact for fact in facts if fact is not again and self._known(topic, fact))]
        return self._pick(self._referring(known)) or self._line('nothing_more')

    def _may_tell(self, topic: Topic, fact: Fact, question: str) -> bool:
        if not fact.hidden or self._known(topic, fact):
            return True
        return self.discovery > HIDDEN_AFTER and fact.cue is not None and fact.cue.search(question) is not None

    def _asked_well(self, turn: RepTurn) -> bool:
        """Whether a guarded prospect shares what it guards: an open question or a follow-up, once earned."""
        return (turn.open or turn.kind == 'follow_up') and self.discovery > self.script.earn

    def _reveal_any(self) -> str | None:
        for topic in TOPICS_IN_ORDER:
            if topic in self.script.guarded and self.discovery <= self.script.earn:
                continue
            for fact in self.script.facts[topic]:
                if fact.hidden or self._known(topic, fact):
                    continue
                if (line := self._pick(self._rendered([fact.says]))) is not None:
                    self.revealed.append(f'{topic}.{fact.key}')
                    self._last_topic = topic
                    return line
        return None

    def _pitch(self, turn: RepTurn) -> str:
        # A monologue is answered as one; then what the turn is about raises its objection; then an open one comes
        # back; then the pitch's own.
        self._pitches += 1
        fits: set[Fit] = set()
        if self._pitches > self.script.patience:  # a patient prospect lets a few pitches pass
            fits.add('pitch')
            if not self.reason_given:
                fits.add('pitch_without_reason')
        if turn.words >= MONOLOGUE_WORDS:
            fits.add('monologue')
        line = (
            self._raise(fits & {'monologue'})
            or self._raise(set(turn.subjects))
            or self._raise_touched(turn)
            or self._return_to_open()
            or self._raise(fits)
        )
        if line is not None:
            return line
        banks = ['monologue'] if 'monologue' in fits else []
        banks += ['figure'] if turn.figure else []
        banks += ['reason'] if turn.reason else []
        banks += ['price'] if 'price' in turn.subjects else []
        for bank in [*banks, 'pitch', 'ask_back']:
            line = self._pick(self._lines(bank, figure=turn.figure or ''))
            if line is not None:
                return line
        return self._fallback()

    def _ask(self, turn: RepTurn) -> str:
        if self.agreed:
            return self._line('agreed_again')
        why, gist = self._bar(turn)
        if why is None:
            self.agreed = True
            self._step, self._when = turn.step or self.scenario.step, turn.when or 'next week'
            return self._line('agree')
        if why == 'none_raised':
            raised = self._raise(set(turn.subjects)) or self._raise({'ask'}) or self._raise({'pitch'})
            return raised or self._line('ask_back')
        if why in ('no_reason', 'not_sharp'):
            return self._line(why)
        line = self._line('not_yet', gist=gist)
        self._pending = next((r for r in self.raised if not r.handled and r.objection.gist == gist), None)
        return line

    def _bar(self, turn: RepTurn) -> tuple[str | None, str]:
        """Why the persona does not agree yet (None when it does), and the objection in a few words."""
        bar = self.script.bar
        open_ = [raised for raised in self.raised if not raised.handled]
        went_past = [raised for raised in open_ if raised.ignored]
        if bar.went_past_blocks and went_past:
            return 'open', went_past[0].objection.gist
        if self.discovery < bar.discovery:
            return 'discovery', ''
        if bar.objection_raised and not self.raised:
            return 'none_raised', ''
        if bar.open_blocks and open_:
            return 'open', open_[0].objection.gist
        if bar.reason and not self.reason_given:
            return 'no_reason', ''
        if bar.sharp_ask and not turn.sharp:
            return 'not_sharp', ''
        return None, ''

    # Objections.

    def _raise(self, fits: set[Fit]) -> str | None:
        for fit in FIT_ORDER:
            if fit not in fits:
                continue
            for objection in self.script.objections:
                if fit in objection.fits and (said := self._raise_one(objection)) is not None:
                    return said
        return None

    def _raise_touched(self, turn: RepTurn) -> str | None:
        """An objection whose own words the turn uses ("your maintenance contract" -> "We signed a contract")."""
        words = content_words(turn.text)
        for objection in self.script.objections:
            if objection.words & words and (said := self._raise_one(objection)) is not None:
                return said
        return None

    def _raise_one(self, objection: Objection) -> str | None:
        if any(r.objection is objection for r in self.raised):
            return None
        said = self._pick(self._rendered([objection.says]))
        if said is None:
            return None
        raised = Raised(objection=objection, said=said)
        self.raised.append(raised)
        self._pending = raised
        return said

    def _return_to_open(self) -> str | None:
        limit = self.script.returns
        for raised in self.raised:
            if raised is self._noticed:
                continue
            if not raised.handled and raised.ignored and raised.returned < limit:
                line = self._pick(self._rendered([raised.objection.again]))
                if line is not None:
                    raised.returned += 1
                    self._pending = raised
                    return line
        return None

    def _learn_offer(self, turn: RepTurn) -> None:
        found = _OFFER.search(turn.text)
        if found is not None:
            self.scenario = replace(read_scenario(found.group(), self.scenario), step=self.scenario.step)

    # Lines.

    def _known(self, topic: Topic, fact: Fact) -> bool:
        return f'{topic}.{fact.key}' in self.revealed

    def _referring(self, facts: list[Fact]) -> Iterator[str]:
        for fact in facts:
            recap = self.render(fact.recap)
            for template in self.script.lines['refer_back']:
                yield self.render(template, recap=recap)

    def _line(self, bank: str, **slots: str) -> str:
        return self._pick(self._lines(bank, **slots)) or self._fallback()

    def _lines(self, bank: str, **slots: str) -> Iterator[str]:
        return self._rendered(self.script.lines.get(bank, ()), **slots)

    def _rendered(self, templates: Iterable[str], **slots: str) -> Iterator[str]:
        """The templates filled in, less those that name an objection, a recap or a figure this turn has none of
        (they would read "answered me on .")."""
        return (self.render(template, **slots) for template in templates if not _lacks(template, slots))

    def _pick(self, lines: Iterable[str]) -> str | None:
        """The first of `lines` (filled in) not yet said in this call, now said; None when all were."""
        for line in lines:
            if _key(line) not in self._said:
                self._said.add(_key(line))
                return line
        return None

    def _fallback(self) -> str:
        lines = self.script.lines
        options = (f'{filler} {line}' for filler in FILLERS for line in (*lines['ask_back'], *lines['check_in']))
        return self._pick(options) or self._pick([f'{FILLERS[0]} We have been at this for {self._turns} turns.']) or ''

    def render(self, template: str, **extra: str) -> str:
        """A line of the script with its slots filled from the scenario, the call so far and `extra`."""
        if '{' not in template:
            return template
        scenario = self.scenario
        slots = {
            'product': scenario.product,
            'category': scenario.category,
            'area': scenario.area,
            'pain': scenario.pain,
            'situation': scenario.situation,
            'impact': scenario.impact,
            'step': self._step,
            'when': self._when,
            'gist': '',
            'recap': '',
            'figure': '',
            **extra,
        }
        slots |= {name.capitalize(): _capital(value) for name, value in slots.items()}
        return template.format_map(slots)


_OPTIONAL_SLOTS = ('gist', 'recap', 'figure')


def _lacks(template: str, slots: dict[str, str]) -> bool:
    """Whether the template names an optional slot that `slots` leaves empty."""
    named = {field.lower() for _, field, _, _ in string.Formatter().parse(template) if field}
    return any(name in _OPTIONAL_SLOTS and not slots.get(name) for name in named)


def _some(line: str | None) -> list[str]:
    return [] if line is None else [line]


def _touches(raised: Raised, turn: RepTurn) -> bool:
    """Whether the turn shares a topic word with the objection or its kind (as the objection reader's own rule)."""
    topic = content_words(raised.said) | KIND_TOPICS[raised.objection.kind]
    return any(word in topic or any(word.startswith(stem) for stem in topic) for word in content_words(turn.text))


def _same(words: set[str], earlier: set[str]) -> bool:
    if not words or not earlier:
        return False
    return len(words & earlier) >= SAME_QUESTION * max(len(words), len(earlier))


def _key(line: str) -> str:
    return ' '.join(WORD_RE.findall(line.lower()))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
