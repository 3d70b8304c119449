"""When a question places what it asks about (bot/answer/when.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answer.when import understand


@pytest.mark.parametrize(
    ("text", "start", "end", "every_year"),
    [
        (
            "did biden think the rocket in poland in november 2022",
            "2022-11-01",
            "2022-11-30",
            False,
        ),
        ("which lender did they sanction in late 2024", "2024-09-01", "2024-12-31", False),
        ("in feb 2022 when did they expect the attack", "2022-02-01", "2022-02-28", False),
        ("how was the operation going in mid-march", "2000-03-10", "2000-03-20", True),
        (
            "what did zelensky tell the european parliament on march 1",
            "2000-03-01",
            "2000-03-01",
            True,
        ),
        ("putin on the world order (june 2022)", "2022-06-01", "2022-06-30", False),
        ("what did they say on 24 february", "2000-02-24", "2000-02-24", True),
        ("what did minsk say in early july", "2000-07-01", "2000-07-10", True),
        ("what did they say at the end of march", "2000-03-20", "2000-03-31", True),
    ],
)
def test_dates_name_a_window(text: str, start: str, end: str, every_year: bool) -> None:
    when = understand(text)
    assert when is not None
    assert (when.start, when.end, when.every_year) == (
        date.fromisoformat(start),
        date.fromisoformat(end),
        every_year,
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("harris in munich before the invasion", None, "2022-02-23"),
        ("what did he say the day the invasion started", "2022-02-24", "2022-02-24"),
        ("how did she describe putin on the day of the invasion", "2022-02-24", "2022-02-24"),
        ("what did they say after the full-scale invasion", "2022-02-24", None),
    ],
)
def test_relations_to_an_event_name_a_window(text: str, start: str | None, end: str | None) -> None:
    when = understand(text)
    assert when is not None
    assert when.start == (date.fromisoformat(start) if start else None)
    assert when.end == (date.fromisoformat(end) if end else None)
    # The words saying when are given back, so they are not read as the topic.
    assert all(text[a:b].strip() for a, b in when.spans)


@pytest.mark.parametrize(
    "text",
    [
        "what did lavrov say about the 2024 us election",  # a name, not when it was said
        "ioc president on athletes at paris 2024",
        "what may russia do next",  # "may" the verb
        "will they march on kyiv",  # "march" the verb
        "what did he say about the invasion",  # the event alone is the topic
    ],
)
def test_words_that_only_look_like_dates_place_nothing(text: str) -> None:
    assert understand(text) is None


def test_a_statement_fits_its_window_and_less_the_further_outside() -> None:
    when = understand("what did they say in march 2022")
    assert when is not None
    inside, near, far = date(2022, 3, 15), date(2022, 4, 5), date(2022, 9, 1)
    assert when.fit(inside) == 1.0
    assert 0.0 < when.fit(far) < when.fit(near) < 1.0
    assert when.fit(None) == 0.5  # no date: neither in nor out


def test_a_month_without_a_year_fits_that_month_in_any_year() -> None:
    when = understand("what did they say in early july")
    assert when is not None
    assert when.fit(date(2022, 7, 2)) == when.fit(date(2024, 7, 2)) == 1.0
    assert when.fit(date(2023, 1, 15)) < 0.1


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # Counting from the day the war began (data/events.json's "began").
        ("what did zelensky say in the first week of the war", "2022-02-24", "2022-03-02"),
        ("the first three days of the invasion", "2022-02-24", "2022-02-26"),
        ("the first months of the war", "2022-02-24", "2022-05-24"),
        ("what was moscow saying a month into the war", "2022-03-16", "2022-04-05"),
        ("which words became ukrainian after 100 days of war", "2022-06-03", "2022-06-05"),
        ("on the 100th day of the war", "2022-06-02", "2022-06-04"),
        ("a year after the invasion", "2023-02-09", "2023-03-11"),
        ("biden on the first anniversary of the invasion", "2023-02-21", "2023-02-27"),
        ("the war's second anniversary", "2024-02-21", "2024-02-27"),
    ],
)
def test_counts_from_an_event_name_a_window(text: str, start: str, end: str) -> None:
    when = understand(text)
    assert when is not None
    assert (when.start, when.end) == (date.fromisoformat(start), date.fromisoformat(end))


@pytest.mark.parametrize(
    "text",
    [
        # What the event began, with no count, dates nothing: "after the war" is the future.
        "what kind of defences does zelensky want after the war",
        "what did biden say about the war",
        # A count of something else than the war's time.
        "did the war kill 100 people",
    ],
)
def test_what_an_event_began_alone_dates_nothing(text: str) -> None:
    assert understand(text) is None


def test_the_count_is_no_topic_word() -> None:
    from bot.answer.question import parse
    from bot.text.entities import Resolver

    q = parse("what did they say after 100 days of war", Resolver([], []))
    assert q.when is not None
    assert not {"100", "day", "war"} & {*q.terms, *q.circumstance}
