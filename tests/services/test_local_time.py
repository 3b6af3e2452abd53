"""Times as the rep reads them: converted to the browser's zone with its abbreviation, summer time included, and
anything that is not a zone read as UTC."""

from datetime import UTC, date, datetime

import pytest

from services.local_time import date_time, day_of, end_of_day, file_stamp, zone_named

WINTER = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ('zone', 'winter', 'summer'),
    [
        ('Europe/Berlin', '2026-11-24 10:05 CET', '2026-07-01 14:00 CEST'),
        ('America/New_York', '2026-11-24 04:05 EST', '2026-07-01 08:00 EDT'),
        ('Australia/Sydney', '2026-11-24 20:05 AEDT', '2026-07-01 22:00 AEST'),  # summer in November
        ('Asia/Kolkata', '2026-11-24 14:35 IST', '2026-07-01 17:30 IST'),
        ('UTC', '2026-11-24 09:05 UTC', '2026-07-01 12:00 UTC'),
    ],
)
def test_a_moment_is_written_in_the_zone_with_its_abbreviation_of_that_date(
    zone: str, winter: str, summer: str
) -> None:
    assert date_time(WINTER, zone_named(zone)) == winter
    assert date_time(SUMMER, zone_named(zone)) == summer


def test_the_hour_the_clocks_go_forward() -> None:
    berlin = zone_named('Europe/Berlin')
    assert date_time(datetime(2026, 3, 29, 0, 59, tzinfo=UTC), berlin) == '2026-03-29 01:59 CET'
    assert date_time(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), berlin) == '2026-03-29 03:00 CEST'


def test_a_zone_without_letters_of_its_own_reads_as_an_offset_from_utc() -> None:
    assert date_time(WINTER, zone_named('America/Sao_Paulo')) == '2026-11-24 06:05 UTC-03'
    assert date_time(WINTER, zone_named('Asia/Kathmandu')) == '2026-11-24 14:50 UTC+05:45'


@pytest.mark.parametrize(
    'name',
    [
        None,
        '',
        'Mars/Olympus_Mons',
        'europe/berlin',  # the names are exact
        '../../../etc/passwd',
        '/usr/share/zoneinfo/Europe/Berlin',
        'localtime',
        'posixrules',
        'Europe/Berlin\n',
        'Europe/Berlin; path=/',
        '<script>alert(1)</script>',
        'A' * 10_000,
        42,
    ],
)
def test_anything_that_is_not_a_zone_is_utc(name: object) -> None:
    assert zone_named(name) is UTC
    assert date_time(WINTER, zone_named(name)) == '2026-11-24 09:05 UTC'


def test_a_moment_stored_without_a_zone_is_read_as_utc_not_the_servers_zone() -> None:
    naive = datetime(2026, 11, 24, 9, 5)  # what an old report may hold
    assert date_time(naive, zone_named('Europe/Berlin')) == '2026-11-24 10:05 CET'
    assert file_stamp(naive) == '2026-11-24-0905'


def test_without_a_zone_a_moment_is_utc_and_a_file_stamp_uses_the_same_time() -> None:
    assert date_time(WINTER) == '2026-11-24 09:05 UTC'
    assert file_stamp(WINTER) == '2026-11-24-0905'
    assert file_stamp(WINTER, zone_named('America/New_York')) == '2026-11-24-0405'


def test_a_due_date_ends_with_its_day_in_the_managers_zone_and_reads_as_that_day_there() -> None:
    los_angeles, tokyo = zone_named('America/Los_Angeles'), zone_named('Asia/Tokyo')
    due = end_of_day(date(2026, 12, 3), los_angeles)
    assert due == datetime(2026, 12, 4, 7, 59, tzinfo=UTC)  # 23:59 PST is 07:59 UTC the next day
    assert (day_of(due, los_angeles), day_of(due, UTC), day_of(due, tokyo)) == (
        '2026-12-03',
        '2026-12-04',
        '2026-12-04',
    )
    assert end_of_day(date(2026, 12, 3)) == datetime(2026, 12, 3, 23, 59, tzinfo=UTC)
