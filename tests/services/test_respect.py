"""Pressure and respect: talking over the prospect, pressure lines, a "no" not respected, pitching first."""

from services.coaching.discovery import read_discovery
from services.coaching.respect import RespectReading, read_respect
from services.coaching.turns import turns_of
from services.transcript import TranscriptMessage
from tests.services.reading_support import turns


def respect_of(lines: list[TranscriptMessage]) -> RespectReading:
    call = turns_of(lines)
    return read_respect(call, read_discovery(call, minutes=3))


def line(role: str, text: str, start: float, end: float, source: str = 'spoken') -> TranscriptMessage:
    return TranscriptMessage(role=role, text=text, timestamp=start, end=end, source=source)  # type: ignore[arg-type]


def test_talking_over_the_prospect_is_read_from_the_timings_of_spoken_lines() -> None:
    found = respect_of(
        [
            line('assistant', 'We are in the middle of a reorganisation and honestly', 0.0, 4.0),
            line('user', 'Which is exactly why you need us.', 3.0, 5.0),  # a second before the CEO finished
            line('assistant', 'Let me finish.', 5.5, 6.5),
            line('user', 'Sorry, go on.', 7.0, 8.0),
            line('assistant', 'Go on then.', 8.5, 9.5),
            line('user', 'Typed while you were talking.', 9.0, 9.1, source='typed'),  # a typed turn talks over no one
        ]
    )
    assert [e.quote for e in found.talk_overs] == ['Which is exactly why you need us.']
    assert found.score == 0.8


def test_the_pushy_reps_lines_are_pressure_and_a_no_not_respected() -> None:
    # The pushy rep scored 5/5 on next step.
    found = respect_of(
        [
            line('assistant', "That's not a priority for us this year.", 0.0, 2.0),
            line('user', "I'm putting Thursday at 2pm in your calendar right now.", 2.6, 5.0),
            line('assistant', 'No.', 5.5, 6.0),
            line('user', "Trust me, it's a no-brainer.", 6.5, 8.0),
        ]
    )
    assert [e.quote for e in found.pressure][:1] == ["I'm putting Thursday at 2pm in your calendar right now."]
    assert [e.quote for e in found.no_ignored] == ["That's not a priority for us this year.", 'No.']
    assert found.score == 0.0


def test_a_no_that_is_acknowledged_is_respected() -> None:
    found = respect_of(
        [
            line('assistant', 'Not interested, sorry.', 0.0, 1.5),
            line('user', 'Fair enough. Is it the timing, or is this just not a problem for you?', 2.0, 5.0),
        ]
    )
    assert found.no_ignored == [] and found.score == 1.0


def test_pitching_before_asking_anything() -> None:
    pitch = (
        'So our platform is the industry-leading suite for procurement teams. We bring approvals, onboarding and '
        'invoices into one place. Our customers cut costs by forty percent in weeks. It automates matching and routes '
        'every approval to the right person on their phone, and it connects to your ERP out of the box, with a '
        'portal for your suppliers and dashboards for your finance team from the first day you switch it on. We are '
        'trusted by hundreds of manufacturers worldwide.'
    )
    pitched = read_respect(turns(('rep', pitch), ('prospect', 'Hm.')), read_discovery(turns(), minutes=3))
    assert pitched.pitched_first is not None and pitched.pitched_first.quote.startswith('So our platform')
    asked_first = turns(('rep', 'How do you approve purchases today?'), ('prospect', 'By email.'), ('rep', pitch))
    assert read_respect(asked_first, read_discovery(asked_first, minutes=3)).pitched_first is None


def test_a_discount_is_dropping_the_price_asked_for_or_not() -> None:
    found = respect_of(
        [
            line('assistant', 'Send me a proposal at that price.', 0.0, 2.0),
            line('user', 'If we sign this quarter I can do thirty five percent off the first year.', 2.5, 7.0),
        ]
    )
    assert [e.quote for e in found.discounts] == [
        'If we sign this quarter I can do thirty five percent off the first year.'
    ]
    assert found.score == 0.7
