"""When a schedule fires, in UTC: the arithmetic behind due periods.

A schedule is a cron expression read in its own time zone's *wall clock*, so "daily 09:00
Europe/Kyiv" fires at 07:00 UTC in winter and 06:00 UTC in summer. Across DST changes:

- a wall time that does not exist (the hour skipped in spring) fires at the same distance
  past the jump, i.e. 02:30 becomes 03:30 the new time (Python's fold=0 reading of a gap);
- a wall time that happens twice (the hour repeated in autumn) fires once, the first time.

A *period* is the half-open span (previous fire, fire]; it is named by its end. All instants
here are timezone-aware UTC; the store keeps naive UTC (`to_db` / `from_db` convert).

`utc_now` is looked up at call time by the commands, so tests can move it (virtual time);
the scheduler takes its own clock callable.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.schedule.cron import CronExpr

# Far enough back and forth to find a leap-day schedule ("0 0 29 2 *") from any instant.
HORIZON_DAYS = 366 * 8 + 2


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_db(moment: datetime) -> datetime:
    """Aware -> naive UTC, as the store's DateTime columns hold it."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(moment: datetime) -> datetime:
    """Naive UTC from the store -> aware UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def fires_on(expr: CronExpr, zone: ZoneInfo, day: date) -> list[datetime]:
    """The UTC instants at which `expr` fires on local date `day`, in order, without repeats
    (two wall times in a DST gap can land on the same instant)."""
    if not expr.day_matches(day):
        return []
    instants = {
        datetime(day.year, day.month, day.day, h, m, tzinfo=zone).astimezone(UTC)
        for h, m in expr.times()
    }
    return sorted(instants)


def next_fire(expr: CronExpr, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first fire instant strictly after `after`; None if there is none within the
    horizon (a valid expression always has one)."""
    start = after.astimezone(zone).date()
    # Start a day early: near a DST change a local day's instants can straddle `after`.
    for offset in range(-1, HORIZON_DAYS):
        later = [t for t in fires_on(expr, zone, start + timedelta(days=offset)) if t > after]
        if later:
            return later[0]
    return None


def prev_fire(expr: CronExpr, zone: ZoneInfo, at: datetime) -> datetime | None:
    """The last fire instant at or before `at` (the end of the latest period that has ended)."""
    start = at.astimezone(zone).date()
    for offset in range(1, -HORIZON_DAYS, -1):
        earlier = [t for t in fires_on(expr, zone, start + timedelta(days=offset)) if t <= at]
        if earlier:
            return earlier[-1]
    return None


def fire_times(expr: CronExpr, zone: ZoneInfo, after: datetime, count: int) -> list[datetime]:
    """The next `count` fire instants after `after` (for `schedule show` and tests)."""
    out: list[datetime] = []
    moment: datetime | None = after
    while moment is not None and len(out) < count:
        moment = next_fire(expr, zone, moment)
        if moment is not None:
            out.append(moment)
    return out
