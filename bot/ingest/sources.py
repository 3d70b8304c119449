"""Sources (feeds and pages) and the poller; URL ingestion shared with `attache ingest URL`.

Network work is async (httpx); each document is written in its own short transaction, so
one bad item or source never blocks or half-writes another.

A feed item that fails (its link answers 404, is refused, or its text cannot be stored) is
skipped and named in the poll's report and in the source's ``last_error``; the other items
are stored. The feed's validators (ETag/Last-Modified) are then not kept, so the next poll
reads the whole feed again and retries the failed items for as long as the feed lists them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from bot.core.errors import InvalidInput, NotFound
from bot.ingest.feeds import FeedError, FeedItem, item_key, looks_like_feed, parse_feed, poll_feed
from bot.ingest.feeds import PollState as FeedPollState
from bot.ingest.fetch import (
    FetchError,
    FetchPolicy,
    FetchResult,
    check_fetchable,
    check_url_form,
    fetch,
    redact_credentials,
)
from bot.ingest.inputs import html_document, parse_date, text_document
from bot.ingest.pipeline import DocumentInput, IngestResult, ingest_document
from bot.store import repo
from bot.store.models import Document, Source, utcnow
from bot.store.store import Store

log = logging.getLogger(__name__)

MIN_POLL_INTERVAL_S = 60
DEFAULT_POLL_INTERVAL_S = 900
# An item whose feed text is shorter than this is only a teaser: fetch the article itself.
MIN_INLINE_ARTICLE_CHARS = 600
# How long a poller owns a source it claimed before another may take it over.
CLAIM_LEASE = timedelta(minutes=10)
# How many failed items a source's last_error names; the poll report names them all.
ITEM_ERRORS_SHOWN = 5


@dataclass
class PollReport:
    source_id: int
    name: str
    not_modified: bool = False
    documents: list[IngestResult] = field(default_factory=list)
    error: str | None = None  # the source itself failed: nothing was stored
    # Items that failed on their own ("URL: reason"); the others were stored.
    item_errors: list[str] = field(default_factory=list)

    @property
    def new_documents(self) -> int:
        return sum(1 for d in self.documents if not d.duplicate)


def check_url(url: str) -> str:
    url = url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https") or "://" not in url:
        raise InvalidInput(
            f"only http and https URLs can be sources (got “{redact_credentials(url[:200])}”)"
        )
    if len(url) > 2000:
        raise InvalidInput(f"the URL is {len(url):,} characters long; the limit is 2,000")
    try:
        check_url_form(url)  # no host, or a user name or password in it
    except FetchError as exc:
        raise InvalidInput(str(exc)) from None
    return url


async def check_source_url(url: str, policy: FetchPolicy) -> str:
    """`check_url`, then the address checks every fetch makes (private, loopback, metadata
    and credential-bearing URLs are refused with fetch's own message), before anything is
    stored. The test setting that lets fetches reach 127.0.0.1 lets sources name it too."""
    url = check_url(url)
    try:
        await check_fetchable(url, policy=policy)
    except FetchError as exc:
        raise InvalidInput(str(exc)) from None
    return url


# --- managing sources -------------------------------------------------------------------


def add_source(
    store: Store,
    url: str,
    *,
    kind: str,
    actor: str,
    name: str | None = None,
    outlet: str | None = None,
    auto_approve: bool = False,
    interval_s: int = DEFAULT_POLL_INTERVAL_S,
) -> Source:
    url = check_url(url)
    if kind not in ("feed", "page"):
        raise InvalidInput(f"a source is a feed or a page (got “{kind}”)")
    if interval_s < MIN_POLL_INTERVAL_S:
        raise InvalidInput(
            f"poll interval {interval_s} s is too short; the minimum is {MIN_POLL_INTERVAL_S} s"
        )
    with store.transaction() as session:
        existing = session.scalar(select(Source).where(Source.url == url))
        if existing is not None:
            raise InvalidInput(f"{url} is already source #{existing.id} ({existing.name})")
        source = Source(
            kind=kind,
            name=(name or url)[:200],
            url=url,
            outlet=outlet,
            auto_approve=auto_approve,
            added_by=actor,
            poll_interval_s=interval_s,
            polled_once=False,
        )
        session.add(source)
        session.flush()
        repo.audit(
            session,
            actor,
            "source.add",
            f"source:{source.id}",
            url=url,
            kind=kind,
            auto_approve=auto_approve,
        )
        return source


def remove_sources(store: Store, source_ids: list[int], *, actor: str) -> list[Source]:
    """Stop polling sources, all or none; what they brought in stays, with its provenance."""
    with store.transaction() as session:
        sources = [session.get(Source, i) for i in source_ids]
        missing = [f"#{i}" for i, s in zip(source_ids, sources, strict=True) if s is None]
        if missing:
            raise NotFound(
                f"there is no source {', '.join(missing)}; nothing was removed "
                "(`sources list` shows them)"
            )
        seeds = [f"#{s.id}" for s in sources if s is not None and s.kind == "seed"]
        if seeds:
            # The founding article and its curated statements ship with the bot; they are
            # not a polled source and `sources list` does not show them.
            raise InvalidInput(
                f"source {', '.join(seeds)} is the seed (the founding article shipped with "
                "the bot) and cannot be removed; nothing was removed"
            )
        for source in sources:
            session.execute(
                update(Document).where(Document.source_id == source.id).values(source_id=None)
            )
            session.delete(source)
            repo.audit(session, actor, "source.remove", f"source:{source.id}", url=source.url)
        return sources


def list_sources(store: Store) -> list[Source]:
    with store.reading() as session:
        return list(
            session.scalars(select(Source).where(Source.kind != "seed").order_by(Source.id))
        )


# --- fetching documents -----------------------------------------------------------------


@dataclass
class Gathered:
    """Documents read from a URL, and the items that could not be read (`URL: reason`)."""

    documents: list[DocumentInput] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _failure(label: str, exc: Exception) -> str:
    message = str(exc) or type(exc).__name__
    return message if label in message else f"{label}: {message}"


async def documents_from_items(
    items: Iterable[FeedItem], policy: FetchPolicy, **fields: object
) -> Gathered:
    """Each item on its own: one whose link fails is a failure, not the feed's end."""
    gathered = Gathered()
    for item in items:
        try:
            gathered.documents.append(await document_from_item(item, policy, **fields))
        except (FetchError, FeedError, ValueError) as exc:
            gathered.failures.append(_failure(item.link or item_key(item), exc))
    return gathered


async def documents_from_result(
    result: FetchResult, policy: FetchPolicy, **fields: object
) -> Gathered:
    """The documents a fetched URL holds: a feed's items, an article, or plain text."""
    if looks_like_feed(result.content_type, result.text):
        feed = parse_feed(result.text, result.url)
        return await documents_from_items(feed.items, policy, **fields)
    if result.content_type == "text/plain":
        return Gathered([text_document(result.text, label=result.url, url=result.url, **fields)])
    return Gathered([html_document(result.text, label=result.url, url=result.url, **fields)])


async def document_from_item(
    item: FeedItem, policy: FetchPolicy, **fields: object
) -> DocumentInput:
    inline = item.content_html or item.summary_html or ""
    doc = (
        html_document(inline, label=item.link or item_key(item), url=item.link, **fields)
        if inline
        else None
    )
    if item.link and (doc is None or len(doc.text) < MIN_INLINE_ARTICLE_CHARS):
        page = await fetch(item.link, policy=policy)
        doc = html_document(page.text, label=page.url, url=page.url, **fields)
    if doc is None:
        raise FeedError(f"feed item “{item.title or item_key(item)}” has neither text nor link")
    return DocumentInput(
        text=doc.text,
        title=item.title or doc.title,
        url=item.link or doc.url,
        outlet=doc.outlet,
        published=parse_date(item.published) or doc.published,
        external_id=item_key(item),
        item_signature=item_signature(item),
        cleaned=True,
        label=doc.label,
        source_id=doc.source_id,
        announce=doc.announce,
    )


def store_documents(
    store: Store,
    docs: list[DocumentInput],
    *,
    auto_approve: bool,
    actor: str,
    failures: list[str] | None = None,
) -> list[IngestResult]:
    """Each document in its own transaction. One the pipeline refuses (ValueError) rolls
    back alone and is added to `failures`; without that list it is raised."""
    results = []
    for doc in docs:
        try:
            with store.transaction() as session:
                results.append(
                    ingest_document(
                        session, store.indexer, doc, auto_approve=auto_approve, actor=actor
                    )
                )
        except ValueError as exc:
            if failures is None:
                raise
            failures.append(_failure(doc.url or doc.label, exc))
    return results


async def ingest_url(
    store: Store,
    url: str,
    *,
    policy: FetchPolicy,
    auto_approve: bool,
    actor: str,
    on_error: Callable[[str], None] | None = None,
) -> list[IngestResult]:
    """Fetch and store a URL's documents. A feed's items succeed or fail one by one: each
    failure goes to `on_error` (or, without one, is raised once the others are stored)."""
    try:
        result = await fetch(check_url(url), policy=policy)
        gathered = await documents_from_result(result, policy)
    except (FetchError, FeedError) as exc:
        raise InvalidInput(str(exc)) from None
    failures = gathered.failures
    results = store_documents(
        store, gathered.documents, auto_approve=auto_approve, actor=actor, failures=failures
    )
    with store.transaction() as session:
        repo.audit(session, actor, "ingest.url", url, documents=len(results), failed=len(failures))
    if on_error is not None:
        for failure in failures:
            on_error(failure)
    elif failures:
        raise InvalidInput(
            f"{len(results)} document(s) stored, {len(failures)} failed: " + "; ".join(failures)
        )
    return results


# --- polling ----------------------------------------------------------------------------


def claim_due(store: Store, now: datetime, owner: str, limit: int = 50) -> list[int]:
    """Claim due sources for this poller by moving their next poll past a lease.

    The claim is a conditional update: a row another poller already moved is no longer
    due, so it is never taken twice. On PostgreSQL the due rows are first selected FOR
    UPDATE SKIP LOCKED in the same transaction, so pollers in several processes take
    disjoint sets without waiting on each other. SQLite has one writer at a time and no
    row locks; there each claim is its own short write, so readers are never upgraded to
    writers mid-transaction (which SQLite would refuse as busy).
    """
    due = or_(Source.next_poll_at.is_(None), Source.next_poll_at <= now)
    pick = (
        select(Source.id)
        .where(Source.kind.in_(("feed", "page")), due)
        .order_by(Source.next_poll_at.is_(None).desc(), Source.next_poll_at, Source.id)
        .limit(limit)
    )

    def take(session, source_id: int) -> bool:  # noqa: ANN001 - a Session
        moved = update(Source).where(Source.id == source_id, due)
        return bool(session.execute(moved.values(next_poll_at=now + CLAIM_LEASE)).rowcount)

    claimed: list[int] = []
    if store.engine.dialect.name == "postgresql":
        with store.transaction() as session:
            ids = session.scalars(pick.with_for_update(skip_locked=True)).all()
            claimed = [i for i in ids if take(session, i)]
    else:
        with store.reading() as session:
            ids = session.scalars(pick).all()
        for source_id in ids:
            with store.transaction() as session:
                if take(session, source_id):
                    claimed.append(source_id)
    if claimed:
        log.info("poller %s claimed sources %s", owner, claimed)
    return claimed


async def poll_due(
    store: Store, *, policy: FetchPolicy, now: datetime | None = None, owner: str = "poller"
) -> list[PollReport]:
    now = now or utcnow()
    return [
        await poll_source(store, sid, policy=policy, now=now)
        for sid in claim_due(store, now, owner)
    ]


async def poll_source(
    store: Store, source_id: int, *, policy: FetchPolicy, now: datetime
) -> PollReport:
    with store.reading() as session:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFound(f"there is no source #{source_id}")
    report = PollReport(source_id, source.name)
    first_poll = not source.polled_once
    fields = {"source_id": source.id, "announce": not first_poll}
    state = FeedPollState(source.etag, source.last_modified)
    try:
        if source.kind == "feed":
            outcome = await poll_feed(source.url, state, policy=policy)
            report.not_modified, state = outcome.not_modified, outcome.state
            gathered = Gathered()
            if outcome.feed is not None:
                unseen = _unseen(store, source.id, outcome.feed.items)
                gathered = await documents_from_items(unseen, policy, **fields)
        else:
            result = await fetch(
                source.url, policy=policy, etag=state.etag, last_modified=state.last_modified
            )
            report.not_modified = result.not_modified
            state = FeedPollState(
                result.etag or state.etag, result.last_modified or state.last_modified
            )
            gathered = (
                Gathered()
                if result.not_modified
                else await documents_from_result(result, policy, **fields)
            )
        docs = [_with_outlet(d, source.outlet) for d in gathered.documents]
        report.item_errors = gathered.failures
        report.documents = store_documents(
            store,
            docs,
            auto_approve=source.auto_approve,
            actor=f"source:{source.id}",
            failures=report.item_errors,
        )
    except (FetchError, FeedError, InvalidInput, ValueError) as exc:
        report.error = str(exc)
        log.warning("polling source %s (%s) failed: %s", source.id, source.url, exc)
    for failure in report.item_errors:
        log.warning("polling source %s: an item failed: %s", source.id, failure)
    with store.transaction() as session:
        row = session.get(Source, source_id)
        if row is not None:
            row.last_polled_at = now
            row.next_poll_at = now + timedelta(seconds=row.poll_interval_s)
            row.last_error = report.error or items_failed(report.item_errors)
            if report.error is None:
                row.polled_once = True
                # Validators are kept only when every item was stored: otherwise the next
                # request must not be answered 304, so the failed items are tried again.
                if not report.item_errors:
                    row.etag, row.last_modified = state.etag, state.last_modified
    return report


def items_failed(failures: list[str]) -> str | None:
    """The line a source's last_error keeps for a poll whose items partly failed."""
    if not failures:
        return None
    shown = "; ".join(failures[:ITEM_ERRORS_SHOWN])
    more = len(failures) - ITEM_ERRORS_SHOWN
    tail = f"; and {more} more" if more > 0 else ""
    noun = "item" if len(failures) == 1 else "items"
    return f"{len(failures)} feed {noun} failed (tried again next poll): {shown}{tail}"


def item_signature(item: FeedItem) -> str:
    """Changes when the feed shows an item differently: an edited title, text or date."""
    parts = (item.title, item.published, item.summary_html, item.content_html)
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode()).hexdigest()


def _unseen(store: Store, source_id: int, items: list[FeedItem]) -> list[FeedItem]:
    """Items not stored before in this form: new ones, and ones the feed shows edited."""
    with store.reading() as session:
        rows = session.execute(
            select(Document.external_id, Document.item_signature).where(
                Document.source_id == source_id
            )
        )
        seen = {(key, signature) for key, signature in rows}
    return [i for i in items if (item_key(i), item_signature(i)) not in seen]


def _with_outlet(doc: DocumentInput, outlet: str | None) -> DocumentInput:
    if not outlet or doc.outlet == outlet:
        return doc
    from dataclasses import replace

    return replace(doc, outlet=outlet)
