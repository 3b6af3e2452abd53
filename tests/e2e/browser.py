"""Debian's Chromium driven by Playwright (never a downloaded browser)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

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
