"""Text that every database can store: no NUL characters and no lone UTF-16 surrogates.

PostgreSQL refuses NUL in text and JSON, and no backend can encode a lone surrogate (JSON allows "\\ud800"),
so such input is refused at the edge with a clear message instead of failing deep inside a write.
"""

from typing import Annotated

from pydantic import AfterValidator


def storable_problem(value: str) -> str | None:
    """Why `value` cannot be stored, or None when it can."""
    if '\x00' in value:
        return 'must not contain NUL characters'
    try:
        value.encode('utf-8')
    except UnicodeEncodeError:
        return 'must be valid Unicode (it contains a lone surrogate)'
    return None


def _storable(value: str) -> str:
    problem = storable_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


StorableStr = Annotated[str, AfterValidator(_storable)]


def make_storable(value: str) -> str:
    """`value` with NUL characters dropped and lone surrogates replaced: for text from providers, not from users."""
    return value.replace('\x00', '').encode('utf-8', 'replace').decode('utf-8')
