"""When a schedule fires, in UTC: the arithmetic behind due periods.

A schedule is a cron expression read in its own time zone's *wall clock*, so "daily 09:00
Europe/Kyiv" fires at 07:00 UTC in winter and 06:00 UTC in summer. Across DST changes:

- a wall time that does not exist (the hour skipped in spring) fires at the same distance
  past the jump, i.e. 02:30 becomes 03:30 the new time (Python's fold=0 reading of a gap);
- a wall time that happens twice (the hour repeated in autumn) fires once, the first time.

croniter gives the wall times; we read them in the zone ourselves. Given an aware start,
croniter moves a skipped 02:30 to 03:00 (and skips it altogether when the hour field is
`*`) and fires a repeated 02:30 twice, so it iterates naive wall times here and each is
read with zoneinfo, fold=0: that one rule gives both behaviours above. Two wall times can
then become one instant (02:30 in the gap and 03:30 both are 01:30 UTC in Berlin), and a
later wall time can be an earlier instant, so the search looks `_MAX_SHIFT` of wall time
either side and takes the nearest instant; it fires once.

A *period* is the half-open span (previous fire, fire]; it is named by its end. All instants
here are timezone-aware UTC; the store keeps naive UTC (`to_db` / `from_db` convert).

`utc_now` is looked up at call time by the commands, so tests can move it (virtual time);
the scheduler takes its own clock callable.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import CroniterBadDateError

from bot.schedule.cron import CronExpr

# Every UTC offset in the tz database since 1900 lies within UTC-12 and UTC+14, so two
# wall times taken in wall-clock order are out of order as instants by at most 26 hours.
_MAX_SHIFT = timedelta(hours=26)


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_db(moment: datetime) -> datetime:
    """Aware -> naive UTC, as the store's DateTime columns hold it."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(moment: datetime) -> datetime:
    """Naive UTC from the store -> aware UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def _instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """A wall time in `zone` as UTC: fold=0 is the first of a repeated time, and puts a
    skipped time as far past the jump as it was past the start of the gap."""
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def next_fire(expr: CronExpr, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first fire instant strictly after `after`; None if there is none within the
    horizon (a valid expression always has one)."""
    # A wall time before this cannot be an instant after `after`.
    wall_times = expr.iterator(_wall(after, zone) - _MAX_SHIFT - timedelta(minutes=1))
    best: tuple[datetime, datetime] | None = None  # (instant, wall time)
    try:
        while True:
            wall = wall_times.get_next()
            if best is not None and wall >= best[1] + _MAX_SHIFT:
                return best[0]  # no later wall time can be an earlier instant
            instant = _instant(wall, zone)
            if instant > after and (best is None or instant < best[0]):
                best = (instant, wall)
    except CroniterBadDateError:
        return best[0] if best else None


def prev_fire(expr: CronExpr, zone: ZoneInfo, at: datetime) -> datetime | None:
    """The last fire instant at or before `at` (the end of the latest period that has ended)."""
    wall_times = expr.iterator(_wall(at, zone) + _MAX_SHIFT + timedelta(minutes=1))
    best: tuple[datetime, datetime] | None = None
    try:
        while True:
            wall = wall_times.get_prev()
            if best is not None and wall <= best[1] - _MAX_SHIFT:
                return best[0]
            instant = _instant(wall, zone)
            if instant <= at and (best is None or instant > best[0]):
                best = (instant, wall)
    except CroniterBadDateError:
        return best[0] if best else None


def fire_times(expr: CronExpr, zone: ZoneInfo, after: datetime, count: int) -> list[datetime]:
    """The next `count` fire instants after `after` (for `schedule show` and tests)."""
    out: list[datetime] = []
    moment: datetime | None = after
    while moment is not None and len(out) < count:
        moment = next_fire(expr, zone, moment)
        if moment is not None:
            out.append(moment)
    return out
