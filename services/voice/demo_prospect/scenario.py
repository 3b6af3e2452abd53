"""What the rep sells, and to whom, read from their scenario text in the words a prospect would use about it.

A scenario is free text; the presets follow one shape ("You sell PipelinePro, a CRM that automates follow-ups and
forecasting, to a mid-size company whose sales team tracks deals in spreadsheets. Goal: book a 30-minute demo."),
and people type shorter ones ("Managed security", "payroll software for restaurants"). Rules:
- the goal ("Goal: ...") names the next step: its first "a/an/the ... demo / call / pilot / review ..." phrase;
- "you sell / we sell / selling" is dropped; the rest splits into the offer and the customer at ", to" or ", for",
  else at the first " to " or " for " that does not start a verb ("a tool to track...");
- the offer is an optional name (a capitalised word before a comma: "PipelinePro,"), a category ("a CRM") and a
  benefit after "that / which" ("automates follow-ups and forecasting");
- the benefit's verb says what hurts today: "cut / reduce / prevent X" -> X, "automate / streamline X" -> "manual
  X", "track / manage X" -> "keeping track of X", "improve / increase X" -> "our X", "protect X" -> "keeping X safe";
- the customer's clause becomes the prospect's own situation: "whose X" -> "our X", "with X" -> "we have X",
  "running X" -> "we're running X", "that runs X" -> "we run X", with "its / their" -> "our";
- what the text leaves out comes from the first field (security, sales, deliveries, ...) the offer names, else the
  first the whole text names, else from generic words; without any scenario the persona's own defaults stand.
A library scenario (ScenarioSpec) is read as the text `scenario_text_of` writes from its fields, in the presets' shape.
"""

import re
from dataclasses import dataclass, replace

from services.library.scenario import ScenarioSpec
from services.words import WORD_RE

_FLAGS = re.IGNORECASE


@dataclass(frozen=True, kw_only=True, slots=True)
class Scenario:
    """The slots a demo prospect's lines are filled from; each reads inside a sentence (lower-case start).

    Attributes:
        product: how the prospect names the offer: its name, "your CRM", or "it".
        category: what kind of thing it is ("CRM", "managed security"), or "this".
        area: what it works on, as a noun phrase ("follow-ups and forecasting").
        pain: what hurts today, as a noun phrase ("manual follow-ups and forecasting").
        situation: the prospect's situation as a clause ("our sales team tracks deals in spreadsheets").
        impact: what the pain costs, as a clause ("deals go quiet and nobody notices until the quarter is over").
        step: the next step the rep is after ("a 30-minute demo").
        described: whether the rep said what they sell (else the prospect may ask).
    """

    product: str
    category: str
    area: str
    pain: str
    situation: str
    impact: str
    step: str
    described: bool = False


@dataclass(frozen=True, slots=True)
class _Field:
    words: re.Pattern[str]
    area: str
    situation: str
    pain: str
    impact: str


FIELDS: tuple[_Field, ...] = (
    _Field(
        re.compile(r'secur|cyber|threat|detection|phishing|ransomware|firewall|\bsoc\b|siem|endpoint|breach', _FLAGS),
        area='security alerts',
        situation='our IT team checks security alerts when it has a spare moment',
        pain='nobody watching the alerts at night or at weekends',
        impact='one bad weekend could take us offline for days',
    ),
    _Field(
        re.compile(r'\bcrm\b|\bsales\b|pipeline|\bdeals?\b|\bleads\b|forecast|quota', _FLAGS),
        area='deals and follow-ups',
        situation='our sales team tracks deals in spreadsheets',
        pain='follow-ups that slip through the cracks',
        impact='deals go quiet and nobody notices until the quarter is over',
    ),
    _Field(
        re.compile(r'logistic|fleet|\broute|deliver|shipping|shipment|freight|dispatch|warehouse|truck', _FLAGS),
        area='deliveries',
        situation='we plan the routes by hand every morning',
        pain='late deliveries and fuel costs',
        impact='a couple of customers complained about late deliveries last quarter',
    ),
    _Field(
        re.compile(r'\bhr\b|payroll|hiring|recruit|\brota|shifts?\b|scheduling|staffing|workforce', _FLAGS),
        area='shift schedules',
        situation='our shift schedules live in spreadsheets and group chats',
        pain='last-minute gaps in the schedule',
        impact='overtime goes up every month',
    ),
    _Field(
        re.compile(r'invoic|billing|accounting|accounts payable|expense|payments?\b|bookkeeping', _FLAGS),
        area='invoices',
        situation='invoices go through three inboxes before anyone approves them',
        pain='invoices keyed in by hand',
        impact='we pay late fees we should never pay',
    ),
    _Field(
        re.compile(r'backup|\bcloud\b|hosting|servers?\b|network|help ?desk|devops|database|storage', _FLAGS),
        area='our IT systems',
        situation='two people look after all our servers and laptops',
        pain='outages that nobody sees coming',
        impact='when the systems go down, the whole office stops',
    ),
    _Field(
        re.compile(r'marketing|campaign|\bseo\b|advertis|social media|newsletter', _FLAGS),
        area='marketing',
        situation='our marketing is one person and a lot of spreadsheets',
        pain='not knowing which campaigns actually work',
        impact='we spend money without knowing what it brings in',
    ),
    _Field(
        re.compile(r'energy|electricity|utilit|solar|heating|hvac', _FLAGS),
        area='energy costs',
        situation='we buy energy through a broker once a year and hope for the best',
        pain='energy bills that jump without warning',
        impact='energy is our third biggest cost now',
    ),
    _Field(
        re.compile(r'training|learning|\blms\b|courses?\b|certification|onboarding', _FLAGS),
        area='training',
        situation='training is a folder of slides and a sign-up sheet',
        pain='training records nobody can find when an auditor asks',
        impact='one audit finding costs us weeks',
    ),
    _Field(
        re.compile(r'patient|clinic|appointment|no-?shows?|telehealth|medical|nurs', _FLAGS),
        area='appointments',
        situation='the front desks book appointments by phone',
        pain='no-shows and empty slots',
        impact='every empty slot is money we never get back',
    ),
)
GENERIC = _Field(
    re.compile(r'$^'),
    area='that side of the business',
    situation='we do most of it ourselves today, with spreadsheets and email',
    pain='how long it all takes by hand',
    impact='it costs hours every week that nobody can really spare',
)

STEP_NOUNS = (
    r'demo|demonstration|call|meeting|pilot|trial|review|workshop|walk-?through|assessment|presentation|audit|'
    r'consultation|session|proof of concept|conversation|chat|briefing|survey|site visit|visit'
)
STEP = re.compile(rf'\b(?:an?|the)\s+(?:[\w/-]+\s+){{0,3}}?(?:{STEP_NOUNS})\b', _FLAGS)
_GOAL = re.compile(r'\bgoals?\s*:\s*', _FLAGS)
_LEAD = re.compile(
    r"^\W*(?:(?:you|we|i)(?:'re| are| am)? (?:sell|selling|offer|offering|provide|providing|make|build|pitch|"
    r'pitching|represent)\s+|selling\s+|pitching\s+)',
    _FLAGS,
)
_VERBS_AFTER_TO = (
    'help helps track manage keep cut reduce save get see run make find plan book stop avoid improve speed automate '
    'handle monitor protect grow lower fix do be'
)
_NOT_A_CUSTOMER = frozenset(_VERBS_AFTER_TO.split())
_CUSTOMER_AT = re.compile(r'\s(?:to|for)\s+(?=([\w-]+))', _FLAGS)
_NAME = re.compile(r'^([A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,2}),\s+(.+)$')
_BENEFIT = re.compile(rf'\s+(?:that|which|helping)\s+|\s+to\s+(?=(?:{"|".join(_VERBS_AFTER_TO.split())})\b)', _FLAGS)
_HELPS = re.compile(r'^(?:helps?|lets?|allows?|enables?)\s+(?:[\w-]+\s+){1,3}?(?:to\s+)?(?=\w+s?\b)', _FLAGS)
_OBJECT_END = re.compile(r'\s+(?:by|so|with|for|in|across|while|without|from|using|through)\s+|[,;:]', _FLAGS)
_REDUCE = re.compile(
    r'^(?:cuts?|reduces?|lowers?|prevents?|eliminates?|avoids?|stops?|fix(?:es)?|ends?|catch(?:es)?|blocks?|'
    r'detects?|removes?|minimi[sz]es?|shrinks?|kills?)\s+(.+)',
    _FLAGS,
)
_AUTOMATE = re.compile(r'^(?:automates?|streamlines?|simplif(?:y|ies)|speeds? up|digiti[sz]es?)\s+(.+)', _FLAGS)
_TRACK = re.compile(r'^(?:tracks?|manages?|monitors?|handles?|organi[sz]es?|runs?|plans?|schedules?)\s+(.+)', _FLAGS)
_IMPROVE = re.compile(r'^(?:improves?|increases?|boosts?|grows?|raises?|optimi[sz]es?)\s+(.+)', _FLAGS)
_PROTECT = re.compile(r'^(?:protects?|secures?|backs? up|safeguards?)\s+(.+)', _FLAGS)
_CLAUSE = re.compile(r'\s+(whose|with|that|which|who|where)\s+|\s+(\w+ing)\s+', _FLAGS)
_OURS = (
    (r'\b(?:its|their)\b', 'our'),
    (r'\bthey\b', 'we'),
    (r'\bthem\b', 'us'),
    (r'\b(?:itself|themselves)\b', 'ourselves'),
)
_THIRD_PERSON = {'has': 'have', 'is': 'are', 'does': 'do', 'was': 'were'}


def scenario_text_of(spec: ScenarioSpec) -> str:
    """The scenario's product, audience and the goal that names a next step, in the presets' shape ("You sell X, to
    Y. Goal: book a demo."), for `read_scenario`."""
    product = spec.product.strip().rstrip('.') or spec.title
    text = f'You sell {product}'
    if spec.audience.strip():
        audience = re.sub(r'^(A|An|The)\b', lambda article: article.group().lower(), spec.audience.strip())
        text += f', to {audience.rstrip(".")}'
    # The last goal that names a step is the step ("Find out who signs off a pilot", then "Set up a two-week pilot").
    step = next((goal for goal in reversed(spec.goals) if STEP.search(goal)), None)
    if step is not None:
        text += f'. Goal: {_lower_first(step.rstrip("."))}'
    return f'{text}.'


def read_scenario(text: str | None, default: Scenario) -> Scenario:
    """The scenario's slots, from `text` where it says them, else from its field, else from `default`."""
    if text is None or not WORD_RE.search(text):
        return default
    text = ' '.join(text.split())
    step = default.step
    goal = _GOAL.search(text)
    if goal is not None:
        found = STEP.search(text, goal.end())
        step = found.group().strip() if found else step
        text = text[: goal.start()]
    elif (found := STEP.search(text)) is not None:
        step = found.group().strip()
    first = _first_sentence(text)
    offer, customer = _split(_LEAD.sub('', first))
    name, category, benefit = _offer(offer)
    field = _field(offer) or _field(text) or GENERIC
    area, pain = _benefit(benefit) if benefit else (None, None)
    situation = _situation(customer) if customer else None
    product = name or (f'your {category}' if category else 'it')
    return replace(
        default,
        product=product,
        category=category or name or 'this',
        area=area or (field.area if field is not GENERIC else category or field.area),
        pain=pain or field.pain,
        situation=situation or field.situation,
        impact=field.impact,
        step=step,
        described=True,
    )


def _field(text: str) -> _Field | None:
    return next((field for field in FIELDS if field.words.search(text)), None)


def _first_sentence(text: str) -> str:
    # A full stop followed by a space ends it; "24/7" and "v2.0" do not.
    return re.split(r'(?<=[.!?])\s+', text.strip(), maxsplit=1)[0].rstrip('.!? ')


def _split(text: str) -> tuple[str, str | None]:
    comma = re.search(r',\s*(?:to|for)\s+', text, _FLAGS)
    if comma is not None:
        return text[: comma.start()], text[comma.end() :]
    cuts = [m for m in _CUSTOMER_AT.finditer(text) if m.group(1).lower() not in _NOT_A_CUSTOMER]
    if cuts:
        return text[: cuts[0].start()], text[cuts[0].end() :]
    return text, None


def _offer(text: str) -> tuple[str | None, str | None, str | None]:
    """The offer's name, category and benefit."""
    name = None
    named = _NAME.match(text)
    if named is not None:
        name, text = named.group(1), named.group(2)
    benefit = None
    cut = _BENEFIT.search(text)
    if cut is not None:
        text, benefit = text[: cut.start()], text[cut.end() :]
    category = re.sub(r'^(?:an?|the|our|my)\s+', '', text.strip(' ,'), flags=_FLAGS)
    if name is None and re.fullmatch(r'[A-Z][a-z]+[A-Z]\w*', category):  # "ShieldOps" alone is a name
        return category, None, benefit
    return name, _lower_first(category) or None, benefit


def _benefit(text: str) -> tuple[str | None, str | None]:
    """What the offer works on and what hurts without it."""
    text = _HELPS.sub('', text.strip())
    for pattern, pain in (
        (_REDUCE, '{}'),
        (_AUTOMATE, 'manual {}'),
        (_TRACK, 'keeping track of {}'),
        (_IMPROVE, 'our {}'),
        (_PROTECT, 'keeping {} safe'),
    ):
        found = pattern.match(text)
        if found is not None:
            thing = _ours(_OBJECT_END.split(found.group(1), maxsplit=1)[0].strip())
            return thing, pain.format(re.sub(r'^our\s+', '', thing) if pain == 'our {}' else thing)
    return None, None


def _situation(customer: str) -> str | None:
    found = _CLAUSE.search(customer)
    if found is None:
        return None
    marker, gerund, rest = found.group(1), found.group(2), _ours(customer[found.end() :].strip())
    if gerund is not None:
        return f"we're {gerund.lower()} {rest}"
    match marker.lower():
        case 'whose':
            return f'our {rest}'
        case 'with':
            return f'we have {rest}'
        case 'where':
            return rest
        case _:
            verb, _space, tail = rest.partition(' ')
            return f'we {_base_form(verb)} {tail}'.strip()


def _base_form(verb: str) -> str:
    lower = verb.lower()
    if lower in _THIRD_PERSON:
        return _THIRD_PERSON[lower]
    if lower.endswith('ies'):
        return lower[:-3] + 'y'
    if lower.endswith(('ches', 'shes', 'sses', 'xes')):
        return lower[:-2]
    return lower[:-1] if lower.endswith('s') and not lower.endswith('ss') else lower


def _ours(text: str) -> str:
    for pattern, ours in _OURS:
        text = re.sub(pattern, ours, text, flags=_FLAGS)
    return text


def _lower_first(text: str) -> str:
    """'Managed security' reads 'managed security' inside a sentence; 'CRM' and 'IT' keep their capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
