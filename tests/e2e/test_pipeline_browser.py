"""A rep in a real (headless) Chromium holds a whole spoken call with the pipeline engine, each of its three stages
played by the local fake OpenAI-compatible audio server."""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import call_page, screenshot_path, sign_up, stay_on_the_call
from tests.e2e.server import free_port, start, stop
from tests.fake_openai_audio import API_KEY, FakeOpenAIAudio, default_reply
from tests.servers import serving_in_thread

pytestmark = [pytest.mark.slow, pytest.mark.browser]
OPENING = 'Hi, this is Riley from ShieldOps. Do you have a minute?'


def test_a_spoken_call_with_the_pipeline_is_heard_answered_interrupted_and_reported(tmp_path: Path) -> None:
    # The fake microphone plays an 11.6 s recording in a loop: one turn, a pause, then the same turn again, which
    # starts while the prospect's answer (about 4 s of voice) is still playing.
    fake = FakeOpenAIAudio(default_transcript=OPENING)
    answer = default_reply({'messages': [{'role': 'user', 'content': OPENING}]})
    with serving_in_thread(fake.app()) as fake_port:
        base = f'http://127.0.0.1:{fake_port}/v1'
        stages = {
            f'PIPELINE_{stage}_{part}': value
            for stage in ('STT', 'LLM', 'TTS')
            for part, value in (('BASE_URL', base), ('API_KEY', API_KEY))
        }
        port = free_port()
        process = start(tmp_path / 'data', port, VOICE_ENGINE='pipeline', **stages)
        url = f'http://127.0.0.1:{port}'
        try:
            with call_page(url) as page:
                sign_up(page, 'Pia Pipeline', 'pia@example.com')

                page.goto('/practice')
                expect(page.get_by_text('Speech pipeline: chosen by VOICE_ENGINE.')).to_be_visible()
                page.get_by_role('button', name='Start call').click()
                started = time.monotonic()
                expect(page.get_by_text(OPENING).first).to_be_visible(timeout=30_000)
                page.wait_for_function('window.salesCoachCall.received > 5', timeout=15_000)  # the prospect's voice
                page.wait_for_function('window.salesCoachCall.played > 5', timeout=15_000)
                # While its voice plays, the prospect's words show under the transcript.
                expect(page.get_by_text(f'Jordan Lee: {answer.split(".")[0]}')).to_be_visible()
                page.screenshot(path=screenshot_path('12-pipeline-live-call'), full_page=True)
                # The recording starts over while the prospect is talking: the browser drops what it had queued,
                # and the prospect's line shows as far as the rep heard it.
                page.wait_for_function('window.salesCoachCall.cleared > 0', timeout=30_000)
                expect(page.get_by_text('You asked about').first).to_be_visible(timeout=10_000)
                stats = page.evaluate('window.salesCoachCall')
                page.screenshot(path=screenshot_path('12-pipeline-interrupted'), full_page=True)
                for turn in ('Who else is involved in this?', 'What would change first?'):  # a call needs 3 rep lines
                    page.get_by_placeholder('Type a turn instead of speaking').fill(turn)
                    page.get_by_placeholder('Type a turn instead of speaking').press('Enter')
                    expect(page.get_by_text(turn)).to_be_visible(timeout=10_000)
                stay_on_the_call(page, started)

                page.get_by_role('button', name='End call').click()
                expect(page.get_by_text('overall score')).to_be_visible(timeout=30_000)
                page.screenshot(path=screenshot_path('12-pipeline-report'), full_page=True)
        finally:
            stop(process)
    assert stats['errors'] == []
    assert len(fake.stt.requests) >= 1 and fake.llm.requests and fake.tts.requests
    first_request = fake.llm.requests[0]['messages']
    assert first_request[-1] == {'role': 'user', 'content': OPENING}
    cut = [m for r in fake.llm.requests[1:] for m in r['messages'] if m['role'] == 'assistant']
    assert cut and answer.startswith(cut[0]['content']) and cut[0]['content'] != answer
