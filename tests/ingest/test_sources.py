"""Sources and polling against pages and feeds served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app.dispatch import Core
from bot.core.types import Command, Context
from bot.ingest.fetch import FetchPolicy
from bot.ingest.sources import add_source, ingest_url, poll_due
from bot.store.models import AuditEntry, Document, Source, Statement
from bot.store.store import Store
from tests.ingest.httpserver import LocalHTTPServer

LOCAL = FetchPolicy(allow_loopback=True)
ADMIN = Context(platform="test", user_id="admin", is_admin=True)
USER = Context(platform="test", user_id="someone")
T0 = datetime(2026, 11, 28, 9, 0)

ARTICLE = """<html><head><title>Envoys meet in Geneva</title>
<meta property="og:site_name" content="Example Times"></head><body><article>
<h1>Envoys meet in Geneva</h1>
<p>The talks lasted four hours, officials said, and ended without a joint statement.</p>
<p>Finland's prime minister, Sanna Marin, told reporters after the meeting: “We are ready to
continue the dialogue, but not at any price.” She said the next round would be in May.</p>
<p>Marin added: “Security guarantees must come first.”</p>
</article></body></html>"""


def rss(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>{link}</link>"
        f"<pubDate>Mon, 02 May 2022 10:00:00 GMT</pubDate></item>"
        for guid, title, link in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example feed</title>'
        f"<link>http://example.org/</link>{body}</channel></rss>"
    ).encode()


def page(n: int, words: str) -> bytes:
    return (
        f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
        f"<p>Reporters gathered outside the ministry for the announcement number {n}.</p>"
        f"<p>Estonia's prime minister, Kaja Kallas, said: “{words}”</p>"
        "<p>The statement was welcomed by neighbouring governments on the same day.</p>"
        "</article></body></html>"
    ).encode()


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


def serve_feed(server: LocalHTTPServer, path: str = "/feed.xml", etag: str = '"v1"') -> None:
    items = [(f"item-{n}", f"Story {n}", server.url(f"/story/{n}")) for n in (1, 2, 3)]
    for n, words in zip(
        (1, 2, 3),
        ("We will not be intimidated.", "Our borders are Nato's borders.", "Sanctions must stay."),
        strict=True,
    ):
        server.route(f"/story/{n}", body=page(n, words), headers={"Content-Type": "text/html"})
    server.route(path, body=rss(items), headers={"Content-Type": "application/rss+xml"}, etag=etag)


def documents(store: Store) -> list[Document]:
    """Documents that came from polled sources (not the seed)."""
    with store.reading() as session:
        polled = select(Source.id).where(Source.kind.in_(("feed", "page")))
        return list(session.scalars(select(Document).where(Document.source_id.in_(polled))))


async def test_an_html_article_with_quotes(store: Store, server: LocalHTTPServer) -> None:
    server.route("/a", body=ARTICLE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    results = await ingest_url(
        store, server.url("/a"), policy=LOCAL, auto_approve=False, actor="test"
    )
    assert len(results) == 1 and results[0].new_statements >= 2
    with store.reading() as session:
        doc = session.get(Document, results[0].document_id)
        assert doc.title == "Envoys meet in Geneva" and doc.url == server.url("/a")
        said = session.scalars(select(Statement).where(Statement.status == "pending")).all()
        quotes = {s.text for s in said if s.speaker.name == "Sanna Marin"}
        assert "Security guarantees must come first." in quotes
        assert any(q.startswith("We are ready to") for q in quotes)


async def test_feed_polls_three_items_then_304_then_an_update(store: Store, server) -> None:
    serve_feed(server)
    source = add_source(store, server.url("/feed.xml"), kind="feed", actor="test")
    (first,) = await poll_due(store, policy=LOCAL, now=T0)
    assert first.error is None and first.new_documents == 3
    assert all(not d.announce for d in documents(store)), "first poll must not announce"

    # Not due yet: nothing is fetched.
    assert await poll_due(store, policy=LOCAL, now=T0 + timedelta(minutes=1)) == []
    (second,) = await poll_due(store, policy=LOCAL, now=T0 + timedelta(hours=1))
    assert second.not_modified and second.new_documents == 0
    assert server.requests_to("/feed.xml")[-1].headers.get("if-none-match") == '"v1"'

    # The feed changes: one story is updated with new words.
    server.route(
        "/story/2",
        body=page(2, "We will defend every inch."),
        headers={"Content-Type": "text/html"},
    )
    server.route(
        "/feed.xml",
        body=rss([("item-2", "Story 2 (updated)", server.url("/story/2"))]),
        headers={"Content-Type": "application/rss+xml"},
        etag='"v2"',
    )
    (third,) = await poll_due(store, policy=LOCAL, now=T0 + timedelta(hours=2))
    assert third.error is None
    docs = documents(store)
    assert len(docs) == 4
    assert [d.announce for d in docs].count(True) == 1
    with store.reading() as session:
        row = session.get(Source, source.id)
        assert row.etag == '"v2"' and row.polled_once and row.last_error is None


async def test_second_poll_without_changes_adds_nothing_even_without_304(store, server) -> None:
    serve_feed(server, etag=None)
    add_source(store, server.url("/feed.xml"), kind="feed", actor="test")
    await poll_due(store, policy=LOCAL, now=T0)
    before = len(documents(store))
    (again,) = await poll_due(store, policy=LOCAL, now=T0 + timedelta(hours=1))
    assert again.error is None and len(documents(store)) == before


async def test_a_malformed_feed_is_recorded_and_others_still_poll(store, server) -> None:
    server.route(
        "/broken.xml",
        body=b"<rss><channel><item><title>oops",
        headers={"Content-Type": "application/rss+xml"},
    )
    serve_feed(server)
    broken = add_source(store, server.url("/broken.xml"), kind="feed", actor="test")
    good = add_source(store, server.url("/feed.xml"), kind="feed", actor="test")
    reports = {r.source_id: r for r in await poll_due(store, policy=LOCAL, now=T0)}
    assert reports[broken.id].error and "feed" in reports[broken.id].error.lower()
    assert reports[good.id].error is None and reports[good.id].new_documents == 3
    with store.reading() as session:
        assert session.get(Source, broken.id).last_error == reports[broken.id].error
        assert session.get(Source, good.id).last_error is None


async def test_two_pollers_never_poll_the_same_source_twice(store, server) -> None:
    import asyncio

    serve_feed(server)
    add_source(store, server.url("/feed.xml"), kind="feed", actor="test")
    a, b = await asyncio.gather(
        poll_due(store, policy=LOCAL, now=T0, owner="a"),
        poll_due(store, policy=LOCAL, now=T0, owner="b"),
    )
    assert len(a) + len(b) == 1
    assert len(server.requests_to("/feed.xml")) == 1


async def test_sources_commands(store: Store, server: LocalHTTPServer) -> None:
    serve_feed(server)
    core = Core(store)
    core.services.policy = LOCAL
    refused = await core.handle(Command("sources", f"add {server.url('/feed.xml')}", context=USER))
    assert refused.is_error and refused.error_code == "permission_denied"
    added = await core.handle(
        Command("sources", f"add {server.url('/feed.xml')} outlet=Example", context=ADMIN)
    )
    assert not added.is_error and "feed source #" in added.title  # kind detected by fetching
    listing = await core.handle(Command("sources", "list", context=USER))
    assert "Example" not in listing.title and server.url("/feed.xml") in listing.lines[0]
    duplicate = await core.handle(
        Command("sources", f"add {server.url('/feed.xml')}", context=ADMIN)
    )
    assert duplicate.is_error and "already source #" in duplicate.title
    bad = await core.handle(Command("sources", "add ftp://example.org/x", context=ADMIN))
    assert bad.is_error and "http" in bad.title
    with store.reading() as session:
        source_id = session.scalars(select(Source.id).where(Source.kind == "feed")).one()
    removed = await core.handle(Command("sources", f"remove {source_id}", context=ADMIN))
    assert not removed.is_error
    missing = await core.handle(Command("sources", f"remove {source_id}", context=ADMIN))
    assert missing.is_error and f"no source #{source_id}" in missing.title
    with store.reading() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
        assert actions.count("source.add") == 1 and actions.count("source.remove") == 1


async def test_ingest_command_refuses_unsafe_urls(store: Store) -> None:
    core = Core(store)
    for url, words in (
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.0.0.5/", "10.0.0.5"),
        ("file:///etc/passwd", "http"),
    ):
        reply = await core.handle(Command("ingest", url, context=ADMIN))
        assert reply.is_error and words in reply.title, reply.title
