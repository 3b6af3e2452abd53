"""Times in the rep's own zone, as the browser tells it in a cookie: history, the dashboard, the report's heading
and its Markdown show the same converted time; a browser that says nothing, or nonsense, sees UTC."""

from datetime import UTC, datetime

import pytest
from nicegui import ui
from nicegui.testing import User

from components.browser_zone import COOKIE
from tests.support.pages import rep_with_calls
from tests.support.seeds import Seed

WINTER = datetime(2025, 11, 24, 9, 5, tzinfo=UTC)
SUMMER = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


def dates_in_the_table(user: User) -> list[str]:
    table = user.find(ui.table).elements.pop()
    assert isinstance(table, ui.table)
    return [row['date'] for row in table.rows]


def call_facts(user: User) -> str:
    facts = user.find(marker='call-facts').elements.pop()
    assert isinstance(facts, ui.label)
    return facts.text


async def test_every_page_shows_the_times_in_the_browsers_zone(user: User) -> None:
    winter_call, _ = await rep_with_calls(user, [Seed(created_at=WINTER), Seed(created_at=SUMMER)])
    user.http_client.cookies.set(COOKIE, 'Europe/Berlin')

    await user.open('/history')
    await user.should_see('Showing 2 calls.')
    assert dates_in_the_table(user) == ['2025-11-24 10:05 CET', '2025-07-01 14:00 CEST']
    user.find(ui.table).trigger('delete', str(winter_call))
    await user.should_see('Delete your call with Morgan Reyes (skeptical buyer) from 2025-11-24 10:05 CET, score 60?')

    await user.open('/')
    await user.should_see('Latest calls')
    assert dates_in_the_table(user) == ['2025-11-24 10:05 CET', '2025-07-01 14:00 CEST']

    await user.open(f'/calls/{winter_call}')
    assert call_facts(user).startswith('2025-11-24 10:05 CET · Morgan Reyes · CRM software')
    user.find('Download as Markdown').click()
    markdown = (await user.download.next()).text
    assert '- **Date:** 2025-11-24 10:05 CET\n' in markdown  # the same time as the page, in the same zone
    written = user.find(marker='report-written').elements.pop()
    assert isinstance(written, ui.label) and written.text.startswith('Report written ')
    assert written.text.endswith(('CET', 'CEST'))
    assert f'- **Report written:** {written.text.removeprefix("Report written ")}\n' in markdown


@pytest.mark.parametrize('sent', [None, 'Nowhere/Special', '../../etc/passwd', 'localtime'])
async def test_a_browser_that_names_no_zone_sees_utc(user: User, sent: str | None) -> None:
    winter_call, _ = await rep_with_calls(user, [Seed(created_at=WINTER), Seed(created_at=SUMMER)])
    if sent is not None:
        user.http_client.cookies.set(COOKIE, sent)

    await user.open('/history')
    await user.should_see('Showing 2 calls.')
    assert dates_in_the_table(user) == ['2025-11-24 09:05 UTC', '2025-07-01 12:00 UTC']
    await user.open(f'/calls/{winter_call}')
    assert call_facts(user).startswith('2025-11-24 09:05 UTC · ')


async def test_every_page_asks_the_browser_for_its_zone(user: User) -> None:
    for path in ('/login', '/signup'):  # the first pages a rep sees, before any page with a time
        html = (await user.http_client.get(path)).text
        assert f'document.cookie = "{COOKIE}=" + (Intl.DateTimeFormat().resolvedOptions().timeZone' in html
        assert html.count(f'"{COOKIE}="') == 1  # once, however often the app was built
