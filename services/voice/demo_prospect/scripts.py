"""Each built-in persona's script for the demo prospect: what it knows, the objections it raises, and its lines.
(A team's own prospect gets a script made from its fields: services/voice/demo_prospect/custom.py.)

Lines are templates filled from the scenario (services/voice/demo_prospect/scenario.py) and the call: `{product}`,
`{category}`, `{area}`, `{pain}`, `{situation}`, `{impact}`, `{step}`, `{when}` (the time the rep asked for, else
"next week"), `{gist}` (an objection in a few words), `{recap}` (a fact said before) and `{figure}` (one the rep
claimed); a capital first letter (`{Pain}`) starts a sentence with it. The first sentence of a line is short, so
that its voice starts soon. Facts and reactions never read as an objection to the coach, and objections always do
(tests/voice/test_demo_scripts.py holds them to both).
"""

import re
from dataclasses import dataclass, field
from typing import Literal

from services.coaching.discovery import Topic
from services.coaching.objections import Kind
from services.voice.demo_prospect.scenario import Scenario

# What in a rep's turn makes an objection fit: the turn's subjects (services/voice/demo_prospect/reading.py), a
# pitch, a pitch that gives no reason for the call, a monologue, an ask for a next step.
Fit = Literal['price', 'implementation', 'proof', 'change', 'pitch', 'pitch_without_reason', 'monologue', 'ask']
_FLAGS = re.IGNORECASE | re.ASCII

TEAM = re.compile(r'\b(?:how many|how big|size|employees|headcount|people work|people are there)\b', _FLAGS)
TOOLS = re.compile(r'\b(?:tools?|software|systems?|vendors?|tried|looked at|alternatives?|solutions?)\b', _FLAGS)
WHO = re.compile(r'\b(?:who|decid\w*|decision\w*|signs?|approv\w*|involved|boss|director|sign-?off)\b', _FLAGS)
BUDGET = re.compile(r'\b(?:budget\w*|spend\w*|money|afford|price|invest\w*|pay)\b', _FLAGS)
WHEN = re.compile(
    r'\b(?:when|timeline|timing|time ?frame|deadline|soon|quarter|how quickly|by when|urgen\w*)\b', _FLAGS
)
CRITERIA = re.compile(r'\b(?:criteria|evaluat\w*|choose|pick|compare|need to see|look for|it take|convince)\b', _FLAGS)
PRIORITY = re.compile(r'\b(?:priorit\w*|goals?|focus|matters?|important|objectives?)\b', _FLAGS)
HOURS = re.compile(r'\b(?:time|hours?|how long|how much|cost|costs)\b', _FLAGS)


@dataclass(frozen=True, kw_only=True, slots=True)
class Fact:
    """Something the prospect reveals when asked: `says` the first time, `recap` when it refers back to it.
    `cue` picks it for a question that names it ("how big is your team" -> the team's size)."""

    key: str
    says: str
    recap: str
    cue: re.Pattern[str] | None = None
    hidden: bool = False  # only a question that names it (its cue), once the rep has earned some trust, reveals it


@dataclass(frozen=True, kw_only=True, slots=True)
class Objection:
    """An objection the prospect raises when it `fits` the rep's turn.

    Attributes:
        kind: as the coach's objection reader names it (services/coaching/objections.py).
        says: the objection; `again`: the prospect coming back to it while it is unhandled.
        gist: the objection in a few words, for "you skipped my point about {gist}".
        explored: the prospect's answer when the rep asks about it; `answered`: when the rep answers it.
    """

    key: str
    kind: Kind
    says: str
    again: str
    gist: str
    explored: str
    answered: tuple[str, ...]
    fits: frozenset[Fit]
    words: frozenset[str] = frozenset()  # a turn that uses one of these (content words) fits it too


@dataclass(frozen=True, kw_only=True, slots=True)
class NextStepBar:
    """What a persona needs before it agrees to a next step, checked in this order (the first unmet is why not).

    Attributes:
        went_past_blocks: no objection the rep went past (ignored, argued, discounted) may still be open.
        discovery: how many questions about its business (or follow-ups) the rep must have asked.
        objection_raised: the persona must have raised an objection (an early ask gets one raised).
        open_blocks: no objection it raised may still be open.
        reason: the rep must have given a reason for the call (an outcome, an impact or a figure).
        sharp_ask: the ask must name a length or a day or time.
    """

    went_past_blocks: bool = False
    discovery: int = 0
    objection_raised: bool = False
    open_blocks: bool = False
    reason: bool = False
    sharp_ask: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Script:
    """One persona's demo script. `lines` holds a bank per situation (see LINE_BANKS), each tried in order.

    Attributes:
        returns: how often it comes back to an open objection; `notices`: how often it says the rep went past one.
        persona_objections: its objections as written, for the coach's reader to know them when no rule does.
        guarded: topics whose facts only an open question or a follow-up reveals (else the 'guarded' line), once
            the rep has asked `earn` questions about the business.
        reveal: how many of a topic's facts a good question reveals at once.
        patience: how many pitches it lets pass before an objection that fits a pitch's form is raised.
    """

    voice: str
    opening: str
    bar: NextStepBar
    default: Scenario
    facts: dict[Topic, tuple[Fact, ...]]
    objections: tuple[Objection, ...]
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    returns: int = 1
    notices: int = 1
    persona_objections: tuple[str, ...] = ()
    guarded: frozenset[Topic] = frozenset()
    earn: int = 0
    reveal: int = 1
    patience: int = 0


LINE_BANKS = (
    'greeting',  # the rep greets or introduces themselves, without a reason for the call
    'small_talk',  # the rep chats
    'check_in',  # "does that make sense?", "do you have a minute?"
    'statement',  # a short acknowledgement from the rep
    'off_topic',  # a question about nothing the prospect's business
    'pitch',  # a pitch that no objection fits
    'reason',  # a pitch that gives a reason for the call (the busy executive listens)
    'price',  # a price, when no objection fits it
    'figure',  # a pitch that claims a figure
    'monologue',  # a long pitch
    'refer_back',  # asked again about something already said
    'nothing_more',  # nothing left to reveal on the topic
    'more',  # "tell me more" with nothing left on the topic
    'noticed',  # the rep went past an objection
    'argued',  # the rep argued with an objection
    'discounted',  # the rep dropped the price
    'agree',  # the bar is met: yes to the next step
    'agreed_again',  # asked again after agreeing
    'not_yet',  # the bar is not met (the persona's reason, `{gist}` an unhandled objection where one is why)
    'no_reason',  # the busy executive: no reason for the call was given
    'not_sharp',  # the busy executive: the ask was not specific
    'goodbye',
    'unclear',  # the turn had no words
    'ask_back',  # nothing else fits: the prospect moves the call along
    'guarded',  # a guarded prospect asked a closed question about what it shares only to an open one
)


FRIENDLY = Script(
    voice='en-us',
    opening="Hi, this is Jordan at Brightline Logistics. Sure, I've got a few minutes. What's this about?",
    bar=NextStepBar(discovery=2),
    default=Scenario(
        product='it',
        category='this',
        area='shipment tracking',
        pain='the manual tracking',
        situation='we track shipments in spreadsheets and a shared inbox',
        impact='customers complained about late deliveries last quarter',
        step='a demo',
    ),
    facts={
        'situation': (
            Fact(
                key='today',
                says='Sure. Right now {situation}, and honestly, we get by.',
                recap='{situation}',
            ),
            Fact(
                key='team',
                says='There are about twelve of us in operations, out of a hundred and twenty people.',
                recap='there are twelve of us in operations',
                cue=TEAM,
            ),
            Fact(
                key='tools',
                says='We looked at a couple of tools a while ago. Nobody had a spare week to set one up.',
                recap='we looked at tools, and nobody had a spare week to set one up',
                cue=TOOLS,
            ),
        ),
        'problem': (
            Fact(key='pain', says='Honestly? The sore spot is {pain}.', recap='the sore spot is {pain}'),
            Fact(
                key='story',
                says='Last month a customer called three times before anyone knew what was going on. That one stung.',
                recap='a customer had to call us three times last month',
            ),
            Fact(
                key='owner',
                says='The tricky part is that nobody really owns it, so it lands on whoever is around.',
                recap='nobody really owns it',
            ),
        ),
        'impact': (
            Fact(
                key='hours',
                says="Good question. It eats about three hours a day across the team, I'd guess.",
                recap='it eats about three hours a day',
                cue=HOURS,
            ),
            Fact(key='impact', says='Well, {impact}. My director noticed that.', recap='{impact}'),
            Fact(
                key='goal',
                says="What I'd love is to get those hours back before things get hectic in the spring.",
                recap='I want those hours back before spring',
                cue=PRIORITY,
            ),
        ),
        'decision': (
            Fact(
                key='who',
                says='Priya, our director, makes the call on anything over ten thousand.',
                recap='Priya makes the call on anything over ten thousand',
                cue=WHO,
            ),
            Fact(
                key='budget',
                says="We haven't set money aside for {category} yet. Anything over ten thousand goes to Priya.",
                recap='anything over ten thousand goes to Priya',
                cue=BUDGET,
            ),
            Fact(
                key='timeline',
                says='Spring is our crunch, so anything new would have to be running before then.',
                recap='anything new would have to be running before spring',
                cue=WHEN,
            ),
            Fact(
                key='process',
                says="If I like it, I'd show Priya. She'd want to see it working on our own data.",
                recap='Priya would want to see it working on our own data',
                cue=CRITERIA,
            ),
        ),
    },
    objections=(
        Objection(
            key='switch',
            kind='status_quo',
            says="Hmm. We already have a system that mostly works, so I'm not sure {product} is worth the switch.",
            again='I keep coming back to it, though: what we have mostly works.',
            gist="whether it's worth the switch",
            explored="Well, the spreadsheets hold up until someone's off sick. Then nobody can find anything.",
            answered=(
                "Okay, fair enough. If the switch is that painless, I'd look at it.",
                "Hm, that's a good point. I hadn't thought of it that way.",
            ),
            fits=frozenset({'pitch', 'change'}),
        ),
        Objection(
            key='priya',
            kind='authority',
            says="I'd need to run this by Priya before anything happens.",
            again="Remember, I'd still need to run it by Priya.",
            gist='Priya',
            explored="Priya looks at the cost first, then at how much of the team's time it takes.",
            answered=('Okay, that would help me make the case to Priya.', "Good. She'd like that."),
            fits=frozenset({'price'}),
        ),
        Objection(
            key='season',
            kind='timing',
            says="It's a busy season for us. Could this wait until next quarter?",
            again="I'm still worried about the busy season, to be honest.",
            gist='the busy season',
            explored="From now until spring we're flat out. Nobody has a spare hour to learn a new tool.",
            answered=(
                'Okay, if the setup is that light, the timing could work.',
                'Alright, a slow start I could manage.',
            ),
            fits=frozenset({'implementation'}),
        ),
    ),
    lines={
        'greeting': (
            "Hi! Nice to hear from you. What's this about?",
            'Hello again! What can I do for you?',
            'Yes, hi. Go ahead.',
        ),
        'small_talk': (
            "Ha, can't complain! Busy, but good. So, what's this about?",
            "Oh, it's been a good week, thanks for asking. What can I do for you?",
            'Ha, all good here. What did you want to talk about?',
        ),
        'check_in': (
            'Sure, go ahead.',
            'Yes, that makes sense.',
            "Yep, I'm with you.",
            "Sure. I've got a few minutes.",
        ),
        'statement': ('Mm-hm. What else would you like to know?', 'Sure. Go on.', 'Okay. Where were we?'),
        'off_topic': (
            "Ha, that's a new one. I'm not sure, honestly.",
            "Good question. I'd have to think about that one.",
            "Hmm, I couldn't tell you, to be honest.",
        ),
        'pitch': (
            'Okay, that sounds interesting. How would {product} fit with the way we work?',
            'Huh. So it would help with {pain}?',
            'I like the sound of that. What would getting started look like?',
            'Right. And would the team need training for that?',
            'Interesting. Do other companies like ours use {product}?',
        ),
        'reason': ('Oh, that would be nice. How does it do that?',),
        'price': ("Okay. I'd have to see what we'd get for that.", 'Hm, that adds up over a year.'),
        'figure': ('Wow, {figure}? How did other companies get that?', '{Figure}? Where does that number come from?'),
        'monologue': ("Sorry, that's a lot to take in. What does it mean for us, in plain words?",),
        'refer_back': (
            'Like I said, {recap}.',
            'As I mentioned, {recap}.',
            'Oh, we covered that: {recap}.',
            'Same as before, really: {recap}.',
        ),
        'nothing_more': (
            "That's really all there is to it.",
            "I don't think there's much more to it than that.",
            "That's about the size of it.",
        ),
        'more': (
            'Funny you ask. Last winter the whole tracking sheet broke on a Monday, and we ran the day from a '
            'whiteboard.',
            "Well, it's the little things. Someone always has the latest version open, so nobody else can save.",
            "Honestly, we've just got used to it. That's probably the worst part.",
        ),
        'noticed': (
            "Okay, but you didn't really say anything about {gist}.",
            "Hm, I'm still wondering about {gist}, though.",
            'Mm, you skipped past {gist} there.',
        ),
        'argued': ("Oh. Well, I'm only telling you how it is here.", "Hm. I don't think you're hearing me."),
        'discounted': ("That's kind, but the price isn't really the point for me.",),
        'agree': (
            "Okay, that sounds useful. Let's do {step} {when}, and I'll bring Priya.",
            "Sure, {step} {when} works for me. I'll ask Priya to join.",
        ),
        'agreed_again': (
            "It's booked: {step} {when}. See you then!",
            "Yes, yes, it's going in my calendar!",
            "We've got it booked, don't worry.",
        ),
        'not_yet': (
            "Maybe just send me some information about {product}, and I'll take a look.",
            "I'm not sure yet. What would I actually get out of {step}?",
            "Let's not rush it, I'm not sure yet. Tell me more about how it would help us first.",
            "Maybe. I think I'd need to understand what it does for us first.",
        ),
        'goodbye': ('Thanks for calling. Talk soon!', 'Bye now!', 'Take care, bye!'),
        'unclear': (
            'Sorry, you broke up there. Could you say that again?',
            'Sorry, I missed that. What was that?',
            "Hmm, the line's bad. Say again?",
        ),
        'ask_back': (
            'So, what else would you like to know about us?',
            'Was there something specific you wanted to ask me?',
            'Anyway, what made you call us in particular?',
        ),
    },
)

SKEPTICAL = Script(
    voice='en-gb',
    opening='Morgan Reyes, procurement. I get a lot of these calls. What is it?',
    bar=NextStepBar(objection_raised=True, open_blocks=True),
    returns=2,
    notices=2,
    default=Scenario(
        product='it',
        category='this',
        area='supplier data',
        pain='supplier data scattered across three plants',
        situation='we run an ERP and a couple of spreadsheets for supplier data',
        impact='supplier audits take us two weeks every quarter',
        step='a technical review',
    ),
    facts={
        'situation': (
            Fact(key='today', says="{Situation}. It isn't pretty, but it's paid for.", recap='{situation}'),
            Fact(
                key='team',
                says='Procurement is six people across three plants. Nine hundred employees in all.',
                recap='six of us across three plants',
                cue=TEAM,
            ),
            Fact(
                key='tools',
                says='We looked at two vendors for {area} last year. Neither made the cut.',
                recap='two vendors missed the cut last year',
                cue=TOOLS,
            ),
        ),
        'problem': (
            Fact(key='pain', says='The real problem is {pain}.', recap='the problem is {pain}'),
            Fact(
                key='weeks',
                says='Pulling it all together takes my team about two weeks a quarter.',
                recap='it takes two weeks a quarter',
            ),
            Fact(
                key='blame',
                says="And when it goes wrong, I'm the one explaining it to the CFO.",
                recap='I explain it to the CFO',
            ),
        ),
        'impact': (
            Fact(key='impact', says='Short version: {impact}.', recap='{impact}'),
            Fact(
                key='target',
                says="The CFO wants costs down five percent this year. That's my target.",
                recap='the CFO wants costs down five percent',
                cue=PRIORITY,
            ),
        ),
        'decision': (
            Fact(
                key='who',
                says='I evaluate, the plant managers weigh in, and the CFO signs.',
                recap='I evaluate, the plant managers weigh in, the CFO signs',
                cue=WHO,
            ),
            Fact(
                key='budget',
                says='Anything new has to pay for itself inside a year.',
                recap='it has to pay for itself inside a year',
                cue=BUDGET,
            ),
            Fact(
                key='timeline',
                says='Nothing new starts before the budget cycle in January.',
                recap='nothing starts before January',
                cue=WHEN,
            ),
            Fact(
                key='criteria',
                says='Proof on our own data, two customers like us I can call, and a fixed price.',
                recap='proof on our data, two customers I can call, a fixed price',
                cue=CRITERIA,
            ),
        ),
    },
    objections=(
        Objection(
            key='tried',
            kind='doubt',
            says='We tried something like {product} two years ago and it failed. Why would this be different?',
            again="And you still haven't told me why this time would be different.",
            gist='what went wrong last time',
            explored='The vendor promised everything in one place. Six months in, my team still kept the spreadsheets.',
            answered=(
                "Alright. That's more specific than most.",
                "Fine. That's a better answer than the last vendor gave.",
            ),
            fits=frozenset({'pitch', 'change'}),
        ),
        Objection(
            key='price',
            kind='price',
            says="It's too expensive. Your competitor quoted us thirty percent less.",
            again='Thirty percent is still thirty percent.',
            gist='the price',
            explored='Their quote covered roughly the same scope. Thirty percent less, on paper.',
            answered=('Fine. If the numbers hold up, the price is a conversation.', "Noted. I'll check that."),
            fits=frozenset({'price'}),
        ),
        Objection(
            key='references',
            kind='doubt',
            says='I need references from companies our size in manufacturing.',
            again="I'm still waiting on those names.",
            gist='references',
            explored='Nine hundred people, three plants, a real procurement team. Not a startup with ten users.',
            answered=('Good. Two names I can call, then.', 'Fine. I will call them.'),
            fits=frozenset({'proof'}),
        ),
        Objection(
            key='implementation',
            kind='timing',
            says="I don't have time for a long implementation. My team is already stretched.",
            again='My team is still stretched, whatever the brochure says.',
            gist='the implementation',
            explored='Last time it took nine months and two of my people full time.',
            answered=("If it's weeks, not months, I can live with that.", "Alright. I'll hold you to that."),
            fits=frozenset({'implementation'}),
        ),
        Objection(
            key='proposal',
            kind='brush_off',
            says="Send me a proposal and I'll look at it.",
            again='My answer is the same: send me a proposal.',
            gist='why I should give you more than a proposal',
            explored='Price, timeline, and proof from a plant like ours. Not adjectives.',
            answered=("Fine. But paper alone won't move me.",),
            fits=frozenset({'ask'}),
        ),
    ),
    lines={
        'greeting': ('Yes?', 'Go on.', 'And the reason for the call is?'),
        'small_talk': (
            'Fine, thanks. What is it you want?',
            "Busy. What's the call about?",
            "I don't do small talk on sales calls. Go on.",
        ),
        'check_in': ('Go on.', 'So far.', "I'm listening.", 'Yes. Get on with it.'),
        'statement': ('And?', 'Go on.', 'Is there a question in there?'),
        'off_topic': ('How is that relevant?', "I don't see what that has to do with anything.", 'Next question.'),
        'pitch': (
            'Everyone says that. What would it actually change for a plant like ours?',
            'Claims are cheap. Show me numbers from a company our size.',
            'Fine words. How exactly does {product} deal with {pain}?',
            "I've heard that pitch before. What's different about yours?",
        ),
        'reason': ('Maybe. Based on what?',),
        'price': ('And what exactly is in that price?', 'Per plant, or for all three?'),
        'figure': ('{Figure}? Measured how, and where?', 'Where does {figure} come from?'),
        'monologue': ("You've said a lot and told me little. What's the point?",),
        'refer_back': ('I told you: {recap}.', 'Same answer as before: {recap}.', 'We covered this. {Recap}.'),
        'nothing_more': ("That's all there is.", "That's it.", 'Nothing more to add.'),
        'more': ("That's the gist.", 'There is nothing more to it.', 'Ask me something specific.'),
        'noticed': (
            'You skipped my point about {gist}. I noticed.',
            "You still haven't answered me on {gist}.",
            "That doesn't answer my point about {gist}.",
        ),
        'argued': ('Telling me I am wrong is not an answer.', "Don't argue with me. Convince me."),
        'discounted': (
            "If you can drop the price that fast, the first number wasn't real.",
            "A discount isn't an answer.",
        ),
        'agree': (
            'Fine. Set up {step} with my plant managers {when}, and bring numbers.',
            'Alright. {Step} {when}, with my plant managers. Bring data from a plant like ours.',
        ),
        'agreed_again': ("You have your meeting. Don't oversell it.", "We're booked. Anything else?", 'It is agreed.'),
        'not_yet': (
            "No. Not until you've answered me on {gist}.",
            "No. You still haven't dealt with {gist}.",
            'No. {Gist} first.',
        ),
        'goodbye': ('Alright. Goodbye.', 'Goodbye.', 'Fine. Bye.'),
        'unclear': ("I didn't catch that.", 'Say that again.', 'You cut out. Again?'),
        'ask_back': ('What exactly do you want from me?', 'Is there a question coming?', 'Where is this going?'),
    },
)

BUSY = Script(
    voice='en-us+m3',
    opening='Alex Chen. I have two minutes. What is this about?',
    bar=NextStepBar(went_past_blocks=True, reason=True, sharp_ask=True),
    default=Scenario(
        product='it',
        category='this',
        area='clinic operations',
        pain='staff turnover and no-shows',
        situation='each clinic runs its own scheduling',
        impact='no-shows cost us real money',
        step='a 20-minute call',
    ),
    facts={
        'situation': (
            Fact(key='today', says='My teams handle that. {Situation}, as far as I know.', recap='{situation}'),
            Fact(
                key='team',
                says='Two thousand people across forty clinics.',
                recap='two thousand people, forty clinics',
                cue=TEAM,
            ),
        ),
        'problem': (
            Fact(key='pain', says='What I hear about is {pain}.', recap='{pain}'),
            Fact(
                key='turnover',
                says='Beyond that, staff turnover and no-shows. Those cost real money.',
                recap='turnover and no-shows',
            ),
        ),
        'impact': (
            Fact(
                key='priorities',
                says='Margin and patient retention. Those are my priorities this year.',
                recap='margin and patient retention',
                cue=PRIORITY,
            ),
            Fact(key='impact', says="Simple. {Impact}. That's the part I care about.", recap='{impact}'),
            Fact(
                key='test',
                says="If it doesn't move margin this year, it waits.",
                recap='it has to move margin this year',
            ),
        ),
        'decision': (
            Fact(key='who', says='Dana, my COO, runs anything operational.', recap='Dana runs operations', cue=WHO),
            Fact(
                key='budget',
                says="If it saves money this year, there's budget. If not, there isn't.",
                recap='if it saves money this year, there is budget',
                cue=BUDGET,
            ),
            Fact(
                key='timeline', says='Nothing big lands before spring.', recap='nothing lands before spring', cue=WHEN
            ),
        ),
    },
    objections=(
        Objection(
            key='priority',
            kind='priority',
            says='{Product} is not a priority for us this year.',
            again="I told you, it's not a priority this year.",
            gist='our priorities',
            explored='Right now? Margin and keeping patients. Everything else waits.',
            answered=("Fine. If it moves margin, I'm listening.", "Okay. That's a better reason."),
            fits=frozenset({'pitch_without_reason'}),
        ),
        Objection(
            key='reorganisation',
            kind='timing',
            says="We're in the middle of a reorganisation. Bad timing.",
            again='The reorganisation has not gone anywhere.',
            gist='the reorganisation',
            explored="Two regions are merging. Dana's team is flat out until spring.",
            answered=("If it doesn't need Dana's people for months, fine.", 'Fine. Light touch, then.'),
            fits=frozenset({'implementation'}),
        ),
        Objection(
            key='email',
            kind='brush_off',
            says="You're losing me. Just email me something.",
            again='Email me.',
            gist='what I asked for',
            explored='One page. The number, the proof, the ask.',
            answered=('Fine. Make it short.',),
            fits=frozenset({'monologue'}),
        ),
    ),
    lines={
        'greeting': ('I asked what this is about.', 'And? Why are you calling?', 'Get to it.'),
        'small_talk': (
            'Skip the small talk. What is this about?',
            'Fine. What do you need?',
            "Let's not. Why are you calling?",
        ),
        'check_in': ('Yes. Keep going.', 'Go on. Quickly.', 'Fine. Go.'),
        'statement': ('So?', 'And?', 'Get to the point.'),
        'off_topic': ('Next question.', 'Not relevant.', 'Why does that matter?'),
        'pitch': (
            "That's a feature. What's the outcome for us?",
            'What does that do for our margin?',
            'Get to the point. Why should I care?',
        ),
        'reason': ('Go on. How?', "That's interesting. What would it take?", 'Okay. What do you need from me?'),
        'price': ('If it saves more than that this year, fine. Does it?', "Price isn't my question. Return is."),
        'figure': ('{Figure}? Based on what?', '{Figure} where? Clinics like ours?'),
        'monologue': ('You have thirty seconds. What is the ask?', 'Get to the point. Why should I care?'),
        'refer_back': ('I told you. {Recap}.', 'Same answer: {recap}.', 'Already answered: {recap}.'),
        'nothing_more': ("That's it.", 'Nothing to add.', 'Next.'),
        'more': ("That's it.", "There isn't more. What's your point?"),
        'noticed': (
            'You went straight past my point about {gist}.',
            "You didn't answer me on {gist}.",
            'Answer my point about {gist} first.',
        ),
        'argued': ("Don't tell me how my business works.",),
        'discounted': ("I don't care about a discount. I care about margin.",),
        'agree': (
            'Fine. {Step} with Dana {when}. My assistant will set it up.',
            'Alright. {Step} {when}, with Dana. Keep it tight.',
        ),
        'agreed_again': (
            "You have your meeting. Don't lose it.",
            "Done. Anything else? I'm late.",
            'We are done here.',
        ),
        'not_yet': (
            "No. You haven't answered my point about {gist}.",
            'No. Not while {gist} is still hanging.',
        ),
        'no_reason': (
            "No. You haven't told me why this matters to us. Email me.",
            'No. I still have no idea what this does for our margin.',
            'No. Give me a reason first.',
        ),
        'not_sharp': (
            'Be specific. What exactly are you asking for, and with whom?',
            'Meaning what? How long, with whom, and when?',
        ),
        'goodbye': ('Okay. Bye.', 'Bye.', 'Right. Bye.'),
        'unclear': ('What? Say that again.', 'You cut out.', 'Again?'),
        'ask_back': ('What do you want from me?', 'Is there an ask in here?', 'What are you actually asking?'),
    },
)

SCRIPTS: dict[str, Script] = {
    'friendly_prospect': FRIENDLY,
    'skeptical_buyer': SKEPTICAL,
    'busy_executive': BUSY,
}
