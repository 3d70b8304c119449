"""The review channel (issue 20, point 3): `review channel`, the notices recorded after real
polls and chat ingests (feeds served on 127.0.0.1), and the notifier posting each notice
once per review channel — even run twice, or raced by a second notifier on its own
connection — on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from bot.app.dispatch import Core
from bot.core.types import Command, Context, Reply
from bot.ingest.fetch import FetchPolicy
from bot.ingest.pipeline import IngestResult
from bot.ingest.sources import add_source, poll_due
from bot.review.notifier import ReviewNotifier
from bot.store.db import HEAD_REVISION, current_revision, migrate
from bot.store.models import AuditEntry, ReviewChannel, ReviewNotice, ReviewNoticePost, Source
from bot.store.outbox import FAILING_AFTER, after_ingest
from bot.store.store import Store
from tests.conftest import postgres_schema
from tests.ingest.httpserver import LocalHTTPServer
from tests.ingest.test_sources import ARTICLE, serve_feed
from tests.slow_handler import threaded_store  # noqa: F401

LOCAL = FetchPolicy(allow_loopback=True)
ADMIN = Context(
    platform="discord",
    workspace="G1",
    channel="C1",
    user_id="a1",
    display_name="Ada",
    is_admin=True,
)
MEMBER = replace(ADMIN, user_id="u1", is_admin=False)
SLACK_ADMIN = replace(ADMIN, platform="slack", workspace="T1", channel="CS1")
T0 = datetime(2026, 11, 28, 9, 0)
HOUR = timedelta(hours=1)


class Recorder:
    """A Poster that keeps what it was asked to post; `fail` raises that many times first."""

    def __init__(self, platform: str = "discord", fail: int = 0) -> None:
        self.platform = platform
        self.posts: list[tuple[str, Reply]] = []
        self.fail = fail

    async def post(self, channel_ref: str, reply: Reply) -> None:
        if self.fail:
            self.fail -= 1
            raise ConnectionError("the platform answered 503")
        self.posts.append((channel_ref, reply))

    @property
    def headlines(self) -> list[str]:
        return [reply.title for _, reply in self.posts]


async def run(core: Core, context: Context, text: str) -> Reply:
    return await core.handle(Command("review", text, context=context))


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


def notices(store: Store) -> list[tuple[str, int | None, int, int, int]]:
    with store.reading() as session:
        rows = session.scalars(select(ReviewNotice).order_by(ReviewNotice.id))
        return [(r.kind, r.source_id, r.statements, r.documents, r.failures) for r in rows]


# --- the store ----------------------------------------------------------------------------


def test_migration_0013_adds_the_tables_and_the_count_and_removes_them(empty_store: Store) -> None:
    names = set(inspect(empty_store.engine).get_table_names())
    assert {"review_channel", "review_notice", "review_notice_post"} <= names
    columns = {c["name"] for c in inspect(empty_store.engine).get_columns("source")}
    assert "consecutive_failures" in columns
    migrate(empty_store.engine, "0012")
    assert current_revision(empty_store.engine) == "0012"
    inspector = inspect(empty_store.engine)
    assert not {"review_channel", "review_notice", "review_notice_post"} & set(
        inspector.get_table_names()
    )
    assert "consecutive_failures" not in {c["name"] for c in inspector.get_columns("source")}
    migrate(empty_store.engine)
    assert current_revision(empty_store.engine) == HEAD_REVISION


# --- review channel -----------------------------------------------------------------------


async def test_review_channel_is_set_moved_shown_and_turned_off_by_admins(core: Core) -> None:
    store = core.services.store
    refused = await run(core, MEMBER, "channel")
    assert refused.is_error and "admin" in refused.title.lower()
    on_terminal = await run(core, Context(platform="console", is_admin=True), "channel")
    assert on_terminal.is_error and "Discord or Slack channel" in on_terminal.title
    bad = await run(core, ADMIN, "channel sometimes")
    assert bad.is_error and "off" in bad.title and "sometimes" in bad.title

    done = await run(core, ADMIN, "channel")
    assert not done.is_error and "review channel" in done.title
    moved = await run(core, replace(ADMIN, channel="C2"), "channel")
    assert not moved.is_error
    await run(core, SLACK_ADMIN, "channel")  # one per workspace: Slack's is another
    with store.reading() as session:
        rows = session.scalars(select(ReviewChannel).order_by(ReviewChannel.id)).all()
        assert [(r.platform, r.workspace, r.channel) for r in rows] == [
            ("discord", "G1", "C2"),
            ("slack", "T1", "CS1"),
        ]
    queue = await run(core, ADMIN, "queue")
    assert "Review channel: C2" in "\n".join((queue.title, *queue.lines))

    off = await run(core, ADMIN, "channel off")
    assert not off.is_error and "no review channel" in off.title
    again = await run(core, ADMIN, "channel off")
    assert "has no review channel" in again.title
    with store.reading() as session:
        assert session.scalar(select(ReviewChannel.platform)) == "slack"
        audit = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("review.channel%"))
        ).all()
        assert audit == ["review.channel", "review.channel", "review.channel", "review.channel_off"]


# --- notices recorded after polls and ingests ---------------------------------------------


async def test_a_poll_adding_pending_statements_records_one_summary(
    core: Core, server: LocalHTTPServer
) -> None:
    store = core.services.store
    serve_feed(server)
    source = add_source(store, server.url("/feed.xml"), kind="feed", actor="t", name="Example")
    await poll_due(store, policy=LOCAL, now=T0)
    assert notices(store) == [("pending", source.id, 3, 3, 0)]
    await poll_due(store, policy=LOCAL, now=T0 + HOUR)  # 304: nothing new, nothing said
    assert len(notices(store)) == 1
    with store.reading() as session:
        row = session.scalar(select(ReviewNotice))
        assert row.source_name == f"Source #{source.id} Example"
        assert row.review_filters == f"source={source.id}"


async def test_an_auto_approved_source_adds_nothing_to_review_and_says_nothing(
    core: Core, server: LocalHTTPServer
) -> None:
    store = core.services.store
    serve_feed(server)
    add_source(store, server.url("/feed.xml"), kind="feed", actor="t", auto_approve=True)
    await poll_due(store, policy=LOCAL, now=T0)
    assert notices(store) == []


async def test_a_failing_source_is_told_once_per_streak_and_its_recovery_once(
    core: Core, server: LocalHTTPServer
) -> None:
    store = core.services.store
    server.route("/feed.xml", status=500)
    source = add_source(store, server.url("/feed.xml"), kind="feed", actor="t", name="Flaky")
    at = T0
    for _ in range(FAILING_AFTER - 1):
        await poll_due(store, policy=LOCAL, now=at)
        at += HOUR
    assert notices(store) == []  # twice is weather
    for _ in range(3):  # the third failure is told; the fourth and fifth are not
        await poll_due(store, policy=LOCAL, now=at)
        at += HOUR
    assert notices(store) == [("failing", source.id, 0, 0, FAILING_AFTER)]
    with store.reading() as session:
        failing = session.scalar(select(ReviewNotice))
        assert "500" in failing.error
        assert session.get(Source, source.id).consecutive_failures == FAILING_AFTER + 2

    serve_feed(server)  # it recovers
    await poll_due(store, policy=LOCAL, now=at)
    await poll_due(store, policy=LOCAL, now=at + HOUR)
    assert notices(store) == [
        ("failing", source.id, 0, 0, FAILING_AFTER),
        ("recovered", source.id, 0, 0, FAILING_AFTER + 2),
        ("pending", source.id, 3, 3, 0),
    ]
    with store.reading() as session:
        rows = session.scalars(select(ReviewNotice).order_by(ReviewNotice.id)).all()
        assert rows[0].episode == rows[1].episode  # the streak and its end
        assert session.get(Source, source.id).consecutive_failures == 0


async def test_a_chat_ingest_records_its_pending_statements(
    core: Core, server: LocalHTTPServer
) -> None:
    core.services.policy = LOCAL
    server.route("/a", body=ARTICLE.encode(), headers={"Content-Type": "text/html"})
    reply = await core.handle(Command("ingest", server.url("/a"), context=ADMIN))
    assert not reply.is_error and "waiting for review" in reply.title
    ((kind, source_id, statements, documents, _),) = notices(core.services.store)
    assert (kind, source_id, documents) == ("pending", None, 1) and statements >= 2
    with core.services.store.reading() as session:
        row = session.scalar(select(ReviewNotice))
        assert row.source_name == "Ingest by Ada" and row.review_filters.startswith("document=")
    again = await core.handle(Command("ingest", server.url("/a"), context=ADMIN))
    assert not again.is_error and len(notices(core.services.store)) == 1  # nothing new


# --- the notifier -------------------------------------------------------------------------


async def _failing_source_and_channel(core: Core, server: LocalHTTPServer) -> int:
    await run(core, ADMIN, "channel")
    server.route("/feed.xml", status=500)
    source = add_source(core.services.store, server.url("/feed.xml"), kind="feed", actor="t")
    for n in range(FAILING_AFTER):
        await poll_due(core.services.store, policy=LOCAL, now=T0 + n * HOUR)
    return source.id


async def test_each_notice_is_posted_once_however_often_the_notifier_runs(
    core: Core, server: LocalHTTPServer
) -> None:
    store = core.services.store
    serve_feed(server, "/early.xml")
    add_source(store, server.url("/early.xml"), kind="feed", actor="t", name="Early")
    await poll_due(store, policy=LOCAL, now=T0)  # before any review channel: not posted
    source_id = await _failing_source_and_channel(core, server)
    discord, slack = Recorder(), Recorder("slack")
    notifier = ReviewNotifier(store, {"discord": discord, "slack": slack}, owner="one")

    first = await notifier.run_once()
    again = await notifier.run_once()
    assert [o.status for o in first] == ["posted"] and again == []
    ((channel, reply),) = discord.posts
    assert channel == "C1" and slack.posts == []  # Slack's workspace set none
    name = f"Source #{source_id} {server.url('/feed.xml')}"
    assert reply.title == f"{name} is failing: its last 3 polls failed"
    assert reply.notice is not None and "500" in reply.lines[0] and reply.to_channel


async def test_a_failed_post_is_retried_and_posted_once(
    core: Core, server: LocalHTTPServer
) -> None:
    store = core.services.store
    await _failing_source_and_channel(core, server)
    poster = Recorder(fail=1)
    notifier = ReviewNotifier(store, {"discord": poster}, owner="one")
    now = datetime(2030, 1, 1)
    assert [o.status for o in await notifier.run_once(now)] == ["retry"]
    assert await notifier.run_once(now + timedelta(seconds=30)) == []  # backing off
    assert [o.status for o in await notifier.run_once(now + HOUR)] == ["posted"]
    assert await notifier.run_once(now + 2 * HOUR) == []
    assert len(poster.posts) == 1
    with store.reading() as session:
        (row,) = session.scalars(select(ReviewNoticePost)).all()
        assert (row.status, row.attempts) == ("posted", 2)


async def test_a_notifier_that_died_mid_post_is_never_posted_again(
    core: Core, server: LocalHTTPServer
) -> None:
    store = core.services.store
    await _failing_source_and_channel(core, server)

    class Dies(Recorder):
        async def post(self, channel_ref: str, reply: Reply) -> None:
            raise asyncio.CancelledError  # the process stops while the post is in flight

    now = datetime(2030, 1, 1)
    with pytest.raises(asyncio.CancelledError):
        await ReviewNotifier(store, {"discord": Dies()}, owner="dead").run_once(now)
    survivor = Recorder()
    notifier = ReviewNotifier(store, {"discord": survivor}, owner="alive")
    assert [o.status for o in await notifier.run_once(now + HOUR)] == ["unknown"]
    assert await notifier.run_once(now + 2 * HOUR) == [] and survivor.posts == []


# --- two notifiers, two connections, one database ------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    with postgres_schema(request.getfixturevalue("postgres_url")) as url:
        yield url


async def test_two_notifiers_racing_post_each_notice_once(
    shared_url: str, server: LocalHTTPServer
) -> None:
    one, two = Store.open(shared_url), Store.open(shared_url)
    try:
        await _failing_source_and_channel(Core(one), server)
        serve_feed(server)
        await poll_due(one, policy=LOCAL, now=T0 + 10 * HOUR)  # recovered, and news
        posters = [Recorder(), Recorder()]
        first = ReviewNotifier(one, {"discord": posters[0]}, owner="one")
        second = ReviewNotifier(two, {"discord": posters[1]}, owner="two")
        for _ in range(2):
            await asyncio.gather(first.run_once(), second.run_once())
        posted = sorted(h for p in posters for h in p.headlines)
        assert len(posted) == len(notices(one)) == 3  # failing, recovered, pending
        assert len(set(posted)) == 3
        with one.reading() as session:
            rows = session.scalars(select(ReviewNoticePost)).all()
            assert sorted(r.status for r in rows) == ["posted"] * 3
    finally:
        one.close()
        two.close()


# --- attache serve ------------------------------------------------------------------------


async def test_serve_posts_notices_through_the_runners_posters_on_their_loop(
    threaded_store: Store,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`attache serve` runs the notifier beside the digest scheduler, with its posters: the
    post goes out on the adapters' loop (where their clients live)."""
    from bot import serve as serve_module

    core = Core(threaded_store)
    await run(core, ADMIN, "channel")
    with threaded_store.transaction() as session:
        after_ingest(session, [IngestResult("a", document_id=1, new_statements=2)], "Ada")
    adapters_loop = asyncio.get_running_loop()
    posted: list[tuple[str, str, bool]] = []

    class Poster:
        platform = "discord"

        async def post(self, channel_ref: str, reply: Reply) -> None:
            on_loop = asyncio.get_running_loop() is adapters_loop
            posted.append((channel_ref, reply.title, on_loop))

    class Runner:
        poster = Poster()

        async def run(self) -> None:
            async def until_posted() -> None:
                while not posted:
                    await asyncio.sleep(0.01)

            # Bounded, so that a serve without the notifier fails below rather than hangs.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(until_posted(), 20)

    async def poll_due(store: Store, policy: object) -> None:
        return None

    monkeypatch.setattr("bot.ingest.sources.poll_due", poll_due)
    assert await serve_module.serve(core, [Runner()]) == 0
    title = "Ingest by Ada: 2 new statements from 1 document wait for review"
    assert posted == [("C1", title, True)]
