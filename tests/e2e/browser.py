"""Debian's Chromium driven by Playwright (never a downloaded browser)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path('/usr/bin/chromium')
ARTIFACTS = Path(__file__).resolve().parents[2] / 'test-artifacts'
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


FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures'  # copies of ../shared/fixtures: the repo stands alone
FAKE_MIC = (
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    f'--use-file-for-fake-audio-capture={FIXTURES / "rep_opening_48k.wav"}',
    '--autoplay-policy=no-user-gesture-required',
)


@contextmanager
def call_page(url: str) -> Iterator[Page]:
    """A page whose microphone plays a recorded rep; fails the test on any JavaScript error."""
    with chromium(FAKE_MIC) as browser:
        context = browser.new_context(base_url=url, viewport={'width': 1280, 'height': 900})
        context.grant_permissions(['microphone'], origin=url)
        page = context.new_page()
        errors: list[str] = []
        page.on('pageerror', lambda error: errors.append(str(error)))
        yield page
        assert errors == [], f'JavaScript errors: {errors}'
