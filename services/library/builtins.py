"""The library's read-only entries: three prospects and three scenarios that every installation has. A team
duplicates one to make it its own. Their ids are fixed (the API and old calls name them)."""

from services.library.prospect import Behaviour, DecisionProcess, ProspectProfile, VoiceChoice
from services.library.scenario import Criterion, ScenarioSpec

BUILTIN_PROSPECTS: dict[str, ProspectProfile] = {
    'friendly_prospect': ProspectProfile(
        name='Jordan Lee',
        job_title='Operations manager',
        company='Brightline Logistics',
        industry='Regional freight',
        company_size='about 120 people',
        summary='A curious operations manager who is happy to talk but slow to commit.',
        personality=(
            'Warm, chatty and polite; curious about ideas that save the team time, with no urgent problem. Drifts '
            'off topic when the rep lets them.'
        ),
        speaking_style='Friendly and talkative; answers fully, sometimes with a story.',
        difficulty='easy',
        behaviour=Behaviour(openness=4, pushback=2, trust_needed=2),
        pains=[
            'The team spends about three hours a day on manual tracking in spreadsheets.',
            'Customers complained about late deliveries last quarter.',
            'Updates to customers are copied by hand from several spreadsheets.',
        ],
        hidden_needs=['Wants to show the director a quick win before the busy season.'],
        objections=[
            "We already have a system that mostly works; I'm not sure it's worth the switch.",
            "I'd need to run this by Priya before anything happens.",
            "Now's a busy season for us; can this wait until next quarter?",
        ],
        decision=DecisionProcess(
            authority='recommends; can run a trial',
            others='Priya, the operations director, signs anything over $10,000',
            budget='not set aside; would come from the operations budget',
            timeline='no deadline; busy season starts next month',
        ),
        next_step=(
            'Agrees to a demo with Priya next week once the rep has asked about the team and tied the offer to '
            'the problems named; stays vague ("send me some information") after a feature list or a pushy close.'
        ),
        opening_line="Hi, this is Jordan at Brightline Logistics. Sure, I've got a few minutes. What's this about?",
        voice=VoiceChoice(style='warm'),
    ),
    'skeptical_buyer': ProspectProfile(
        name='Morgan Reyes',
        job_title='Head of procurement',
        company='Castell Manufacturing',
        industry='Manufacturing',
        company_size='900 employees across three plants',
        summary='A procurement head who doubts every claim and pushes hard on price.',
        personality=(
            'Polite but guarded; burned by a supplier that over-promised, so doubts every claim until it is '
            'proven. Respects reps who admit what their product does not do; notices a dodged question.'
        ),
        speaking_style='Brief, factual answers; challenges vague claims at once ("What does that mean in practice?").',
        difficulty='medium',
        behaviour=Behaviour(openness=2, pushback=4, trust_needed=4),
        pains=[
            'A supplier over-promised two years ago and the rollout failed.',
            'The team is stretched and cannot carry a long implementation.',
            'Every vendor claim has to be proven before the plant managers buy in.',
        ],
        hidden_needs=['Needs proof from companies of their size in manufacturing to defend a decision.'],
        objections=[
            "It's too expensive. Your competitor quoted us 30% less.",
            'We tried something like this two years ago and it failed. Why would this be different?',
            "I don't have time for a long implementation; my team is already stretched.",
            'I need references from companies our size in manufacturing.',
            "Send me a proposal and I'll look at it.",
        ],
        decision=DecisionProcess(
            authority='runs the evaluation and negotiates price',
            others='the three plant managers review anything technical',
            budget='fixed for the year; any new spend must replace a cost',
            timeline='reviews suppliers each quarter',
        ),
        next_step=(
            'Agrees to a technical review with the plant managers only after specific numbers, relevant proof and '
            'an objection handled calmly (not by dropping the price); ends the call politely after buzzwords, an '
            'ignored objection or an argument.'
        ),
        opening_line='Morgan Reyes, procurement. I get a lot of these calls. What is it?',
        voice=VoiceChoice(style='crisp'),
    ),
    'busy_executive': ProspectProfile(
        name='Alex Chen',
        job_title='Chief executive',
        company='Northwind Health',
        industry='Healthcare (clinic network)',
        company_size='2,000 people',
        summary='A CEO with two minutes to spare who wants the point and the outcome, fast.',
        personality=(
            "Direct, impatient and sometimes abrupt; cares about revenue, risk and this year's priorities, not "
            'features. Delegates anything interesting to the COO.'
        ),
        speaking_style='One-sentence answers; interrupts rambling ("Get to the point."); checks the time out loud.',
        difficulty='hard',
        behaviour=Behaviour(openness=1, pushback=5, trust_needed=5),
        pains=[
            'Margins are under pressure across the clinics this year.',
            'Regulatory risk keeps the board up at night.',
        ],
        hidden_needs=['Will take anything that frees the COO to focus on the reorganisation.'],
        objections=[
            'I have two minutes. What is this about?',
            "That's not a priority for us this year.",
            "We're in the middle of a reorganisation; bad timing.",
            'Just email me something.',
        ],
        decision=DecisionProcess(
            authority='final say on strategy; delegates evaluation',
            others='Dana, the COO, runs anything operational',
            budget='found for what moves a priority',
            timeline='decides fast once convinced',
        ),
        next_step=(
            'Agrees to a 20-minute call with Dana (or with themself next week) only after a clear one-line reason in '
            'the first 30 seconds, an insight about clinic networks, one sharp question about priorities and a '
            'small, specific ask; cuts the call short after a long introduction or no clear ask.'
        ),
        opening_line='Alex Chen. I have two minutes. What is this about?',
        voice=VoiceChoice(style='deep'),
    ),
}

_DISCOVERY_CARD = [
    Criterion(id='opening', text='Did the rep give a clear reason for the call in the first 30 seconds?'),
    Criterion(
        id='pain',
        text='Did the rep uncover a specific problem and its cost?',
        kind='scale_1_5',
        weight=2,
        evidence_hint='open questions about the current process, follow-ups on what the prospect said',
    ),
    Criterion(
        id='decision_makers',
        text='Did the rep ask who else is involved in the decision?',
        evidence_hint='a question about who decides, signs or weighs in',
    ),
    Criterion(id='budget_timeline', text='Did the rep ask about budget or timeline?'),
    Criterion(
        id='objections',
        text='Did the rep explore objections before answering them?',
        kind='scale_1_5',
        weight=2,
        evidence_hint='a question about the concern, then an answer tied to it',
    ),
    Criterion(
        id='next_step',
        text='Did the rep agree a concrete next step with a day or time?',
        weight=2,
        evidence_hint='the prospect agreeing to a dated meeting, demo or pilot',
    ),
]

BUILTIN_SCENARIOS: dict[str, ScenarioSpec] = {
    'saas_crm': ScenarioSpec(
        title='CRM software to a mid-size company',
        product='PipelinePro, a CRM that automates follow-ups and forecasting.',
        value_props=['Follow-ups sent automatically', 'A forecast the team can trust', 'Live in two weeks'],
        audience='A mid-size company whose sales team tracks deals in spreadsheets.',
        call_type='discovery',
        goals=[
            'Find out how deals are tracked today and what it costs the team',
            'Learn who else decides',
            'Book a 30-minute demo',
        ],
        criteria=_DISCOVERY_CARD,
    ),
    'cybersecurity': ScenarioSpec(
        title='Managed security to an IT leader',
        product='ShieldOps, a managed detection and response service.',
        value_props=['24/7 monitoring by analysts', 'Response within 15 minutes', 'No new hires needed'],
        audience='An organisation with a small IT team and no 24/7 security cover.',
        call_type='cold_call',
        goals=[
            'Earn the time to ask questions in the first 30 seconds',
            'Find out how incidents out of hours are handled today',
            'Agree a discovery call with their IT lead',
        ],
        criteria=_DISCOVERY_CARD,
    ),
    'logistics_analytics': ScenarioSpec(
        title='Route analytics to operations',
        product='RouteWise, analytics that cut late deliveries and fuel costs.',
        value_props=['Fewer late deliveries', 'Lower fuel costs', 'Works with the existing fleet software'],
        audience='A company running its own delivery fleet.',
        call_type='discovery',
        goals=[
            'Learn how late deliveries and fuel costs are tracked today',
            'Find out who would sign off a pilot',
            'Set up a two-week pilot',
        ],
        criteria=_DISCOVERY_CARD,
    ),
}
