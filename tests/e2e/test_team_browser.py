"""A sales team set up, assigned, practised, reviewed and signed off entirely in the browser: an admin creates a
team and invites a manager and a rep by link; the manager assigns a scenario; the rep practises it with the demo
prospect; the manager comments on the report, overrides the score and signs the rep off; the rep reads it all
behind the bell. The team's pages and the admin's Users page at 390x844 and 1280 too. Screenshots: 14-*."""

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
    chromium,
    fill_in_sign_up,
    keep_screenshot,
    new_page,
    sign_up,
    stay_on_the_call,
)
from tests.e2e.server import running

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SCENARIO = 'CRM software to a mid-size company'


@pytest.fixture(scope='module')
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running(tmp_path_factory.mktemp('team') / 'data') as address:
        yield address


@pytest.fixture(scope='module')
def browser() -> Iterator[Browser]:
    with chromium(FAKE_MIC) as browser:
        yield browser


def invitation_link(page: Page, role: str, *, before: str = '') -> str:
    """Makes a link for `role` (a new one: not `before`, the link shown already)."""
    page.get_by_label('As', exact=True).click()
    page.get_by_role('option', name=role, exact=True).click()
    page.get_by_role('button', name='Make an invitation link').click()
    link = page.get_by_label('Link', exact=True)
    expect(link).to_have_value(re.compile(r'/signup\?invitation='))
    expect(link).not_to_have_value(before)
    return link.input_value()


def accept(page: Page, link: str, full_name: str, email: str, role_words: str) -> None:
    page.goto(link)
    expect(page.get_by_text(role_words)).to_be_visible()
    fill_in_sign_up(page, full_name, email)


def test_a_team_is_set_up_assigned_practises_and_is_reviewed_and_signed_off(browser: Browser, url: str) -> None:
    errors: list[str] = []
    admin = new_page(browser, url, DESKTOP, errors)
    sign_up(admin, 'Ana Admin', 'ana@example.com')
    admin.goto('/teams')
    admin.get_by_label('New team').fill('Sales East')
    admin.get_by_role('button', name='Create team').click()
    expect(admin.get_by_text('No reps in this team yet: invite some below.')).to_be_visible()
    manager_link = invitation_link(admin, 'Manager')
    rep_link = invitation_link(admin, 'Rep', before=manager_link)
    keep_screenshot(admin, '14-desk-admin-team-invitations')

    manager = new_page(browser, url, DESKTOP, errors)
    accept(manager, manager_link, 'Mia Manager', 'mia@example.com', 'You are invited as a manager of Sales East.')
    rep = new_page(browser, url, DESKTOP, errors)
    accept(rep, rep_link, 'Rory Rep', 'rory@example.com', 'You are invited as a rep of Sales East.')

    manager.get_by_role('link', name='Teams').click()
    manager.get_by_text('Sales East', exact=True).click()
    expect(manager.get_by_role('cell', name='Rory Rep')).to_be_visible()
    manager.get_by_label('Scenario', exact=True).click()
    manager.get_by_role('option', name=SCENARIO).click()
    manager.get_by_role('button', name='Assign', exact=True).click()
    expect(manager.get_by_text(re.compile(f'{SCENARIO}: due .* 1 not started'))).to_be_visible()
    keep_screenshot(manager, '14-desk-manager-team')

    rep.reload()
    expect(rep.get_by_text('My assignments')).to_be_visible()
    expect(rep.get_by_text('Not started')).to_be_visible()
    keep_screenshot(rep, '14-desk-rep-dashboard-assignment')
    rep.get_by_role('button', name='Practise').click()
    expect(rep.get_by_text(f'Assignment: {SCENARIO}')).to_be_visible()
    rep.get_by_role('button', name='Start call').click()
    started = time.monotonic()
    expect(rep.get_by_role('status').get_by_text('Live')).to_be_visible(timeout=15_000)
    rep.get_by_role('button', name='Mute').click()  # typed turns: the recorded rep would talk over the prospect
    turn = rep.get_by_placeholder('Type a turn instead of speaking')
    for line in (
        'Hi Morgan, this is Rory from PipelinePro. Do you have a minute?',
        'How does your team keep track of its deals today?',
        'Who else would decide on a change like this?',
    ):
        turn.fill(line)
        turn.press('Enter')
        expect(rep.get_by_text(line)).to_be_visible(timeout=15_000)
        rep.wait_for_timeout(2_000)
    stay_on_the_call(rep, started)
    rep.get_by_role('button', name='End call').click()
    expect(rep).to_have_url(re.compile(r'/calls/[0-9a-f-]{36}$'))
    expect(rep.get_by_text('overall score')).to_be_visible(timeout=60_000)
    call_url = rep.url

    manager.reload()
    expect(manager.get_by_text(re.compile(r'0/1 passed|1/1 passed'))).to_be_visible()
    expect(manager.get_by_text(f'Leaderboard: {SCENARIO}')).to_be_visible()
    manager.get_by_role('cell', name='Rory Rep').click()
    expect(manager.get_by_text('← Sales East')).to_be_visible()
    manager.locator('.calls-table tbody tr').first.click()
    expect(manager).to_have_url(call_url)
    expect(manager.get_by_text("Manager's review")).to_be_visible(timeout=20_000)
    expect(manager.get_by_role('button', name='Analyse again')).to_have_count(0)  # read-only for the manager
    manager.get_by_placeholder('Add a comment').fill('Good discovery; ask about budget sooner.')
    manager.get_by_role('button', name='Comment').click()
    expect(manager.get_by_text('Good discovery; ask about budget sooner.')).to_be_visible()
    manager.get_by_label('Your score').fill('85')
    manager.get_by_label('Why').fill('The decision question came at the right time.')
    manager.get_by_role('button', name='Override the score').click()
    expect(manager.get_by_text('Manager: 85')).to_be_visible()
    manager.get_by_role('button', name=re.compile('Sign off on')).click()
    expect(manager.get_by_text('Signed off.')).to_be_visible()
    keep_screenshot(manager.locator('.q-card').filter(has_text="Manager's review").last, '14-desk-manager-review')

    rep.goto('/')
    expect(rep.get_by_role('button', name='Notices')).to_contain_text('4')  # assignment, comment, override, sign-off
    rep.get_by_role('button', name='Notices').click()
    expect(rep.get_by_text('Mia Manager signed you off on')).to_be_visible()
    keep_screenshot(rep, '14-desk-rep-notices')
    rep.goto(call_url)
    expect(rep.get_by_text('Manager: 85')).to_be_visible(timeout=20_000)
    expect(rep.get_by_text('Good discovery; ask about budget sooner.')).to_be_visible()
    expect(rep.get_by_label('Your score')).to_have_count(0)  # nobody scores their own call
    assert errors == [], f'JavaScript errors: {errors}'

    for screen, viewport in (('phone', PHONE), ('desk', DESKTOP)):
        for who, email, path, shown in (
            ('admin', 'ana@example.com', '/admin/users', 'Invite people'),
            ('manager', 'mia@example.com', '/teams', 'Sales East'),
            ('rep', 'rory@example.com', '/', 'My assignments'),
            ('rep', 'rory@example.com', call_url.removeprefix(url), "Manager's review"),
        ):
            page = new_page(browser, url, viewport, errors)
            page.goto('/login')
            page.get_by_label('Email').fill(email)
            page.get_by_label('Password').fill(PASSWORD)
            page.get_by_role('button', name='Log in').click()
            expect(page.get_by_text('Welcome')).to_be_visible()
            page.goto(path)
            expect(page.get_by_text(shown).first).to_be_visible(timeout=20_000)
            if who == 'manager':
                page.get_by_text('Sales East', exact=True).click()
                expect(page.get_by_text('Rory Rep').first).to_be_visible()
            page.wait_for_timeout(500)
            assert_nothing_runs_off_the_side(page)
            name = {'/admin/users': 'users', '/teams': 'team', '/': 'dashboard'}.get(path, 'report-review')
            keep_screenshot(page, f'14-{screen}-{who}-{name}')
            page.context.close()
    assert errors == [], f'JavaScript errors: {errors}'
