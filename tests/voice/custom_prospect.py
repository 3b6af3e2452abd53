"""A team's own prospect and scenario, as the library stores them: what the engines' tests give an engine to play."""

import uuid

from services.library.prospect import Behaviour, DecisionProcess, ProspectProfile, VoiceChoice
from services.library.scenario import ScenarioSpec
from services.voice.engine import EngineConfig

PROSPECT_ID = 'team-prospect-1'
PROSPECT = ProspectProfile(
    name='Dana Okafor',
    job_title='Head of facilities',
    company='Harbor Clinics',
    industry='Private healthcare',
    company_size='about 400 staff across six sites',
    summary='A practical facilities head who has seen energy projects overpromise.',
    personality='Practical and cautious; likes numbers from sites like hers.',
    speaking_style='Measured, short answers; asks "compared to what?".',
    difficulty='medium',
    behaviour=Behaviour(openness=2, pushback=3, trust_needed=3),
    pains=[
        'The HVAC contracts renew every year with no data on energy use.',
        'Two sites overheat every summer and patients complain.',
    ],
    hidden_needs=['Wants to show the board a sustainability win before the annual report.'],
    objections=[
        'We signed a three-year maintenance contract last spring.',
        'Our landlord controls the building systems, not us.',
    ],
    decision=DecisionProcess(
        authority='approves spend under $25k',
        others='The CFO, Martin, signs anything larger',
        budget='comes out of the facilities budget',
        timeline='contracts renew in March',
    ),
    next_step='Agrees to a site survey at one clinic once the rep shows savings at a similar site.',
    opening_line="Dana Okafor, Harbor Clinics facilities. Who's calling?",
    voice=VoiceChoice(style='bright'),
)
SCENARIO = ScenarioSpec(
    title='Smart energy for clinics',
    product='VoltIQ, a building energy monitor that cuts heating and cooling costs',
    value_props=['Twenty percent lower energy bills', 'No new hardware in patient rooms'],
    audience='Multi-site clinics whose facilities team manages HVAC by hand',
    call_type='cold_call',
    goals=['Learn how energy is tracked today', 'Book a site survey'],
)
CONFIG = EngineConfig(call_id=uuid.uuid4(), prospect_id=PROSPECT_ID, prospect=PROSPECT, scenario=SCENARIO)
# What the engine's instructions must carry of the prospect and the scenario.
CARRIED = (
    'Dana Okafor',
    'Harbor Clinics',
    'We signed a three-year maintenance contract last spring.',
    'Our landlord controls the building systems, not us.',
    'VoltIQ',
    'Cold call',
)
