"""Speech metrics on hand-made transcripts: every definition and its edge cases."""

import pytest

from services.speech_metrics import compute_speech_metrics, count_words, find_fillers
from services.transcript import Transcript
from tests.factories import message


def metrics(messages: list[dict], duration: float | None = None):
    return compute_speech_metrics(Transcript.model_validate({'messages': messages}), duration)


# --- words -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('text', 'expected'),
    [
        ("I'd like to see it", 5),  # I'd is one word
        ('rock-and-roll', 3),  # hyphens split
        ("the dogs' bowls", 3),  # a trailing apostrophe is not part of a word
        ('costs $5,000.99 a year', 6),  # 5 / 000 / 99
        ('', 0),
        ('... ?!', 0),
    ],
)
def test_words_follow_the_pattern(text: str, expected: int) -> None:
    assert count_words(text) == expected


def test_unicode_letters_are_not_words_but_do_not_break_anything() -> None:
    # The definition is ASCII: "café" counts its ASCII run, the curly apostrophe splits "don’t" in two,
    # and text in other scripts adds no words.
    result = metrics([message('user', 'café don’t 東京 naïve?', 0, 2), message('assistant', 'Привет', 2, 3)])
    assert result.rep_words == 5  # caf, don, t, na, ve
    assert result.prospect_words == 0
    assert result.total_words == 5
    assert result.questions_asked == 1
    assert result.talk_listen_ratio == 1.0


# --- speaking time and words per minute ---------------------------------------------------------------------


def test_speaking_time_sums_rep_spans_when_every_rep_message_is_timed() -> None:
    result = metrics(
        [
            message('user', 'one two three four five six', 0.0, 3.0),
            message('assistant', 'ok', 3.0, 4.0),
            message('user', 'seven eight nine', 5.0, 6.0),
        ],
        duration=100.0,  # ignored when timings exist
    )
    assert result.speaking_time_source == 'timings'
    assert result.rep_speaking_seconds == 4.0
    assert result.words_per_minute == pytest.approx(9 / (4 / 60), abs=0.01)  # 135 WPM


def test_speaking_time_is_estimated_from_duration_when_a_rep_message_lacks_timings() -> None:
    result = metrics(
        [
            message('user', 'one two three', 0.0, 1.0),
            message('assistant', 'four five six seven eight nine', 1.0, 5.0),
            message('user', 'ten', None, None),
        ],
        duration=60.0,
    )
    assert result.speaking_time_source == 'estimated'
    assert result.rep_speaking_seconds == pytest.approx(60.0 * 4 / 10)
    assert result.words_per_minute == pytest.approx(4 / (24 / 60), abs=0.01)  # 10 WPM
    assert result.talk_listen_ratio_time is None


def test_prospect_timings_do_not_matter_for_rep_speaking_time() -> None:
    result = metrics([message('user', 'a b c', 0, 1), message('assistant', 'no timing here')], duration=30)
    assert result.speaking_time_source == 'timings'
    assert result.rep_speaking_seconds == 1.0
    assert result.talk_listen_ratio_time is None  # not every message is timed


def test_wpm_is_none_when_the_rep_spoke_but_no_time_is_known() -> None:
    result = metrics([message('user', 'hello there')], duration=0)
    assert result.rep_words == 2
    assert result.words_per_minute is None
    assert result.bands['words_per_minute'].status == 'unknown'


# --- fillers -----------------------------------------------------------------------------------------------


def test_every_filler_is_found_case_insensitively() -> None:
    text = 'Um umm UH uhh er erm ah hmm like you know basically actually literally I mean sort of kind of'
    assert sorted(find_fillers(text)) == sorted(
        [
            'um',
            'umm',
            'uh',
            'uhh',
            'er',
            'erm',
            'ah',
            'hmm',
            'like',
            'you know',
            'basically',
            'actually',
            'literally',
            'i mean',
            'sort of',
            'kind of',
        ]
    )


@pytest.mark.parametrize(
    'text',
    [
        "I'd like to show you",
        'we like it',
        'I like that',
        'you like it',
        'they like it',
        'I would like to',
        'Happy to like it',
        "We'd like a demo",
        "She'd like none",
    ],
)
def test_like_as_a_verb_is_not_a_filler(text: str) -> None:
    assert 'like' not in find_fillers(text)


def test_like_after_a_curly_apostrophe_d_counts_because_the_word_is_split() -> None:
    # "She’d" with a curly apostrophe is the words "She" and "d", and "d" is not in the exception list.
    assert find_fillers('She’d like none') == ['like']


def test_like_as_a_filler_counts() -> None:
    assert find_fillers("It's, like, really fast") == ['like']
    assert find_fillers('Like I said') == ['like']  # the first word has nothing before it


def test_fillers_are_whole_words_and_phrases_only() -> None:
    assert find_fillers('Umbrella hummus early Ahmed likely mean kindof') == []
    assert find_fillers('you, know') == []  # a phrase is broken by punctuation
    assert find_fillers('kind  of') == ['kind of']


def test_filler_totals_breakdown_and_rate_cover_rep_lines_only() -> None:
    result = metrics(
        [
            message('user', 'Um, so, you know, it is um basically great', 0, 30),
            message('assistant', 'Um, like, um, sure', 30, 35),
            message('user', 'Uh right', 35, 45),
        ]
    )
    assert result.filler_words.total == 5
    assert result.filler_words.breakdown == {'um': 2, 'basically': 1, 'uh': 1, 'you know': 1}
    assert result.filler_words.per_minute == pytest.approx(5 / (40 / 60))
    assert result.bands['filler_words_per_minute'].status == 'above'


# --- talk ratio, monologue, questions ------------------------------------------------------------------------


def test_talk_listen_ratio_by_words_and_by_time() -> None:
    result = metrics([message('user', 'one two three', 0, 2), message('assistant', 'four', 2, 8)])
    assert result.talk_listen_ratio == 0.75
    assert result.talk_listen_ratio_time == 0.25
    assert result.bands['talk_listen_ratio'].status == 'above'


def test_longest_monologue_is_the_longest_run_of_consecutive_rep_messages() -> None:
    result = metrics(
        [
            message('user', 'one two', 0, 2),
            message('user', 'three four five', 2.5, 10),  # run 1: 5 words, 0 → 10 s
            message('assistant', 'hm', 10, 11),
            message('user', 'a b c d e f g h', 11, 15),  # run 2: 8 words but only 4 s
        ]
    )
    assert result.longest_monologue.words == 5
    assert result.longest_monologue.seconds == 10.0
    assert result.longest_monologue.start == 0


def test_longest_monologue_without_timings_compares_words_and_estimates_seconds() -> None:
    result = metrics(
        [
            message('user', 'one two'),
            message('assistant', 'x'),
            message('user', 'a b c d'),
            message('user', 'e f'),
        ],
        duration=90,
    )
    assert result.longest_monologue.words == 6
    # 8 rep words of 9 in 90 s → 80 s of rep speech, 10 s a word
    assert result.longest_monologue.seconds == pytest.approx(60.0)


def test_messages_are_put_in_time_order_when_all_have_timestamps() -> None:
    result = metrics(
        [message('user', 'late words here', 10, 12), message('assistant', 'between', 5, 6), message('user', 'a', 0, 1)]
    )
    # In time order the rep's two lines are separated by the prospect, so no run has more than 3 words.
    assert result.longest_monologue.words == 3


def test_questions_are_rep_sentences_ending_with_a_question_mark() -> None:
    result = metrics(
        [
            message('user', 'How are you? I am fine. What do you use today?? Really?! OK.'),
            message('assistant', 'Why do you ask?'),
            message('user', '?? Is 2.5 right?'),
        ]
    )
    # "How are you?", "What do you use today?", "Is 2.5 right?" ("Really?!" ends with "!", "??" has no word)
    assert result.questions_asked == 3


def test_question_band_is_per_call() -> None:
    asks = ' '.join(f'Question {i}?' for i in range(12))
    result = metrics([message('user', asks, 0, 30)])
    assert result.questions_asked == 12
    assert result.bands['questions_asked'].status == 'within'


# --- whole calls -------------------------------------------------------------------------------------------


def test_empty_call() -> None:
    result = metrics([], duration=0)
    assert result.rep_words == result.total_words == 0
    assert result.words_per_minute == 0.0
    assert result.filler_words.total == 0
    assert result.filler_words.per_minute == 0.0
    assert result.talk_listen_ratio == 0.0
    assert result.talk_listen_ratio_time is None
    assert result.longest_monologue.words == 0
    assert result.questions_asked == 0
    assert result.bands['talk_listen_ratio'].status == 'unknown'


def test_silent_rep() -> None:
    result = metrics([message('assistant', 'Hello? Anyone there?', 0, 3)], duration=20)
    assert result.rep_words == 0
    assert result.prospect_words == 3
    assert result.words_per_minute == 0.0
    assert result.talk_listen_ratio == 0.0
    assert result.rep_speaking_seconds == 0.0
    assert result.questions_asked == 0


def test_bands_are_reported_with_each_metric() -> None:
    result = metrics([message('user', ' '.join(['word'] * 145), 0, 60), message('assistant', 'x ' * 145, 60, 120)])
    assert result.words_per_minute == 145
    bands = result.bands
    assert (bands['words_per_minute'].low, bands['words_per_minute'].high) == (130, 160)
    assert bands['words_per_minute'].status == 'within'
    assert (bands['talk_listen_ratio'].low, bands['talk_listen_ratio'].high) == (0.40, 0.60)
    assert bands['talk_listen_ratio'].status == 'within'
    assert bands['filler_words_per_minute'].high == 2
    assert (bands['questions_asked'].low, bands['questions_asked'].high) == (11, 14)


def test_a_five_thousand_message_call() -> None:
    lines = []
    for i in range(2500):
        start = i * 10.0
        lines.append(message('user', f'So um what does step {i} cost you?', start, start + 4))
        lines.append(message('assistant', 'It costs us a fair amount of time every week.', start + 5, start + 9))
    result = metrics(lines, duration=25_000)
    assert result.rep_words == 2500 * 8
    assert result.total_words == 2500 * 8 + 2500 * 10
    assert result.questions_asked == 2500
    assert result.filler_words.breakdown == {'um': 2500}
    assert result.rep_speaking_seconds == 10_000
    assert result.words_per_minute == pytest.approx(20_000 / (10_000 / 60), abs=0.01)
    assert result.longest_monologue.words == 8


def test_monologue_length_is_unknown_without_any_speaking_time() -> None:
    result = metrics([message('user', 'one two three'), message('assistant', 'x'), message('user', 'a b')], duration=0)
    assert result.longest_monologue.words == 3
    assert result.longest_monologue.seconds is None


def test_partly_timed_runs_compare_by_words_not_by_mixed_units() -> None:
    result = metrics(
        [
            message('user', 'a b c d', 0, 200),  # a timed run: 4 words over 200 s
            message('assistant', 'ok', 200, 201),
            message('user', ' '.join(['word'] * 150)),  # untimed: 150 words
        ],
        duration=600,
    )
    assert result.longest_monologue.words == 150


def test_fillers_are_matched_on_the_words_as_written() -> None:
    # U+212A KELVIN SIGN lowers to "k", but it is not a word character here: "\u212aind of" is "ind of".
    assert find_fillers('\u212aind of') == []
    # U+0130 lowers to "i" + a combining dot; the words are only "like it", so "like" opens the line: a filler.
    assert find_fillers('\u0130 like it') == ['like']
