"""Speech metrics on hand-made transcripts: every definition and its edge cases."""

import pytest

from services.speech_metrics import SpeechMetrics, compute_speech_metrics, find_fillers, is_open_question
from services.transcript import Transcript
from services.words import count_words
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
        'She’d like none',  # a curly apostrophe splits the words; "like" is still a verb
        'a tool like this',
        'something like that',
        'like for like',
        'it looks like a fit',
        'sounds like a plan',
        'Like I said, the price holds',
        'we were growing like crazy',
    ],
)
def test_like_as_a_verb_or_a_preposition_is_not_a_filler(text: str) -> None:
    assert 'like' not in find_fillers(text)


@pytest.mark.parametrize(
    'text', ["It's, like, really fast", 'Like, we tried it', 'and like um we tried', 'like you know the usual']
)
def test_like_set_off_by_commas_or_before_another_filler_counts(text: str) -> None:
    assert find_fillers(text)[0] == 'like'


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


def test_the_question_band_scales_with_the_calls_length_in_the_metrics_too() -> None:
    # The gauge said "ideal 11-14" while the text said "about 1-4" for the same short call.
    asks = ' '.join(f'Question {i}?' for i in range(12))
    short = metrics([message('user', asks, 0, 30)])
    assert short.questions_asked == 12
    assert (short.bands['questions_asked'].low, short.bands['questions_asked'].high) == (1, 4)
    assert short.bands['questions_asked'].status == 'above'
    half_hour = metrics([message('user', asks, 0, 30)], duration=1800)
    assert (half_hour.bands['questions_asked'].low, half_hour.bands['questions_asked'].high) == (11, 14)
    assert half_hour.bands['questions_asked'].status == 'within'


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
    assert (bands['questions_asked'].low, bands['questions_asked'].high) == (1, 5)  # a two-minute call


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
    # Every reply comes 1 s after the prospect's line ends; every question opens with "So um what".
    assert result.patience_seconds == 1.0
    assert result.interruptions == 0
    assert (result.open_questions, result.closed_questions) == (2500, 0)
    assert result.prospect_longest_monologue is not None
    assert result.prospect_longest_monologue.seconds == 4.0


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
    # U+0130 lowers to "i" + a combining dot and is no word here: the words are "like, um" and "like" is a filler.
    assert find_fillers('\u0130 like, um') == ['like', 'um']


# --- turn-taking, the first question, open questions, the prospect's monologue --------------------------------


def discovery_call(*, timed: bool = True) -> list[dict]:
    """Sam calls Morgan: replies after 1.0 s, an overlap of 0.5 s, 0.29 s and 0.31 s; five questions, three open."""
    lines = [
        ('user', 'Hi Morgan, this is Sam from PipelinePro.', 0.0, 3.0),
        ('assistant', 'Hi Sam. What is this about?', 3.5, 5.0),
        ('user', 'We help teams forecast. So, what does your team use today?', 6.0, 10.0),  # waits 1.0 s
        ('assistant', 'Spreadsheets.', 10.5, 12.0),
        ('assistant', 'They work well enough, and honestly we are busy.', 12.0, 20.0),  # run: 10 words, 9.5 s
        ('user', 'Do you share them with finance? Okay um how do they break?', 19.5, 24.0),  # overlaps
        ('assistant', 'Every month.', 24.0, 25.0),
        ('user', 'Which month hurts most?', 25.29, 27.0),  # 0.29 s after
        ('assistant', 'Quarter end: we fix each spreadsheet line by hand, all of us, every time.', 27.0, 33.0),
        ('user', 'Tell me more about that?', 33.31, 35.0),  # 0.31 s after
    ]
    return [message(role, text, start, end) if timed else message(role, text) for role, text, start, end in lines]


def test_patience_is_the_mean_pause_before_the_rep_answers_with_an_overlap_counted_as_zero() -> None:
    result = metrics(discovery_call())
    # (1.0 + 0 + 0.29 + 0.31) / 4; the opening line follows no prospect line and is not a reply.
    assert result.patience_seconds == pytest.approx(0.4)
    assert result.bands['patience_seconds'].status == 'below'


def test_interruptions_are_replies_that_start_before_the_prospect_ends_or_within_300_ms() -> None:
    result = metrics(discovery_call())
    assert result.interruptions == 2  # the overlap and the 0.29 s reply; 0.31 s and 1.0 s are fine
    assert result.bands['interruptions'].status == 'above'


@pytest.mark.parametrize(
    ('reply_at', 'interruptions'),
    [(4.0, 1), (5.0, 1), (5.29, 1), (5.3, 0), (5.31, 0), (8.0, 0)],  # the prospect ends at 5.0
)
def test_the_interruption_threshold_is_300_ms_after_the_prospect_ends(reply_at: float, interruptions: int) -> None:
    result = metrics(
        [message('assistant', 'Let me finish my point here.', 0.0, 5.0), message('user', 'Sure.', reply_at, 9.0)]
    )
    assert result.interruptions == interruptions


def test_only_timed_prospect_then_rep_pairs_are_replies() -> None:
    result = metrics(
        [
            message('user', 'Hello there.', 0.0, 1.0),
            message('user', 'Still there?', 1.1, 2.0),  # follows the rep, not the prospect
            message('assistant', 'Yes.'),  # untimed, so the next line is no timed reply
            message('user', 'Great.', 2.1, 3.0),
        ]
    )
    assert result.patience_seconds is None
    assert result.interruptions is None
    assert result.bands['patience_seconds'].status == 'unknown'
    assert result.bands['interruptions'].status == 'unknown'


def test_time_to_first_question_is_when_the_rep_first_asks() -> None:
    result = metrics(discovery_call())
    assert result.time_to_first_question_seconds == 6.0  # the prospect asked first, but only the rep counts
    assert result.bands['time_to_first_question_seconds'].status == 'within'


def test_time_to_first_question_needs_a_question_and_its_timestamp() -> None:
    no_question = metrics([message('user', 'Hi. Just calling.', 0, 2), message('assistant', 'Why?', 2, 3)])
    assert no_question.time_to_first_question_seconds is None
    untimed_asker = metrics(
        [message('user', 'Hi.', 0, 2), message('user', 'Got a minute?'), message('user', 'Now?', 9, 10)]
    )
    assert untimed_asker.time_to_first_question_seconds is None  # the first question's line has no timestamp
    assert untimed_asker.bands['time_to_first_question_seconds'].status == 'unknown'
    start_only = metrics([message('user', 'Got a minute?', 4.5, None)])
    assert start_only.time_to_first_question_seconds == 4.5


@pytest.mark.parametrize(
    ('question', 'is_open'),
    [
        ('So, what does your team use today?', True),
        ('Do you share them with finance?', False),
        ('Okay um how do they break?', True),
        ('Walk me through a normal week?', True),
        ('Why not?', True),
        ('Now, help me understand the cost?', True),
        ('And then, explain that?', True),
        ('Which month hurts most?', False),
        ('Who signs off?', False),
        ('Can you walk me through it?', False),  # only the opening words are read
        ('Whatever works for you?', False),  # "what" must be a whole word
        ('Right?', False),  # a lead-in alone
        ('So is it working?', False),
    ],
)
def test_open_questions_start_with_an_open_word_after_any_lead_ins(question: str, is_open: bool) -> None:
    assert is_open_question(question) is is_open


def test_every_question_is_open_or_closed() -> None:
    result = metrics(discovery_call())
    assert result.questions_asked == 5
    # Open: "So, what...", "Okay um how...", "Tell me more..."; closed: "Do you share...", "Which month..."
    assert (result.open_questions, result.closed_questions) == (3, 2)
    assert result.open_question_share == 0.6
    assert result.bands['open_question_share'].status == 'within'


def test_the_prospects_longest_monologue_is_measured_in_seconds_across_consecutive_lines() -> None:
    monologue = metrics(discovery_call()).prospect_longest_monologue
    # Two lines in a row, 10.5 → 20.0; the 13-word line at the end has more words but lasts only 6 s.
    assert monologue is not None
    assert (monologue.words, monologue.seconds, monologue.start) == (10, 9.5, 10.5)
    assert metrics(discovery_call()).bands['prospect_longest_monologue_seconds'].status == 'below'


def test_the_prospects_monologue_compares_words_when_some_prospect_lines_are_untimed() -> None:
    result = metrics(
        [
            message('assistant', 'a b c d', 0.0, 4.0),  # the prospect's pace: 1 s a word
            message('user', 'Go on?', 4.5, 5.0),
            message('assistant', 'one two three four five six'),
        ]
    )
    assert result.prospect_longest_monologue is not None
    assert result.prospect_longest_monologue.words == 6
    assert result.prospect_longest_monologue.seconds == pytest.approx(6.0)


def test_without_timings_the_timed_metrics_are_absent_not_zero() -> None:
    result = metrics(discovery_call(timed=False), duration=60)
    assert result.patience_seconds is None
    assert result.interruptions is None
    assert result.time_to_first_question_seconds is None
    assert result.prospect_longest_monologue is None
    for band in ('patience_seconds', 'interruptions', 'time_to_first_question_seconds'):
        assert result.bands[band].status == 'unknown'
    assert result.bands['prospect_longest_monologue_seconds'].status == 'unknown'
    # Counting questions needs no timings.
    assert (result.questions_asked, result.open_questions, result.closed_questions) == (5, 3, 2)
    assert result.bands['open_question_share'].status == 'within'


def test_a_call_with_no_questions_and_no_prospect() -> None:
    result = metrics([message('user', 'Hello. Hello.', 0, 2)])
    assert (result.open_questions, result.closed_questions, result.open_question_share) == (0, 0, None)
    assert result.bands['open_question_share'].status == 'unknown'
    assert result.prospect_longest_monologue is None


def test_new_bands_on_a_patient_call_that_asks_late_and_mostly_closed() -> None:
    result = metrics(
        [
            message('assistant', 'Hello, Morgan speaking.', 0.0, 2.0),
            message('user', 'Hi Morgan, Sam here, thanks for picking up.', 3.0, 6.0),  # waits 1.0 s
            message('assistant', ' '.join(['word'] * 100), 7.0, 47.0),  # a 40 s story
            message('user', 'Do you use spreadsheets? Is that painful? What breaks first?', 75.0, 80.0),
        ]
    )
    assert result.patience_seconds == 14.5  # (1 + 28) / 2
    bands = result.bands
    assert (bands['patience_seconds'].low, bands['patience_seconds'].high) == (0.6, 2.0)
    assert bands['patience_seconds'].status == 'above'
    assert (bands['interruptions'].low, bands['interruptions'].high) == (None, 1)
    assert bands['interruptions'].status == 'within'
    assert (bands['time_to_first_question_seconds'].low, bands['time_to_first_question_seconds'].high) == (None, 60)
    assert bands['time_to_first_question_seconds'].status == 'above'  # first asked at 75 s
    assert (bands['open_question_share'].low, bands['open_question_share'].high) == (0.5, None)
    assert result.open_question_share == pytest.approx(1 / 3, abs=1e-4)
    assert bands['open_question_share'].status == 'below'
    assert (bands['prospect_longest_monologue_seconds'].low, bands['prospect_longest_monologue_seconds'].high) == (
        30,
        None,
    )
    assert bands['prospect_longest_monologue_seconds'].status == 'within'


def test_a_patient_reply_is_within_the_band() -> None:
    result = metrics([message('assistant', 'That is too expensive.', 0, 2), message('user', 'Fair.', 3.5, 4)])
    assert result.patience_seconds == 1.5
    assert result.bands['patience_seconds'].status == 'within'


def test_reports_stored_before_the_new_metrics_still_load() -> None:
    stored = metrics(discovery_call()).model_dump(mode='json')
    new = (
        'patience_seconds',
        'interruptions',
        'time_to_first_question_seconds',
        'open_questions',
        'closed_questions',
        'open_question_share',
        'prospect_longest_monologue',
    )
    old = SpeechMetrics.model_validate({key: value for key, value in stored.items() if key not in new})
    assert old.questions_asked == 5
    assert old.patience_seconds is None
    assert old.prospect_longest_monologue is None


def test_a_spoken_call_without_punctuation_counts_its_questions_from_the_first_one() -> None:
    # The rep opened with two questions and was told "first question at 61 s, 1 question".
    result = metrics(
        [
            message('assistant', 'Hello, this is Morgan.', 0.0, 1.5),
            message('user', 'hi morgan what does your process look like and who else is involved', 2.0, 6.0),
            message('assistant', 'We use spreadsheets, and our COO signs off.', 6.5, 9.0),
            message('user', 'we help teams like yours stop losing deliveries', 9.5, 12.0),
            message('assistant', 'Sounds expensive.', 12.5, 13.5),
            message('user', 'i hear you could we look at what a late delivery costs you today', 14.0, 18.0),
        ]
    )
    assert result.questions_asked == 3
    assert (result.open_questions, result.closed_questions) == (1, 2)  # "what does", then "who" and "could we"
    assert result.time_to_first_question_seconds == 2.0


def typed(role: str, text: str, start: float, end: float) -> dict:
    return {**message(role, text, start, end), 'source': 'typed'}


def test_a_typed_call_has_no_pace_no_fillers_a_minute_and_interrupts_no_one() -> None:
    # The demo gave typed turns a span at 165 words a minute: every typed call was told "you spoke fast", and turns
    # typed while the prospect's voice played counted as interruptions.
    result = metrics(
        [
            message('assistant', 'Hello, this is Morgan from Brightline.', 0.0, 3.0),
            typed('user', 'Hi Morgan, um, what do you use today to track deliveries?', 1.0, 4.6),
            message('assistant', 'Mostly spreadsheets, and they break when two people edit them.', 5.0, 9.0),
            typed('user', 'What does a late delivery cost you?', 8.9, 11.1),
        ]
    )
    assert result.speaking_time_source == 'typed'
    assert (result.words_per_minute, result.filler_words.per_minute) == (None, None)
    assert (result.patience_seconds, result.interruptions) == (None, None)
    assert result.longest_monologue.seconds is None and result.talk_listen_ratio_time is None
    # what counts words reads typed lines too
    assert (result.questions_asked, result.filler_words.total, result.rep_words) == (2, 1, 18)
    assert result.talk_listen_ratio == round(18 / (18 + 16), 4)


def test_in_a_mixed_call_only_the_spoken_lines_give_the_pace() -> None:
    result = metrics(
        [
            message('assistant', 'Hello, this is Morgan.', 0.0, 2.0),
            message(
                'user', 'hi morgan this is sam from pipeline pro how are you doing today', 2.5, 6.5
            ),  # 13 words, 4 s
            message('assistant', 'Fine, thanks. What is this about?', 7.0, 9.0),
            typed('user', 'We help operations teams stop losing deliveries in spreadsheets.', 8.0, 8.0),
        ]
    )
    assert result.speaking_time_source == 'timings'
    assert result.rep_speaking_seconds == 4.0
    assert result.words_per_minute == 195.0  # 13 words in 4 s; the typed line adds words, not time
    assert result.interruptions == 0  # the spoken reply came 0.5 s after the prospect; the typed one is no reply pair


def test_a_question_for_a_quantity_is_closed() -> None:
    # The issue: "How many employees do you have?" was praised as an open question.
    result = metrics(
        [
            message('user', 'How many employees do you have? And how often do deliveries run late?'),
            message('user', 'So, um, what time works? How does your team plan routes today?'),
        ]
    )
    assert (result.open_questions, result.closed_questions) == (1, 3)
