"""Feed parsing, dedupe keys, feed sniffing and conditional polling (against 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.ingest.feeds import (
    FeedError,
    FeedItem,
    PollState,
    item_key,
    looks_like_feed,
    new_items,
    normalise_date,
    parse_feed,
    poll_feed,
)
from bot.ingest.fetch import FetchPolicy
from tests.ingest.httpserver import LocalHTTPServer

RSS = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Ministère press releases</title>
    <link>https://ministry.example/</link>
    <item>
      <title>Minister: talks possible</title>
      <link>/news/1</link>
      <guid isPermaLink="false">release-1</guid>
      <pubDate>Mon, 03 Oct 2022 23:30:00 -0500</pubDate>
      <description>&lt;p&gt;The minister said talks were possible.&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>«We are ready,» the minister said.</p>]]></content:encoded>
    </item>
    <item>
      <title>Spokesman comments</title>
      <link>https://ministry.example/news/2</link>
      <pubDate>Tue, 04 Oct 2022 10:00:00 GMT</pubDate>
      <description>Short summary.</description>
    </item>
    <item>
      <title>Untitled note</title>
      <description>No link and no guid.</description>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Office of the President</title>
  <link href="https://president.example/" rel="alternate"/>
  <id>urn:uuid:feed</id>
  <updated>2022-10-04T12:00:00Z</updated>
  <entry>
    <id>urn:uuid:entry-1</id>
    <title>Address to the nation</title>
    <link href="https://president.example/a/1" rel="alternate"/>
    <published>2022-10-04T01:15:00+03:00</published>
    <updated>2022-10-05T09:00:00+03:00</updated>
    <summary>Evening address.</summary>
    <content type="html">&lt;p&gt;Good evening.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>urn:uuid:entry-2</id>
    <title>Readout of a call</title>
    <link href="https://president.example/a/2"/>
    <updated>2022-10-03T08:00:00Z</updated>
    <summary type="html">&lt;b&gt;Call&lt;/b&gt; readout.</summary>
  </entry>
  <entry>
    <id>urn:uuid:entry-3</id>
    <title>Statement</title>
    <link href="https://president.example/a/3"/>
    <updated>2022-09-30T23:59:59.123Z</updated>
  </entry>
</feed>
"""


def test_rss_items_are_parsed() -> None:
    feed = parse_feed(RSS, "https://ministry.example/feed.xml")
    assert feed.title == "Ministère press releases"
    assert feed.link == "https://ministry.example/"
    assert [item.title for item in feed.items] == [
        "Minister: talks possible",
        "Spokesman comments",
        "Untitled note",
    ]
    first, second, third = feed.items
    assert first.guid == "release-1"  # kept as published, not turned into a URL
    assert first.link == "https://ministry.example/news/1"  # relative link resolved
    assert first.summary_html == "<p>The minister said talks were possible.</p>"
    assert first.content_html == "<p>«We are ready,» the minister said.</p>"
    assert second.guid is None and second.link == "https://ministry.example/news/2"
    assert third.guid is None and third.link is None


def test_rss_dates_keep_the_publishers_calendar_day() -> None:
    feed = parse_feed(RSS)
    # 23:30 at UTC-5 is already the 4th in UTC; the publisher printed the 3rd.
    assert [item.published for item in feed.items] == ["2022-10-03", "2022-10-04", None]


def test_atom_entries_are_parsed() -> None:
    feed = parse_feed(ATOM)
    assert feed.title == "Office of the President"
    assert feed.link == "https://president.example/"
    assert [item.guid for item in feed.items] == [
        "urn:uuid:entry-1",
        "urn:uuid:entry-2",
        "urn:uuid:entry-3",
    ]
    first, second, third = feed.items
    assert first.published == "2022-10-04"  # published wins over updated, local day kept
    assert first.content_html == "<p>Good evening.</p>"
    assert first.summary_html == "Evening address."
    assert second.published == "2022-10-03"  # only <updated>
    assert second.summary_html == "<b>Call</b> readout."
    assert third.published == "2022-09-30"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mon, 03 Oct 2022 23:30:00 -0500", "2022-10-03"),
        ("Tue, 4 Oct 2022 01:00:00 +0300", "2022-10-04"),
        ("2022-10-04T01:15:00+03:00", "2022-10-04"),
        ("2022-09-30T23:59:59.123Z", "2022-09-30"),
        ("2022-09-30", "2022-09-30"),
        ("not a date", None),
        (None, None),
    ],
)
def test_normalise_date(raw: str | None, expected: str | None) -> None:
    assert normalise_date(raw) == expected


@pytest.mark.parametrize(
    "body",
    [
        "<html><body><p>Just a page</p></body></html>",
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</titl></channel>',
        "plain words, not XML at all",
        "",
        "http://169.254.169.254/latest/meta-data/",  # must not be fetched by feedparser
    ],
)
def test_non_feeds_raise_feed_error(body: str) -> None:
    with pytest.raises(FeedError, match="^not an RSS or Atom feed: "):
        parse_feed(body)


def test_item_key_prefers_guid_then_link_then_content_hash() -> None:
    first, second, third = parse_feed(RSS).items
    assert item_key(first) == "release-1"
    assert item_key(second) == "https://ministry.example/news/2"
    assert item_key(third).startswith("sha256:") and len(item_key(third)) == len("sha256:") + 64
    twin = FeedItem(None, None, "Untitled note", None, "No link and no guid.", None)
    other = FeedItem(None, None, "Untitled note", None, "Different summary.", None)
    assert item_key(twin) == item_key(third)
    assert item_key(other) != item_key(third)


def test_new_items_skips_seen_and_repeated_keys() -> None:
    items = parse_feed(RSS).items
    fresh = new_items([*items, items[0]], seen_keys={"release-1"})
    assert [item.title for item in fresh] == ["Spokesman comments", "Untitled note"]


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/rss+xml", "", True),
        ("application/atom+xml; charset=utf-8", "", True),
        ("text/xml", RSS, True),
        ("application/xml", ATOM, True),
        ("text/plain", "\ufeff<!-- generated --><rdf:RDF xmlns:rdf='x'></rdf:RDF>", True),
        ("text/html", "<!DOCTYPE html><html><head></head></html>", False),
        ("application/xml", '<?xml version="1.0"?><sitemap></sitemap>', False),
        ("text/plain", "Lavrov said the feed was fine.", False),
    ],
)
def test_looks_like_feed(content_type: str, body: str, expected: bool) -> None:
    assert looks_like_feed(content_type, body) is expected


# ----------------------------------------------------------------------------- polling


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


LOCAL = FetchPolicy(allow_loopback=True)


@pytest.mark.asyncio
async def test_poll_feed_is_conditional(server: LocalHTTPServer) -> None:
    server.route(
        "/feed.xml",
        body=RSS.encode("latin-1"),
        headers={"Content-Type": "application/rss+xml; charset=ISO-8859-1"},
        etag='"abc"',
        last_modified="Tue, 04 Oct 2022 10:00:00 GMT",
    )
    first = await poll_feed(server.url("/feed.xml"), policy=LOCAL)
    assert not first.not_modified and first.feed is not None
    assert len(first.feed.items) == 3
    assert first.feed.title == "Ministère press releases"  # ISO-8859-1 body decoded
    assert first.state == PollState('"abc"', "Tue, 04 Oct 2022 10:00:00 GMT")

    second = await poll_feed(server.url("/feed.xml"), first.state, policy=LOCAL)
    assert second.not_modified and second.feed is None
    assert second.state == first.state
    conditional = server.requests_to("/feed.xml")[1].headers
    assert conditional["if-none-match"] == '"abc"'
    assert conditional["if-modified-since"] == "Tue, 04 Oct 2022 10:00:00 GMT"


@pytest.mark.asyncio
async def test_poll_feed_refuses_a_web_page(server: LocalHTTPServer) -> None:
    server.route(
        "/page", body=b"<html><body>news</body></html>", headers={"Content-Type": "text/html"}
    )
    with pytest.raises(FeedError, match=r"not an RSS or Atom feed: .*/page returned text/html"):
        await poll_feed(server.url("/page"), policy=LOCAL)
