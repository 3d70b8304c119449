"""Schedules as people write them, turned into a validated (cron, time zone) pair.

Accepted forms (case does not matter; the time zone is optional and defaults to the
channel's current one, else UTC):

    daily 09:00 Europe/Kyiv        every day 9am
    weekdays 18:00 UTC             weekends 10:00
    weekly mon 08:00               every monday 08:00
    hourly                         hourly :30
    cron 0 9 * * 1-5 Europe/Kyiv   0 9 * * 1-5 America/New_York     @daily

A digest posts at most once an hour, so the cron minute field must be a single number.
Every mistake raises InvalidInput naming the part that is wrong and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.errors import InvalidInput
from bot.schedule import periods
from bot.schedule.cron import HORIZON_YEARS, CronExpr, parse_cron

EXAMPLES = "daily 09:00 Europe/Kyiv, weekdays 18:00 UTC, weekly mon 08:00 or cron 0 9 * * 1-5 UTC"
MAX_SCHEDULE_CHARS = 200
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)
_DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DAY_WORDS = {name[:3].lower(): index for index, name in enumerate(_DAY_NAMES)}  # cron: 0 = Sun
# Files in the tz database that are not places.
_NOT_ZONES = {"localtime", "posixrules", "Factory"}


@dataclass(frozen=True)
class Schedule:
    """A validated schedule: what is stored in subscription.cron / subscription.timezone."""

    cron: str
    tz: str

    @cached_property
    def expr(self) -> CronExpr:
        return parse_cron(self.cron)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def next_after(self, moment: datetime) -> datetime | None:
        return periods.next_fire(self.expr, self.zone, moment)

    def last_at(self, moment: datetime) -> datetime | None:
        return periods.prev_fire(self.expr, self.zone, moment)

    def describe(self) -> str:
        return describe(self.cron, self.tz)

    def local(self, moment: datetime) -> str:
        """ "2024-04-01 09:00 Europe/Kyiv" """
        return f"{moment.astimezone(self.zone):%Y-%m-%d %H:%M} {self.tz}"


def parse_schedule(text: str, *, tz: str | None = None, default_tz: str = "UTC") -> Schedule:
    """`text` as typed after “schedule set”; `tz` is a separately given time zone option."""
    raw = " ".join(text.replace("“", '"').replace("”", '"').replace('"', " ").split())
    if not raw:
        raise InvalidInput(f"give a schedule, e.g. {EXAMPLES}")
    if len(raw) > MAX_SCHEDULE_CHARS:
        raise InvalidInput(
            f"the schedule is {len(raw)} characters long; the limit is {MAX_SCHEDULE_CHARS}"
        )
    words = raw.split()
    head = words[0].lower()
    if head == "cron" or head.startswith("@") or _looks_like_cron(words):
        fields = words[1:] if head == "cron" else words
        # "@daily" is one field standing for five; expand it for storage.
        size = 1 if fields and fields[0].startswith("@") else 5
        cron = parse_cron(" ".join(fields[:size])).text if size == 1 else " ".join(fields[:5])
        zone_words = fields[size:]
    else:
        cron, zone_words = _friendly(words, raw)
    zone = _zone(zone_words, tz, default_tz)
    expr = parse_cron(cron)
    _check_frequency(expr, cron)
    schedule = Schedule(cron=expr.text, tz=zone)
    if schedule.next_after(periods.utc_now()) is None:
        raise InvalidInput(f"“{raw}” never fires in the next {HORIZON_YEARS} years")
    return schedule


def _looks_like_cron(words: list[str]) -> bool:
    first = words[0].lower()
    return first[0] in "0123456789*" and ":" not in first and not first.endswith(("am", "pm"))


def _zone(words: list[str], option: str | None, default: str) -> str:
    if len(words) > 1:
        raise InvalidInput(
            f"“{' '.join(words)}” is not one time zone; give one IANA name such as Europe/Kyiv"
        )
    typed = words[0] if words else None
    if typed and option and typed.strip() != option.strip():
        raise InvalidInput(f"two time zones given ({typed} and {option}); give one")
    return check_zone(typed or option or default)


@cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones() - _NOT_ZONES}


def canonical_zone(name: str) -> str | None:
    """The tz database's spelling of `name` (case-insensitive), or None if unknown."""
    cleaned = name.strip()
    if cleaned.upper() in ("UTC", "Z", "GMT"):
        return "UTC" if cleaned.upper() != "GMT" else "GMT"
    found = _zone_names().get(cleaned.lower())
    if found is None:
        return None
    try:
        ZoneInfo(found)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return found


def check_zone(name: str) -> str:
    found = canonical_zone(name)
    if found is None:
        shown = name.strip() or "(empty)"
        raise InvalidInput(
            f"unknown time zone “{shown[:64]}”; use an IANA name such as Europe/Kyiv, "
            "America/New_York or UTC"
        )
    return found


def _friendly(words: list[str], raw: str) -> tuple[str, list[str]]:
    """Friendly form -> (cron, the words left over, which must be a time zone)."""
    head, rest = words[0].lower(), words[1:]
    if head == "every" and rest:
        head, rest = rest[0].lower(), rest[1:]
        head = {"day": "daily", "weekday": "weekdays", "hour": "hourly"}.get(head, head)
    if head == "hourly":
        minute, rest = _minute(rest, raw)
        return f"{minute} * * * *", rest
    if head in ("daily", "weekdays", "weekends"):
        hour, minute, rest = _time(rest, raw)
        days = {"daily": "*", "weekdays": "1-5", "weekends": "0,6"}[head]
        return f"{minute} {hour} * * {days}", rest
    if head == "weekly":
        if not rest:
            raise InvalidInput("weekly needs a day and a time, e.g. “weekly mon 08:00”")
        day = _day(rest[0])
        hour, minute, rest = _time(rest[1:], raw)
        return f"{minute} {hour} * * {day}", rest
    day = _day(head, strict=False)
    if day is not None:  # "monday 08:00", "every monday 08:00"
        hour, minute, rest = _time(rest, raw)
        return f"{minute} {hour} * * {day}", rest
    raise InvalidInput(f"“{raw}” is not a schedule I can read; use e.g. {EXAMPLES}")


def _day(word: str, *, strict: bool = True) -> int | None:
    lowered = word.lower().rstrip("s")  # "mondays"
    for key, index in _DAY_WORDS.items():
        if lowered[:3] == key and _DAY_NAMES[index].lower().startswith(lowered):
            return index
    if strict:
        raise InvalidInput(
            f"“{word}” is not a day of the week; use mon, tue, wed, thu, fri, sat or sun"
        )
    return None


def _time(words: list[str], raw: str) -> tuple[int, int, list[str]]:
    """Read a time of day from the front of `words`: (hour, minute, the words after it)."""
    if not words:
        raise InvalidInput(f"“{raw}” needs a time of day, e.g. 09:00 or 6pm")
    used = 2 if len(words) > 1 and words[1].lower().replace(".", "") in ("am", "pm") else 1
    text = " ".join(words[:used])
    match = _TIME.match(text)
    if not match or (match.group(2) is None and match.group(3) is None):
        raise InvalidInput(f"“{text}” is not a time of day; write HH:MM (24-hour) or e.g. 6pm")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise InvalidInput(
                f"“{text}” is not a time of day: with am/pm the hour must be 1 to 12"
            )
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23:
        raise InvalidInput(f"“{text}” is not a time of day: the hour must be 00 to 23 (got {hour})")
    if minute > 59:
        raise InvalidInput(
            f"“{text}” is not a time of day: the minutes must be 00 to 59 (got {minute})"
        )
    return hour, minute, words[used:]


def _minute(words: list[str], raw: str) -> tuple[int, list[str]]:
    if not words or not (words[0].startswith(":") or words[0].isdigit()):
        return 0, words
    text = words[0].lstrip(":")
    if not text.isdigit() or int(text) > 59:
        raise InvalidInput(f"“{raw}”: hourly takes the minute past the hour, 0 to 59, e.g. :30")
    return int(text), words[1:]


def _check_frequency(expr: CronExpr, cron: str) -> None:
    if len(expr.minutes) != 1:
        raise InvalidInput(
            f"“{cron}” would post more than once an hour; digests post at most hourly, so the "
            "minute field must be one number from 0 to 59"
        )


def describe(cron: str, tz: str) -> str:
    """A readable form of a stored schedule: "every day at 09:00 (Europe/Kyiv)"."""
    fields = cron.split()
    where = f" ({tz})"
    if len(fields) != 5:
        return f"cron “{cron}”{where}"
    minute, hour, dom, month, dow = fields
    if not (minute.isdigit() and dom == "*" and month == "*"):
        return f"cron “{cron}”{where}"
    if hour == "*" and dow == "*":
        return f"every hour at :{int(minute):02d}{where}"
    if not hour.isdigit():
        return f"cron “{cron}”{where}"
    at = f"{int(hour):02d}:{int(minute):02d}"
    if dow == "*":
        return f"every day at {at}{where}"
    if dow == "1-5":
        return f"on weekdays at {at}{where}"
    if dow == "0,6":
        return f"on Saturdays and Sundays at {at}{where}"
    if dow.isdigit():
        return f"every {_DAY_NAMES[int(dow) % 7]} at {at}{where}"
    return f"cron “{cron}”{where}"


_DURATION = re.compile(r"^(\d+)\s*([smhdw]?)$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str, *, what: str, limit: timedelta) -> timedelta:
    """ "6h", "90m", "2d", "3600" (seconds) -> timedelta, at most `limit`."""
    match = _DURATION.match(text.strip())
    if not match:
        raise InvalidInput(
            f"the {what} “{text}” is not a duration; write a number with s, m, h, d or w, e.g. 6h"
        )
    value = timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2).lower()])
    if value > limit:
        raise InvalidInput(f"the {what} {text} is too long; the limit is {_human(limit)}")
    return value


def _human(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} seconds"


MAX_SINCE = timedelta(days=366)


def parse_since(text: str, *, now: datetime, tz: str) -> datetime:
    """ "24h", "7d", "2024-03-01" (midnight in `tz`) or "2024-03-01 09:00" (in `tz`) ->
    an aware UTC instant no more than a year before `now`."""
    raw = " ".join(text.split())
    if _DURATION.match(raw):
        return now - parse_duration(raw, what="since", limit=MAX_SINCE)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            f"since “{raw[:40]}” is neither a duration (e.g. 24h, 7d) nor a date or time "
            "(YYYY-MM-DD or YYYY-MM-DD HH:MM)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    moment = moment.astimezone(UTC)
    if moment > now:
        raise InvalidInput(f"since {raw} is in the future")
    if now - moment > MAX_SINCE:
        raise InvalidInput(f"since {raw} is too far back; the limit is {_human(MAX_SINCE)}")
    return moment
