"""The browser's playback queue as the engine keeps it: which line a barge-in cuts, and where."""

import pytest

from services.voice.engines.playback import Cut, PlaybackQueue, words_heard

REPLY = 'Interesting. Tell me more about how that would work for us.'


def queued(*lines: tuple[str, float], at: float = 10.0) -> PlaybackQueue:
    """Lines whose whole voice arrived at `at`, faster than it plays (as the Realtime API sends it)."""
    queue = PlaybackQueue()
    for key, seconds in lines:
        queue.add(key, at)
        assert queue.play(key, seconds, at)
        queue.complete(key)
    return queue


def test_lines_that_arrive_together_play_back_to_back() -> None:
    queue = queued(('a', 0.8), ('b', 1.2))
    assert [(v.start_s, v.end_s) for v in queue.lines.values()] == [(10.0, 10.8), (10.8, pytest.approx(12.0))]
    assert not queue.lines['a'].over_by(10.79) and queue.lines['a'].over_by(10.8)


def test_a_barge_in_during_the_first_line_cuts_it_where_it_was_and_the_next_at_zero() -> None:
    queue = queued(('a', 0.8), ('b', 1.2))
    assert queue.cut_all(10.3) == [Cut(key='a', heard_ms=300, voiced=True), Cut(key='b', heard_ms=0, voiced=True)]
    a, b = queue.lines['a'], queue.lines['b']
    assert (a.heard_s, a.end_s, b.heard_s) == (0.3, 10.3, 0.0)
    assert a.over_by(10.3) and b.over_by(10.3)
    assert not queue.play('b', 0.2, 10.4)  # the rest of a cut line's voice is dropped


def test_a_barge_in_during_the_second_line_leaves_the_first_whole() -> None:
    queue = queued(('a', 0.8), ('b', 1.2))
    assert queue.cut_all(11.3) == [Cut(key='b', heard_ms=500, voiced=True)]
    assert queue.lines['a'].heard_s is None and queue.lines['a'].end_s == 10.8


def test_talking_after_both_lines_have_played_cuts_nothing() -> None:
    queue = queued(('a', 0.8), ('b', 1.2))
    assert queue.cut_all(12.0) == []
    assert all(voice.heard_s is None for voice in queue.lines.values())


def test_after_a_barge_in_the_next_line_plays_at_once() -> None:
    queue = queued(('a', 0.8), ('b', 1.2))
    queue.cut_all(10.3)
    queue.add('c', 10.5)
    queue.play('c', 0.4, 10.6)
    assert queue.lines['c'].start_s == 10.6  # not after the dropped 1.7 s


def test_a_line_whose_voice_comes_slower_than_it_plays_is_heard_without_its_gaps() -> None:
    queue = PlaybackQueue()
    queue.add('a', 0.0)
    queue.play('a', 0.2, 0.0)
    queue.play('a', 0.2, 0.5)  # the browser ran dry from 0.2 to 0.5
    voice = queue.lines['a']
    assert voice.gaps_s == pytest.approx(0.3) and voice.end_s == pytest.approx(0.7)
    assert voice.heard_by(0.6) == pytest.approx(0.3)
    # Still streaming and all of it played: the cut claims what was produced, never more.
    assert queue.cut_all(0.9) == [Cut(key='a', heard_ms=400, voiced=True)]


def test_a_line_with_words_but_no_voice_yet_is_cut_at_zero_and_was_never_voiced() -> None:
    queue = queued(('a', 0.8))
    queue.add('b', 10.1)  # its transcript began; no voice reached the browser
    assert queue.cut_all(10.5) == [Cut(key='a', heard_ms=500, voiced=True), Cut(key='b', heard_ms=0, voiced=False)]


def test_the_head_is_taken_in_playing_order() -> None:
    queue = queued(('a', 0.8), ('b', 1.2))
    head = queue.head()
    assert head is not None and head[0] == 'a'
    queue.take('a')
    head = queue.head()
    assert head is not None and head[0] == 'b'
    queue.take('b')
    assert queue.head() is None


@pytest.mark.parametrize(
    ('heard_s', 'words'),
    [
        (0.0, ''),
        (0.05, 'Interesting.'),  # the word being said counts as heard
        (0.3, 'Interesting. Tell me more'),
        (0.5, 'Interesting. Tell me more about how that'),
        (0.8, REPLY),
        (1.0, REPLY),
    ],
)
def test_the_words_heard_follow_the_share_of_the_voice_played(heard_s: float, words: str) -> None:
    assert words_heard(REPLY, heard_s, 0.8) == words
