"""The signed-in pages: dashboard, practice and history show what exists, and only the rep's own calls."""

from nicegui import ui
from nicegui.testing import User

from tests.support.pages import add_analysed_call, log_out, sign_up


async def test_practice_shows_the_personas_the_scenarios_and_the_engine(user: User) -> None:
    await sign_up(user)
    await user.open('/practice')
    for text in (
        'Friendly prospect',
        'Skeptical buyer',
        'Busy executive',
        'Easy',
        'Medium',
        'Hard',
        'CRM software to a mid-size company',
        'Demo: no voice provider is configured.',
    ):
        await user.should_see(text)


async def test_dashboard_and_history_show_the_reps_calls(user: User) -> None:
    await sign_up(user)
    score = await add_analysed_call('sam@example.com')
    await user.open('/')
    await user.should_see('Latest calls')
    table = user.find(ui.table).elements.pop()
    assert table.rows[0]['persona'] == 'Busy executive'
    assert table.rows[0]['score'] == score
    assert table.rows[0]['status'] == 'Analysed'
    assert table.rows[0]['duration'] == '1:02'

    await user.open('/history')
    await user.should_see('Showing 1 call.')
    assert user.find(ui.table).elements.pop().rows[0]['persona'] == 'Busy executive'


async def test_history_never_shows_another_reps_calls(user: User) -> None:
    await sign_up(user, email='other@example.com', name='Sam Other')
    await add_analysed_call('other@example.com')
    await log_out(user)
    await sign_up(user, email='sam@example.com')
    await user.open('/history')
    await user.should_see('No calls yet')
    await user.should_not_see('Busy executive')


async def test_dark_mode_is_remembered(user: User) -> None:
    await sign_up(user)
    # Signing in renews the session through two redirects; the simulated browser keeps the request it had before
    # them for the page's events, so the dashboard is opened afresh, as a browser's next page load would.
    await user.open('/')
    user.find('Dark mode').click()
    await user.open('/history')
    assert user.find(ui.dark_mode).elements.pop().value is True


async def test_navigation_links_reach_every_page(user: User) -> None:
    await sign_up(user)
    user.find('Practice').click()
    await user.should_see('1. What will you practise?')
    user.find('History').click()
    await user.should_see('Your practice calls will be listed here')
    user.find('Dashboard').click()
    await user.should_see('Welcome, Sam!')
    user.find('Go to Practice').click()
    await user.should_see('What are you selling, and to whom?')
    user.find('Prospects').click()
    await user.should_see('The buyers you practise with')
    user.find('Scenarios').click()
    await user.should_see('What you practise: what you sell and to whom')
