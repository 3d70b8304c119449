"""What a digest holds: new approvals only, grouped, shortened, filtered (acceptance 2)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.core.shorten import ELLIPSIS
from bot.schedule.digest import TEXT_LIMIT, compose
from bot.schedule.filters import Filters
from bot.schedule.scheduler import Scheduler
from bot.store.models import DigestPost, Subscription
from tests.schedule.conftest import FakePoster, VirtualClock, approve, subscribe, utc

LAST = utc(2024, 5, 1, 9)  # the end of the last posted period
NEXT = utc(2024, 5, 2, 9)
AFTER = utc(2024, 5, 3, 9)


def scheduler(store, poster: FakePoster, **kwargs) -> Scheduler:
    return Scheduler(store, {"test": poster}, clock=VirtualClock(NEXT), owner="t", **kwargs)


async def test_three_new_statements_appear_grouped_and_older_ones_do_not(sched_store) -> None:
    sub = subscribe(sched_store, created=utc(2024, 4, 1), last=LAST)
    old = approve(sched_store, "Sergei Lavrov", "We said this last week.", utc(2024, 5, 1, 8))
    at_edge = approve(sched_store, "Ned Price", "Approved on the boundary.", LAST)
    new = [
        approve(sched_store, "Ned Price", "We see this as posturing.", utc(2024, 5, 1, 10)),
        approve(sched_store, "Sergei Lavrov", "Two conditions must be met.", utc(2024, 5, 1, 12)),
        approve(sched_store, "Dmitry Peskov", "Washington has a deciding vote.", NEXT),
    ]
    pending = approve(
        sched_store, "Dmitry Peskov", "Not reviewed yet.", utc(2024, 5, 1, 13), status="pending"
    )
    first_poll = approve(
        sched_store, "Sergei Lavrov", "Old news from a feed.", utc(2024, 5, 1, 14), announce=False
    )
    later = approve(sched_store, "Ned Price", "After the period.", utc(2024, 5, 2, 9, 1))
    poster = FakePoster()

    outcomes = await scheduler(sched_store, poster).run_once(NEXT)

    assert [o.status for o in outcomes] == ["posted"]
    ((channel, reply),) = poster.posts
    assert channel == "chan-1"
    ids = [i.statement_id for i in reply.items]
    assert sorted(ids) == sorted(new)
    assert not {old, at_edge, pending, first_poll, later} & set(ids)
    # Each under its story's numbered heading (stored text: its report's title) and side.
    by_id = {i.statement_id: i for i in reply.items}
    assert by_id[new[1]].group == "1. Report on Sergei Lavrov — Russia" or by_id[
        new[1]
    ].group.endswith("Report on Sergei Lavrov — Russia")
    assert by_id[new[0]].group.endswith("Report on Ned Price — United States")
    assert all(i.primary_url and i.primary_url.startswith("https://") for i in reply.items)
    assert reply.title.startswith("Digest: 3 new statements since 2024-05-01 09:00 UTC")
    assert not reply.ephemeral
    with sched_store.reading() as session:
        assert session.get(Subscription, sub).last_period_end == NEXT.replace(tzinfo=None)


async def test_an_empty_period_posts_nothing_unless_the_channel_asks(sched_store) -> None:
    quiet = subscribe(sched_store, created=utc(2024, 4, 1), last=LAST, channel="quiet")
    chatty = subscribe(
        sched_store, created=utc(2024, 4, 1), last=LAST, channel="chatty", post_when_empty=True
    )
    poster = FakePoster()

    outcomes = await scheduler(sched_store, poster).run_once(NEXT)

    assert {(o.subscription_id, o.status) for o in outcomes} == {
        (quiet, "empty"),
        (chatty, "posted"),
    }
    ((channel, reply),) = poster.posts
    assert channel == "chatty" and reply.title == "Nothing new since 2024-05-01 09:00 UTC."
    with sched_store.reading() as session:
        rows = session.scalars(select(DigestPost).order_by(DigestPost.subscription_id)).all()
        assert [(r.status, r.statement_count) for r in rows] == [("empty", 0), ("posted", 0)]
        # An empty period still counts as done: the next digest starts after it.
        assert session.get(Subscription, quiet).last_period_end == NEXT.replace(tzinfo=None)
    assert await scheduler(sched_store, poster).run_once(NEXT) == []


async def test_statements_go_into_exactly_one_digest(sched_store) -> None:
    subscribe(sched_store, created=utc(2024, 4, 1), last=LAST)
    first = approve(sched_store, "Ned Price", "First day.", utc(2024, 5, 1, 10))
    second = approve(sched_store, "Ned Price", "Second day.", utc(2024, 5, 2, 10))
    poster = FakePoster()
    sched = scheduler(sched_store, poster)
    await sched.run_once(NEXT)
    await sched.run_once(AFTER)
    assert [[i.statement_id for i in r.items] for _, r in poster.posts] == [[first], [second]]


def test_stories_and_statements_are_capped_with_and_k_more_and_words_shortened_at_a_word(
    sched_store,
) -> None:
    long_words = "We will not negotiate under pressure, " * 20
    for n in range(12):
        approve(sched_store, "Sergei Lavrov", f"Point number {n} stands.", utc(2024, 5, 1, 10, n))
    # Newest of equals: the best-ranked story.
    long_id = approve(sched_store, "Sergei Lavrov", long_words.strip(), utc(2024, 5, 1, 11))
    with sched_store.reading() as session:
        digest = compose(session, since=LAST, until=NEXT, filters=Filters(), stories=2, per_story=2)
    reply = digest.reply()
    assert digest.total == 13 and len(digest.stories) == 2
    assert all(len(story.items) <= 2 for story in digest.stories)
    assert reply.notices[0] == (
        f"And {13 - len(reply.items)} more; “statements NAME” lists a speaker's statements."
    )
    long_item = next(i for i in reply.items if i.statement_id == long_id)
    assert len(long_item.text) <= TEXT_LIMIT and long_item.text.endswith(ELLIPSIS)
    assert long_words.startswith(long_item.text[: -len(ELLIPSIS)])  # the source's own words


def test_filters_keep_entities_speakers_and_topics(sched_store) -> None:
    price = approve(sched_store, "Ned Price", "The talks are posturing.", utc(2024, 5, 1, 10))
    lavrov = approve(sched_store, "Sergei Lavrov", "Talks need conditions.", utc(2024, 5, 1, 11))
    peskov = approve(sched_store, "Dmitry Peskov", "Washington decides.", utc(2024, 5, 1, 12))

    def ids(filters: Filters) -> set[int]:
        with sched_store.reading() as session:
            digest = compose(session, since=LAST, until=NEXT, filters=filters)
        return {i.statement_id for i in digest.items}

    assert ids(Filters()) == {price, lavrov, peskov}
    assert ids(Filters(entities=("russia",))) == {lavrov, peskov}
    assert ids(Filters(speakers=("ned-price",))) == {price}
    assert ids(Filters(entities=("russia",), topics=("talk",))) == {lavrov}
    assert ids(Filters(topics=("posturing",))) == {price}
    # A filter naming someone no longer known matches nothing, not everything.
    assert ids(Filters(speakers=("nobody-known",))) == set()


# The 1M scale store's own statistics for the statement table (sqlite_stat1 after ANALYZE):
# a side averages 4,000 statements, while a week of approvals is a thin slice of the
# reviewed_at index.
_MILLION_STATS = [
    ("ix_statement_speaker_kind_said_on", "949800 355 64 2 1"),
    ("ix_statement_entity_kind_said_on", "949800 3942 648 9 1"),
    ("ix_statement_entity_said_on", "1000007 4150 14"),
    ("ix_statement_speaker_said_on", "1000007 372 2"),
    ("ix_statement_speaker_id", "1000007 372"),
    ("ix_statement_said_on", "1000007 391"),
    ("ix_statement_reviewed_at", "1000007 1"),
    ("ix_statement_status", "1000007 333336"),
    ("ix_statement_kind", "1000007 142859"),
]


def test_a_sides_digest_walks_the_period_not_the_side() -> None:
    """With a million statements' statistics, a digest filtered to one side reads the
    period's approvals by their index; told nothing, SQLite read every statement of the side
    first (Russia's 370,000 at a million: 0.8-5 s instead of 40 ms)."""
    from sqlalchemy import text

    from bot.schedule.queries import period_query
    from bot.store.store import Store

    store = Store.open("sqlite://")
    one_side = (frozenset[int](), frozenset({1}))  # a subscription limited to one entity

    def plan(dialect: str) -> str:
        week = (datetime(2022, 1, 1, tzinfo=UTC), datetime(2022, 1, 8, tzinfo=UTC))
        query = period_query(*week, one_side, dialect)
        with store.reading() as session:
            session.execute(text("ANALYZE"))
            session.execute(text("DELETE FROM sqlite_stat1 WHERE tbl = 'statement'"))
            for index, stat in _MILLION_STATS:
                session.execute(
                    text("INSERT INTO sqlite_stat1 VALUES ('statement', :i, :s)"),
                    {"i": index, "s": stat},
                )
            session.execute(text("ANALYZE sqlite_schema"))  # reload the statistics
            sql = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
            return " | ".join(r[-1] for r in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))

    assert "ix_statement_reviewed_at" in plan("sqlite")
    assert "ix_statement_reviewed_at" not in plan("")  # what the hint changes
    store.close()
