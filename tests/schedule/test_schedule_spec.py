"""Schedules as typed -> validated (cron, time zone); every mistake named."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.errors import InvalidInput
from bot.schedule.cron import parse_cron
from bot.schedule.spec import describe, parse_duration, parse_schedule, parse_since
from tests.schedule.conftest import utc


@pytest.mark.parametrize(
    ("typed", "cron", "tz"),
    [
        ("daily 09:00 Europe/Kyiv", "0 9 * * *", "Europe/Kyiv"),
        ("weekdays 18:00 UTC", "0 18 * * 1-5", "UTC"),
        ("weekly mon 08:00", "0 8 * * 1", "UTC"),
        ("Weekly Friday 17:30 America/New_York", "30 17 * * 5", "America/New_York"),
        ("every day 9am", "0 9 * * *", "UTC"),
        ("every monday 6 pm europe/kyiv", "0 18 * * 1", "Europe/Kyiv"),
        ("weekends 10:00", "0 10 * * 0,6", "UTC"),
        ("hourly :30", "30 * * * *", "UTC"),
        ("cron 0 9 * * 1-5 Europe/Kyiv", "0 9 * * 1-5", "Europe/Kyiv"),
        ('cron "15 7 1 * *" Asia/Tokyo', "15 7 1 * *", "Asia/Tokyo"),
        ("0 9 * * mon-fri", "0 9 * * mon-fri", "UTC"),
        ("@daily Europe/Paris", "0 0 * * *", "Europe/Paris"),
    ],
)
def test_friendly_forms_and_cron_become_cron_and_zone(typed: str, cron: str, tz: str) -> None:
    schedule = parse_schedule(typed)
    assert (schedule.cron, schedule.tz) == (cron, tz)


def test_time_zone_defaults_to_the_given_default_and_an_option_may_supply_it() -> None:
    assert parse_schedule("daily 09:00", default_tz="Europe/Kyiv").tz == "Europe/Kyiv"
    assert parse_schedule("daily 09:00", tz="Asia/Tokyo").tz == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("daily 25:00", "“25:00” is not a time of day: the hour must be 00 to 23 (got 25)"),
        ("daily 09:75", "the minutes must be 00 to 59 (got 75)"),
        ("daily 13pm", "with am/pm the hour must be 1 to 12"),
        ("daily 09:00 Mars/Olympus", "unknown time zone “Mars/Olympus”"),
        ("daily 09:00 Kyiv", "unknown time zone “Kyiv”; use an IANA name such as Europe/Kyiv"),
        ("cron", "the cron expression is empty; give five fields"),
        ('cron ""', "the cron expression is empty; give five fields"),
        ("", "give a schedule, e.g. daily 09:00 Europe/Kyiv"),
        ("cron 0 9 * *", "has five fields (minute hour day-of-month month day-of-week)"),
        ("cron 0 25 * * *", "the hour field allows 0-23; 25 (in “25”) is out of range"),
        ("cron 0 9 * * 8", "the day-of-week field allows 0-7"),
        ("cron 0 9 * * someday", "the day-of-week field allows 0-7 or sun-sat"),
        ("cron 0 9 5-1 * *", "runs backwards"),
        ("cron 0 9 30 2 *", "never fires"),
        ("*/15 * * * *", "digests post at most hourly"),
        ("weekly 08:00", "“08:00” is not a day of the week"),
        ("fortnightly", "is not a schedule I can read"),
        ("cron 0 9 * * * Europe/Kyiv extra", "is not one time zone"),
        ("x" * 300, "the limit is 200"),
    ],
)
def test_invalid_schedules_name_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_schedule(typed)
    assert message in error.value.message


def test_two_different_time_zones_are_refused() -> None:
    with pytest.raises(InvalidInput, match="two time zones"):
        parse_schedule("daily 09:00 Europe/Kyiv", tz="UTC")


def test_a_time_zone_option_that_is_empty_or_unknown_is_named() -> None:
    with pytest.raises(InvalidInput, match="unknown time zone “Atlantis/Capital”"):
        parse_schedule("daily 09:00", tz="Atlantis/Capital")
    with pytest.raises(InvalidInput, match="unknown time zone “localtime”"):
        parse_schedule("daily 09:00", tz="localtime")


def test_cron_day_rules_follow_vixie_cron() -> None:
    from zoneinfo import ZoneInfo

    from bot.schedule.periods import fire_times

    utc_zone = ZoneInfo("UTC")
    either = parse_cron("0 9 13 * fri")  # the 13th, or any Friday
    assert [t.date().isoformat() for t in fire_times(either, utc_zone, utc(2024, 9, 1), 7)] == [
        "2024-09-06",  # a Friday
        "2024-09-13",  # a Friday the 13th, once
        "2024-09-20",
        "2024-09-27",
        "2024-10-04",
        "2024-10-11",
        "2024-10-13",  # a Sunday the 13th; not the 14th
    ]
    sundays = fire_times(parse_cron("0 0 * * 7"), utc_zone, utc(2024, 9, 1), 2)  # 7 is Sunday
    assert sundays == [utc(2024, 9, 8), utc(2024, 9, 15)]


def test_cron_names_and_equal_ranges_are_given_to_croniter_as_cron_means_them() -> None:
    # croniter knows only three-letter names, and reads "9-9" as every hour.
    assert parse_cron("0 9-9 * * monday").text == "0 9 * * mon"
    assert parse_cron("@weekly").text == "0 0 * * 0"
    assert parse_cron("0 9 * * mon-fri").minutes == {0}


@pytest.mark.parametrize(
    ("cron", "message"),
    [
        ("0 9 L * *", "the day-of-month field allows 1-31; “L” is not one of them"),
        ("0 9 * * 5#2", "the day-of-week field allows 0-7 or sun-sat; “5#2”"),
        ("R 9 * * *", "the minute field allows 0-59; “R” is not one of them"),
        ("0 9 ? * *", "the day-of-month field allows 1-31"),
        ("0 9 0 * *", "the day-of-month field allows 1-31; 0 (in “0”) is out of range"),
        ("0 9 * 1-13 *", "the month field allows 1-12; 13 (in “1-13”) is out of range"),
        ("0 9 * * fri-mon", "runs backwards"),
        ("0 */0 * * *", "the hour step in “*/0” must be a whole number of at least 1"),
        ("0 9,,10 * * *", "has an empty list item"),
        ("0 \u0669 * * *", "the hour field allows 0-23; “\u0669” is not one of them"),
        ("0 9 31 4,6 *", "never fires"),
        ("@fortnightly", "unknown cron shortcut"),
    ],
)
def test_cron_mistakes_name_the_field_the_value_and_the_limit(cron: str, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_cron(cron)
    assert message in error.value.message


@pytest.mark.parametrize(
    ("cron", "text"),
    [
        ("0 9 * * *", "every day at 09:00 (Europe/Kyiv)"),
        ("0 18 * * 1-5", "on weekdays at 18:00 (Europe/Kyiv)"),
        ("0 8 * * 1", "every Monday at 08:00 (Europe/Kyiv)"),
        ("30 * * * *", "every hour at :30 (Europe/Kyiv)"),
        ("0 9 1 * *", "cron “0 9 1 * *” (Europe/Kyiv)"),
    ],
)
def test_stored_schedules_read_back_in_words(cron: str, text: str) -> None:
    assert describe(cron, "Europe/Kyiv") == text


def test_durations_and_since() -> None:
    assert parse_duration("6h", what="grace", limit=timedelta(days=7)) == timedelta(hours=6)
    with pytest.raises(InvalidInput, match="the limit is 7 days"):
        parse_duration("8d", what="grace", limit=timedelta(days=7))
    with pytest.raises(InvalidInput, match="not a duration"):
        parse_duration("soon", what="grace", limit=timedelta(days=7))
    now = utc(2024, 4, 1, 12)
    assert parse_since("24h", now=now, tz="UTC") == utc(2024, 3, 31, 12)
    # A bare date is midnight in the channel's time zone (Kyiv is UTC+3 in summer).
    assert parse_since("2024-04-01", now=now, tz="Europe/Kyiv") == utc(2024, 3, 31, 21)
    with pytest.raises(InvalidInput, match="in the future"):
        parse_since("2024-05-01", now=now, tz="UTC")
    with pytest.raises(InvalidInput, match="neither a duration"):
        parse_since("last tuesday", now=now, tz="UTC")
