"""The dashboard over 32 calls: calls this week and in all, the recent average and its trend, the charts with
their ideal bands, the skills radar and the latest calls."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from nicegui import ui
from nicegui.testing import User

from services.call_status import CallStatus
from services.speech_metrics import FILLERS_PER_MINUTE_MAX, TALK_RATIO_BAND, WPM_BAND
from tests.support.pages import rep_with_calls, sign_up
from tests.support.seeds import Seed, skills

# Newest first: (score, words per minute, fillers per minute, talk ratio, skill scores); None for a call not
# analysed yet. The calls are 12 hours apart, the newest an hour ago: the first 14 are within the last 7 days.
NEWEST_FIRST: list[tuple[int, float | None, float | None, float, dict[str, int] | None] | None] = [
    None,
    (80, 150.0, 1.5, 0.45, skills(4, 4, 3, 4, 5)),
    (84, 162.5, None, 0.52, skills(4, 5, 3, 4, 4)),
    (90, None, 0.5, 0.48, skills(5, 4, 4, 4, 4)),
    (76, 171.0, 2.25, 0.61, skills(3, 4, 2, 3, 4)),
    (70, 128.0, 3.0, 0.66, skills(4, 3, 3, 5, 3)),
    (70, 140.0, 2.0, 0.7, skills(1, 1, 1, 1, 1)),  # a sixth call with skills: not in the average
    (72, 139.0, 2.5, 0.55, None),
    (75, 133.0, 1.0, 0.5, None),
    (78, 120.0, 4.0, 0.72, None),
    (65, 118.0, 5.5, 0.75, None),
    *[(40 + i, 110.0 + i, 6.0, 0.8, None) for i in range(21)],
]
LATEST_FIRST_PERSONAS = ['busy_executive', 'skeptical_buyer', 'friendly_prospect']


def thirty_two_calls(now: datetime) -> list[Seed]:
    seeds = []
    for i, call in enumerate(NEWEST_FIRST):
        created_at = now - timedelta(hours=1 + 12 * i)
        persona = LATEST_FIRST_PERSONAS[i % 3]
        if call is None:
            seeds.append(Seed(created_at=created_at, persona=persona, status=CallStatus.COMPLETED))
            continue
        score, wpm, fillers, talk_ratio, skill_scores = call
        seeds.append(
            Seed(
                created_at=created_at,
                persona=persona,
                score=score,
                wpm=wpm,
                fillers=fillers,
                talk_ratio=talk_ratio,
                skills=skill_scores,
            )
        )
    return seeds[::-1]  # stored oldest first, as a rep would make them


def chart(user: User, marker: str) -> dict[str, Any]:
    charts = user.find(marker=marker).elements
    assert len(charts) == 1
    element = next(iter(charts))
    assert isinstance(element, ui.echart)
    return element.options


def stat(user: User, marker: str) -> list[str]:
    """The texts of a stat card: its value, its label and (for the average) the trend."""
    card = next(iter(user.find(marker=marker).elements))
    return [label.text for label in card.descendants() if isinstance(label, ui.label)]


async def test_the_numbers_this_week_in_all_and_the_trend(user: User) -> None:
    await rep_with_calls(user, thirty_two_calls(datetime.now(UTC)))
    await user.open('/')
    await user.should_see('Welcome, Sam!')
    assert stat(user, 'calls-week') == ['14', 'Calls in the last 7 days']
    assert stat(user, 'calls-total') == ['32', 'Calls in all']
    # 80, 84, 90, 76, 70 against 70, 72, 75, 78, 65: 80 against 72.
    assert stat(user, 'average-score') == ['80', 'Average score, last 5 analysed', '▲ +8 vs the 5 before']
    trend = next(iter(user.find(marker='trend').elements))
    assert 'text-green-600' in trend.classes


async def test_a_falling_score_is_red_and_without_ten_analysed_calls_there_is_no_trend(user: User) -> None:
    now = datetime.now(UTC)
    falling = [Seed(created_at=now - timedelta(days=i), score=50 + i) for i in range(10)]  # 50..54 vs 55..59
    await rep_with_calls(user, falling)
    await user.open('/')
    assert stat(user, 'average-score') == ['52', 'Average score, last 5 analysed', '▼ −5 vs the 5 before']
    assert 'text-red-600' in next(iter(user.find(marker='trend').elements)).classes


async def test_a_steady_score_is_grey(user: User) -> None:
    now = datetime.now(UTC)
    await rep_with_calls(user, [Seed(created_at=now - timedelta(days=i), score=70 + i % 2) for i in range(10)])
    await user.open('/')  # 70, 71, 70, 71, 70 against 71, 70, 71, 70, 71: -0.2 is no change in whole points
    assert stat(user, 'average-score') == ['70', 'Average score, last 5 analysed', '= same as the 5 before']
    assert 'text-gray-500' in next(iter(user.find(marker='trend').elements)).classes


async def test_with_few_calls_the_average_covers_what_there_is(user: User) -> None:
    now = datetime.now(UTC)
    await rep_with_calls(user, [Seed(created_at=now - timedelta(days=d), score=s) for d, s in ((1, 60), (2, 69))])
    await user.open('/')
    assert stat(user, 'average-score') == ['65', 'Average score, last 2 analysed']  # 64.5, rounded half up
    await user.should_not_see(marker='trend')
    await user.should_see('No skill scores yet.')
    await user.should_not_see(marker='skills-radar')


async def test_the_charts_follow_the_calls_oldest_first_and_skip_missing_values(user: User) -> None:
    seeds = thirty_two_calls(datetime.now(UTC))
    await rep_with_calls(user, seeds)
    await user.open('/')
    analysed = [seed for seed in seeds if seed.status == CallStatus.DONE]
    assert len(analysed) == 31

    score = chart(user, 'score-chart')
    assert score['series'][0]['data'] == [[seed.created_at.isoformat(), seed.score] for seed in analysed]

    wpm = chart(user, 'wpm-chart')['series'][0]
    assert [value for _, value in wpm['data']] == [seed.wpm for seed in analysed if seed.wpm is not None]
    assert len(wpm['data']) == 30  # the call without a words-per-minute figure is left off, not drawn at 0
    assert _band(wpm) == WPM_BAND

    fillers = chart(user, 'fillers-chart')['series'][0]
    assert [value for _, value in fillers['data']] == [s.fillers for s in analysed if s.fillers is not None]
    assert len(fillers['data']) == 30
    assert _band(fillers) == (0, FILLERS_PER_MINUTE_MAX)

    talk = chart(user, 'talk-ratio-chart')['series'][0]
    assert len(talk['data']) == 31
    assert [value for _, value in talk['data']][-5:] == [66.0, 61.0, 48.0, 52.0, 45.0]  # in per cent
    assert _band(talk) == (TALK_RATIO_BAND[0] * 100, TALK_RATIO_BAND[1] * 100)


async def test_the_radar_averages_the_last_five_calls_with_skill_scores(user: User) -> None:
    await rep_with_calls(user, thirty_two_calls(datetime.now(UTC)))
    await user.open('/')
    radar = chart(user, 'skills-radar')
    assert [axis['name'] for axis in radar['radar']['indicator']] == [
        'Opening\n4',
        'Discovery\n4',
        'Objections\n3',
        'Next step\n4',
        'Delivery\n4',
    ]
    data = radar['series'][0]['data'][0]
    assert data['value'] == [4.0, 4.0, 3.0, 4.0, 4.0]
    assert data['name'] == 'Average of the last 5 calls with skill scores'
    await user.should_not_see('No skill scores yet')


async def test_the_last_five_calls_are_listed_newest_first(user: User) -> None:
    seeds = thirty_two_calls(datetime.now(UTC))
    ids = await rep_with_calls(user, seeds)
    await user.open('/')
    await user.should_see('Latest calls')
    table = next(iter(user.find(ui.table).elements))
    assert [uuid.UUID(row['id']) for row in table.rows] == ids[::-1][:5]
    assert [row['score'] for row in table.rows] == ['—', 80, 84, 90, 76]
    assert [row['status'] for row in table.rows] == ['Completed', 'Analysed', 'Analysed', 'Analysed', 'Analysed']
    user.find('All calls').click()
    await user.should_see('Showing 1–25 of 32 calls.')


async def test_calls_not_analysed_yet_are_counted_but_not_charted(user: User) -> None:
    now = datetime.now(UTC)
    await rep_with_calls(user, [Seed(created_at=now - timedelta(days=9), status=CallStatus.COMPLETED)])
    await user.open('/')
    assert stat(user, 'calls-week') == ['0', 'Calls in the last 7 days']
    assert stat(user, 'calls-total') == ['1', 'Calls in all']
    assert stat(user, 'average-score') == ['—', 'Average score']
    await user.should_see('Your charts appear here once a call has been analysed.')
    await user.should_not_see(marker='score-chart')


async def test_a_rep_without_calls_is_sent_to_practice(user: User) -> None:
    await sign_up(user)
    await user.should_see('No calls yet')
    await user.should_not_see(marker='calls-total')
    await user.should_not_see(marker='score-chart')
    user.find('Go to Practice').click()
    await user.should_see('1. What will you practise?')


def _band(series: dict[str, Any]) -> tuple[float, float]:
    low, high = series['markArea']['data'][0]
    return low['yAxis'], high['yAxis']
