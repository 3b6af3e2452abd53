"""/docs in a real Chromium that can reach nothing but the app: Swagger UI still shows the API."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.browser import chromium, screenshot_path
from tests.e2e.server import running

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    with running(tmp_path / 'data') as address:
        yield address


@pytest.fixture
def offline(url: str) -> Iterator[tuple[Page, list[str]]]:
    """A page whose every request to another host is aborted (and noted), as on a machine without internet."""
    app_host = urlsplit(url).netloc
    blocked: list[str] = []

    def only_the_app(route: Route) -> None:
        if urlsplit(route.request.url).netloc == app_host:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with chromium() as browser:
        context = browser.new_context(base_url=url, viewport={'width': 1280, 'height': 900})
        context.route('**/*', only_the_app)
        page = context.new_page()
        errors: list[str] = []
        page.on('pageerror', lambda error: errors.append(str(error)))
        page.on('console', lambda message: errors.append(message.text) if message.type == 'error' else None)
        yield page, blocked
        assert errors == [], f'errors in the browser: {errors}'


def test_swagger_ui_lists_the_operations_offline(offline: tuple[Page, list[str]]) -> None:
    page, blocked = offline
    page.goto('/docs')
    expect(page.locator('.swagger-ui .info .title')).to_contain_text('Sales Coach')
    operation = page.locator('.opblock-post', has_text='/api/v1/calls/').first
    expect(operation).to_be_visible()
    expect(page.locator('.opblock')).not_to_have_count(0)
    page.screenshot(path=screenshot_path('11-docs'))

    operation.locator('.opblock-summary').first.click()  # an operation opens: the whole UI works, not only its list
    expect(page.get_by_role('button', name='Try it out')).to_be_visible()
    assert blocked == [], f'the page asked for outside addresses: {blocked}'
