"""What an admin sees about the voice engines: which settings each has, what it still needs, and the coach.

Built from plain values (secrets only as "set or not"), so no key can reach the page or the API through here.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from services.coaching.rule_based import RULE_BASED
from services.voice.registry import EngineFactory, UnavailableEngine
from services.voice.selection import EngineChoice

log = logging.getLogger(__name__)

ENGINE_NAMES: tuple[str, ...] = ('demo', 'hume_evi', 'openai_realtime')
ENGINE_LABELS: dict[str, str] = {'demo': 'Demo', 'hume_evi': 'Hume EVI', 'openai_realtime': 'OpenAI Realtime'}
SET = 'set'
NOT_SET = 'not set'

CoachKind = Literal['ai', 'rule_based']


@dataclass(frozen=True, kw_only=True, slots=True)
class EngineSettings:
    """The server's settings as far as the engines are concerned; a secret is only ever a flag here."""

    voice_engine: str = 'auto'
    hume_api_key_set: bool = False
    hume_secret_key_set: bool = False
    hume_config_id: str | None = None
    hume_api_url: str = 'https://api.hume.ai'
    openai_api_key_set: bool = False
    openai_base_url: str | None = None
    openai_model: str  # the model names have no defaults here: the server's settings own them
    openai_realtime_model: str
    openai_realtime_url: str | None = None
    openai_transcribe_model: str
    openai_turn_detection: str
    openai_vad_eagerness: str


@dataclass(frozen=True, kw_only=True, slots=True)
class SettingShown:
    name: str
    value_shown: str


@dataclass(frozen=True, kw_only=True, slots=True)
class EngineStatus:
    """One engine as the admin sees it.

    Attributes:
        configured: the settings it cannot do without are set.
        available: this server would open a call with it now (configured, and built into this version).
        needs: what is missing, in words, when it is not available.
    """

    name: str
    label: str
    configured: bool
    available: bool
    settings: tuple[SettingShown, ...]
    needs: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class CoachStatus:
    name: str
    kind: CoachKind


@dataclass(frozen=True, kw_only=True, slots=True)
class EnginesOverview:
    voice_engine_setting: str
    auto_choice: EngineChoice
    engines: tuple[EngineStatus, ...]
    coach: CoachStatus


def engines_overview(
    settings: EngineSettings, *, choice: EngineChoice, factory: EngineFactory, coach_name: str
) -> EnginesOverview:
    """Everything the Engines page and `GET /engines` show, in one place."""
    return EnginesOverview(
        voice_engine_setting=settings.voice_engine,
        auto_choice=choice,
        engines=tuple(engine_status(settings, factory=factory)),
        coach=CoachStatus(name=coach_name, kind='rule_based' if coach_name == RULE_BASED else 'ai'),
    )


def engine_status(settings: EngineSettings, *, factory: EngineFactory) -> list[EngineStatus]:
    """Each engine's settings and state. `factory` tells whether this build can run it: it hands out a stand-in
    (`UnavailableEngine`, with the reason) for an engine that cannot hold a call here. Nothing is connected."""
    return [_status(name, settings, factory) for name in ENGINE_NAMES]


def shown_url(url: str | None) -> str:
    """A URL without what could be a credential in it: no user or password, no query, no fragment."""
    if not url:
        return NOT_SET
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return 'set (not a URL)'
    host = parts.hostname if parts.port is None else f'{parts.hostname}:{parts.port}'
    return urlunsplit((parts.scheme, host, parts.path, '', ''))


def _status(name: str, settings: EngineSettings, factory: EngineFactory) -> EngineStatus:
    shown: Sequence[SettingShown]
    if name == 'hume_evi':
        configured = settings.hume_api_key_set
        shown = (
            _flag('HUME_API_KEY', settings.hume_api_key_set),
            _flag('HUME_SECRET_KEY', settings.hume_secret_key_set),
            SettingShown(name='HUME_CONFIG_ID', value_shown=settings.hume_config_id or 'not set (EVI default)'),
            SettingShown(name='HUME_API_URL', value_shown=shown_url(settings.hume_api_url)),
        )
        missing = 'Set HUME_API_KEY (and HUME_API_URL for an EVI-compatible server other than api.hume.ai).'
    elif name == 'openai_realtime':
        configured = settings.openai_api_key_set
        shown = (
            _flag('OPENAI_API_KEY', settings.openai_api_key_set),
            SettingShown(name='OPENAI_REALTIME_MODEL', value_shown=settings.openai_realtime_model),
            SettingShown(name='OPENAI_TRANSCRIBE_MODEL', value_shown=settings.openai_transcribe_model),
            SettingShown(name='OPENAI_TURN_DETECTION', value_shown=settings.openai_turn_detection),
            SettingShown(name='OPENAI_VAD_EAGERNESS', value_shown=settings.openai_vad_eagerness),
            SettingShown(name='OPENAI_REALTIME_URL', value_shown=_url_or_default(settings.openai_realtime_url)),
            SettingShown(name='OPENAI_BASE_URL', value_shown=_url_or_default(settings.openai_base_url)),
        )
        missing = 'Set OPENAI_API_KEY (and OPENAI_REALTIME_URL for a Realtime-compatible server other than OpenAI).'
    else:
        configured, shown, missing = True, (), ''
    reason = _unavailable_reason(factory, name)
    needs = missing if not configured else reason
    return EngineStatus(
        name=name,
        label=ENGINE_LABELS[name],
        configured=configured,
        available=configured and reason is None,
        settings=tuple(shown),
        needs=needs,
    )


def _unavailable_reason(factory: EngineFactory, name: str) -> str | None:
    # Building an engine opens nothing; connecting does, and only the connection test does that.
    try:
        engine = factory(name)
    except Exception as error:  # the overview must still show the other engines; the type says enough
        log.warning('building the %s engine failed: %s', name, type(error).__name__)
        return f'This server cannot build the {ENGINE_LABELS[name]} engine ({type(error).__name__}); see the log.'
    return engine.reason if isinstance(engine, UnavailableEngine) else None


def _flag(name: str, is_set: bool) -> SettingShown:
    return SettingShown(name=name, value_shown=SET if is_set else NOT_SET)


def _url_or_default(url: str | None) -> str:
    return shown_url(url) if url else "not set (the SDK's default)"
