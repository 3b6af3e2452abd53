"""Discovery: did the rep learn about the prospect's situation, problem, its impact and how they decide?

Rules:
- Each rep question (services/words.py reads them, with or without "?") is one of:
  an ask for a next step, a check-in ("does that make sense?", "do you have two minutes?") or arranging ("could
  you send me last month's total?", "would it help to have Marcus there?"): neither discovery nor noise;
  small talk (weather, weekend, the game, "how are you"): not discovery, unless it also asks about a problem, its
  impact or the decision ("what happens when the sites overheat in summer?"); situation words alone do not count,
  as small talk is full of them ("how are you doing today?", "anything planned for the summer?");
  a follow-up: it refers to what the prospect just said (shares a topic word with the prospect's last turn, or its
  turn says "you mentioned", "you said", "tell me more", "how so", "why is that", "compared to what") after a
  prospect turn of 6 words or more;
  a business question: it is about the prospect's situation (what they use today, their process, team, tools),
  problem (challenges, what goes wrong, delays, manual work), impact (what it costs, time, revenue, risk,
  customers, goals, priorities) or decision (who decides or signs, budget, timeline, criteria, approval), or it is
  open in form;
  off topic: any other question ("is your office downtown?", "do you have Wi-Fi?").
- Open means services/speech_metrics.py `is_open_question` (what / how / why / tell me / walk me..., not "how
  many"). A follow-up or an open business question counts 1, a closed one on a topic 0.6, an open one on none 0.5:
  a closed question that follows up ("does that cost you anything?") is as good as an open one.
- The score (0..1) = 0.3 x volume + 0.25 x breadth + 0.2 x depth + 0.25 x revealed, where volume = counted
  questions / the call's target (0.8 per minute of call, between 2 and 5), breadth = topics covered / 3 (from open
  questions and follow-ups, and from every discovery question once the rep has followed up twice), depth =
  follow-ups / 2, revealed = the prospect's words in their answers to discovery questions / 150 (at most 60 words a
  turn, 15 after a closed question), each at most 1.
- Noise: when small talk and off-topic questions outnumber the discovery ones, the score is scaled by 0.4 +
  discovery / all questions; six or more closed questions, twice the open ones, with fewer than two follow-ups are a
  rote interrogation and scale it by 0.6.
"""

import re
from typing import Literal

from pydantic import BaseModel

from services.coaching.objections import PROBES
from services.coaching.outcome import PERMISSION, Evidence, ask_in, evidence
from services.coaching.turns import Sentence, Turn, shares_topic
from services.speech_metrics import is_open_question

Topic = Literal['situation', 'problem', 'impact', 'decision']
SOCIAL_TOPICS = frozenset({'situation'})  # topics small talk touches without being discovery
QuestionKind = Literal['business', 'follow_up', 'small_talk', 'off_topic', 'ask', 'check_in']
_FLAGS = re.IGNORECASE | re.ASCII

TOPICS: dict[Topic, re.Pattern[str]] = {
    'situation': re.compile(
        r'\b(?:today|currently|current|right now|at the moment|process|processes|workflow|handle|handling|manage|'
        r'managing|track|tracking|use|using|tools?|systems?|set ?up|stack|team|teams|walk me through|tell me about|'
        r'day[- ]to[- ]day|routine|who (?:handles|owns|runs|manages)|operations?|planned|plan|typical|typically|'
        r'usually|normally|look like|include|includes|vendors?|suppliers?|providers?|contracts?|'
        r'how (?:do|does|are|is) (?:you|your))\b',
        _FLAGS,
    ),
    'problem': re.compile(
        r'\b(?:challenges?|problems?|pain|pains|frustrat\w*|difficult\w*|hard|harder|struggl\w*|not working|go(?:es)? '
        r'wrong|went wrong|issues?|bottlenecks?|worr\w*|keeps? you up|concerns?|slow|breaks?|fail\w*|complain\w*|'
        r'miss\w*|late|delays?|errors?|mistakes?|manual\w*|headaches?|fix|improve|better|gaps?|fall short|causes?|'
        r'goes down|unexpected\w*|stops?|wrong|waste\w*|leaks?|denied|denials?|no[- ]shows?|churn\w*|complaints?)\b',
        _FLAGS,
    ),
    'impact': re.compile(
        r'\b(?:cost\w*|impact\w*|affect\w*|mean for|lose|losing|lost|how much time|hours?|revenue|risk\w*|customers?|'
        r'patients?|consequences?|priorit\w*|matters?|important|goals?|achieve|outcomes?|results?|success|worth|'
        r'money|spend\w*|margins?|growth|targets?|what happens (?:if|when)|if nothing changes?)\b',
        _FLAGS,
    ),
    'decision': re.compile(
        r'\b(?:who (?:else|decides|signs|would|makes|needs|is involved|gets|owns)|decision\w*|decide\w*|budgets?|'
        r'timelines?|time ?frame|approv\w*|sign[- ]?off|signs off|evaluat\w*|criteria|by when|deadline|buying|'
        r'procurement|stakeholders?|board|involved|how would you (?:choose|decide|pick)|what would it take|'
        r'need to see|besides you|dates?|land by|approve|decides?)\b',
        _FLAGS,
    ),
}
SMALL_TALK = re.compile(
    r'\b(?:weather|weekend|holiday|holidays|vacation|game|match|football|soccer|baseball|basketball|hockey|golf|'
    r'kids|family|traffic|hobby|hobbies|movie|movies|tv|netflix|sunny|rain|raining|snow|birthday|dog|cat|'
    r"how are you|how(?:'s| is) it going|how was your|how(?:'s| is) your (?:day|week|morning)|doing today|"
    r'summer|winter|trip|restaurant|beach|concert|playoffs?|season tickets?)\b',
    _FLAGS,
)
CHECK_IN = re.compile(
    r'\b(?:does (?:that|this) (?:make sense|sound)|make sense|how does that sound|can you hear me|is (?:now|this) a '
    r'(?:good|bad) time|did i catch you|you with me|sound (?:good|fair)|is that (?:fair|right|okay|ok)|fair enough)\b',
    _FLAGS,
)
# Questions that arrange the next step or ask the prospect for something, rather than learn about them.
ARRANGING = re.compile(
    r'\b(?:could|can|would) you (?:send|forward|share|introduce|loop|copy|dig)\b|\bwould it help (?:to|if)\b'
    r'|\bwho should i (?:ask|send|invite|contact|address)\b|\bshould i (?:send|invite|include)\b',
    _FLAGS,
)
FOLLOW_UP = re.compile(
    r'\byou (?:mentioned|said|talked about|brought up)\b|\btell me more\b|\bsay more\b|\bhow so\b|\bwhy is that\b'
    r'|\bfor example\b|\ban example\b|\bwhat do you mean\b|\band then what\b|\bwhat happens (?:then|next|after)\b'
    r"|\bwhat(?:'s| is) behind\b|\bwhen you say\b|\bhow did (?:that|it)\b|\bwhat did (?:that|it)\b"
    rf'|{PROBES.pattern}',
    _FLAGS,
)
FOLLOWS_WORDS = 6
INTERROGATION_CLOSED = 6
INTERROGATION_FACTOR = 0.6
REVEALED_FULL_WORDS = 150
REVEALED_TURN_CAP = 60
REVEALED_CLOSED_CAP = 15  # a yes/no answer says little, however many are asked
TARGET_PER_MINUTE = 0.8
TARGET_RANGE = (2.0, 5.0)


class DiscoveryQuestion(BaseModel):
    kind: QuestionKind
    open: bool
    topics: list[Topic]
    said: Evidence


class DiscoveryReading(BaseModel):
    questions: list[DiscoveryQuestion]
    counted: float
    target: float
    topics: list[Topic]
    follow_ups: int
    revealed_words: int
    small_talk: int
    off_topic: int
    closed: int
    score: float

    @property
    def discovery(self) -> list[DiscoveryQuestion]:
        return [q for q in self.questions if q.kind in ('business', 'follow_up')]


def read_discovery(turns: list[Turn], minutes: float) -> DiscoveryReading:
    """The call's discovery by the module's rules."""
    questions: list[DiscoveryQuestion] = []
    revealed = 0
    previous: Turn | None = None
    for turn in turns:
        if turn.role == 'assistant':
            previous = turn
            continue
        cap = 0
        for question in turn.questions:
            found = classify(question, previous, turn)
            questions.append(found)
            if found.kind in ('business', 'follow_up'):
                cap = max(cap, REVEALED_TURN_CAP if found.open else REVEALED_CLOSED_CAP)
        answer = _answer_to(turns, turn)
        revealed += min(cap, answer.words) if answer else 0
    return _reading(questions, revealed, minutes)


def classify(question: Sentence, previous: Turn | None, turn: Turn | None = None) -> DiscoveryQuestion:
    """What kind of question this is; `turn` is the rep's turn it is in ("You said it takes hours. What does that
    cost you?" follows up although its question alone does not say so)."""
    text = question.text
    topics = [topic for topic, pattern in TOPICS.items() if pattern.search(text)]
    is_open = is_open_question(text)
    kind: QuestionKind
    if ask_in(question):
        kind = 'ask'
    elif PERMISSION.search(text) or ARRANGING.search(text):
        kind = 'check_in'
    elif SMALL_TALK.search(text) and not set(topics) - SOCIAL_TOPICS:
        kind = 'small_talk'
    elif CHECK_IN.search(text) and not topics:
        kind = 'check_in'
    elif previous is not None and previous.words >= FOLLOWS_WORDS and _follows(text, previous.text, turn):
        kind = 'follow_up'
    elif topics or is_open:
        kind = 'business'
    else:
        kind = 'off_topic'
    return DiscoveryQuestion(kind=kind, open=is_open, topics=topics, said=evidence(question))


def _follows(question: str, said: str, turn: Turn | None) -> bool:
    referred = FOLLOW_UP.search(question) or (turn is not None and FOLLOW_UP.search(turn.text))
    return bool(referred) or shares_topic(question, said)


def _answer_to(turns: list[Turn], turn: Turn) -> Turn | None:
    after = turns[turn.index + 1] if turn.index + 1 < len(turns) else None
    return after if after is not None and after.role == 'assistant' else None


def _weight(question: DiscoveryQuestion) -> float:
    """A follow-up or an open business question counts 1; a closed one on a topic 0.6; an open one on none 0.5."""
    if question.kind == 'follow_up' or (question.open and question.topics):
        return 1.0
    return 0.6 if question.topics else 0.5


def _reading(questions: list[DiscoveryQuestion], revealed: int, minutes: float) -> DiscoveryReading:
    found = [q for q in questions if q.kind in ('business', 'follow_up')]
    noise = sum(q.kind in ('small_talk', 'off_topic') for q in questions)
    counted = sum(_weight(q) for q in found)
    target = min(TARGET_RANGE[1], max(TARGET_RANGE[0], TARGET_PER_MINUTE * minutes))
    follow_ups = sum(q.kind == 'follow_up' for q in questions)
    # A rep who follows up is listening: then the topics of their closed questions count too.
    topics = sorted({t for q in found if q.open or q.kind == 'follow_up' or follow_ups >= 2 for t in q.topics})
    score = (
        0.3 * min(1.0, counted / target)
        + 0.25 * min(1.0, len(topics) / 3)
        + 0.2 * min(1.0, follow_ups / 2)
        + 0.25 * min(1.0, revealed / REVEALED_FULL_WORDS)
    )
    if noise > len(found):
        score *= 0.4 + len(found) / (len(found) + noise)
    closed = sum(not q.open for q in found)
    if closed >= INTERROGATION_CLOSED and closed >= 2 * (len(found) - closed) and follow_ups < 2:
        score *= INTERROGATION_FACTOR
    return DiscoveryReading(
        questions=questions,
        counted=counted,
        target=round(target, 2),
        topics=topics,
        follow_ups=follow_ups,
        revealed_words=revealed,
        small_talk=sum(q.kind == 'small_talk' for q in questions),
        off_topic=sum(q.kind == 'off_topic' for q in questions),
        closed=closed,
        score=round(score, 4),
    )
