"""The admin's "Test connection" of an engine that declares no test of its own: open a session, close it, and say
in words how it went.

Failures are put in our own words: an exception's text can carry a key (SDKs print request headers), so it is
never shown or logged; only its type is logged.
"""

import asyncio
import logging
import socket
import ssl
import time

from pydantic import BaseModel

from services.library.builtins import BUILTIN_PROSPECTS
from services.voice.engine import EngineConfig, EngineUnavailable, VoiceEngine
from services.voice.engine_spec import EngineProvider, EngineSpec

log = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 15.0
CLOSE_TIMEOUT_S = 5.0


class EngineCheck(BaseModel):
    engine: str
    ok: bool
    seconds: float
    message: str


async def connect_and_close(spec: EngineSpec, provider: EngineProvider, timeout_s: float) -> EngineCheck:
    """Connects a fresh engine for a throwaway call (the first built-in prospect, no scenario) and closes it again.

    Args:
        spec: the engine's declaration (its name and label word the answer).
        provider: what the server's calls of this engine share; the test's engine comes from it, as a call's does.
        timeout_s: how long the connection may take before the test gives up.

    Returns:
        Whether a session opened, how long that took (or how long the test ran before it failed), and why not.
    """
    name, label = spec.name, spec.label
    started = time.monotonic()
    engine: VoiceEngine | None = None
    try:
        engine = provider.new_engine()
        config = EngineConfig.builtin(next(iter(BUILTIN_PROSPECTS)))
        async with asyncio.timeout(timeout_s):
            await engine.connect(config)
        seconds = time.monotonic() - started  # opening is what is timed; closing is not part of the answer
    except EngineUnavailable as refused:
        return refusal(name, refused.rep_message, started=started)
    except Exception as error:  # every failure becomes words; none may escape as a server error
        log.warning('the connection test of %s failed: %s', name, type(error).__name__)
        return refusal(name, _in_words(error, label=label, timeout_s=timeout_s), started=started)
    finally:
        if engine is not None:
            await _close_quietly(engine, name)
    return EngineCheck(
        engine=name, ok=True, seconds=round(seconds, 3), message=f'{label} works: a session opened in {_took(seconds)}.'
    )


def refusal(name: str, message: str, *, started: float | None = None) -> EngineCheck:
    """A failed test, with how long it ran."""
    seconds = 0.0 if started is None else round(time.monotonic() - started, 3)
    return EngineCheck(engine=name, ok=False, seconds=seconds, message=message)


def _took(seconds: float) -> str:
    if seconds < 0.001:
        return 'under 1 ms'
    return f'{seconds * 1000:.0f} ms' if seconds < 1 else f'{seconds:.1f} s'


def _in_words(error: Exception, *, label: str, timeout_s: float) -> str:
    """What went wrong, from the exception's type and status code only (never its text)."""
    if isinstance(error, TimeoutError):
        return f'{label} did not answer within {timeout_s:g} seconds; the server is slow or unreachable.'
    status = _http_status(error)
    if status in (401, 403):
        return f'{label} refused the API key (HTTP {status}); check the key in the settings.'
    if status is not None:
        return f'{label} refused the connection (HTTP {status}).'
    if isinstance(error, ConnectionRefusedError):
        return f'{label} cannot be reached: nothing answers at the configured address (connection refused).'
    if isinstance(error, socket.gaierror):
        return f"{label} cannot be reached: the server's host name cannot be resolved."
    if isinstance(error, ssl.SSLError):
        return f'{label} cannot be reached: the secure (TLS) connection failed.'
    if isinstance(error, OSError):
        return f'{label} cannot be reached ({type(error).__name__}).'
    return f'The connection test of {label} failed ({type(error).__name__}); the server log has the time it happened.'


def _http_status(error: Exception) -> int | None:
    """The HTTP status an SDK's error carries (`status_code`, or a response's), if any."""
    for holder in (error, getattr(error, 'response', None)):
        status = getattr(holder, 'status_code', None)
        if isinstance(status, int) and 100 <= status <= 599:
            return status
    return None


async def _close_quietly(engine: VoiceEngine, name: str) -> None:
    try:
        async with asyncio.timeout(CLOSE_TIMEOUT_S):
            await engine.close()
    except Exception as error:  # the test's answer is about opening a session; a failed close is only logged
        log.warning('closing the %s engine after its connection test failed: %s', name, type(error).__name__)
