"""A rep builds a prospect and a scenario in the editors, practises the scenario with the demo prospect (a spoken
line, then typed turns), ends the call and reads the scorecard in the report. Then the library's pages at 390x844
and 1280 wide, in light and dark mode: nothing runs off the side. Screenshots go to test-artifacts/ and
screenshots/ (13-*)."""

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import (
    DESKTOP,
    FAKE_MIC,
    PASSWORD,
    PHONE,
    assert_nothing_runs_off_the_side,
    box,
    chromium,
    keep_screenshot,
    new_page,
    sign_up,
    stay_on_the_call,
)
from tests.e2e.server import running

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EMAIL = 'lee@example.com'
SCENARIO = 'Payroll to retail chains'
GOALS = ('Find out who else decides', 'Agree a next step')
ID = re.compile(r'/(prospects|scenarios)/([0-9a-f-]{36})$')


@pytest.fixture(scope='module')
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running(tmp_path_factory.mktemp('library') / 'data') as address:
        yield address


@pytest.fixture(scope='module')
def browser() -> Iterator[Browser]:
    with chromium(FAKE_MIC) as browser:
        yield browser


def test_a_rep_builds_a_prospect_and_a_scenario_practises_it_and_reads_the_scorecard(
    browser: Browser, url: str
) -> None:
    errors: list[str] = []
    page = new_page(browser, url, DESKTOP, errors)
    sign_up(page, 'Lee Library', EMAIL)

    page.goto('/prospects')
    page.get_by_role('button', name='New prospect').click()
    page.get_by_label('Name *').fill('Dana Whitfield')
    page.get_by_label('Job title *').fill('Finance director')
    page.get_by_label('Company', exact=True).fill('Harbor Retail')
    page.get_by_label('Summary').fill('A finance director who guards the payroll budget.')
    page.get_by_role('button', name='Add an objection').click()
    page.get_by_placeholder('e.g. We already have a system that works.').fill('We signed with a competitor last year.')
    expect(page.get_by_text('You are Dana Whitfield, finance director at Harbor Retail')).to_be_visible()
    page.get_by_role('button', name='Save').click()
    expect(page).to_have_url(ID)
    prospect_id = ID.search(page.url).group(2)  # type: ignore[union-attr]
    keep_screenshot(page, '13-desk-prospect-editor')

    page.goto('/scenarios/new')
    page.get_by_label('Title *').fill(SCENARIO)
    page.get_by_label('Product or service').fill('PayFlow, payroll for shift workers')
    page.get_by_label('Call type').click()
    page.get_by_role('option', name='Cold call').click()
    page.get_by_label('Suitable prospects').click()
    page.get_by_role('option', name='Dana Whitfield, Finance director').click()
    page.keyboard.press('Escape')
    for count, goal in enumerate(GOALS, start=1):
        page.get_by_role('button', name='Add a goal').click()
        expect(page.get_by_placeholder('e.g. Book a 30-minute demo')).to_have_count(count)  # the new row is drawn
        page.get_by_placeholder('e.g. Book a 30-minute demo').last.fill(goal)
    # Typed, then Add at once, as a quick typist does: adding a row leaves the rows already typed in alone.
    page.get_by_role('button', name='Add criterion').click()
    page.get_by_label('Criterion 1').fill('Did the rep ask who else decides?')
    page.get_by_role('button', name='Add criterion').click()
    page.get_by_label('Criterion 2').fill('Did the rep agree a next step?')
    expect(page.get_by_text('50% of the total')).to_have_count(2)
    page.get_by_role('button', name='Save').click()
    expect(page).to_have_url(ID)
    scenario_id = ID.search(page.url).group(2)  # type: ignore[union-attr]
    keep_screenshot(page, '13-desk-scenario-editor')

    page.goto('/scenarios')
    page.locator('.q-card', has=page.get_by_text(SCENARIO, exact=True)).get_by_role('button', name='Practise').click()
    for goal in GOALS:
        expect(page.get_by_text(goal)).to_be_visible()
    expect(page.get_by_text('Graded on 2 criteria; passing needs 80 of 100.')).to_be_visible()
    first = page.locator('.q-card').filter(has_text='Suits this scenario').first
    expect(first).to_contain_text('Dana Whitfield')
    keep_screenshot(page, '13-desk-practice-setup')
    page.get_by_role('button', name='Start call').click()
    started = time.monotonic()
    expect(page.get_by_role('status').get_by_text('Live')).to_be_visible(timeout=15_000)
    expect(page.get_by_text('Goals (2)')).to_be_visible()
    # The fake microphone plays a recorded rep: the demo prospect hears the first line spoken, then the rep mutes
    # (the recording loops and would cut the prospect off) and types the rest.
    expect(page.get_by_text('I was hoping to ask you a few questions').first).to_be_visible(timeout=30_000)
    page.get_by_role('button', name='Mute').click()
    turn = page.get_by_placeholder('Type a turn instead of speaking')
    for line in (
        'Hi Dana, this is Lee from PayFlow. Do you have a minute about payroll for your shift workers?',
        'Who else decides on a change to payroll at Harbor Retail?',
        'Could we book thirty minutes next Tuesday to show you how it works?',
    ):
        turn.fill(line)
        turn.press('Enter')
        expect(page.get_by_text(line)).to_be_visible(timeout=15_000)
        page.wait_for_timeout(2_500)  # the prospect answers before the next turn
    stay_on_the_call(page, started)
    keep_screenshot(page, '13-desk-live-call-goals')
    page.get_by_role('button', name='End call').click()
    expect(page).to_have_url(re.compile(r'/calls/[0-9a-f-]{36}$'))
    expect(page.get_by_text('overall score')).to_be_visible(timeout=60_000)
    scorecard = page.locator('.q-card').filter(has=page.get_by_text('Scorecard', exact=True)).last
    expect(scorecard).to_be_visible()
    expect(scorecard.get_by_text(re.compile(r'^Total '))).to_be_visible()
    expect(scorecard.get_by_text('Did the rep ask who else decides?')).to_be_visible()
    expect(scorecard.get_by_text('Goals', exact=True)).to_be_visible()
    expect(page.get_by_text(SCENARIO).first).to_be_visible()  # the heading names the scenario
    keep_screenshot(page, '13-desk-report-scorecard')

    page.goto('/')
    expect(page.get_by_text('Your scenarios')).to_be_visible()
    expect(page.get_by_role('link', name=SCENARIO)).to_be_visible()
    keep_screenshot(page, '13-desk-dashboard-scenarios')
    assert errors == [], f'JavaScript errors: {errors}'
    look_at_the_library_on_each_screen(browser, url, prospect_id=prospect_id, scenario_id=scenario_id)


def look_at_the_library_on_each_screen(browser: Browser, url: str, *, prospect_id: str, scenario_id: str) -> None:
    errors: list[str] = []
    for screen, viewport in (('phone', PHONE), ('desk', DESKTOP)):
        page = new_page(browser, url, viewport, errors)
        page.goto('/login')
        page.get_by_label('Email').fill(EMAIL)
        page.get_by_label('Password').fill(PASSWORD)
        page.get_by_role('button', name='Log in').click()
        expect(page.get_by_text('Welcome, Lee!')).to_be_visible()
        for mode in ('light', 'dark'):
            if mode == 'dark':
                page.get_by_role('button', name='Dark mode').click()
                expect(page.locator('body.body--dark')).to_have_count(1)
            for name, path, shown in (
                ('prospects', '/prospects', 'Dana Whitfield'),
                ('prospect-editor', f'/prospects/{prospect_id}', 'System prompt preview'),
                ('scenarios', '/scenarios', SCENARIO),
                ('scenario-editor', f'/scenarios/{scenario_id}', 'Scorecard'),
                ('practice-setup', f'/practice?scenario={scenario_id}', 'Your goals'),
                ('history-scenario', f'/history?scenario={scenario_id}', SCENARIO),
            ):
                page.goto(path)
                expect(page.get_by_text(shown, exact=True).first).to_be_visible()
                page.wait_for_timeout(300)
                assert_nothing_runs_off_the_side(page)
                keep_screenshot(page, f'13-{screen}-{mode}-{name}')
            if screen == 'phone' and mode == 'light':
                # The scorecard editor's rows keep their buttons on the screen.
                page.goto(f'/scenarios/{scenario_id}')
                remove = page.get_by_role('button', name='Remove criterion').first
                assert box(remove)['right'] <= PHONE['width']
                goals_during_a_call_on_a_phone(page, scenario_id)
        page.get_by_role('button', name='Dark mode').click()  # back to light for the next test
        page.context.close()
    assert errors == [], f'JavaScript errors: {errors}'


def goals_during_a_call_on_a_phone(page: Page, scenario_id: str) -> None:
    """The goals panel over the transcript on a phone: folded (the transcript keeps the room), and opened."""
    page.goto(f'/practice?scenario={scenario_id}')
    page.get_by_role('button', name='Start call').click()
    expect(page.get_by_role('status').get_by_text('Live')).to_be_visible(timeout=15_000)
    goals = page.get_by_text('Goals (2)')
    expect(goals).to_be_visible()
    expect(page.get_by_text(GOALS[0], exact=True)).to_be_hidden()
    page.evaluate('window.scrollTo(0, 0)')  # a full-page picture of a scrolled page draws the header mid-page
    keep_screenshot(page, '13-phone-live-call-goals-folded')
    goals.click()
    expect(page.get_by_text(GOALS[0], exact=True)).to_be_visible()
    page.wait_for_timeout(400)  # the panel's opening animation
    assert_nothing_runs_off_the_side(page)
    page.evaluate('window.scrollTo(0, 0)')
    keep_screenshot(page, '13-phone-live-call-goals')
    page.get_by_role('button', name='End call').click()
    expect(page).to_have_url(re.compile(r'/calls/[0-9a-f-]{36}$'))
