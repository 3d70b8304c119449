"""Five-field cron expressions (minute hour day-of-month month day-of-week), checked for people.

The meaning of an expression (which minutes match, the Vixie rule that a day matching
*either* a restricted day-of-month or a restricted day-of-week fires, the next and previous
fire) is croniter's. This module only stands in front of it so that every mistake gets a
message naming the field, the value and the allowed range (croniter's errors quote the
whole expression and say "not acceptable"), and keeps to the classic syntax people know:
numbers, names, `*`, ranges, steps and lists. croniter's extensions (L, W, #, ?, and the
H/R hashed and *random* values, which would change the schedule each time it is read) are
refused. Fire instants in a time zone (and what happens across DST changes) live in
`periods`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from croniter import CroniterBadDateError, CroniterError, croniter

from bot.core.errors import InvalidInput

EXAMPLE = "cron 0 9 * * 1-5 Europe/Kyiv"
MAX_CRON_CHARS = 100  # the subscription.cron column
# A valid expression fires within this many years (29 February needs up to 8, across 2100).
HORIZON_YEARS = 8

_MONTH_NAMES = tuple(
    "january february march april may june july august september october november december".split()
)
_DAY_NAMES = tuple("sunday monday tuesday wednesday thursday friday saturday".split())
# Stored as five fields, so that what `schedule show` prints is what croniter reads.
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
    _Field("month", 1, 12, _MONTH_NAMES, 1),
    # 7 is Sunday too, as in most crons (croniter reads it so).
    _Field("day-of-week", 0, 7, _DAY_NAMES, 0),
)


@dataclass(frozen=True)
class CronExpr:
    """A checked expression: `text` is what is stored and what croniter is given."""

    text: str

    @property
    def minutes(self) -> frozenset[int]:
        """The minutes of the hour it can fire at, as croniter expands them."""
        expanded = croniter.expand(self.text)[0][0]
        return frozenset(range(60)) if expanded == ["*"] else frozenset(map(int, expanded))

    def iterator(self, start: datetime) -> croniter:
        """croniter over the wall times after (get_next) or before (get_prev) `start`."""
        return croniter(
            self.text, start, ret_type=datetime, max_years_between_matches=HORIZON_YEARS
        )


def parse_cron(text: str) -> CronExpr:
    """Check a cron expression; InvalidInput names what is wrong and the limit."""
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
    expr = CronExpr(" ".join(_field(part, spec) for part, spec in zip(parts, _FIELDS, strict=True)))
    try:
        # Fire from a fixed start: the answer does not depend on the date, only on whether
        # the expression's days exist (30 February never does; 29 February within 8 years).
        expr.iterator(datetime(2000, 1, 1)).get_next()
    except CroniterBadDateError:
        raise InvalidInput(
            f"“{raw}” never fires: none of its months has that day of the month"
        ) from None
    except CroniterError as error:  # the checks above should leave croniter nothing to refuse
        raise InvalidInput(f"“{raw}” is not a cron expression I can read ({error})") from None
    return expr


def _field(part: str, spec: _Field) -> str:
    """Check one field item by item; return it as croniter should read it."""
    return ",".join(_item(item, spec, part) for item in part.split(","))


def _item(item: str, spec: _Field, part: str) -> str:
    if not item:
        raise InvalidInput(f"the {spec.name} field “{part}” has an empty list item")
    base, slash, step = item.partition("/")
    if slash and not (_is_number(step) and int(step) >= 1):
        raise InvalidInput(f"the {spec.name} step in “{item}” must be a whole number of at least 1")
    if base == "*":
        return item
    first, dash, last = base.partition("-")
    low, low_text = _value(first, spec, item)
    if not dash:
        return low_text + slash + step
    high, high_text = _value(last, spec, item)
    if low > high:
        # croniter would wrap around ("5-1" = 5th to 31st and the 1st); cron(5) refuses it.
        raise InvalidInput(
            f"the {spec.name} range “{item}” runs backwards; write the smaller value first"
        )
    if low == high:
        # croniter reads an equal range ("9-9") as the whole field; in cron it is that value.
        return low_text
    return f"{low_text}-{high_text}{slash}{step}"


def _value(text: str, spec: _Field, item: str) -> tuple[int, str]:
    """(the number, the spelling croniter accepts): it knows only three-letter names."""
    lowered = text.lower()
    if spec.names and lowered.isalpha():
        for index, full in enumerate(spec.names):
            if lowered in (full, full[:3]):
                return index + spec.name_base, full[:3]
    if not _is_number(text):
        allowed = f"{spec.low}-{spec.high}"
        if spec.names:
            allowed += f" or {spec.names[0][:3]}-{spec.names[-1][:3]}"
        raise InvalidInput(f"the {spec.name} field allows {allowed}; “{item}” is not one of them")
    value = int(text)
    if not spec.low <= value <= spec.high:
        raise InvalidInput(
            f"the {spec.name} field allows {spec.low}-{spec.high}; {value} (in “{item}”) is "
            "out of range"
        )
    return value, text


def _is_number(text: str) -> bool:
    # ASCII only: str.isdigit() also takes "٩" and "²", which croniter (or int) refuses.
    return text.isascii() and text.isdigit()
