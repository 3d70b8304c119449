"""RSS/Atom parsing and conditional polling helpers (no database: callers keep the state).

feedparser does the parsing. It is always given the body as a byte stream: handed a plain
string that looks like a URL or a path, feedparser would fetch or open it itself, bypassing the
safe fetcher.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import httpx

from bot.ingest.fetch import FetchPolicy, fetch

__all__ = [
    "FeedError",
    "FeedItem",
    "ParsedFeed",
    "PollOutcome",
    "PollState",
    "item_key",
    "looks_like_feed",
    "new_items",
    "normalise_date",
    "parse_feed",
    "poll_feed",
]

_FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
)
# Markup that may come before a feed's root element: XML declaration, processing instructions,
# comments, a doctype, whitespace.
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})


class FeedError(Exception):
    """The body is not a usable RSS or Atom feed; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    guid: str | None
    link: str | None
    title: str | None
    published: str | None  # 'YYYY-MM-DD'
    summary_html: str | None
    content_html: str | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    link: str | None
    items: list[FeedItem]


# --------------------------------------------------------------------------- parsing


def looks_like_feed(content_type: str, body: str) -> bool:
    """True when the response declares a feed type or its root element is rss/feed/RDF."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type in _FEED_MEDIA_TYPES:
        return True
    head = body[:4096].lstrip("\ufeff")
    position = 0
    while True:
        prolog = _PROLOG.match(head, position)
        if prolog is None:
            break
        position = prolog.end()
    root = _ROOT.match(head, position)
    return root is not None and root.group(1).lower() in _FEED_ROOTS


def normalise_date(raw: str | None, parsed: time.struct_time | None = None) -> str | None:
    """'YYYY-MM-DD' for a feed date, keeping the publisher's own calendar day.

    feedparser's *_parsed fields are converted to UTC, which moves an evening item from
    New York or a morning item from Moscow to another day; the raw string is read first so the
    date stays the one the publisher printed. The UTC value is the fallback.
    """
    if raw:
        text = raw.strip()
        try:
            return parsedate_to_datetime(text).date().isoformat()  # RSS: RFC 822 dates
        except (TypeError, ValueError, IndexError):
            pass
        try:
            # Atom: RFC 3339. fromisoformat in 3.11 accepts 'Z' and fractional seconds.
            return datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            pass
    if parsed is not None:
        return time.strftime("%Y-%m-%d", parsed)
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _item(entry: Any) -> FeedItem:
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    parsed_date = (
        entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    )
    contents = entry.get("content") or []
    content_html = _text(contents[0].get("value")) if contents else None
    return FeedItem(
        guid=_text(entry.get("id")),
        link=_text(entry.get("link")),
        title=_text(entry.get("title")),
        published=normalise_date(raw_date, parsed_date),
        summary_html=_text(entry.get("summary")),
        content_html=content_html,
    )


def parse_feed(body: str, url: str | None = None) -> ParsedFeed:
    """Parse an RSS 0.9x/1.0/2.0 or Atom document; raise FeedError if it is not one."""
    if not body.strip():
        raise FeedError("not an RSS or Atom feed: the body is empty")
    # The text is already decoded, so tell feedparser it is UTF-8 whatever the XML declaration
    # says (an HTTP charset outranks the declaration for XML media types).
    # No base URL is given to feedparser: it would also "resolve" guids such as "item-1" into
    # URLs, and a guid must stay as published to stay a stable dedupe key. Links are resolved
    # here instead.
    headers = {"content-type": "application/xml; charset=utf-8"}
    parsed = feedparser.parse(io.BytesIO(body.encode("utf-8")), response_headers=headers)
    items = [_resolved(_item(entry), url) for entry in parsed.entries]
    # A lenient parse of broken XML can yield empty shells; they are not items.
    items = [item for item in items if _has_substance(item)]
    if parsed.get("bozo") and not items:
        raise FeedError(f"not an RSS or Atom feed: {_bozo_reason(parsed.get('bozo_exception'))}")
    if not parsed.get("version") and not items:
        raise FeedError("not an RSS or Atom feed: no rss, feed or RDF root element")
    channel = parsed.feed
    link = _text(channel.get("link"))
    return ParsedFeed(
        title=_text(channel.get("title")),
        link=urljoin(url, link) if url and link else link,
        items=items,
    )


def _resolved(item: FeedItem, base: str | None) -> FeedItem:
    if base and item.link:
        return replace(item, link=urljoin(base, item.link))
    return item


def _has_substance(item: FeedItem) -> bool:
    return any((item.guid, item.link, item.title, item.summary_html, item.content_html))


def _bozo_reason(exc: object) -> str:
    # SAX messages look like "<unknown>:2:5: not well-formed (invalid token)"; the position is
    # in feedparser's rewritten copy of the document, not the original, so it is dropped.
    text = str(exc or "").strip()
    text = re.sub(r"^<unknown>:\d+:\d+:\s*", "", text)
    return f"malformed XML ({text})" if text else "malformed XML"


def item_key(item: FeedItem) -> str:
    """Dedupe key: the guid, else the link, else a hash of title and summary."""
    if item.guid:
        return item.guid
    if item.link:
        return item.link
    digest = hashlib.sha256(f"{item.title or ''}\n{item.summary_html or ''}".encode())
    return f"sha256:{digest.hexdigest()}"


def new_items(items: Iterable[FeedItem], seen_keys: Collection[str]) -> list[FeedItem]:
    """Items whose key is not in ``seen_keys``, in feed order, each key once."""
    fresh: list[FeedItem] = []
    keys: set[str] = set()
    for item in items:
        key = item_key(item)
        if key in seen_keys or key in keys:
            continue
        keys.add(key)
        fresh.append(item)
    return fresh


# --------------------------------------------------------------------------- polling


@dataclass(frozen=True)
class PollState:
    """What a source remembers between polls to make the next request conditional."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class PollOutcome:
    url: str  # final URL after redirects
    not_modified: bool
    feed: ParsedFeed | None  # None when not_modified
    state: PollState  # store this for the next poll


async def poll_feed(
    url: str,
    state: PollState | None = None,
    *,
    policy: FetchPolicy | None = None,
    client: httpx.AsyncClient | None = None,
) -> PollOutcome:
    """Fetch a feed conditionally (If-None-Match / If-Modified-Since) and parse it.

    Raises FetchError for refused or failed fetches and FeedError for bodies that are not feeds.
    """
    state = state or PollState()
    result = await fetch(
        url,
        policy=policy or FetchPolicy(),
        etag=state.etag,
        last_modified=state.last_modified,
        client=client,
    )
    if result.not_modified:
        # A 304 may carry a fresh validator; otherwise keep the old ones.
        kept = replace(
            state,
            etag=result.etag or state.etag,
            last_modified=result.last_modified or state.last_modified,
        )
        return PollOutcome(result.url, True, None, kept)
    if not looks_like_feed(result.content_type, result.text):
        raise FeedError(
            f"not an RSS or Atom feed: {result.url} returned {result.content_type} "
            "without an rss, feed or RDF root element"
        )
    feed = parse_feed(result.text, result.url)
    return PollOutcome(result.url, False, feed, PollState(result.etag, result.last_modified))
