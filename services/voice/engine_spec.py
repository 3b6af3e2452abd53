"""How a voice engine is declared: once, in its own module, with everything the rest of the house reads of it.

The registry (services/voice/registry.py) lists the declarations; choosing an engine, the Engines page, the status
API, the practice page and the live calls all read them there.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pydantic import SecretStr

from services.voice.engine import VoiceEngine

if TYPE_CHECKING:
    from services.voice.engine_check import EngineCheck


@dataclass(frozen=True, kw_only=True, slots=True)
class SettingSpec:
    """One environment setting an engine reads, and how the admin is shown it.

    Attributes:
        name: the environment variable.
        secret: shown only as "set" or "not set".
        url: shown without what could be a credential (user, password, query).
        required: the engine cannot run without it.
        unset: what the admin reads when it is not set.
    """

    name: str
    secret: bool = False
    url: bool = False
    required: bool = False
    unset: str = 'not set'


class SettingValues:
    """The server's settings by environment name. Only an engine's factory reads a secret's value."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self._values = dict(values)

    def is_set(self, name: str) -> bool:
        return self._values.get(name) is not None

    def text(self, name: str) -> str | None:
        """A setting that is not secret, as text (None when unset)."""
        value = self._values.get(name)
        if isinstance(value, SecretStr):
            raise TypeError(f'{name} is a secret; read it with secret()')
        return None if value is None else str(value)

    def secret(self, name: str) -> str | None:
        value = self._values.get(name)
        if isinstance(value, SecretStr):
            return value.get_secret_value()
        return None if value is None else str(value)

    def required(self, name: str) -> str:
        """A setting the engine cannot run without (secret or not); the registry starts it only when set."""
        value = self.secret(name)
        if value is None:
            raise KeyError(name)
        return value

    def __repr__(self) -> str:  # names only: values may be secrets
        return f'SettingValues({sorted(name for name in self._values if self.is_set(name))})'


class EngineProvider(Protocol):
    """What an engine's calls share for the life of the server (a vendor client, a loaded model)."""

    def new_engine(self) -> VoiceEngine:
        """A fresh engine for one call; opens nothing until the engine connects."""
        ...

    async def aclose(self) -> None:
        """Closes what the calls shared; calls still running keep their own connections."""
        ...


@dataclass(frozen=True, slots=True)
class Provider:
    """An EngineProvider from two functions: make an engine, and (optionally) close what they share."""

    make: Callable[[], VoiceEngine]
    close: Callable[[], Awaitable[None]] | None = None

    def new_engine(self) -> VoiceEngine:
        return self.make()

    async def aclose(self) -> None:
        if self.close is not None:
            await self.close()


class Identified(Protocol):
    """What an engine's class says of itself."""

    name: str
    label: str
    gives_prosody: bool


ConnectionCheck = Callable[['EngineSpec', EngineProvider, float], Awaitable['EngineCheck']]


@dataclass(frozen=True, kw_only=True, slots=True)
class EngineSpec:
    """One voice engine, declared once.

    Attributes:
        name: as settings, stored calls and the API know it (`demo`, `hume_evi`, ...).
        label: as people read it.
        gives_prosody: its rep lines carry prosody scores (else the live bars come from our own tone analysis).
        start: builds its provider from the settings, once at start-up; called only when it is configured.
        settings: the settings it reads, in the order the Engines page shows them.
        needs: what to set, in words, while a required setting is missing.
        auto_because: why `VOICE_ENGINE=auto` picks it when it is configured ("a Hume API key is configured");
            None for an engine that auto picks only as the last resort.
        check: its connection test; None opens a session and closes it again.
        demo: a scripted stand-in for a real prospect, labelled as such wherever a rep meets it.
        unmet: what it still needs beyond its required settings, in words (for needs that one of several settings
            meets, as each stage of the pipeline has).
    """

    name: str
    label: str
    gives_prosody: bool
    start: Callable[[SettingValues], EngineProvider]
    settings: tuple[SettingSpec, ...] = ()
    needs: str = ''
    auto_because: str | None = None
    check: ConnectionCheck | None = None
    demo: bool = False
    unmet: Callable[[SettingValues], list[str]] | None = None

    @classmethod
    def of(
        cls,
        engine: type['Identified'],
        *,
        start: Callable[[SettingValues], EngineProvider],
        settings: tuple[SettingSpec, ...] = (),
        needs: str = '',
        auto_because: str | None = None,
        check: ConnectionCheck | None = None,
        demo: bool = False,
        unmet: Callable[[SettingValues], list[str]] | None = None,
    ) -> 'EngineSpec':
        """The declaration of `engine`, whose class already says its name, label and whether it gives prosody."""
        return cls(
            name=engine.name,
            label=engine.label,
            gives_prosody=engine.gives_prosody,
            start=start,
            settings=settings,
            needs=needs,
            auto_because=auto_because,
            check=check,
            demo=demo,
            unmet=unmet,
        )

    def configured(self, values: SettingValues) -> bool:
        return not self.missing(values)

    def missing(self, values: SettingValues) -> list[str]:
        required = [s.name for s in self.settings if s.required and not values.is_set(s.name)]
        return required + (self.unmet(values) if self.unmet is not None else [])
