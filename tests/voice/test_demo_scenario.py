"""What the rep sells and to whom, read from the scenario text: the presets, typed scenarios, and none at all."""

import pytest

from services.personas import SCENARIO_PRESETS
from services.voice.demo_prospect.scenario import Scenario, read_scenario

DEFAULT = Scenario(
    product='it', category='this', area='area', pain='pain', situation='situation', impact='impact', step='a demo'
)
PRESETS = {preset.id: preset.text for preset in SCENARIO_PRESETS}


def test_the_crm_preset() -> None:
    read = read_scenario(PRESETS['saas_crm'], DEFAULT)
    assert (read.product, read.category) == ('PipelinePro', 'CRM')
    assert read.pain == 'manual follow-ups and forecasting'
    assert read.situation == 'our sales team tracks deals in spreadsheets'
    assert read.step == 'a 30-minute demo'
    assert read.described


def test_the_security_preset() -> None:
    read = read_scenario(PRESETS['cybersecurity'], DEFAULT)
    assert (read.product, read.category) == ('ShieldOps', 'managed detection and response service')
    assert read.situation == 'we have a small IT team and no 24/7 security cover'
    assert read.pain == 'nobody watching the alerts at night or at weekends'  # the field's, the offer names none
    assert read.step == 'a discovery call'


def test_the_route_analytics_preset() -> None:
    read = read_scenario(PRESETS['logistics_analytics'], DEFAULT)
    assert (read.product, read.category) == ('RouteWise', 'analytics')
    assert read.pain == 'late deliveries and fuel costs'
    assert read.situation == "we're running our own delivery fleet"
    assert read.step == 'a two-week pilot'


@pytest.mark.parametrize(
    ('text', 'product', 'situation', 'pain'),
    [
        ('Managed security', 'your managed security', 'security alerts', 'alerts at night'),
        ('We sell payroll software to restaurants', 'your payroll software', 'shift schedules', 'gaps'),
        ('cloud backup for dental clinics that lose data', 'your cloud backup', 'we lose data', 'outages'),
        ('A tool to track shipments for retailers', 'your tool', 'routes', 'keeping track of shipments'),
        (
            'You sell CarePing, an app that helps clinics reduce no-shows by 20%, to a clinic network where nurses '
            'chart on paper.',
            'CarePing',
            'nurses chart on paper',
            'no-shows',
        ),
        ('solar panels for farms that pay too much for electricity', 'your solar panels', 'we pay too much', 'energy'),
    ],
)
def test_typed_scenarios(text: str, product: str, situation: str, pain: str) -> None:
    read = read_scenario(text, DEFAULT)
    assert read.product == product
    assert situation in read.situation
    assert pain in read.pain


def test_a_goal_names_the_step_and_without_one_the_personas_step_stands() -> None:
    assert read_scenario('A CRM. Goal: agree a 20-minute call with the COO.', DEFAULT).step == 'a 20-minute call'
    assert read_scenario('A CRM for dentists', DEFAULT).step == 'a demo'


@pytest.mark.parametrize('text', [None, '', '   ', '...'])
def test_no_scenario_keeps_the_personas_own(text: str | None) -> None:
    assert read_scenario(text, DEFAULT) is DEFAULT
