"""What an admin sees about the voice engines: which settings each has, what it still needs, and the coach.

Read from the engines' declarations; a secret is only ever "set" or "not set" here, so no key can reach the page
or the API through this module.
"""

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from services.voice.engine_spec import EngineSpec, SettingSpec, SettingValues
from services.voice.registry import EngineChoice, RunningEngines

SET = 'set'
NOT_SET = 'not set'

CoachKind = Literal['ai', 'rule_based']


@dataclass(frozen=True, kw_only=True, slots=True)
class SettingShown:
    name: str
    value_shown: str


@dataclass(frozen=True, kw_only=True, slots=True)
class EngineStatus:
    """One engine as the admin sees it.

    Attributes:
        configured: the settings it cannot do without are set.
        available: this server would open a call with it now (configured, and it started).
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
    values: SettingValues, *, preference: str, choice: EngineChoice, running: RunningEngines, coach: CoachStatus
) -> EnginesOverview:
    """Everything the Engines page and `GET /engines` show, in one place. Nothing is connected."""
    return EnginesOverview(
        voice_engine_setting=preference,
        auto_choice=choice,
        engines=tuple(engine_status(spec, values, running) for spec in running.specs),
        coach=coach,
    )


def engine_status(spec: EngineSpec, values: SettingValues, running: RunningEngines) -> EngineStatus:
    configured = spec.configured(values)
    reason = running.unavailable_reason(spec.name)
    return EngineStatus(
        name=spec.name,
        label=spec.label,
        configured=configured,
        available=configured and reason is None,
        settings=tuple(SettingShown(name=s.name, value_shown=shown(s, values)) for s in spec.settings),
        needs=reason if configured else spec.needs,
    )


def shown(setting: SettingSpec, values: SettingValues) -> str:
    """A setting as the admin may see it: a secret as set or not, a URL without credentials."""
    if setting.secret:
        return SET if values.is_set(setting.name) else NOT_SET
    value = values.text(setting.name)
    if not value:
        return setting.unset
    return shown_url(value) if setting.url else value


def shown_url(url: str | None) -> str:
    """A URL without what could be a credential in it: no user or password, no query, no fragment."""
    if not url:
        return NOT_SET
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return 'set (not a URL)'
    host = parts.hostname if parts.port is None else f'{parts.hostname}:{parts.port}'
    return urlunsplit((parts.scheme, host, parts.path, '', ''))
