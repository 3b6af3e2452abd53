"""A demo script made from a team's own prospect: its facts, objections, next-step bar and lines come from the
profile's fields (services/library/prospect.py), as the built-in scripts' come from their writers.

Rules:
- the greeting is the opening line (else "<name>, <company>. What's this about?"); the voice is the profile's name
  for the demo engine, else its style's espeak-ng voice;
- facts: the company (its size and industry; a question about the team names it), the rep's scenario's situation,
  each pain in the order written, the scenario's pain and impact, the decision (authority, who else decides, budget,
  timeline; a question naming each reveals it) and the hidden needs, which are hidden facts: only a question about
  priorities or goals, after two questions about the business, reveals one;
- openness: at 1-2 pains are guarded (only an open question or a follow-up reveals one, at 1 only after an earlier
  question about the business); at 4-5 a good question reveals two facts at once;
- pushback: each objection fits what its kind is about (the coach's reader names the kind; one it cannot name fits a
  pitch) and a turn that uses its own words; at 4-5 every objection also fits a pitch, comes back twice and is
  noticed twice; at 3 one pitch passes before a pitch raises one, at 2 two; at 1 only a turn about its subject or
  in its words (or an early ask, when the bar asks for an objection) raises one;
- trust_needed sets the bar: 1 one question about the business; 2 two; 3 two, and no objection the rep went past;
  4 two, an objection raised and every one handled; 5 that, a reason for the call and a sharp ask. The next step is
  the one the `next_step` text names ("a site survey at ..."), else the scenario's goal's, else "a follow-up call";
- lines come in three tones picked from the knobs (warm, guarded, brisk) and name nobody.
Text from the profile is taken literally: braces in it are never read as slots.
"""

import re
from dataclasses import dataclass

from services.coaching.discovery import Topic
from services.coaching.objections import Kind, objection_kind
from services.coaching.turns import content_words
from services.library.prospect import Behaviour, ProspectProfile
from services.voice.demo_prospect.scenario import GENERIC, STEP, Scenario
from services.voice.demo_prospect.scripts import (
    BUDGET,
    CRITERIA,
    TEAM,
    WHEN,
    WHO,
    Fact,
    Fit,
    NextStepBar,
    Objection,
    Script,
)
from services.voice.voices import ESPEAK_VOICES

Tone = str  # 'warm', 'guarded' or 'brisk'
_FLAGS = re.IGNORECASE | re.ASCII
HIDDEN_CUE = re.compile(
    r'\b(?:priorit\w*|goals?|success\w*|achieve\w*|matters?|important|personally|ideal|hop(?:e|ing)|wish|'
    r'for you)\b',
    _FLAGS,
)
DEFAULT_STEP = 'a follow-up call'
KIND_FITS: dict[Kind, frozenset[Fit]] = {
    'price': frozenset({'price'}),
    'timing': frozenset({'implementation'}),
    'authority': frozenset({'price', 'ask'}),
    'status_quo': frozenset({'change', 'pitch'}),
    'doubt': frozenset({'proof', 'pitch'}),
    'priority': frozenset({'pitch_without_reason'}),
    'brush_off': frozenset({'ask', 'monologue'}),
    'persona': frozenset({'pitch'}),
}
SUBJECT_FITS: frozenset[Fit] = frozenset({'price', 'implementation', 'proof', 'change'})
GISTS: dict[Kind, str] = {
    'price': 'the price',
    'timing': 'the timing',
    'authority': 'who else has to agree',
    'status_quo': 'what we have today',
    'doubt': 'whether it works for us',
    'priority': 'our priorities',
    'brush_off': 'why this needs more than an email',
}
PATIENCE = {1: 1_000, 2: 2, 3: 1, 4: 0, 5: 0}  # pitches that pass before a pitch raises an objection
_THIRD_PERSON = re.compile(
    r'^(wants|needs|has|is|will|would|must|hopes|worries|fears|likes|prefers|recommends|runs|can|cares|signs|'
    r'decides|owns|manages|approves|reviews|negotiates)\b',
    _FLAGS,
)
# First words that start a sentence but no name: lower-cased inside one.
_COMMON_WORDS = (
    "the a an our we it its it's there my they their no every any each some this that these those nobody everyone "
    'everything anything nothing someone customers staff people most half one two three too not only if when with '
    'after before since because once while all and but or so'
)
_COMMON = frozenset(_COMMON_WORDS.split(' '))
_FIRST_PERSON = {'has': 'have', 'is': 'am', 'will': 'will', 'would': 'would', 'must': 'must', 'can': 'can'}


def named_step(profile: ProspectProfile) -> str | None:
    """The next step the profile's `next_step` text names ("Agrees to a site survey once..." -> "a site survey")."""
    found = STEP.search(profile.next_step)
    return _literal(found.group()) if found else None


def script_of(profile: ProspectProfile) -> Script:
    """The demo script of a team's prospect (see the module's rules)."""
    knobs = profile.behaviour
    tone = tone_of(knobs)
    default = Scenario(
        product='it',
        category='this',
        area=_literal(profile.industry) or GENERIC.area,
        pain=GENERIC.pain,
        situation=GENERIC.situation,
        impact=GENERIC.impact,
        step=named_step(profile) or DEFAULT_STEP,
    )
    return Script(
        voice=profile.voice.per_engine.get('demo', '').strip() or ESPEAK_VOICES[profile.voice.style],
        opening=profile.opening_line or _opening(profile),  # said as it is, never filled in
        bar=bar_of(knobs.trust_needed, has_objections=bool(profile.objections)),
        default=default,
        facts=_facts(profile, tone),
        objections=tuple(_objection(text, index, profile, tone) for index, text in enumerate(profile.objections)),
        lines=LINES[tone],
        returns=2 if knobs.pushback >= 4 else 1,
        notices=2 if knobs.pushback >= 4 else 1,
        persona_objections=tuple(profile.objections),
        guarded=frozenset({'problem'}) if knobs.openness <= 2 else frozenset(),
        earn=1 if knobs.openness == 1 else 0,
        reveal=2 if knobs.openness >= 4 else 1,
        patience=PATIENCE[knobs.pushback],
    )


def tone_of(knobs: Behaviour) -> Tone:
    """Warm for an open prospect slow to push back, brisk for a closed one quick to, guarded between."""
    edge = knobs.pushback + (6 - knobs.openness)
    return 'warm' if edge <= 5 else 'brisk' if edge >= 9 else 'guarded'


def bar_of(trust_needed: int, *, has_objections: bool) -> NextStepBar:
    """What a next step needs at each level of trust (an objection is asked for only of a prospect that has one)."""
    raised = has_objections and trust_needed >= 4
    return NextStepBar(
        went_past_blocks=trust_needed >= 3,
        discovery=1 if trust_needed == 1 else 2,
        objection_raised=raised,
        open_blocks=trust_needed >= 4,
        reason=trust_needed == 5,
        sharp_ask=trust_needed == 5,
    )


# --- facts ---------------------------------------------------------------------------------------------------


def _facts(profile: ProspectProfile, tone: Tone) -> dict[Topic, tuple[Fact, ...]]:
    decision = profile.decision
    situation = [Fact(key='today', says='{Situation}, mostly.', recap='{situation}')]
    if profile.company_size or profile.industry:
        size, industry = _literal(profile.company_size), _literal(profile.industry)
        about = ', in '.join(part for part in (size, _clause(industry)) if part)
        company = _literal(profile.company) or 'We'
        verb = 'are' if company == 'We' else 'is'
        situation.append(Fact(key='company', says=f'{company} {verb} {about}.', recap=about, cue=TEAM))
    leads = LEADS[tone]
    problem = [
        Fact(
            key=f'pain_{index + 1}',
            says=_led(leads[index % len(leads)], _sentence(_first_person(_literal(pain)))),
            recap=_clause(_first_person(_literal(pain))),
        )
        for index, pain in enumerate(profile.pains)
    ]
    problem.append(Fact(key='pain', says='And {pain}, on top of that.', recap='{pain}'))
    impact = [Fact(key='impact', says='It adds up. {Impact}.', recap='{impact}')]
    impact += [
        Fact(
            key=f'hidden_{index + 1}',
            says=f'Between you and me, {_clause(_first_person(_literal(need)))}.',
            recap=_clause(_first_person(_literal(need))),
            cue=HIDDEN_CUE,
            hidden=True,
        )
        for index, need in enumerate(profile.hidden_needs)
    ]
    said = [
        ('authority', 'As for me, {}.', decision.authority, None),
        ('who', '{}.', decision.others, WHO),
        ('budget', 'Budget? {}.', decision.budget, BUDGET),
        ('timeline', 'Timing? {}.', decision.timeline, WHEN),
    ]
    choose = [
        Fact(
            key=key,
            says=template.format(_capital(_clause(_first_person(_literal(value))))),
            recap=_clause(_first_person(_literal(value))),
            cue=cue,
        )
        for key, template, value, cue in said
        if value
    ]
    if not decision.authority:  # a question about the decision that names nothing still gets an answer
        choose.insert(0, Fact(key='process', says="I'd look at it first, then we'd see.", recap="I'd look at it first"))
    choose.append(
        Fact(
            key='criteria',
            says="I'd need to see it working for a company like ours.",
            recap="I'd need to see it working for a company like ours",
            cue=CRITERIA,
        )
    )
    return {
        'situation': tuple(situation),
        'problem': tuple(problem),
        'impact': tuple(impact),
        'decision': tuple(choose),
    }


# --- objections ----------------------------------------------------------------------------------------------


def _objection(text: str, index: int, profile: ProspectProfile, tone: Tone) -> Objection:
    found = objection_kind(text)
    kind: Kind = found[0] if found is not None else 'persona'
    fits = set(KIND_FITS[kind])
    if profile.behaviour.pushback >= 4:
        fits.add('pitch')
    if profile.behaviour.pushback <= 2 and not fits & SUBJECT_FITS:
        fits.add('ask')  # a patient prospect raises it when the rep asks for a step too soon
    said = _literal(text)
    answered = ANSWERED[tone]
    return Objection(
        key=f'objection_{index + 1}',
        kind=kind,
        says=said,
        again=AGAIN[tone].format(said=_lower_first(said)),
        gist=GISTS.get(kind) or _gist(text),
        explored=_explored(kind, profile),
        answered=(answered[index % len(answered)], answered[(index + 1) % len(answered)]),
        fits=frozenset(fits),
        words=frozenset(content_words(text)),
    )


def _explored(kind: Kind, profile: ProspectProfile) -> str:
    """What the prospect says when the rep asks about the objection: the field it comes from, where there is one."""
    decision = profile.decision
    match kind:
        case 'price' if decision.budget:
            return f'It comes down to budget. {_sentence(_capital(_literal(decision.budget)))}'
        case 'timing' if decision.timeline:
            return f'It comes down to timing. {_sentence(_capital(_literal(decision.timeline)))}'
        case 'authority' if decision.others:
            return f'{_sentence(_capital(_literal(decision.others)))} They would have to see it too.'
        case 'persona' if profile.pains:
            return f'Because {_clause(_first_person(_literal(profile.pains[0])))}.'
    return EXPLORED[kind]


def _led(lead: str, sentence: str) -> str:
    """The sentence after a lead ("Honestly? The team...", "Also, the team..."), or alone."""
    return f'{lead}{_lower_first(sentence) if lead.endswith((", ", "and ")) else _capital(sentence)}'


def _gist(text: str) -> str:
    words = re.findall(r"[\w'-]+", text)[:6]
    return f'"{_lower_first(" ".join(words))}"' if words else 'my point'


def _opening(profile: ProspectProfile) -> str:
    at = f', {profile.company}' if profile.company else ''
    return f"{profile.name}{at}. What's this about?"


# --- text ----------------------------------------------------------------------------------------------------


def _literal(text: str) -> str:
    """Text from the profile as a line template: its braces are braces, not slots."""
    return text.strip().replace('{', '{{').replace('}', '}}')


def _first_person(text: str) -> str:
    """ "Wants a quick win" reads "I want a quick win", as the prospect says it; other text is kept."""
    found = _THIRD_PERSON.match(text)
    if found is None:
        return text
    verb = found.group(1).lower()
    if verb in _FIRST_PERSON:
        base = _FIRST_PERSON[verb]
    elif verb.endswith(('ies',)):
        base = verb[:-3] + 'y'
    elif verb.endswith(('shes', 'ches', 'sses', 'xes')):
        base = verb[:-2]
    else:
        base = verb[:-1]
    return f'I {base}{text[found.end() :]}'


def _clause(text: str) -> str:
    """The text to go inside a sentence: no closing full stop, a lower-case start unless it names something."""
    return _lower_first(text.strip().rstrip('.!'))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in '.!?' else f'{text}.'


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """'The team spends...' reads 'the team spends...' inside a sentence; 'Priya signs...' and 'CRM' keep theirs."""
    first = text.split(' ', 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in _COMMON else text


@dataclass(frozen=True, slots=True)
class _Tones:
    warm: tuple[str, ...]
    guarded: tuple[str, ...]
    brisk: tuple[str, ...]

    def __getitem__(self, tone: Tone) -> tuple[str, ...]:
        return {'warm': self.warm, 'guarded': self.guarded, 'brisk': self.brisk}[tone]


LEADS = _Tones(
    warm=('Honestly? ', 'Well, ', 'Oh, and ', 'Also, '),
    guarded=('', 'Since you ask, ', 'Also, '),
    brisk=('', '', 'And '),
)
AGAIN = {
    'warm': 'I keep coming back to it, though: {said}',
    'guarded': 'You still have not answered this: {said}',
    'brisk': 'Again: {said}',
}
ANSWERED = _Tones(
    warm=(
        'Okay, fair enough. That helps, actually.',
        "Hm, that's a good point. I hadn't thought of it that way.",
        'Okay, that makes me feel better about it.',
        'Alright, I can see how that would work for us.',
    ),
    guarded=(
        "Alright. That's more specific than most.",
        "Fine. That's a better answer than I expected.",
        "Noted. I'll check that.",
        "Okay. I'll hold you to that.",
    ),
    brisk=("Fine. That's a better reason.", 'Okay. Noted.', 'Fine. Keep going.', 'Alright. Next.'),
)
EXPLORED: dict[Kind, str] = {
    'price': 'Every cost gets looked at this year. Anything new has to pay for itself.',
    'timing': 'We have a lot on right now. Nobody has an hour to spare for something new.',
    'authority': 'It is not only up to me. Others have to see it too.',
    'status_quo': 'What we have does the basics. Changing it means work for everyone.',
    'doubt': "Promises are easy. I'd want to see it working somewhere like ours.",
    'priority': 'Our focus this year is elsewhere, and the list is already full.',
    'brush_off': 'Something short in writing. The number, the proof, and what you want from me.',
    'persona': 'It matters more to us than you would think. It is how we work here.',
}


def _lines(**banks: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return banks


LINES: dict[Tone, dict[str, tuple[str, ...]]] = {
    'warm': _lines(
        greeting=("Hi! Nice to hear from you. What's this about?", 'Hello again! What can I do for you?'),
        small_talk=(
            "Ha, can't complain! Busy, but good. So, what's this about?",
            "Oh, it's been a good week, thanks for asking. What can I do for you?",
        ),
        check_in=('Sure, go ahead.', 'Yes, that makes sense.', "Yep, I'm with you.", "Sure. I've got a few minutes."),
        statement=('Mm-hm. What else would you like to know?', 'Sure. Go on.', 'Okay. Where were we?'),
        off_topic=("Ha, that's a new one. I'm not sure, honestly.", "Good question. I'd have to think about that one."),
        pitch=(
            'Okay, that sounds interesting. How would {product} fit with the way we work?',
            'I like the sound of that. What would getting started look like?',
            'Right. And would the team need training for that?',
            'Interesting. Do other companies like ours use {product}?',
        ),
        reason=('Oh, that would be nice. How does it do that?',),
        price=("Okay. I'd have to see what we'd get for that.", 'Hm, that adds up over a year.'),
        figure=('Wow, {figure}? How did other companies get that?', '{Figure}? Where does that number come from?'),
        monologue=("Sorry, that's a lot to take in. What does it mean for us, in plain words?",),
        refer_back=('Like I said, {recap}.', 'As I mentioned, {recap}.', 'Oh, we covered that: {recap}.'),
        nothing_more=("That's really all there is to it.", "I don't think there's much more to it than that."),
        more=("Well, it's the little things, really. They add up.", "Honestly, we've just got used to it."),
        noticed=(
            "Okay, but you didn't really say anything about {gist}.",
            "Hm, I'm still wondering about {gist}, though.",
        ),
        argued=("Oh. Well, I'm only telling you how it is here.", "Hm. I don't think you're hearing me."),
        discounted=("That's kind, but the price isn't really the point for me.",),
        agree=(
            "Okay, that sounds useful. Let's do {step} {when}.",
            'Sure, {step} {when} works for me. Send me the invite.',
        ),
        agreed_again=("It's booked: {step} {when}. See you then!", "Yes, yes, it's going in my calendar!"),
        not_yet=(
            "Maybe just send me some information about {product}, and I'll take a look.",
            "I'm not sure yet. What would I actually get out of {step}?",
            "Maybe. I think I'd need to understand what it does for us first.",
        ),
        no_reason=("Maybe. I'm not sure yet what it would do for us, though.",),
        not_sharp=('Sure, but when, and for how long?',),
        goodbye=('Thanks for calling. Talk soon!', 'Bye now!', 'Take care, bye!'),
        unclear=('Sorry, you broke up there. Could you say that again?', 'Sorry, I missed that. What was that?'),
        ask_back=(
            'So, what else would you like to know about us?',
            'Was there something specific you wanted to ask me?',
            'Anyway, what made you call us in particular?',
        ),
        guarded=('Hm, hard to say. What do you mean exactly?', 'Well, it depends. What are you getting at?'),
    ),
    'guarded': _lines(
        greeting=('Yes?', 'Go on.', 'And the reason for the call is?'),
        small_talk=('Fine, thanks. What is it you want?', "Busy. What's the call about?"),
        check_in=('Go on.', 'So far.', "I'm listening.", 'Yes. Get on with it.'),
        statement=('And?', 'Is there a question in there?', 'Okay. And?'),
        off_topic=('How is that relevant?', "I don't see what that has to do with anything.", 'Next question.'),
        pitch=(
            "I've heard that pitch before. What's different about {product}?",
            'Everyone says that. What would it actually change for us?',
            'Claims are cheap. Show me numbers from a company like ours.',
        ),
        reason=('Maybe. Based on what?',),
        price=('And what exactly is in that price?', 'Per year, or per user?'),
        figure=('{Figure}? Measured how, and where?', 'Where does {figure} come from?'),
        monologue=("You've said a lot and told me little. What's the point?",),
        refer_back=('I told you: {recap}.', 'Same answer as before: {recap}.', 'We covered this. {Recap}.'),
        nothing_more=("That's all there is.", 'Nothing more to add.'),
        more=("That's the gist.", 'Ask me something specific.'),
        noticed=('You skipped my point about {gist}. I noticed.', "You still haven't answered me on {gist}."),
        argued=('Telling me I am wrong is not an answer.', "Don't argue with me. Convince me."),
        discounted=(
            "If you can drop the price that fast, the first number wasn't real.",
            "A discount isn't an answer.",
        ),
        agree=(
            'Fine. Set up {step} {when}, and bring numbers.',
            'Alright. {Step} {when}. Bring data from a company like ours.',
        ),
        agreed_again=("You have your meeting. Don't oversell it.", "We're booked. Anything else?"),
        not_yet=(
            "No. Not until you've answered me on {gist}.",
            "No. You still haven't dealt with {gist}.",
            "No. I don't know enough about what you do for us yet.",
        ),
        no_reason=("No. You haven't told me why this matters to us.",),
        not_sharp=('Be specific. What exactly are you asking for, and when?',),
        goodbye=('Alright. Goodbye.', 'Goodbye.', 'Fine. Bye.'),
        unclear=("I didn't catch that.", 'Say that again.', 'You cut out. Again?'),
        ask_back=('What exactly do you want from me?', 'Is there a question coming?', 'Where is this going?'),
        guarded=('Why do you ask?', 'That depends. Ask me something specific.', "I'd rather hear what you're after."),
    ),
    'brisk': _lines(
        greeting=('I asked what this is about.', 'And? Why are you calling?', 'Get to it.'),
        small_talk=('Skip the small talk. What is this about?', "Let's not. Why are you calling?"),
        check_in=('Yes. Keep going.', 'Go on. Quickly.', 'Fine. Go.'),
        statement=('So?', 'And?', 'Get to the point.'),
        off_topic=('Next question.', 'Not relevant.', 'Why does that matter?'),
        pitch=(
            "So {product} does that. What's the outcome for us?",
            "That's a feature. What does it do for our numbers?",
            'Get to the point. Why should I care?',
        ),
        reason=('Go on. How?', "That's interesting. What would it take?", 'Okay. What do you need from me?'),
        price=('If it saves more than that this year, fine. Does it?', "Price isn't my question. Return is."),
        figure=('{Figure}? Based on what?', '{Figure} where? Companies like ours?'),
        monologue=('You have thirty seconds. What is the ask?',),
        refer_back=('I told you. {Recap}.', 'Same answer: {recap}.', 'Already answered: {recap}.'),
        nothing_more=("That's it.", 'Nothing to add.', 'Next.'),
        more=("That's it.", "There isn't more. What's your point?"),
        noticed=('You went straight past my point about {gist}.', "You didn't answer me on {gist}."),
        argued=("Don't tell me how my business works.",),
        discounted=("I don't care about a discount. I care about results.",),
        agree=('Fine. {Step} {when}. My assistant will set it up.', 'Alright. {Step} {when}. Keep it tight.'),
        agreed_again=("You have your meeting. Don't lose it.", "Done. Anything else? I'm late."),
        not_yet=("No. You haven't answered my point about {gist}.", 'No. Not yet. Give me a reason first.'),
        no_reason=(
            "No. You haven't told me why this matters to us. Email me.",
            'No. Give me a reason first.',
        ),
        not_sharp=('Be specific. What exactly are you asking for, and with whom?', 'Meaning what? How long, and when?'),
        goodbye=('Okay. Bye.', 'Bye.', 'Right. Bye.'),
        unclear=('What? Say that again.', 'You cut out.', 'Again?'),
        ask_back=('What do you want from me?', 'Is there an ask in here?', 'What are you actually asking?'),
        guarded=('Why?', 'Be specific.', 'Ask me a real question.'),
    ),
}
