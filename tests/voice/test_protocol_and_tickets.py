"""The browser socket's frames, and the tickets that open it."""

import json
import uuid

import pytest

from services.voice import protocol
from services.voice.protocol import BrowserAudio, BrowserEnd, BrowserMute, BrowserText, FrameError
from services.voice.tickets import TicketBook


def test_valid_frames_become_typed_messages() -> None:
    assert protocol.parse_binary(b'\x00\x01' * 1600) == BrowserAudio(b'\x00\x01' * 1600)
    assert protocol.parse_text('{"type": "text", "text": "  Hello there  "}') == BrowserText('Hello there')
    assert protocol.parse_text('{"type": "mute", "muted": true}') == BrowserMute(True)
    assert protocol.parse_text('{"type": "end"}') == BrowserEnd()


@pytest.mark.parametrize(
    ('frame', 'says'),
    [
        (b'\x00' * (64 * 1024 + 2), 'at most 65536 bytes'),
        (b'\x00' * 3, 'even number of bytes'),
    ],
)
def test_bad_audio_frames_are_refused_with_a_reason(frame: bytes, says: str) -> None:
    with pytest.raises(FrameError, match=says):
        protocol.parse_binary(frame)


@pytest.mark.parametrize(
    ('frame', 'says'),
    [
        ('{"type": "text", "text": ', 'not valid JSON'),
        ('[1, 2]', 'JSON object with a "type"'),
        ('{"type": "dance"}', "Unknown message type 'dance'"),
        ('{"type": "text", "text": ""}', 'non-empty string'),
        ('{"type": "text", "text": 42}', 'non-empty string'),
        (json.dumps({'type': 'text', 'text': 'x' * 2001}), 'at most 2000 characters'),
        (json.dumps({'type': 'text', 'text': 'a\x00b'}), 'NUL'),
        ('{"type": "text", "text": "\\ud800"}', 'surrogate'),
        ('{"type": "mute", "muted": "yes"}', 'true or false'),
        ('{"type": "text", "text": "' + 'x' * 20000 + '"}', 'at most 16384 bytes'),
    ],
)
def test_bad_text_frames_are_refused_with_a_reason(frame: str, says: str) -> None:
    with pytest.raises(FrameError, match=says):
        protocol.parse_text(frame)


def test_server_frames_follow_the_contract() -> None:
    ready = protocol.Ready(engine='demo', input_sample_rate=16000, output_sample_rate=22050)
    assert protocol.encode(ready) == (
        '{"type":"ready","engine":"demo","input_sample_rate":16000,"output_sample_rate":22050}'
    )
    assert protocol.encode(protocol.Clear()) == '{"type":"clear"}'
    assert protocol.encode(protocol.ErrorMessage('Too big.')) == '{"type":"error","message":"Too big."}'
    assert json.loads(protocol.encode(protocol.Ended('hang-up'))) == {'type': 'ended', 'reason': 'hang-up'}


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_ticket_works_once_for_its_call_within_a_minute() -> None:
    clock = Clock()
    book = TicketBook(clock=clock)
    user, call, other_call = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ticket = book.issue(user_id=user, call_id=call)
    assert book.redeem(ticket, call_id=call) == user
    assert book.redeem(ticket, call_id=call) is None  # single use

    wrong_call = book.issue(user_id=user, call_id=call)
    assert book.redeem(wrong_call, call_id=other_call) is None
    assert book.redeem(wrong_call, call_id=call) is None  # a failed redemption spends it too

    late = book.issue(user_id=user, call_id=call)
    clock.now += 61
    assert book.redeem(late, call_id=call) is None
    assert book.redeem('made-up', call_id=call) is None
