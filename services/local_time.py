"""A moment as the rep reads it: date, time and zone in the rep's own time zone, the one way pages and the
Markdown write it ('2026-11-24 10:05 CET')."""

import re
from datetime import UTC, date, datetime, time, tzinfo
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo

# An IANA name: 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5'. Anything else (a path, a very long
# or odd string from a browser) is not even looked up.
ZONE_NAME = re.compile(r'[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}')
ZONE_NAME_MAX = 64


def zone_named(name: object) -> tzinfo:
    """The IANA zone called `name`, or UTC for anything that is not one: the name comes from the browser."""
    if not isinstance(name, str) or len(name) > ZONE_NAME_MAX or not ZONE_NAME.fullmatch(name):
        return UTC
    if name not in _known_zones():  # not any file ZoneInfo could open ('localtime' is the server's zone)
        return UTC
    return ZoneInfo(name)


def zone_names() -> list[str]:
    """Every IANA zone name, sorted, for a picker."""
    return sorted(_known_zones())


def is_zone_name(name: str) -> bool:
    """Whether `name` is an IANA zone (what an account may choose)."""
    return len(name) <= ZONE_NAME_MAX and ZONE_NAME.fullmatch(name) is not None and name in _known_zones()


def date_time(moment: datetime, zone: tzinfo = UTC) -> str:
    """'2026-11-24 10:05 CET': minutes, and the zone's abbreviation at that moment (so summer time shows)."""
    local = _as_utc(moment).astimezone(zone)
    return f'{local:%Y-%m-%d %H:%M} {zone_abbreviation(local)}'


def day_of(moment: datetime, zone: tzinfo = UTC) -> str:
    """'2026-11-24': the date of the moment in the zone (a due date as its reader's calendar has it)."""
    return f'{_as_utc(moment).astimezone(zone):%Y-%m-%d}'


def end_of_day(day: date, zone: tzinfo = UTC) -> datetime:
    """The last minute of `day` in the zone, in UTC: a due date chosen in a manager's zone ends when their day
    does."""
    return datetime.combine(day, time(23, 59), tzinfo=zone).astimezone(UTC)


def file_stamp(moment: datetime, zone: tzinfo = UTC) -> str:
    """'2026-11-24-1005', the same local time for a file's name."""
    return f'{_as_utc(moment).astimezone(zone):%Y-%m-%d-%H%M}'


def zone_abbreviation(local: datetime) -> str:
    """'CET', 'EDT', 'UTC'; a zone with no letters of its own ('-03', '+0545') reads as an offset from UTC."""
    name = local.tzname() or 'UTC'
    if not name.startswith(('+', '-')):
        return name
    sign, digits = name[0], name[1:]
    return f'UTC{sign}{digits[:2]}' + (f':{digits[2:]}' if digits[2:] else '')


def _as_utc(moment: datetime) -> datetime:
    """A moment without a zone is UTC, as every time the app stores (not the server's own zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@cache
def _known_zones() -> frozenset[str]:
    """The IANA names, as the tzdata package lists them (the same on every machine)."""
    return frozenset(files('tzdata').joinpath('zones').read_text().split())
