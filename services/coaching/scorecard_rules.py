"""The rule-based coach's grading of a scenario's scorecard and goals: only what code's own reading of the call
answers; every other criterion is left "needs the AI coach" and every other goal "not judged", never guessed.

Matching a criterion to a reading (its text is read first, its evidence hint only when the text names no reading;
whole words, any case):
- A criterion that names two readings ("who else decides before proposing a demo"), or that asks for a judgement
  no reading makes (words such as tie, tailor, relevant, value, benefit, empathy, tone, confident, rapport,
  summarise, story, insight, reference, competitor, pitch, feature, price, negotiate, well, effective,
  compelling, understand, confirm, check), needs the AI coach.
- next step ("next step", meeting, demo, book, pilot, trial, schedule, calendar, commitment, close) -> the outcome
  (services/coaching/outcome.py). yes/no: yes when the prospect agreed to a step with a day or time; when the
  criterion does not ask for a day, time, date, calendar or a concrete / specific step, a step accepted without one
  is a yes too; vague, declined or never asked is a no. 1-5: the next-step skill (agreed 5, accepted 3, vague 2,
  declined or never asked 1).
- objections (objection, pushback, push back) -> each objection's handling (services/coaching/objections.py).
  yes/no: yes when every objection was explored (the criterion says explore) or explored or answered (otherwise).
  1-5: 1 + 4 x the mean credit (explored 1, answered 0.55, ignored 0.1, argued or discounted 0). A call in which
  the rules found no objection needs the AI coach.
- discovery topics -> the rep's discovery questions (services/coaching/discovery.py), each topic by its own words:
  budget (budget, funding, spend), decision makers (decision, decides, who else, sign off, stakeholders,
  approval), timeline (timeline, time frame, deadline, by when, timing), pain (pain, problem, challenge,
  frustration, struggle, issue), impact (cost, impact, consequence) and the current situation (current process,
  current system, "how ... today"). Topics joined by "or" need one of them, otherwise all. yes/no: yes when the rep
  asked a discovery question on each needed topic. 1-5 per topic: 1 no question on it, 3 closed questions only, 4
  an open question or a follow-up on it, 5 two or more questions on it with one open or a follow-up; the result is
  the lowest of the needed topics (the highest, with "or").
- open questions ("open questions", "open-ended questions") -> the rep's open discovery questions. yes/no: yes
  with at least the number the criterion names (in digits or words), else two. 1-5: 1 + the count, at most 5.
- opening (opening, introduction, "reason for the call", "first 30 seconds", permission) -> the opening skill
  (services/coaching/skills.py: an introduction, a reason, an early question, a short first line). yes/no: yes at
  4-5, no at 1-2; 3 needs the AI coach. 1-5: the skill.
- talk share ("talk time", "talk share", "talk ratio", "talked less", "listen more", "let the prospect talk") ->
  the rep's share of the words. yes/no: yes when at or under the share the criterion names ("under 50%", "half"),
  else under the band's top (60%). 1-5: 1 + 4 x the talk-share part of delivery.
- pressure (pressure, pushy, hard sell, interrupt, talk over), only when asked as something to avoid (avoid,
  without, never, no, not) -> the respect reading: yes when no pressure line and no "no" pushed past (pressure), or
  no talk-over (interrupt); otherwise no. A pressure criterion asked the other way round needs the AI coach.
Each grade has a rationale and, where words exist for it, a quote cut verbatim from the transcript: the rep's
question, the prospect's agreement, the rep's reply to an objection.

Goals: a goal naming a step to win (book, schedule, set up, agree, arrange, secure a meeting, demo, call, pilot,
trial...) is met when the prospect agreed to a step with a day or time (with someone named "with ..." only when the
reading found attendees), not met when the step was vague, declined or never asked, and not judged when accepted
without a day. A goal naming discovery topics only is met when the rep asked about each and the prospect answered
(six words or more), else not judged (the prospect may have said it unasked). Any other goal is not judged.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from services.coaching.discovery import TOPICS, DiscoveryQuestion
from services.coaching.objections import CREDIT
from services.coaching.outcome import Evidence
from services.coaching.reading import CallReading
from services.coaching.scoring import delivery_parts
from services.coaching.shared import rep_lines
from services.coaching.skills import NEXT_STEP_SKILL, opening_skill
from services.coaching.turns import QUOTE_MAX_WORDS
from services.library.scenario import Criterion, ScenarioSpec
from services.library.scorecard import CriterionResult, GoalResult, ScorecardResult, scorecard_of, ungraded
from services.speech_metrics import TALK_RATIO_BAND, SpeechMetrics
from services.transcript import TranscriptMessage
from services.words import WORD_RE

NEEDS_AI = 'needs the AI coach'
_FLAGS = re.IGNORECASE

Reader = Literal['next_step', 'objections', 'discovery', 'open_questions', 'opening', 'talk_share', 'pressure']
Subtopic = Literal['budget', 'decision_makers', 'timeline', 'pain', 'impact', 'situation']

# Each reading's words; discovery is named by its topics (SUBTOPICS).
READERS: dict[Reader, re.Pattern[str]] = {
    'next_step': re.compile(
        r'\bnext steps?\b|\bmeetings?\b|\bdemos?\b|\bbook(?:s|ed|ing)?\b|\bpilots?\b|\btrials?\b|\bschedul\w*'
        r'|\bcalendar\b|\bcommit(?:s|ted|ment)?\b|\bclos(?:e|es|ed|ing)\b',
        _FLAGS,
    ),
    'objections': re.compile(r'\bobjections?\b|\bpush ?-?back\b', _FLAGS),
    'open_questions': re.compile(r'\bopen(?:[- ]ended)? questions?\b', _FLAGS),
    'opening': re.compile(
        r'\bopening\b|\bopen(?:s|ed)? the call\b|\bintroduc\w*|\breason for (?:the call|calling)\b'
        r'|\bfirst (?:\d+|thirty|sixty|few) seconds\b|\bpermission\b',
        _FLAGS,
    ),
    'talk_share': re.compile(
        r'\btalk(?:ed|s|ing)? (?:share|time|ratio|less)\b|\blisten(?:ed|s|ing)? more\b|\btalk-to-listen\b'
        r'|\blet (?:the|their) (?:prospect|buyer|customer) (?:talk|speak)\b',
        _FLAGS,
    ),
    'pressure': re.compile(r'\bpressur\w*|\bpushy\b|\bhard sell\b|\binterrupt\w*|\btalk(?:ed|ing|s)? over\b', _FLAGS),
}
SUBTOPICS: dict[Subtopic, re.Pattern[str]] = {
    'budget': re.compile(r'\bbudget\w*|\bfunding\b|\bspend\b', _FLAGS),
    'decision_makers': re.compile(
        r'\bdecision\w*|\bdecides?\b|\bwho else\b|\bsign(?:s|ed)?[- ]?off\b|\bstakeholders?\b|\bapprov\w*', _FLAGS
    ),
    'timeline': re.compile(r'\btimelines?\b|\btime ?frames?\b|\bdeadlines?\b|\bby when\b|\btiming\b', _FLAGS),
    'pain': re.compile(r'\bpains?\b|\bproblems?\b|\bchallenges?\b|\bfrustrat\w*|\bstruggl\w*|\bissues?\b', _FLAGS),
    'impact': re.compile(r'\bcosts?\b|\bimpact\w*|\bconsequences?\b', _FLAGS),
    'situation': re.compile(
        r'\bcurrent (?:process|situation|system|setup|tools?|solution|workflow)\b|\bhow\b.{0,40}\btoday\b', _FLAGS
    ),
}
# What a rep's question must say to be about each subtopic.
QUESTION_TOPICS: dict[Subtopic, re.Pattern[str]] = {
    'budget': re.compile(
        r'\bbudget\w*|\bfund\w*|\bspend\w*|\bset aside\b|\bafford\b|\bpay for\b|\bprice range\b|\binvest\w*', _FLAGS
    ),
    'decision_makers': re.compile(
        r'\bwho (?:else|decides|signs|would|makes|needs|is involved|owns|approves|gets)\b|\bdecision\w*|\bdecide\w*'
        r'|\bsign[- ]?off\b|\bsigns? off\b|\bstakeholders?\b|\bapprov\w*|\binvolved\b|\bbesides you\b|\bboard\b'
        r'|\bprocurement\b|\bweigh in\b',
        _FLAGS,
    ),
    'timeline': re.compile(
        r'\btimelines?\b|\btime ?frames?\b|\bdeadlines?\b|\bby when\b|\bhow soon\b|\bgo live\b|\btiming\b'
        r'|\bwhen (?:do|would|will|are) you (?:need|want|plan|hope|looking|aim)\w*|\bland by\b',
        _FLAGS,
    ),
    'pain': TOPICS['problem'],
    'impact': TOPICS['impact'],
    'situation': TOPICS['situation'],
}
SUBTOPIC_NAMES: dict[Subtopic, str] = {
    'budget': 'budget',
    'decision_makers': 'who decides',
    'timeline': 'timeline',
    'pain': 'the problem',
    'impact': 'what it costs',
    'situation': 'how things work today',
}
JUDGEMENT = re.compile(
    r'\b(?:tie|ties|tied|tying|link\w*|tailor\w*|relevan\w*|personali[sz]\w*|value|benefits?|empath\w*|tone|'
    r'confiden\w*|rapport|summar\w*|recap\w*|stor(?:y|ies)|insights?|case stud\w*|references?|competitor\w*|'
    r'pitch\w*|features?|pric(?:e|es|ing)|negotiat\w*|well|effective\w*|compelling|understand\w*|confirm\w*|'
    r'check\w*)\b',
    _FLAGS,
)
STRICT_STEP = re.compile(r'\b(?:days?|dates?|dated|times?|calendar|concrete|specific)\b', _FLAGS)
EXPLORE = re.compile(r'\bexplor\w*', _FLAGS)
AVOID = re.compile(r"\b(?:avoid\w*|without|never|no|not|didn'?t|did not)\b", _FLAGS)
TALK_OVER = re.compile(r'\binterrupt\w*|\btalk(?:ed|ing|s)? over\b', _FLAGS)
PERCENT = re.compile(r'\b(\d{1,2})\s?(?:%|percent\b)', _FLAGS)
HALF = re.compile(r'\bhalf\b', _FLAGS)
NUMBER_WORDS = {'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6}
COUNT = re.compile(r'\b(\d{1,2}|one|two|three|four|five|six)\b(?:\s+\w+)?\s+open', _FLAGS)
DEFAULT_OPEN_QUESTIONS = 2
GOAL_STEP = re.compile(
    r'\b(?:book|schedule|set ?up|agree|arrange|secure|get|land|win|earn)\b.{0,40}\b(?:meeting|demo|call|pilot|'
    r'trial|next step|session|review|workshop|walk-?through)\b|\bnext step\b',
    _FLAGS,
)
GOAL_WITH = re.compile(r'\bwith (?:their|the|his|her|a|an|[A-Z])', re.ASCII)
ANSWER_WORDS = 6


@dataclass(frozen=True, kw_only=True, slots=True)
class Grading:
    scorecard: ScorecardResult
    goals: list[GoalResult]


def grade_by_rules(
    spec: ScenarioSpec, *, reading: CallReading, messages: Sequence[TranscriptMessage], metrics: SpeechMetrics
) -> Grading:
    """The scenario's scorecard and goals as far as code's reading answers them (see the module's rules);
    `messages` in time order."""
    call = _Call(reading=reading, messages=list(messages), metrics=metrics)
    results = [grade_criterion(criterion, call) for criterion in spec.criteria]
    return Grading(
        scorecard=scorecard_of(results, spec.pass_mark), goals=[judge_goal(goal, call) for goal in spec.goals]
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class _Call:
    reading: CallReading
    messages: list[TranscriptMessage]
    metrics: SpeechMetrics

    @property
    def discovery(self) -> list[DiscoveryQuestion]:
        return self.reading.discovery.discovery


def reader_of(text: str) -> tuple[Reader, list[Subtopic]] | None:
    """The one reading a criterion's (or goal's) words name, with the discovery topics; None for none or several."""
    named: set[Reader] = {
        reader for reader, pattern in READERS.items() if reader != 'discovery' and pattern.search(text)
    }
    subtopics = [topic for topic, pattern in SUBTOPICS.items() if pattern.search(text)]
    if 'open_questions' in named:
        subtopics = []  # "open questions about the problem" asks for open questions
    if subtopics:
        named.add('discovery')
    if len(named) != 1:
        return None
    return named.pop(), subtopics


def grade_criterion(criterion: Criterion, call: '_Call') -> CriterionResult:
    text = criterion.text
    if JUDGEMENT.search(text):
        return ungraded(criterion, f'A judgement no rule reads: {NEEDS_AI}.')
    found = reader_of(text)
    if (
        found is None
        and not _names_any(text)
        and criterion.evidence_hint
        and not JUDGEMENT.search(criterion.evidence_hint)
    ):
        found = reader_of(criterion.evidence_hint)
    if found is None:
        return ungraded(criterion, f'No rule reads this: {NEEDS_AI}.')
    reader, subtopics = found
    if reader == 'next_step':
        return _next_step(criterion, call)
    if reader == 'objections':
        return _objections(criterion, call)
    if reader == 'discovery':
        return _discovery(criterion, call, subtopics)
    if reader == 'open_questions':
        return _open_questions(criterion, call)
    if reader == 'opening':
        return _opening(criterion, call)
    if reader == 'talk_share':
        return _talk_share(criterion, call)
    return _pressure(criterion, call)


def judge_goal(goal: str, call: '_Call') -> GoalResult:
    """A goal judged only where a reading clearly answers it (see the module's rules)."""
    if JUDGEMENT.search(goal):
        return GoalResult(text=goal, met=None)
    step = bool(GOAL_STEP.search(goal))
    subtopics = [topic for topic, pattern in SUBTOPICS.items() if pattern.search(goal)]
    if step and not subtopics:
        outcome = call.reading.outcome
        if outcome.kind == 'agreed':
            met: bool | None = True if outcome.attendees or not GOAL_WITH.search(goal) else None
        elif outcome.kind == 'accepted':
            met = None
        else:
            met = False
        return GoalResult(text=goal, met=met)
    if subtopics and not step:
        answered = all(any(_answered(q, call) for q in _on_topic(call, topic)) for topic in subtopics)
        return GoalResult(text=goal, met=True if answered else None)
    return GoalResult(text=goal, met=None)


# --- each reading ---------------------------------------------------------------------------------------------


def _next_step(criterion: Criterion, call: '_Call') -> CriterionResult:
    outcome = call.reading.outcome
    said = outcome.answer or outcome.ask
    words = {
        'agreed': 'The prospect agreed to a next step with a day or time',
        'accepted': 'The prospect accepted a next step, without a day or time',
        'vague': 'The call ended on a vague next step',
        'declined': 'The prospect declined the next step',
        'none': 'You never asked for a next step',
    }[outcome.kind]
    if criterion.kind == 'scale_1_5':
        return _graded(criterion, NEXT_STEP_SKILL[outcome.kind], f'{words}.', said)
    strict = bool(STRICT_STEP.search(criterion.text))
    met = outcome.kind == 'agreed' or (outcome.kind == 'accepted' and not strict)
    note = ' (the criterion asks for a day or time)' if outcome.kind == 'accepted' and strict else ''
    return _graded(criterion, met, f'{words}{note}.', said)


def _objections(criterion: Criterion, call: '_Call') -> CriterionResult:
    objections = call.reading.objections
    if not objections:
        return ungraded(criterion, f'The rules found no objection in this call: {NEEDS_AI}.')
    handled = [o.handling for o in objections]
    summary = ', '.join(f'{o.kind.replace("_", " ")} {o.handling}' for o in objections)
    if criterion.kind == 'scale_1_5':
        mean = sum(CREDIT[h] for h in handled) / len(handled)
        worst = min(objections, key=lambda o: CREDIT[o.handling])
        return _graded(criterion, 1 + round(4 * mean), f'Objections: {summary}.', worst.reply or worst.said)
    wanted = ('explored',) if EXPLORE.search(criterion.text) else ('explored', 'answered')
    missed = [o for o in objections if o.handling not in wanted]
    if missed:
        first = missed[0]
        return _graded(criterion, False, f'Objections: {summary}.', first.reply or first.said)
    return _graded(criterion, True, f'Objections: {summary}.', objections[0].reply or objections[0].said)


def _discovery(criterion: Criterion, call: '_Call', subtopics: list[Subtopic]) -> CriterionResult:
    either = ' or ' in criterion.text.lower()
    levels = {topic: _topic_level(call, topic) for topic in subtopics}
    asked = {topic: _on_topic(call, topic) for topic in subtopics}
    pick = max if either else min
    chosen = pick(subtopics, key=lambda topic: levels[topic])
    named = '; '.join(f'on {SUBTOPIC_NAMES[t]}: {_count(len(asked[t]))}' for t in subtopics)
    rationale = f'Your discovery questions {named}.'
    quote = asked[chosen][0].said if asked[chosen] else None
    if criterion.kind == 'scale_1_5':
        return _graded(criterion, levels[chosen], rationale, quote)
    return _graded(criterion, levels[chosen] > 1, rationale, quote)


def _open_questions(criterion: Criterion, call: '_Call') -> CriterionResult:
    open_questions = [q for q in call.discovery if q.open]
    count = len(open_questions)
    rationale = f'You asked {_count(count)} open discovery question{"s" if count != 1 else ""}.'
    said = open_questions[0].said if open_questions else None
    if criterion.kind == 'scale_1_5':
        return _graded(criterion, min(5, 1 + count), rationale, said)
    found = COUNT.search(criterion.text)
    needed = DEFAULT_OPEN_QUESTIONS
    if found:
        needed = int(found.group(1)) if found.group(1).isdigit() else NUMBER_WORDS[found.group(1).lower()]
    return _graded(criterion, count >= needed, f'{rationale[:-1]} ({needed} needed).', said)


def _opening(criterion: Criterion, call: '_Call') -> CriterionResult:
    skill = opening_skill(call.messages)
    first = next(rep_lines(call.messages), None)
    said = None if first is None else Evidence(quote=_cut(first.text), speaker='rep', timestamp=first.timestamp)
    rationale = (
        f'Your opening reads {skill}/5 by the rules: an introduction, a reason for the call, an early question '
        'and a short first line count one each.'
    )
    if criterion.kind == 'scale_1_5':
        return _graded(criterion, skill, rationale, said)
    if skill == 3:
        return ungraded(criterion, f'The rules read your opening as middling (3/5): {NEEDS_AI}.')
    return _graded(criterion, skill >= 4, rationale, said)


def _talk_share(criterion: Criterion, call: '_Call') -> CriterionResult:
    metrics = call.metrics
    if metrics.total_words == 0:
        return ungraded(criterion, f'No words were recorded: {NEEDS_AI}.')
    share = metrics.talk_listen_ratio
    rationale = f'You said {share:.0%} of the words in the call.'
    if criterion.kind == 'scale_1_5':
        part = next(p for p in delivery_parts(metrics) if p.name == 'talk_listen_ratio')
        if part.score is None:
            return ungraded(criterion, f'Talk share is not known: {NEEDS_AI}.')
        return _graded(criterion, 1 + round(4 * part.score), rationale, None)
    percent = PERCENT.search(criterion.text)
    limit = int(percent.group(1)) / 100 if percent else 0.5 if HALF.search(criterion.text) else TALK_RATIO_BAND[1]
    return _graded(criterion, share <= limit, f'{rationale[:-1]} (at most {limit:.0%} wanted).', None)


def _pressure(criterion: Criterion, call: '_Call') -> CriterionResult:
    if not AVOID.search(criterion.text) or criterion.kind == 'scale_1_5':
        return ungraded(criterion, f'Read only as something to avoid: {NEEDS_AI}.')
    respect = call.reading.respect
    if TALK_OVER.search(criterion.text):
        faults = respect.talk_overs
        rationale = f'You talked over the prospect {_times(len(faults))}.'
    else:
        faults = [*respect.pressure, *respect.no_ignored]
        rationale = (
            f'Pressure lines: {_count(len(respect.pressure))}; a "no" pushed past: {_times(len(respect.no_ignored))}.'
        )
    return _graded(criterion, not faults, rationale, faults[0] if faults else None)


# --- helpers ----------------------------------------------------------------------------------------------------


def _graded(criterion: Criterion, result: bool | int, rationale: str, said: Evidence | None) -> CriterionResult:
    return CriterionResult(
        id=criterion.id,
        text=criterion.text,
        kind=criterion.kind,
        weight=criterion.weight,
        result=result,
        rationale=rationale,
        quote=said.quote if said else None,
        graded_by='rule_based',
    )


def _names_any(text: str) -> bool:
    return any(p.search(text) for p in (*READERS.values(), *SUBTOPICS.values()))


def _on_topic(call: '_Call', topic: Subtopic) -> list[DiscoveryQuestion]:
    return [q for q in call.discovery if QUESTION_TOPICS[topic].search(q.said.quote)]


def _topic_level(call: '_Call', topic: Subtopic) -> int:
    """1 no question on it, 3 closed ones only, 4 an open one or a follow-up, 5 two or more with one of those."""
    asked = _on_topic(call, topic)
    if not asked:
        return 1
    good = any(q.open or q.kind == 'follow_up' for q in asked)
    if not good:
        return 3
    return 5 if len(asked) >= 2 else 4


def _answered(question: DiscoveryQuestion, call: '_Call') -> bool:
    """The prospect's next line after the question's line says six words or more before the rep speaks again."""
    messages = call.messages
    at = next(
        (
            i
            for i, m in enumerate(messages)
            if m.role == 'user' and m.timestamp == question.said.timestamp and question.said.quote in m.text
        ),
        None,
    )
    if at is None:
        return False
    for message in messages[at + 1 :]:
        if message.role == 'user' and message.text.strip():
            return False
        if message.role == 'assistant' and len(WORD_RE.findall(message.text)) >= ANSWER_WORDS:
            return True
    return False


def _cut(text: str) -> str:
    tokens = list(WORD_RE.finditer(text))
    if len(tokens) <= QUOTE_MAX_WORDS:
        return text.strip()
    return text[tokens[0].start() : tokens[QUOTE_MAX_WORDS - 1].end()]


def _count(n: int) -> str:
    return 'none' if n == 0 else str(n)


def _times(n: int) -> str:
    return 'never' if n == 0 else 'once' if n == 1 else f'{n} times'
