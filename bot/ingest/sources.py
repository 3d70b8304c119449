"""Sources (feeds and pages) and the poller; URL ingestion shared with `attache ingest URL`.

Network work is async (httpx); each document is written in its own short transaction, so
one bad item or source never blocks or half-writes another.

A feed item that fails (its link answers 404, is refused, or its text cannot be stored) is
skipped and named in the poll's report and in the source's ``last_error``; the other items
are stored. The feed's validators (ETag/Last-Modified) are then not kept, so the next poll
reads the whole feed again and retries the failed items for as long as the feed lists them.

A poll is bounded in items, time and fetched bytes, and renews its claim on the source as
it goes (bot/ingest/poll_bounds.py); each item is stored as soon as it is read, so a poll
that stops at a bound keeps what it stored, and the next poll takes the rest (validators
are not kept then either).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.orm import Session

from bot.core.errors import InvalidInput, NotFound
from bot.ingest import queries
from bot.ingest.feeds import FeedError, FeedItem, item_key, looks_like_feed, parse_feed, poll_feed
from bot.ingest.feeds import PollState as FeedPollState
from bot.ingest.fetch import (
    FetchError,
    FetchPolicy,
    FetchResult,
    check_fetchable,
    check_url_form,
    fetch,
)
from bot.ingest.inputs import html_document, parse_date, text_document
from bot.ingest.pipeline import DocumentInput, IngestResult
from bot.ingest.poll_bounds import CLAIM_LEASE, Lease, PollBudget, PollLimits
from bot.ingest.writer import DocumentWriter
from bot.store import repo
from bot.store.busy import write_retrying
from bot.store.models import Source, utcnow
from bot.store.outbox import after_poll as tell_review_channels
from bot.store.store import Store
from bot.text.redact import redact_credentials

log = logging.getLogger(__name__)

MIN_POLL_INTERVAL_S = 60
DEFAULT_POLL_INTERVAL_S = 900
# An item whose feed text is shorter than this is only a teaser: fetch the article itself.
MIN_INLINE_ARTICLE_CHARS = 600
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
    # Items left for the next poll, and why (the bound the poll reached, or a lost claim).
    items_left: int = 0
    stopped_by: str | None = None

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

    def write(session: Session) -> Source:
        existing = queries.source_by_url(session, url)
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

    # Another process's ingest may be writing: wait for it (and say so) rather than fail.
    return write_retrying(store, write)


def remove_sources(store: Store, source_ids: list[int], *, actor: str) -> list[Source]:
    """Stop polling sources, all or none; what they brought in stays, with its provenance."""

    def write(session: Session) -> list[Source]:
        sources = [session.get(Source, i) for i in source_ids]
        missing = [f"#{i}" for i, s in zip(source_ids, sources, strict=True) if s is None]
        if missing:
            raise NotFound(
                f"there is no source {', '.join(missing)}; nothing was removed "
                "(`sources list` shows them)"
            )
        found = [s for s in sources if s is not None]
        seeds = [f"#{s.id}" for s in found if s.kind == "seed"]
        if seeds:
            # The founding article and its curated statements ship with the bot; they are
            # not a polled source and `sources list` does not show them.
            raise InvalidInput(
                f"source {', '.join(seeds)} is the seed (the founding article shipped with "
                "the bot) and cannot be removed; nothing was removed"
            )
        for source in found:
            queries.detach_documents(session, source.id)
            session.delete(source)
            repo.audit(session, actor, "source.remove", f"source:{source.id}", url=source.url)
        return found

    return write_retrying(store, write)


def list_sources(store: Store) -> list[Source]:
    with store.reading() as session:
        return queries.polled_sources(session)


# --- fetching documents -----------------------------------------------------------------


def _failure(label: str, exc: Exception) -> str:
    message = str(exc) or type(exc).__name__
    return message if label in message else f"{label}: {message}"


@dataclass
class Taken:
    """What storing a feed's items came to: each item stored or failed on its own, and the
    items a bound left for later."""

    results: list[IngestResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    left: int = 0
    stopped_by: str | None = None


async def store_items(
    store: Store,
    items: list[FeedItem],
    policy: FetchPolicy,
    writer: DocumentWriter,
    *,
    limits: PollLimits,
    lease: Lease | None = None,
    outlet: str | None = None,
    **fields: object,
) -> Taken:
    """Read and store the items one after another: one whose link fails is a failure, not
    the feed's end, and each is stored before the next is fetched (memory holds one item).
    Stops at the first bound `limits` sets, or when `lease` is lost, leaving the rest."""
    taken, budget = Taken(), PollBudget(limits)
    for n, item in enumerate(items):
        reason = budget.exhausted()
        if reason is None and lease is not None and not lease.keep(store):
            reason = "its claim on the source passing to another poller"
        if reason is not None:
            taken.left, taken.stopped_by = len(items) - n, reason
            break
        budget.items += 1
        try:
            doc = await document_from_item(item, policy, on_fetched=budget.fetched, **fields)
            taken.results.append(writer.ingest(_with_outlet(doc, outlet)))
        except (FetchError, FeedError, ValueError) as exc:
            taken.failures.append(_failure(item.link or item_key(item), exc))
    return taken


def page_document(result: FetchResult, **fields: object) -> DocumentInput:
    """A fetched page that is not a feed: an article, or plain text."""
    if result.content_type == "text/plain":
        return text_document(result.text, label=result.url, url=result.url, **fields)
    return html_document(result.text, label=result.url, url=result.url, **fields)


async def store_result(
    store: Store,
    result: FetchResult | list[FeedItem],
    policy: FetchPolicy,
    writer: DocumentWriter,
    *,
    limits: PollLimits,
    lease: Lease | None = None,
    outlet: str | None = None,
    **fields: object,
) -> Taken:
    """Store what was fetched: a feed's items (given, or those of a fetched feed; bounded by
    `limits`), or the fetched page."""
    if isinstance(result, FetchResult) and looks_like_feed(result.content_type, result.text):
        result = parse_feed(result.text, result.url).items
    if not isinstance(result, FetchResult):
        return await store_items(
            store, result, policy, writer, limits=limits, lease=lease, outlet=outlet, **fields
        )
    taken = Taken()
    try:
        taken.results.append(writer.ingest(_with_outlet(page_document(result, **fields), outlet)))
    except ValueError as exc:
        taken.failures.append(_failure(result.url, exc))
    return taken


async def document_from_item(
    item: FeedItem,
    policy: FetchPolicy,
    on_fetched: Callable[[int], None] | None = None,
    **fields: object,
) -> DocumentInput:
    """The item's article: its inline text, or (when that is only a teaser) its page, whose
    size `on_fetched` hears of (a poll's byte bound)."""
    inline = item.content_html or item.summary_html or ""
    doc = (
        html_document(inline, label=item.link or item_key(item), url=item.link, **fields)
        if inline
        else None
    )
    if item.link and (doc is None or len(doc.text) < MIN_INLINE_ARTICLE_CHARS):
        page = await fetch(item.link, policy=policy)
        if on_fetched is not None:
            on_fetched(len(page.text))
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
) -> list[IngestResult]:
    """Each document in its own transaction; one the pipeline refuses raises ValueError."""
    writer = DocumentWriter(store, auto_approve=auto_approve, actor=actor)
    return [writer.ingest(doc) for doc in docs]


def left_for_later(taken: Taken) -> str | None:
    """ "12 items not read yet: stopped at the poll's bound of 50 items" """
    if not taken.left:
        return None
    noun = "item" if taken.left == 1 else "items"
    return f"{taken.left} {noun} not read yet: stopped at {taken.stopped_by}"


async def ingest_url(
    store: Store,
    url: str,
    *,
    policy: FetchPolicy,
    auto_approve: bool,
    actor: str,
    on_error: Callable[[str], None] | None = None,
    limits: PollLimits | None = None,
) -> list[IngestResult]:
    """Fetch and store a URL's documents. A feed's items succeed or fail one by one: each
    failure goes to `on_error` (or, without one, is raised once the others are stored). A
    feed's items are read within a poll's bounds; the items left are reported as such."""
    writer = DocumentWriter(store, auto_approve=auto_approve, actor=actor)
    try:
        result = await fetch(check_url(url), policy=policy)
        taken = await store_result(store, result, policy, writer, limits=limits or PollLimits())
    except (FetchError, FeedError) as exc:
        raise InvalidInput(str(exc)) from None
    results, failures = taken.results, taken.failures
    left = left_for_later(taken)
    if left:
        failures.append(f"{url}: {left}; run the command again for the rest")
    write_retrying(
        store,
        lambda session: repo.audit(
            session, actor, "ingest.url", url, documents=len(results), failed=len(failures)
        ),
    )
    if on_error is not None:
        for failure in failures:
            on_error(failure)
    elif failures:
        raise InvalidInput(
            f"{len(results)} document(s) stored, {len(failures)} failed: " + "; ".join(failures)
        )
    return results


# --- polling ----------------------------------------------------------------------------


def claim_due(
    store: Store, now: datetime, owner: str, limit: int = 50, lease: timedelta = CLAIM_LEASE
) -> list[int]:
    """Claim due sources for this poller by moving their next poll past a lease.

    The claim is a conditional update: a row another poller already moved is no longer
    due, so it is never taken twice. On PostgreSQL the due rows are first selected FOR
    UPDATE SKIP LOCKED in the same transaction, so pollers in several processes take
    disjoint sets without waiting on each other. SQLite has one writer at a time and no
    row locks; there each claim is its own short write, so readers are never upgraded to
    writers mid-transaction (which SQLite would refuse as busy).
    """

    def take(session: Session, source_id: int) -> bool:
        return queries.claim_source(session, source_id, now, now + lease)

    claimed: list[int] = []
    if store.engine.dialect.name == "postgresql":
        with store.transaction() as session:
            ids = queries.due_source_ids(session, now, limit, lock=True)
            claimed = [i for i in ids if take(session, i)]
    else:
        with store.reading() as session:
            ids = queries.due_source_ids(session, now, limit, lock=False)
        for source_id in ids:
            if write_retrying(store, partial(take, source_id=source_id)):
                claimed.append(source_id)
    if claimed:
        log.info("poller %s claimed sources %s", owner, claimed)
    return claimed


async def poll_due(
    store: Store,
    *,
    policy: FetchPolicy,
    now: datetime | None = None,
    owner: str = "poller",
    limits: PollLimits | None = None,
) -> list[PollReport]:
    """Claim the due sources and poll them one after another, each within `limits`. A
    claimed source waits its turn under a lease that may run out: each poll first renews
    its claim, and skips the source when another poller has taken it meanwhile."""
    now = now or utcnow()
    limits = limits or PollLimits()
    reports = []
    for source_id in claim_due(store, now, owner, lease=limits.lease):
        lease = Lease(source_id, now + limits.lease, limits.lease)
        if not lease.keep(store):
            log.info("poller %s: source %s was taken by another poller", owner, source_id)
            continue
        reports.append(
            await poll_source(store, source_id, policy=policy, now=now, limits=limits, lease=lease)
        )
    return reports


async def poll_source(
    store: Store,
    source_id: int,
    *,
    policy: FetchPolicy,
    now: datetime,
    limits: PollLimits | None = None,
    lease: Lease | None = None,
) -> PollReport:
    """Poll one source within `limits`, renewing `lease` (the poller's claim) as it goes."""
    with store.reading() as session:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFound(f"there is no source #{source_id}")
    report = PollReport(source_id, source.name)
    first_poll = not source.polled_once
    state = FeedPollState(source.etag, source.last_modified)
    writer = DocumentWriter(store, auto_approve=source.auto_approve, actor=f"source:{source.id}")
    limits = limits or PollLimits()
    try:
        taken = Taken()
        if source.url is None:  # only the seed has none, and it is never polled
            raise InvalidInput(f"source #{source.id} has no URL to poll")
        found: FetchResult | list[FeedItem] | None = None
        if source.kind == "feed":
            outcome = await poll_feed(source.url, state, policy=policy)
            report.not_modified, state = outcome.not_modified, outcome.state
            if outcome.feed is not None:
                found = _unseen(store, source.id, outcome.feed.items)
        else:
            result = await fetch(
                source.url, policy=policy, etag=state.etag, last_modified=state.last_modified
            )
            report.not_modified = result.not_modified
            state = FeedPollState(
                result.etag or state.etag, result.last_modified or state.last_modified
            )
            if not result.not_modified:
                found = result
        if found is not None:
            taken = await store_result(
                store,
                found,
                policy,
                writer,
                limits=limits,
                lease=lease,
                outlet=source.outlet,
                source_id=source.id,
                announce=not first_poll,
            )
        report.documents, report.item_errors = taken.results, taken.failures
        report.items_left, report.stopped_by = taken.left, taken.stopped_by
    except (FetchError, FeedError, InvalidInput, ValueError) as exc:
        report.error = str(exc)
        log.warning("polling source %s (%s) failed: %s", source.id, source.url, exc)
    for failure in report.item_errors:
        log.warning("polling source %s: an item failed: %s", source.id, failure)
    if report.items_left:
        log.info("polling source %s: %s", source.id, left_for_later(taken))
    if lease is not None and not lease.keep(store):
        return report  # another poller holds the source now, and records its own poll
    write_retrying(store, lambda session: _record_poll(session, report, state, now))
    return report


def _record_poll(session: Session, report: PollReport, state: FeedPollState, now: datetime) -> None:
    row = session.get(Source, report.source_id)
    if row is None:
        return
    row.last_polled_at = now
    row.next_poll_at = now + timedelta(
        # Items left by a bound are taken as soon as a poller comes round again.
        seconds=MIN_POLL_INTERVAL_S if report.items_left else row.poll_interval_s
    )
    row.last_error = report.error or items_failed(report.item_errors)
    tell_review_channels(session, report, now)  # failing streak, pending notice
    if report.error is None:
        row.polled_once = True
        # Validators are kept only when every item was stored: otherwise the next request
        # must not be answered 304, so the failed and the left items are read again.
        if not report.item_errors and not report.items_left:
            row.etag, row.last_modified = state.etag, state.last_modified


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
        seen = queries.seen_items(session, source_id)
    return [i for i in items if (item_key(i), item_signature(i)) not in seen]


def _with_outlet(doc: DocumentInput, outlet: str | None) -> DocumentInput:
    if not outlet or doc.outlet == outlet:
        return doc
    from dataclasses import replace

    return replace(doc, outlet=outlet)
