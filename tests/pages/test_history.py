"""The History page over 32 calls: 25 a page, newest first; sorted by score; filtered by prospect; a row opens its
report; delete asks first; and what it says when there is nothing to show."""

import uuid
from datetime import UTC, datetime, timedelta

from nicegui import ui
from nicegui.testing import User

from app.runtime import current_runtime
from services import calls
from services.call_status import CallStatus
from services.library.prospect import ProspectProfile
from services.library.snapshot import ProspectSnapshot
from services.models import CallSession
from services.users import create_user, get_user_by_email
from tests.factories import PASSWORD
from tests.support.pages import rep_with_calls, sign_up
from tests.support.seeds import Seed
from tests.support.waiting import until

START = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
PERSONAS = ['friendly_prospect', 'skeptical_buyer', 'busy_executive']
TITLES = {
    'friendly_prospect': 'Friendly prospect',
    'skeptical_buyer': 'Skeptical buyer',
    'busy_executive': 'Busy executive',
}


def thirty_two_calls() -> list[Seed]:
    """An hour apart, the prospects in turn, distinct scores; every eighth call (from the fourth) not analysed."""
    return [
        Seed(
            created_at=START + timedelta(hours=i),
            persona=PERSONAS[i % 3],
            score=(i * 37) % 101,
            status=CallStatus.COMPLETED if i % 8 == 3 else CallStatus.DONE,
        )
        for i in range(32)
    ]


def shown_ids(user: User) -> list[uuid.UUID]:
    return [uuid.UUID(row['id']) for row in the_table(user).rows]


def shown_scores(user: User) -> list[int | str]:
    return [row['score'] for row in the_table(user).rows]


def the_table(user: User) -> ui.table:
    tables = user.find(ui.table).elements
    assert len(tables) == 1
    return next(iter(tables))


def choose(user: User, marker: str, option: str) -> None:
    user.find(marker=marker).click()
    user.find(option).click()


async def test_history_shows_25_calls_a_page_newest_first(user: User) -> None:
    ids = await rep_with_calls(user, thirty_two_calls())
    newest_first = ids[::-1]

    await user.open('/history')
    await user.should_see('Showing 1–25 of 32 calls.')
    await user.should_see('Page 1 of 2')
    assert shown_ids(user) == newest_first[:25]
    assert the_table(user).rows[0]['date'] == '2025-05-02 16:00 UTC'  # no zone from this browser: UTC

    user.find('Next').click()
    await user.should_see('Showing 26–32 of 32 calls.')
    assert shown_ids(user) == newest_first[25:]

    user.find('Previous').click()
    await user.should_see('Showing 1–25 of 32 calls.')
    assert shown_ids(user) == newest_first[:25]


async def test_sorting_by_score_both_ways_puts_unscored_calls_last(user: User) -> None:
    seeds = thirty_two_calls()
    await rep_with_calls(user, seeds)
    scores = sorted(seed.score for seed in seeds if seed.status == CallStatus.DONE and seed.score is not None)
    await user.open('/history')

    choose(user, 'sort', 'Highest score first')
    await user.should_see('Highest score first')
    await until(lambda: shown_scores(user) == scores[::-1][:25])
    user.find('Next').click()
    await user.should_see('Showing 26–32 of 32 calls.')
    assert shown_scores(user) == [*scores[::-1][25:], '—', '—', '—', '—']

    choose(user, 'sort', 'Lowest score first')
    await user.should_see('Showing 1–25 of 32 calls.')  # a new order starts on page 1
    await until(lambda: shown_scores(user) == scores[:25])
    user.find('Next').click()
    await user.should_see('Showing 26–32 of 32 calls.')
    assert shown_scores(user) == [*scores[25:], '—', '—', '—', '—']


async def test_the_prospect_filter_shows_only_that_prospect(user: User) -> None:
    seeds = thirty_two_calls()
    ids = await rep_with_calls(user, seeds)
    await user.open('/history')

    choose(user, 'persona-filter', 'Morgan Reyes (skeptical buyer)')
    await user.should_see('Showing 11 calls.')
    await user.should_not_see('Page 1 of 2')
    skeptical = [call_id for call_id, seed in zip(ids, seeds, strict=True) if seed.persona == 'skeptical_buyer']
    assert shown_ids(user) == skeptical[::-1]
    assert {row['persona'] for row in the_table(user).rows} == {'Skeptical buyer'}

    choose(user, 'persona-filter', 'All prospects')
    await user.should_see('Showing 1–25 of 32 calls.')


async def test_the_view_is_kept_in_the_address(user: User) -> None:
    ids = await rep_with_calls(user, thirty_two_calls())
    await user.open('/history?sort=oldest&page=2')
    await user.should_see('Showing 26–32 of 32 calls.')
    assert shown_ids(user) == ids[25:]

    await user.open('/history?persona=busy_executive&page=9')  # past the end: the last page there is
    await user.should_see('Showing 10 calls.')
    await user.open(f'/history?sort=oldest&page={10**30}')  # far past any database's integers
    await user.should_see('Showing 26–32 of 32 calls.')

    await user.open('/history?sort=loudest&page=two&persona=aliens')  # nonsense: the default view
    await user.should_see('Showing 1–25 of 32 calls.')
    assert shown_ids(user) == ids[::-1][:25]


async def test_a_row_opens_the_calls_report(user: User) -> None:
    seeds = thirty_two_calls()
    ids = await rep_with_calls(user, seeds)
    await user.open('/history')
    await user.should_see('Showing 1–25 of 32 calls.')
    row = the_table(user).rows[1]  # 2025-05-02 15:00, the friendly prospect
    assert uuid.UUID(row['id']) == ids[30]

    user.find(ui.table).trigger('rowClick', [{}, row, 1])
    await user.should_see('Call with Jordan Lee')
    await user.should_see(marker='overall-score', content=str(seeds[30].score))


async def test_delete_asks_first_and_cancel_keeps_the_call(user: User) -> None:
    ids = await rep_with_calls(user, thirty_two_calls())
    await user.open('/history')
    await user.should_see('Showing 1–25 of 32 calls.')
    newest = ids[-1]  # 2025-05-02 16:00, the skeptical buyer, score (31 * 37) % 101 = 36

    user.find(ui.table).trigger('delete', str(newest))
    await user.should_see('Delete your call with Morgan Reyes (skeptical buyer) from 2025-05-02 16:00 UTC, score 36?')
    dialog = user.find(ui.dialog).elements.pop()
    assert dialog.value is True
    user.find('Cancel').click()
    await until(lambda: dialog.value is False)

    await user.should_see('Showing 1–25 of 32 calls.')
    assert shown_ids(user)[0] == newest
    assert await _stored(newest)


async def test_delete_confirmed_removes_the_call_from_the_table_and_the_database(user: User) -> None:
    ids = await rep_with_calls(user, thirty_two_calls())
    await user.open('/history')
    await user.should_see('Showing 1–25 of 32 calls.')
    newest = ids[-1]

    user.find(ui.table).trigger('delete', str(newest))
    await user.should_see('Delete your call with Morgan Reyes')
    user.find('Delete call').click()
    await user.should_see('Call deleted.')
    await user.should_see('Showing 1–25 of 31 calls.')
    assert newest not in shown_ids(user)
    assert shown_ids(user) == ids[::-1][1:26]
    assert not await _stored(newest)


async def test_another_reps_call_cannot_be_deleted_from_here(user: User) -> None:
    ids = await rep_with_calls(user, thirty_two_calls()[:2])
    async with current_runtime().database.session() as session:
        kim = await create_user(session, email='kim@example.com', password=PASSWORD, full_name='Kim Other')
        other = await calls.create_call(
            session, owner_id=kim.id, persona='busy_executive', scenario=None, engine='demo'
        )
    await user.open('/history')
    await user.should_see('Showing 2 calls.')

    user.find(ui.table).trigger('delete', str(other.id))  # a forged event with someone else's call
    await user.should_see('That call is gone already.')
    assert user.find(ui.dialog).elements.pop().value is False
    assert await _stored(other.id)
    assert shown_ids(user) == ids[::-1]


async def test_a_rep_without_calls_is_sent_to_practice(user: User) -> None:
    await sign_up(user)
    await user.open('/history')
    await user.should_see('No calls yet')
    await user.should_not_see('All prospects')  # no filter for nothing
    user.find('Go to Practice').click()
    await user.should_see('1. What will you practise?')


async def test_the_prospect_filter_offers_the_prospects_the_rep_has_calls_with(user: User) -> None:
    await rep_with_calls(user, [Seed(created_at=START, persona='busy_executive')])
    await user.open('/history?persona=friendly_prospect')  # no call with Jordan: the address falls back to all
    await user.should_see('Showing 1 call.')
    user.find(marker='persona-filter').click()
    await user.should_see('Alex Chen (busy executive)')
    await user.should_not_see('Jordan Lee')


async def test_a_teams_own_prospect_is_offered_by_the_name_its_call_kept(user: User) -> None:
    await rep_with_calls(user, [Seed(created_at=START, persona='busy_executive')])
    dana = ProspectProfile(name='Dana Whitfield', job_title='Plant manager')
    async with current_runtime().database.session() as session:
        sam = await get_user_by_email(session, 'sam@example.com')
        assert sam is not None
        snapshot = ProspectSnapshot(id='7f1e0c2a', builtin=False, profile=dana)  # deleted from the library since
        await calls.create_call(
            session, owner_id=sam.id, persona='7f1e0c2a', scenario=None, engine='demo', persona_snapshot=snapshot
        )
    await user.open('/history')
    choose(user, 'persona-filter', 'Dana Whitfield (plant manager)')
    await user.should_see('Showing 1 call.')


async def _stored(call_id: uuid.UUID) -> bool:
    async with current_runtime().database.session() as session:
        return await session.get(CallSession, call_id) is not None
