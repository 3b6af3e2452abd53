"""Debian's Chromium driven by Playwright (never a downloaded browser), and a rep's steps in it."""

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from services.coaching.too_short import MIN_SCORED_SECONDS

PASSWORD = 'a long enough password'
CHROMIUM = Path('/usr/bin/chromium')
ARTIFACTS = Path(__file__).resolve().parents[2] / 'test-artifacts'
SCREENSHOTS = ARTIFACTS.parent / 'screenshots'
# A page answers within a second here; the CI machine is shared and can be slow for a while, so each check waits up
# to 10 s (Playwright's default is 5) before it fails.
expect.set_options(timeout=10_000)
FLAGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
]


@contextmanager
def chromium(extra_flags: tuple[str, ...] = ()) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        raise AssertionError('Debian chromium is missing: scripts/test installs it (apt-get install chromium)')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[*FLAGS, *extra_flags])
        try:
            yield browser
        finally:
            browser.close()


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f'{name}.png'


def keep_screenshot(shown: Page | Locator, name: str) -> None:
    """The whole page (or one element), among the test artifacts and in screenshots/ (gitignored), for a person
    to look at."""
    path = screenshot_path(name)
    if isinstance(shown, Page):
        shown.screenshot(path=path, full_page=True)
    else:
        shown.screenshot(path=path)
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copyfile(path, SCREENSHOTS / path.name)


FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures'  # copies of ../shared/fixtures: the repo stands alone
FAKE_MIC = (
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    f'--use-file-for-fake-audio-capture={FIXTURES / "rep_opening_48k.wav"}',
    '--autoplay-policy=no-user-gesture-required',
)


DESKTOP = {'width': 1280, 'height': 900}
PHONE = {'width': 390, 'height': 844}


def new_page(browser: Browser, url: str, viewport: dict[str, int], errors: list[str]) -> Page:
    """A page of its own (a person of their own: own cookies) that may use the microphone; its JavaScript errors
    go into `errors`."""
    context = browser.new_context(base_url=url, viewport=viewport, has_touch=viewport == PHONE)
    context.grant_permissions(['microphone'], origin=url)
    page = context.new_page()
    page.on('pageerror', lambda error: errors.append(str(error)))
    return page


@contextmanager
def call_page(url: str, *, viewport: dict[str, int] | None = None) -> Iterator[Page]:
    """A page whose microphone plays a recorded rep; fails the test on any JavaScript error."""
    with chromium(FAKE_MIC) as browser:
        errors: list[str] = []
        page = new_page(browser, url, viewport or DESKTOP, errors)
        yield page
        assert errors == [], f'JavaScript errors: {errors}'


def stay_on_the_call(page: Page, started: float) -> None:
    """Waits until the call started at `started` (time.monotonic() at Start call) is long enough to be scored."""
    page.wait_for_timeout(max(0.0, MIN_SCORED_SECONDS + 2 - (time.monotonic() - started)) * 1000)


def sign_up(page: Page, full_name: str, email: str) -> None:
    page.goto('/signup')
    fill_in_sign_up(page, full_name, email)


def fill_in_sign_up(page: Page, full_name: str, email: str) -> None:
    """Creates the account on the sign-up form shown, and waits for the dashboard's welcome."""
    page.get_by_label('Full name').fill(full_name)
    page.get_by_label('Email').fill(email)
    page.get_by_label('Password', exact=True).fill(PASSWORD)
    page.get_by_label('Confirm password').fill(PASSWORD)
    page.get_by_role('button', name='Create account').click()
    expect(page.get_by_text(f'Welcome, {full_name.split()[0]}!')).to_be_visible()


def wait_for_score(http: httpx.Client, call_id: str, headers: dict[str, str]) -> int:
    for _ in range(100):
        response = http.get(f'/api/v1/calls/{call_id}/report', headers=headers)
        if response.status_code == 200:
            return int(response.json()['overall_score'])
        time.sleep(0.1)
    raise AssertionError('no report')


def box(element: Locator) -> dict[str, float]:
    found = element.evaluate(
        'e => { const b = e.getBoundingClientRect(); '
        'return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width}; }'
    )
    return {key: float(value) for key, value in found.items()}


def assert_nothing_runs_off_the_side(page: Page) -> None:
    widths = page.evaluate('() => [document.documentElement.scrollWidth, window.innerWidth]')
    assert widths[0] <= widths[1], f'the page is {widths[0]} px wide on a {widths[1]} px screen'
