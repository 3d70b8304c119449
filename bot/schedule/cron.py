"""Five-field cron expressions (minute hour day-of-month month day-of-week), parsed and checked.

Our own small parser rather than a library: every mistake gets a message naming the field,
the value and the allowed range, and the matching rules are the classic Vixie cron ones:
when both day-of-month and day-of-week are restricted, a day matching *either* fires.
Fire instants (and what happens across DST changes) live in `periods`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.core.errors import InvalidInput

EXAMPLE = "cron 0 9 * * 1-5 Europe/Kyiv"
MAX_CRON_CHARS = 100  # the subscription.cron column

_MONTH_NAMES = tuple(
    "january february march april may june july august september october november december".split()
)
_DAY_NAMES = tuple("sunday monday tuesday wednesday thursday friday saturday".split())
_FULL_NAMES = {"month": _MONTH_NAMES, "day-of-week": _DAY_NAMES}
_MONTHS = tuple(n[:3] for n in _MONTH_NAMES)
_DAYS = tuple(n[:3] for n in _DAY_NAMES)
_MACROS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    name_base: int = 0


_FIELDS = (
    _Field("minute", 0, 59),
    _Field("hour", 0, 23),
    _Field("day-of-month", 1, 31),
    _Field("month", 1, 12, _MONTHS, 1),
    # 7 is Sunday too, as in most crons.
    _Field("day-of-week", 0, 7, _DAYS, 0),
)


@dataclass(frozen=True)
class CronExpr:
    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    any_day: bool
    any_weekday: bool

    def day_matches(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        dom = day.day in self.days
        dow = day.isoweekday() % 7 in self.weekdays
        if self.any_day and self.any_weekday:
            return True
        if self.any_day:
            return dow
        if self.any_weekday:
            return dom
        return dom or dow

    def times(self) -> list[tuple[int, int]]:
        """(hour, minute) pairs of one matching day, in order."""
        return [(h, m) for h in sorted(self.hours) for m in sorted(self.minutes)]


def parse_cron(text: str) -> CronExpr:
    """Parse and check a cron expression; InvalidInput names what is wrong and the limit."""
    raw = " ".join(text.split())
    if not raw:
        raise InvalidInput(
            "the cron expression is empty; give five fields (minute hour day-of-month month "
            f"day-of-week), e.g. “{EXAMPLE}”"
        )
    if len(raw) > MAX_CRON_CHARS:
        raise InvalidInput(
            f"the cron expression is {len(raw)} characters long; the limit is {MAX_CRON_CHARS}"
        )
    expanded = _MACROS.get(raw.lower(), raw)
    if expanded.startswith("@"):
        raise InvalidInput(
            f"unknown cron shortcut “{raw}”; use one of {', '.join(_MACROS)} or five fields"
        )
    parts = expanded.split()
    if len(parts) != 5:
        raise InvalidInput(
            f"a cron expression has five fields (minute hour day-of-month month day-of-week); "
            f"“{raw}” has {len(parts)}, e.g. “0 9 * * 1-5” is 09:00 on weekdays"
        )
    values = [_parse_field(part, spec) for part, spec in zip(parts, _FIELDS, strict=True)]
    weekdays = frozenset(d % 7 for d in values[4])
    expr = CronExpr(
        text=expanded,
        minutes=values[0],
        hours=values[1],
        days=values[2],
        months=values[3],
        weekdays=weekdays,
        any_day=parts[2].startswith("*"),
        any_weekday=parts[4].startswith("*"),
    )
    _check_possible(expr, raw)
    return expr


def _parse_field(part: str, spec: _Field) -> frozenset[int]:
    found: set[int] = set()
    for item in part.split(","):
        if not item:
            raise InvalidInput(f"the {spec.name} field “{part}” has an empty list item")
        base, slash, step_text = item.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) < 1:
                raise InvalidInput(
                    f"the {spec.name} step in “{item}” must be a whole number of at least 1"
                )
            step = int(step_text)
        if base == "*":
            low, high = spec.low, spec.high
        else:
            first, dash, last = base.partition("-")
            low = _value(first, spec, item)
            high = _value(last, spec, item) if dash else (spec.high if slash else low)
            if low > high:
                raise InvalidInput(
                    f"the {spec.name} range “{item}” runs backwards; write the smaller value first"
                )
        found.update(range(low, high + 1, step))
    return frozenset(found)


def _value(text: str, spec: _Field, item: str) -> int:
    lowered = text.lower()
    if spec.names and lowered.isalpha():
        for index, full in enumerate(_FULL_NAMES[spec.name]):
            if lowered in (full, full[:3]):
                return index + spec.name_base
    if not text.isdigit():
        allowed = f"{spec.low}-{spec.high}"
        if spec.names:
            allowed += f" or {spec.names[0]}-{spec.names[-1]}"
        raise InvalidInput(f"the {spec.name} field allows {allowed}; “{item}” is not one of them")
    value = int(text)
    if not spec.low <= value <= spec.high:
        raise InvalidInput(
            f"the {spec.name} field allows {spec.low}-{spec.high}; {value} (in “{item}”) is "
            "out of range"
        )
    return value


def _check_possible(expr: CronExpr, raw: str) -> None:
    """Reject day/month combinations that never exist (e.g. 30 February), unless the
    day-of-week field gives other days."""
    if expr.any_day or not expr.any_weekday:
        return
    longest = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}
    if not any(d <= longest.get(m, 31) for m in expr.months for d in expr.days):
        raise InvalidInput(f"“{raw}” never fires: none of its months has that day of the month")
