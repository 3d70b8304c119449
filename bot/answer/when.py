"""When a question places what it asks about: "in november 2022", "in mid-march", "late
2024", "march 1", "before the invasion", "the day the invasion started".

The result is a window of days (a month without a year is that month in any year) and the
character spans that said it, so the parser can leave those words out of the topic: a
statement about sanctions said in March answers "sanctions in march" without saying
"march". Dates of events ("the invasion") come from data/events.json.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from bot.resources import data_json

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PART = r"(?P<part>early|mid|late|end\s+of|start\s+of|beginning\s+of|the\s+end\s+of)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# A month word that is also a common word ("may", "march", "mar") needs a sign it is a
# date: a day or a year with it, or a word before it that takes a date.
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})
_DATE_LEAD = frozenset("in on since by until from early mid late of before after during".split())
_MONTH_DATE = re.compile(
    rf"(?:{_PART}[\s-]+|(?<![\w-]))(?P<month>{_MONTH})\.?(?![\w-])"
    rf"(?:\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d))?(?:,?\s+{_YEAR})?"
)
_DAY_MONTH = re.compile(
    rf"(?<![\w-])(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})(?![\w-])"
    rf"(?:,?\s+{_YEAR})?"
)
_YEAR_ONLY = re.compile(rf"(?:{_PART}[\s-]+|(?<![\w-])){_YEAR}(?![\w-])")
_RELATION = re.compile(
    r"(?P<rel>before|after|since|when|on the eve of|the day|on the day of|the eve of)\s+$"
)

_STARTED = re.compile(r"\s+(?:started|began|begun|start|begin|starts|begins|broke out)\b")
# How far outside its window a statement may be said and still count for a little.
_SLACK_DAYS = 20.0


@dataclass(frozen=True)
class When:
    start: date | None  # first day (None: open)
    end: date | None  # last day (None: open)
    every_year: bool = False  # a month or day named without its year
    spans: tuple[tuple[int, int], ...] = ()

    def fit(self, day: date | None) -> float:
        """1 inside the window, falling towards 0 the further outside; 0.5 for no date."""
        if day is None:
            return 0.5
        if self.every_year:
            return max(self._fit(day.replace(year=y)) for y in _years_around(day, self))
        return self._fit(day)

    def _fit(self, day: date) -> float:
        outside = 0
        if self.start is not None and day < self.start:
            outside = (self.start - day).days
        elif self.end is not None and day > self.end:
            outside = (day - self.end).days
        return math.exp(-outside / _SLACK_DAYS)


def _years_around(day: date, when: When) -> list[int]:
    anchor = (when.start or when.end or day).year
    return [
        y
        for y in (anchor - 1, anchor, anchor + 1)
        if not (day.month == 2 and day.day == 29 and not calendar.isleap(y))
    ]


@dataclass(frozen=True)
class Event:
    names: tuple[str, ...]
    day: date
    # What the event began ("war"): counts from it count from its day.
    began: tuple[str, ...] = ()


@cache
def events() -> tuple[Event, ...]:
    raw = data_json("events.json")
    return tuple(
        Event(
            tuple(n.lower() for n in e["names"]),
            date.fromisoformat(e["date"]),
            tuple(n.lower() for n in e.get("began", ())),
        )
        for e in raw["events"]
    )


def understand(folded: str) -> When | None:
    """The window the (folded) question names, or None."""
    found = _dated(folded) or _counted(folded) or _from_event(folded)
    return found


# Counting from an event: "100 days into the war", "a year after the invasion", "the first
# week of the war", "on the 100th day of the war", "the first anniversary of the invasion".
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "few": 3,
    "a few": 3,
    "several": 3,
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_COUNT = rf"(?P<n>\d{{1,4}}|{'|'.join(sorted(_NUMBERS, key=len, reverse=True))})"
_ORDINAL = rf"(?P<ord>\d{{1,4}}(?:st|nd|rd|th)|{'|'.join(_ORDINALS)})"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"
# Days each unit stands for, and how far either side of the day counted to still count.
_UNIT_DAYS = {"day": (1, 1), "week": (7, 3), "month": (30, 10), "year": (365, 15)}
_ANNIVERSARY_SLACK = 3


def _counted(folded: str) -> When | None:
    for event in events():
        for pattern, read in _count_patterns(event):
            m = pattern.search(folded)
            if m:
                start, end = read(m, event.day)
                return When(start, end, spans=((m.start(), m.end()),))
    return None


@cache
def _count_patterns(
    event: Event,
) -> tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date], tuple[date, date]]], ...]:
    """The count expressions naming what the event began, compiled once per event; none
    for an event that began nothing to count from."""
    if not event.began:
        return ()
    began = "|".join(re.escape(n) for n in sorted(event.began, key=len, reverse=True))
    what = rf"(?:the\s+)?(?:{began})(?![\w-])"
    return tuple(
        (re.compile(pattern), read)
        for pattern, read in (
            (rf"(?<![\w-])(?:the\s+)?first\s+(?:{_COUNT}\s+)?{_UNIT}\s+of\s+{what}", _first),
            (rf"(?<![\w-]){_COUNT}\s+{_UNIT}\s+(?:into|after|since|of)\s+{what}", _after),
            (rf"(?<![\w-])(?:the\s+)?{_ORDINAL}\s+{_UNIT}\s+of\s+{what}", _ordinal),
            (rf"(?<![\w-])(?:the\s+)?{_ORDINAL}\s+anniversary\s+of\s+{what}", _anniversary),
            (rf"(?<![\w-])(?:the\s+)?(?:{began})'s\s+{_ORDINAL}\s+anniversary", _anniversary),
        )
    )


def _unit(m: re.Match[str]) -> tuple[int, int]:
    return _UNIT_DAYS[m.group("unit").rstrip("s")]


def _count(m: re.Match[str]) -> int:
    n = m.groupdict().get("n")
    if not n:  # "the first week" is one; "the first weeks", a few
        return _NUMBERS["few"] if m.group("unit").endswith("s") else 1
    return int(n) if n.isdigit() else _NUMBERS[n]


def _nth(m: re.Match[str]) -> int:
    word = m.group("ord")
    return _ORDINALS[word] if word in _ORDINALS else int(re.sub(r"\D", "", word))


def _first(m: re.Match[str], day: date) -> tuple[date, date]:
    """ "the first week of the war": from its first day to the last counted."""
    days, _ = _unit(m)
    return day, day + timedelta(days=days * _count(m) - 1)


def _after(m: re.Match[str], day: date) -> tuple[date, date]:
    """ "100 days into the war", "a year after the invasion": around the day counted to."""
    days, slack = _unit(m)
    at = day + timedelta(days=days * _count(m))
    return at - timedelta(days=slack), at + timedelta(days=slack)


def _ordinal(m: re.Match[str], day: date) -> tuple[date, date]:
    """ "the 100th day of the war" is 99 days after its first."""
    days, slack = _unit(m)
    at = day + timedelta(days=days * (_nth(m) - 1))
    return at - timedelta(days=slack), at + timedelta(days=slack)


def _anniversary(m: re.Match[str], day: date) -> tuple[date, date]:
    years = _nth(m)
    at = day.replace(year=day.year + years) if not (day.month == 2 and day.day == 29) else day
    slack = timedelta(days=_ANNIVERSARY_SLACK)
    return at - slack, at + slack


def _dated(folded: str) -> When | None:
    for pattern in (_DAY_MONTH, _MONTH_DATE):
        for m in pattern.finditer(folded):
            month_word = m.group("month")
            day = int(m.group("day")) if m.group("day") else None
            year = int(m.group("year")) if m.group("year") else None
            if month_word in _AMBIGUOUS_MONTHS and day is None and year is None:
                lead = folded[: m.start("month")].split()[-1:]
                if not (lead and lead[0].strip("-") in _DATE_LEAD) and not m.groupdict().get(
                    "part"
                ):
                    continue
            month = _MONTHS[month_word]
            if day is not None and not 1 <= day <= 31:
                continue
            part = m.groupdict().get("part")
            start, end = _month_window(year or 2000, month, day, part)
            return When(start, end, every_year=year is None, spans=((m.start(), m.end()),))
    for m in _YEAR_ONLY.finditer(folded):
        lead = folded[: m.start()].split()[-1:]
        if not m.group("part") and not (lead and lead[0].strip("(-") in _DATE_LEAD):
            continue  # "the 2024 election", "paris 2024": a name, not when it was said
        year = int(m.group("year"))
        start, end = _year_window(year, m.group("part"))
        return When(start, end, spans=((m.start(), m.end()),))
    return None


def _month_window(year: int, month: int, day: int | None, part: str | None) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    if day is not None:
        d = date(year, month, min(day, last))
        return d, d
    first, final = date(year, month, 1), date(year, month, last)
    part = " ".join(part.split()) if part else None
    if part == "early" or part in ("start of", "beginning of"):
        return first, date(year, month, 10)
    if part == "mid":
        return date(year, month, 10), date(year, month, 20)
    if part in ("late", "end of", "the end of"):
        return date(year, month, 20), final
    return first, final


def _year_window(year: int, part: str | None) -> tuple[date, date]:
    part = " ".join(part.split()) if part else None
    if part == "early" or part in ("start of", "beginning of"):
        return date(year, 1, 1), date(year, 4, 30)
    if part == "mid":
        return date(year, 5, 1), date(year, 8, 31)
    if part in ("late", "end of", "the end of"):
        return date(year, 9, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


def _from_event(folded: str) -> When | None:
    """ "before the invasion", "the day the invasion started", "on the eve of …"."""
    for event in events():
        for name in event.names:
            for m in re.finditer(rf"(?<![\w-])(?:the\s+)?{re.escape(name)}(?![\w-])", folded):
                rel = _RELATION.search(folded[: m.start()])
                start = rel.start() if rel else m.start()
                if rel is None:
                    continue  # "the invasion" alone is a topic, not a time
                relation = " ".join(rel.group("rel").split())
                day = event.day
                tail = _STARTED.match(folded, m.end())
                end_at = tail.end() if tail else m.end()
                if relation == "before":
                    return When(None, day - timedelta(days=1), spans=((start, end_at),))
                if relation in ("after", "since"):
                    return When(day, None, spans=((start, end_at),))
                if relation in ("on the eve of", "the eve of"):
                    eve = day - timedelta(days=1)
                    return When(eve, eve, spans=((start, end_at),))
                if relation == "when":
                    return When(day, day + timedelta(days=2), spans=((start, end_at),))
                return When(day, day, spans=((start, end_at),))
    return None
