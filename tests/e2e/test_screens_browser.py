"""A rep with three analysed calls looks at every page on a phone (390x844) and at a desk (1280 wide), in light and
dark mode: nothing runs off the side, the menu keeps out of the way on the phone, the live call's transcript has
the width, gauges and charts wrap, history keeps date, prospect and score, text reads on dark, and the skill
radar's names are whole. Screenshots of each page at both sizes go to test-artifacts/ and screenshots/."""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.browser import (
    DESKTOP,
    FAKE_MIC,
    PASSWORD,
    PHONE,
    assert_nothing_runs_off_the_side,
    box,
    chromium,
    keep_screenshot,
    wait_for_score,
)
from tests.e2e.server import free_port, start, stop
from tests.factories import message, sample_call_body

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SCREENS = {'phone': PHONE, 'desk': DESKTOP}
EMAIL = 'pat@example.com'
TREND_CHARTS = ('Words per minute', 'Fillers per minute', 'You talked (share of words)')
GAUGES = ('Words per minute', 'Fillers per minute', 'You talked (%)', 'Questions')
WCAG_AA = 4.5  # the least contrast for body text
SHOWING = re.compile(r'^Showing \d+ calls\.$')  # the calls of the live call tests join the three


RGB = tuple[int, int, int]


@dataclass(frozen=True, kw_only=True, slots=True)
class Seeded:
    url: str
    report: str  # the address of the newest call's report


@pytest.fixture(scope='module')
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """One server for the module, with a rep who has three analysed calls: two alike and one pushy pitch, so the
    dashboard's skill averages have decimals ('Discovery 2.3'), the longest names the radar must fit."""
    port = free_port()
    process = start(tmp_path_factory.mktemp('screens') / 'data', port)
    url = f'http://127.0.0.1:{port}'
    try:
        with httpx.Client(base_url=url, timeout=10) as http:
            http.post('/api/v1/users/signup', json={'email': EMAIL, 'password': PASSWORD, 'full_name': 'Pat Phone'})
            token = http.post('/api/v1/login/access-token', data={'username': EMAIL, 'password': PASSWORD})
            headers = {'Authorization': f'Bearer {token.json()["access_token"]}'}
            call_id = ''
            for persona, body in (
                ('friendly_prospect', sample_call_body()),
                ('skeptical_buyer', pushy_pitch_body()),
                ('busy_executive', sample_call_body()),
            ):
                call = http.post(
                    '/api/v1/calls/', json={'persona': persona, 'scenario': 'CRM software'}, headers=headers
                )
                call_id = call.json()['id']
                http.post(f'/api/v1/calls/{call_id}/complete', json=body, headers=headers)
                http.post(f'/api/v1/calls/{call_id}/analyze', headers=headers)
                wait_for_score(http, call_id, headers)
        yield Seeded(url=url, report=f'/calls/{call_id}')
    finally:
        stop(process)


def pushy_pitch_body() -> dict[str, Any]:
    """A pitch without a question, a discount and a contract the prospect never asked for."""
    body = sample_call_body()
    body['transcript']['messages'] = [
        message('user', 'Hi, Sam from PipelinePro. Our CRM is the best on the market and fifty percent off.', 0, 6),
        message('assistant', "I'm not sure this is a fit for us.", 6.5, 8.0),
        message('user', 'It tracks every deal for you and works with every tool you already use.', 8.5, 13.0),
        message('assistant', 'We are happy with what we have.', 13.5, 15.0),
        message('user', 'I will send you the contract this afternoon then.', 15.5, 18.0),
        message('assistant', 'No, thank you.', 18.5, 19.5),
    ]
    return body


@pytest.fixture(scope='module')
def browser() -> Iterator[Browser]:
    with chromium(FAKE_MIC) as browser:  # the live call asks for a microphone: a recorded one answers
        yield browser


@pytest.fixture(scope='module')
def screens(browser: Browser, seeded: Seeded) -> Iterator[dict[str, Page]]:
    """The rep, logged in once on a phone and once at a desk; any JavaScript error fails the module."""
    errors: list[str] = []
    pages = {}
    for name, viewport in SCREENS.items():
        context = browser.new_context(base_url=seeded.url, viewport=viewport, has_touch=name == 'phone')
        context.grant_permissions(['microphone'], origin=seeded.url)
        page = context.new_page()
        page.on('pageerror', lambda error: errors.append(str(error)))
        page.goto('/login')
        page.get_by_label('Email').fill(EMAIL)
        page.get_by_label('Password').fill(PASSWORD)
        page.get_by_role('button', name='Log in').click()
        expect(page.get_by_text('Welcome, Pat!')).to_be_visible()
        pages[name] = page
    yield pages
    assert errors == [], f'JavaScript errors: {errors}'


@pytest.mark.parametrize('screen', SCREENS)
def test_the_menu_starts_closed_on_a_phone_and_open_beside_the_page_at_a_desk(
    screens: dict[str, Page], screen: str
) -> None:
    page = screens[screen]
    page.goto('/history')
    expect(page.get_by_text(SHOWING)).to_be_visible()
    drawer = page.locator('.q-drawer')
    if screen == 'phone':
        page.wait_for_timeout(400)  # a drawer that opened on load would be sliding in by now
        assert box(drawer)['right'] <= 0  # closed: the page is the rep's
        keep_screenshot(page, '11-phone-menu-closed')
        page.get_by_role('button', name='Menu').click()
        expect(drawer.get_by_role('link', name='Dashboard')).to_be_in_viewport()  # the menu button still opens it
        keep_screenshot(page, '11-phone-menu-opened')
        drawer.get_by_role('link', name='Dashboard').click()
        expect(page.get_by_text('Welcome, Pat!')).to_be_visible()
        page.wait_for_timeout(400)
        assert box(drawer)['right'] <= 0  # and the next page starts closed again
    else:
        expect(drawer.get_by_role('link', name='Dashboard')).to_be_in_viewport()
        assert box(drawer)['left'] == 0
        assert box(page.get_by_text(SHOWING))['left'] > box(drawer)['right']  # beside, not over
        keep_screenshot(page, '11-desk-menu-open')
    assert_nothing_runs_off_the_side(page)


@pytest.mark.parametrize('screen', SCREENS)
def test_the_live_call_gives_the_transcript_the_width_and_puts_the_tone_card_under_it_on_a_phone(
    screens: dict[str, Page], screen: str
) -> None:
    page = screens[screen]
    page.goto('/practice')
    page.get_by_text('Friendly prospect', exact=True).click()
    assert_nothing_runs_off_the_side(page)
    keep_screenshot(page, f'11-{screen}-practice-setup')
    page.get_by_role('button', name='Start call').click()
    expect(page.get_by_role('status').get_by_text('Live')).to_be_visible(timeout=15_000)
    turn = page.get_by_placeholder('Type a turn instead of speaking')
    turn.fill('What are your priorities this year?')
    turn.press('Enter')
    expect(page.get_by_text('What are your priorities this year?')).to_be_visible(timeout=15_000)

    transcript = box(card_titled(page, 'Transcript'))
    tone = box(card_titled(page, 'How you sound'))
    if screen == 'phone':
        row = box(card_titled(page, 'Transcript').locator('xpath=..'))  # the content's width
        assert row['width'] >= page.viewport_size['width'] - 2 * 40  # at most 40 px of padding a side
        assert transcript['width'] >= 0.9 * row['width'], (transcript, row)
        assert tone['top'] >= transcript['bottom']  # under the transcript, not beside it
    else:
        assert tone['top'] == transcript['top'] and tone['left'] > transcript['right']  # beside it, as before
        assert transcript['width'] > 2 * tone['width']
    assert_nothing_runs_off_the_side(page)
    keep_screenshot(page, f'11-{screen}-live-call')
    page.get_by_role('button', name='End call').click()
    expect(page).to_have_url(re.compile(r'/calls/[0-9a-f-]{36}$'))


@pytest.mark.parametrize('screen', SCREENS)
def test_the_report_fits_the_screen_and_its_gauges_wrap_two_by_two_on_a_phone(
    screens: dict[str, Page], seeded: Seeded, screen: str
) -> None:
    page = screens[screen]
    open_report(page, seeded)
    gauges = [box(card_titled(page, title)) for title in GAUGES]
    rows = sorted({round(gauge['top']) for gauge in gauges})
    assert len(rows) == (2 if screen == 'phone' else 1), gauges  # two by two on a phone, one row at a desk
    for gauge in gauges:
        assert gauge['left'] >= 0 and gauge['right'] <= page.viewport_size['width']
    for first, second in itertools.pairwise(gauges):
        if round(first['top']) == round(second['top']):
            assert first['right'] <= second['left']  # side by side, never on top of each other
    assert_nothing_runs_off_the_side(page)
    keep_screenshot(page, f'11-{screen}-report')


@pytest.mark.parametrize('screen', SCREENS)
def test_history_keeps_date_prospect_and_score_on_the_screen(screens: dict[str, Page], screen: str) -> None:
    page = screens[screen]
    errors: list[str] = []
    listen = lambda message: errors.append(message.text) if message.type == 'error' else None  # noqa: E731
    page.on('console', listen)
    page.goto('/history')
    expect(page.get_by_text(SHOWING)).to_be_visible()
    page.remove_listener('console', listen)
    assert errors == []  # a bound prop with Quasar's $q logged "ReferenceError: $q is not defined" once a row
    width = page.viewport_size['width']
    for header in ('Date', 'Prospect', 'Score'):
        cell = page.get_by_role('columnheader', name=header, exact=True)
        expect(cell).to_be_visible()
        assert box(cell)['right'] <= width
    first = page.locator('tbody tr', has=page.locator('.q-badge', has_text=re.compile(r'^\d+$'))).first  # scored
    score = first.locator('.q-badge').first
    expect(score).to_have_text(re.compile(r'^\d+$'))
    assert box(score)['right'] <= width
    delete = first.get_by_role('button', name=re.compile('^Delete the call'))
    assert box(delete)['right'] <= width  # a call can still be deleted on a phone
    for header in ('Scenario', 'Duration', 'Status'):
        cell = page.get_by_role('columnheader', name=header, exact=True)
        if screen == 'phone':
            expect(cell).to_be_hidden()  # less important than the three above: left to the report
        else:
            expect(cell).to_be_visible()
    assert_nothing_runs_off_the_side(page)
    keep_screenshot(page, f'11-{screen}-history')


@pytest.mark.parametrize('screen', SCREENS)
def test_the_dashboard_stacks_its_trend_charts_on_a_phone_and_keeps_them_side_by_side_at_a_desk(
    screens: dict[str, Page], screen: str
) -> None:
    page = screens[screen]
    page.goto('/')
    expect(page.get_by_text('Latest calls')).to_be_visible()
    charts = [box(card_titled(page, title)) for title in TREND_CHARTS]
    score = box(card_titled(page, 'Score over time'))
    if screen == 'phone':
        assert len({round(chart['left']) for chart in charts}) == 1  # one column
        assert charts[0]['bottom'] <= charts[1]['top'] and charts[1]['bottom'] <= charts[2]['top']
        for chart in charts:
            assert chart['width'] >= 0.9 * score['width']  # each as wide as the score's chart, the full width
    else:
        assert len({round(chart['top']) for chart in charts}) == 1  # one row, as before
        assert charts[0]['right'] < charts[1]['left'] and charts[1]['right'] < charts[2]['left']
    assert_nothing_runs_off_the_side(page)
    page.wait_for_timeout(800)  # the charts' entry animation, for the screenshot
    keep_screenshot(page, f'11-{screen}-dashboard')


@pytest.mark.parametrize('screen', SCREENS)
def test_in_dark_mode_gauge_values_and_secondary_figures_read_against_their_background(
    screens: dict[str, Page], seeded: Seeded, screen: str
) -> None:
    page = screens[screen]
    open_report(page, seeded)
    gauge = card_titled(page, 'Words per minute').locator('svg text')
    texts = {
        'secondary figure': page.get_by_text(re.compile(r'^(Pause before answering|Questions: \d+ open)')).first,
        'gauge band': page.get_by_text(re.compile(r'^ideal ')).first,
        'call facts': page.get_by_text(re.compile(r' · demo engine$')),
        'gauge value': gauge.last,  # ECharts draws a gauge's figure after its scale
        'gauge scale': gauge.filter(has_text=re.compile(r'^0$')),
        'radar name': page.locator('svg text', has_text=re.compile(r'^Discovery$')).first,
    }
    expect(texts['gauge value']).to_have_text(re.compile(r'^\d+(\.\d)?$'))
    page.get_by_role('button', name='Dark mode').click()
    try:
        expect(page.locator('body.body--dark')).to_have_count(1)
        for what, text in texts.items():
            ratio = contrast(*colours(text))
            assert ratio >= WCAG_AA, f'{what} in dark mode: {colours(text)} is {ratio:.2f}:1'
        keep_screenshot(page, f'11-{screen}-report-dark')
    finally:
        page.get_by_role('button', name='Dark mode').click()
        expect(page.locator('body.body--dark')).to_have_count(0)
    for what, text in texts.items():  # and in light mode as well
        ratio = contrast(*colours(text))
        assert ratio >= WCAG_AA, f'{what} in light mode: {colours(text)} is {ratio:.2f}:1'


@pytest.mark.parametrize('screen', SCREENS)
def test_the_skill_radars_names_are_whole(screens: dict[str, Page], seeded: Seeded, screen: str) -> None:
    page = screens[screen]
    page.goto('/')
    expect(page.get_by_text('Latest calls')).to_be_visible()
    dashboard = card_titled(page, 'Skills').locator('.nicegui-echart')
    assert_names_inside(dashboard)
    keep_screenshot(dashboard, f'11-{screen}-radar-dashboard')
    open_report(page, seeded)
    report = page.locator('.nicegui-echart', has=page.locator('svg text', has_text=re.compile('^Opening$')))
    assert_names_inside(report)
    keep_screenshot(report, f'11-{screen}-radar-report')


def assert_names_inside(chart: Locator) -> None:
    """Every name and value of the radar lies inside its chart: a name that crosses the edge is cut off."""
    expect(chart.locator('svg text', has_text=re.compile('^Discovery$'))).to_be_attached()
    outer = box(chart)
    names = chart.locator('svg text')
    shown = []
    for index in range(names.count()):
        name = box(names.nth(index))
        shown.append(names.nth(index).text_content())
        assert outer['left'] <= name['left'] and name['right'] <= outer['right'], (shown[-1], name, outer)
        assert outer['top'] <= name['top'] and name['bottom'] <= outer['bottom'], (shown[-1], name, outer)
    assert {'Opening', 'Discovery', 'Objections', 'Next step', 'Delivery'} <= set(shown)


def open_report(page: Page, seeded: Seeded) -> None:
    page.goto(seeded.report)
    expect(page.get_by_text('overall score')).to_be_visible()
    page.wait_for_timeout(800)  # the gauges' needles settle


def card_titled(page: Page, title: str) -> Locator:
    """The innermost card whose own title is `title`."""
    return page.locator('.q-card', has=page.get_by_text(title, exact=True)).last


def colours(text: Locator) -> tuple[RGB, RGB]:
    """The text's colour (an SVG text's fill) and the first opaque background behind it, as the browser paints
    them (Tailwind's colours are oklch(), a canvas turns them into red, green and blue)."""
    found = text.evaluate(
        """e => {
          const paint = colour => {
            const pen = document.createElement('canvas').getContext('2d');
            pen.fillStyle = colour;
            pen.fillRect(0, 0, 1, 1);
            return [...pen.getImageData(0, 0, 1, 1).data];
          };
          const fg = paint(getComputedStyle(e)[e instanceof SVGElement ? 'fill' : 'color']);
          for (let node = e; node; node = node.parentElement) {
            const bg = paint(getComputedStyle(node).backgroundColor);
            if (bg[3] === 255) return [fg, bg];
          }
          return [fg, [255, 255, 255, 255]];
        }"""
    )
    foreground, background = ((int(r), int(g), int(b)) for r, g, b, _ in found)
    return foreground, background


def contrast(foreground: RGB, background: RGB) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: RGB) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = colour
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
