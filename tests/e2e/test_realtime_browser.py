"""A rep in a real (headless) Chromium holds a whole voice call with the OpenAI Realtime engine (the local fake)."""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import call_page, screenshot_path, sign_up, stay_on_the_call
from tests.e2e.server import free_port, start, stop
from tests.fake_openai import API_KEY, FakeOpenAI
from tests.fake_realtime import REPLY, FakeRealtime
from tests.servers import serving_in_thread

pytestmark = [pytest.mark.slow, pytest.mark.browser]
OPENING = 'Hi, this is Riley from ShieldOps. Do you have a minute?'


def test_a_spoken_call_with_openai_realtime_is_heard_interrupted_and_reported(tmp_path: Path) -> None:
    # The fake microphone plays an 11.6 s recording in a loop: one turn, a pause, then the same turn again, which
    # starts while the prospect's 4 s answer is still playing.
    realtime = FakeRealtime(api_key=API_KEY, transcripts=[OPENING], chunks_per_reply=20)
    coach = FakeOpenAI()
    with serving_in_thread(realtime.app()) as realtime_port, serving_in_thread(coach.app()) as coach_port:
        port = free_port()
        process = start(
            tmp_path / 'data',
            port,
            VOICE_ENGINE='openai_realtime',
            OPENAI_API_KEY=API_KEY,  # one key for the voice and the AI coach
            OPENAI_REALTIME_URL=f'ws://127.0.0.1:{realtime_port}/v1',
            OPENAI_BASE_URL=f'http://127.0.0.1:{coach_port}/v1',
        )
        url = f'http://127.0.0.1:{port}'
        try:
            with call_page(url) as page:
                sign_up(page, 'Rae Realtime', 'rae@example.com')

                page.goto('/practice')
                expect(page.get_by_text('OpenAI Realtime: chosen by VOICE_ENGINE.')).to_be_visible()
                page.get_by_role('button', name='Start call').click()
                started = time.monotonic()
                expect(page.get_by_text(OPENING).first).to_be_visible(timeout=30_000)
                page.wait_for_function('window.salesCoachCall.received > 5', timeout=15_000)  # the prospect's voice
                page.wait_for_function('window.salesCoachCall.played > 5', timeout=15_000)
                page.screenshot(path=screenshot_path('13-realtime-live-call'), full_page=True)
                # The recording starts over while the prospect is talking: the browser drops what it had queued,
                # and the prospect's line shows as far as the rep heard it (a line is shown once heard).
                page.wait_for_function('window.salesCoachCall.cleared > 0', timeout=30_000)
                expect(page.get_by_text(REPLY.split()[0]).first).to_be_visible(timeout=10_000)
                stats = page.evaluate('window.salesCoachCall')
                page.screenshot(path=screenshot_path('14-realtime-interrupted'), full_page=True)
                for turn in ('Who else is involved in this?', 'What would change first?'):  # a call needs 3 rep lines
                    page.get_by_placeholder('Type a turn instead of speaking').fill(turn)
                    page.get_by_placeholder('Type a turn instead of speaking').press('Enter')
                    expect(page.get_by_text(turn)).to_be_visible(timeout=10_000)
                stay_on_the_call(page, started)

                page.get_by_role('button', name='End call').click()
                expect(page.get_by_text('overall score')).to_be_visible(timeout=30_000)
                page.screenshot(path=screenshot_path('15-realtime-report'), full_page=True)
        finally:
            stop(process)
    assert stats['errors'] == []
    [connection] = realtime.connections
    session, *at_hang_up = connection.session_updates
    assert session['audio']['input']['turn_detection']['type'] == 'semantic_vad'
    # A turn still under way at the hang-up is committed (turn detection off first) and transcribed, not lost.
    assert at_hang_up in ([], [{'type': 'realtime', 'audio': {'input': {'turn_detection': None}}}])
    assert connection.audio_bytes > 10 * 48_000  # more than 10 s of the rep, at 24 kHz
    assert connection.truncates and all(t['audio_end_ms'] <= 4000 for t in connection.truncates)
    # A typed turn's answer may race the one under way: that error is benign (tests/voice/test_openai_realtime.py).
    benign = 'conversation_already_has_active_response'
    assert not [e for e in connection.sent if e['type'] == 'error' and e['error'].get('code') != benign]
