"""A feed poll is bounded (items, time, bytes) and keeps its claim on the source while it
runs (issue 17, item 6): items served slowly from 127.0.0.1, with short bounds and lease."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.ingest.inputs import text_document
from bot.ingest.poll_bounds import PollLimits
from bot.ingest.sources import add_source, claim_due, poll_due, store_documents
from bot.store.models import Document, Source, utcnow
from bot.store.store import Store
from tests.ingest.httpserver import LocalHTTPServer
from tests.ingest.test_sources import LOCAL, T0, page, rss

HTML = {"Content-Type": "text/html"}


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


def slow_feed(server: LocalHTTPServer, items: int, delay_s: float) -> str:
    """A feed of `items` items whose pages each answer after `delay_s`; its URL."""
    links = []
    for n in range(1, items + 1):
        server.route(
            f"/story/{n}", body=page(n, f"Round {n} is over."), headers=HTML, delay_s=delay_s
        )
        links.append((f"item-{n}", f"Story {n}", server.url(f"/story/{n}")))
    server.route(
        "/feed.xml",
        body=rss(links),
        headers={"Content-Type": "application/rss+xml"},
        etag='"v1"',
    )
    return server.url("/feed.xml")


def stored(store: Store, source_id: int) -> int:
    with store.reading() as session:
        rows = session.scalars(select(Document.id).where(Document.source_id == source_id))
        return len(rows.all())


async def test_a_poll_stops_at_its_item_bound_and_the_next_takes_the_rest(
    store: Store, server
) -> None:
    url = slow_feed(server, items=5, delay_s=0.05)
    source = add_source(store, url, kind="feed", actor="test")
    limits = PollLimits(items=2)

    (first,) = await poll_due(store, policy=LOCAL, now=T0, limits=limits)
    assert first.error is None and first.new_documents == 2
    assert first.items_left == 3 and "bound of 2 items" in (first.stopped_by or "")
    assert stored(store, source.id) == 2
    with store.reading() as session:
        row = session.get(Source, source.id)
        # Not answered 304 next time: the items left must be read.
        assert row.etag is None
        # Due again soon, not after the whole interval.
        assert row.next_poll_at - T0 < timedelta(seconds=row.poll_interval_s)

    (second,) = await poll_due(store, policy=LOCAL, now=T0 + timedelta(minutes=5), limits=limits)
    (third,) = await poll_due(store, policy=LOCAL, now=T0 + timedelta(minutes=10), limits=limits)
    assert (second.new_documents, third.new_documents) == (2, 1)
    assert third.items_left == 0 and stored(store, source.id) == 5
    with store.reading() as session:
        assert session.get(Source, source.id).etag == '"v1"'  # all read: validators kept


async def test_a_poll_stops_at_its_time_and_byte_bounds(store: Store, server) -> None:
    url = slow_feed(server, items=4, delay_s=0.3)
    source = add_source(store, url, kind="feed", actor="test")
    (timed,) = await poll_due(store, policy=LOCAL, now=T0, limits=PollLimits(seconds=0.1))
    # The bound is checked before each item: the first is read, then the poll stops.
    assert timed.new_documents == 1 and timed.items_left == 3
    assert "bound of 0.1 s" in (timed.stopped_by or "")

    (sized,) = await poll_due(
        store, policy=LOCAL, now=T0 + timedelta(hours=1), limits=PollLimits(bytes=100)
    )
    assert sized.new_documents == 1 and sized.items_left == 2
    assert "fetched" in (sized.stopped_by or "")
    assert stored(store, source.id) == 2


def warm_up(store: Store) -> None:
    """Load the extractor first: its one-off start-up is not part of a poll's pace."""
    warm = text_document("The minister, Jane Roe, said: “We will stay.”", label="warm-up")
    store_documents(store, [warm], auto_approve=False, actor="test")


async def test_a_long_poll_renews_its_claim_so_no_second_poller_takes_the_source(
    store: Store, server
) -> None:
    lease = timedelta(seconds=2)
    # Six items of half a second each: the poll outlasts its first lease.
    url = slow_feed(server, items=6, delay_s=0.5)
    source = add_source(store, url, kind="feed", actor="test")
    warm_up(store)
    limits = PollLimits(lease=lease)
    claimed_at = utcnow()
    taken_by_b: list[int] = []
    checks_after_first_lease = 0
    first = asyncio.ensure_future(poll_due(store, policy=LOCAL, limits=limits, owner="a"))

    while not first.done():
        await asyncio.sleep(0.2)
        now = utcnow()
        taken_by_b += claim_due(store, now, "b", lease=lease)
        if now > claimed_at + lease:
            checks_after_first_lease += 1

    (report,) = await first
    assert report.new_documents == 6 and report.items_left == 0
    # The second poller looked after the first lease had run out, and found nothing due.
    assert checks_after_first_lease > 0
    assert taken_by_b == []
    with store.reading() as session:
        # The first poller recorded its poll: next due after the source's interval.
        row = session.get(Source, source.id)
        assert row.next_poll_at == row.last_polled_at + timedelta(seconds=row.poll_interval_s)


async def test_a_poll_whose_claim_was_taken_stops_and_leaves_the_source_to_its_new_owner(
    store: Store, server
) -> None:
    url = slow_feed(server, items=3, delay_s=0.05)
    source = add_source(store, url, kind="feed", actor="test")
    lease = timedelta(seconds=1)
    # Poller a claims at T0; its lease runs out unrenewed and b claims the source.
    assert claim_due(store, T0, "a", lease=lease) == [source.id]
    assert claim_due(store, T0 + timedelta(minutes=1), "b", lease=lease) == [source.id]
    from bot.ingest.poll_bounds import Lease
    from bot.ingest.sources import poll_source

    report = await poll_source(
        store,
        source.id,
        policy=LOCAL,
        now=T0,
        limits=PollLimits(lease=lease),
        lease=Lease(source.id, T0 + lease, lease),
    )
    assert report.new_documents == 0 and report.items_left == 3
    assert "another poller" in (report.stopped_by or "")
    with store.reading() as session:
        row = session.get(Source, source.id)
        # b's claim stands: a recorded nothing over it.
        assert row.next_poll_at == T0 + timedelta(minutes=1) + lease
        assert row.last_polled_at is None
