"""`sources` (list, add, remove) and `ingest URL`: where statements come from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.app.services import Services
from bot.commands.args import action_args, parse_ids
from bot.core.errors import InvalidInput
from bot.core.parse import parse_args
from bot.core.registry import ActionSpec, CommandSpec, Option
from bot.core.syntax import CommandSyntax
from bot.core.types import Command, Reply

if TYPE_CHECKING:
    from bot.ingest.pipeline import IngestResult

# The ingest modules (httpx, feedparser, trafilatura) load on first use, not on every
# `attache ask`: start-up time is a feature.


async def list_action(command: Command, services: Services) -> Reply:
    return _list(services, command.syntax)


async def remove_action(command: Command, services: Services) -> Reply:
    from bot.ingest.sources import remove_sources
    from bot.text.redact import redact_credentials

    args = action_args(command)
    words = args.words
    if args.options.get("ids"):
        words = words + tuple(args.options["ids"].replace(",", " ").split())
    actor = command.context.actor
    removed = remove_sources(services.store, parse_ids(words, "source"), actor=actor)
    names = redact_credentials(", ".join(f"#{s.id} {s.name}" for s in removed))
    return Reply(title=f"Removed {names}; what they brought in stays.", ephemeral=True)


async def add_action(command: Command, services: Services) -> Reply:
    args = action_args(command)
    return await _add(services, args.words, args.options, command.context.actor, command.syntax)


def _list(services: Services, syntax: CommandSyntax) -> Reply:
    from bot.ingest.sources import list_sources
    from bot.text.redact import redact_credentials

    rows = list_sources(services.store)
    if not rows:
        add = syntax.example("sources add URL")
        return Reply(title=f"No sources yet; an admin can add one with “{add}”.")
    lines = []
    for s in rows:
        state = (
            f"error: {s.last_error}"
            if s.last_error
            else (
                f"last polled {s.last_polled_at:%Y-%m-%d %H:%M} UTC"
                if s.last_polled_at
                else "not polled yet"
            )
        )
        auto = ", auto-approve" if s.auto_approve else ""
        # Anyone may list sources: a password in a URL stored before adding refused them
        # (the name defaults to the URL, errors quote it) is never shown.
        lines.append(
            redact_credentials(
                f"#{s.id} {s.kind}: {s.name} <{s.url}> "
                f"every {s.poll_interval_s // 60} min{auto} ({state})"
            )
        )
    return Reply(title=f"{len(rows)} source{'s' if len(rows) != 1 else ''}", lines=tuple(lines))


async def _add(
    services: Services,
    words: tuple[str, ...],
    options: dict[str, str],
    actor: str,
    syntax: CommandSyntax,
) -> Reply:
    from bot.ingest.sources import add_source, check_source_url

    urls = [w for w in words if "://" in w] or ([options["url"]] if options.get("url") else [])
    flags = {w.lower() for w in words if "://" not in w}
    if len(urls) != 1:
        add = syntax.example("sources add https://example.org/feed.xml")
        raise InvalidInput(f"give one URL to add, e.g. {add}")
    url = await check_source_url(urls[0], services.fetch_policy)
    unknown = flags - {"feed", "page", "auto-approve", "auto_approve"}
    if unknown:
        raise InvalidInput(
            f"unknown word(s) {', '.join(sorted(unknown))}; use feed, page or auto-approve"
        )
    kind = options.get("kind") or (
        "feed" if "feed" in flags else "page" if "page" in flags else None
    )
    if kind is None:
        kind = await _detect_kind(services, url)
    interval = options.get("interval")
    if interval is not None and not interval.isdigit():
        raise InvalidInput(f"interval is a number of minutes (got “{interval}”)")
    source = add_source(
        services.store,
        url,
        kind=kind,
        actor=actor,
        name=options.get("name"),
        outlet=options.get("outlet"),
        auto_approve=bool(flags & {"auto-approve", "auto_approve"})
        or options.get("auto_approve", "").lower() in ("1", "true", "yes"),
        interval_s=int(interval) * 60 if interval else 900,
    )
    return Reply(
        title=f"Added {source.kind} source #{source.id} {source.name}. Its first poll stores what "
        "it holds without announcing it in digests.",
        ephemeral=True,
    )


async def _detect_kind(services: Services, url: str) -> str:
    from bot.ingest.feeds import looks_like_feed
    from bot.ingest.fetch import FetchError, fetch

    try:
        result = await fetch(url, policy=services.fetch_policy)
    except FetchError as exc:
        raise InvalidInput(str(exc)) from None
    return "feed" if looks_like_feed(result.content_type, result.text) else "page"


async def ingest(command: Command, services: Services) -> Reply:
    from bot.ingest.sources import ingest_url

    args = parse_args(command.text, command.options)
    urls = [w for w in args.words if w.lower() not in ("approve", "--approve")]
    if not urls:
        example = command.syntax.example("ingest https://example.org/article")
        raise InvalidInput(f"give a URL to ingest, e.g. {example}")
    if len(urls) > 10:
        raise InvalidInput(f"{len(urls)} URLs at once is too many; the limit is 10")
    approve = len(urls) < len(args.words)
    results: list[IngestResult] = []
    failures: list[str] = []
    for url in urls:
        results += await ingest_url(
            services.store,
            url,
            policy=services.fetch_policy,
            auto_approve=approve,
            actor=command.context.actor,
            on_error=failures.append,
        )
    _tell_review_channels(services, results, command)
    notices = tuple(f"Not stored: {failure}" for failure in failures)
    return Reply(title=summarise(results), notices=notices, ephemeral=True)


def _tell_review_channels(
    services: Services, results: Sequence[IngestResult], command: Command
) -> None:
    """Record the ingest's new pending statements for the review channels' notifier."""
    from bot.store.busy import write_retrying
    from bot.store.outbox import after_ingest

    who = command.context.display_name or command.context.user_id
    write_retrying(services.store, lambda session: after_ingest(session, results, who))


def summarise(results: Sequence[IngestResult]) -> str:
    """One line for a batch of `IngestResult`s, with the kinds of the documents stored."""
    docs = sum(1 for r in results if not r.duplicate)
    dupes = len(results) - docs
    new = sum(r.new_statements for r in results)
    approved = sum(r.approved for r in results)
    known = sum(r.known_statements for r in results)
    parts = [f"{docs:,} new document{'s' if docs != 1 else ''}{_kinds(results)}"]
    if dupes:
        parts.append(f"{dupes:,} already ingested")
    parts.append(f"{new:,} new statement{'s' if new != 1 else ''}")
    if approved:
        parts.append(f"{approved:,} approved")
    if new - approved:
        parts.append(f"{new - approved:,} waiting for review")
    if known:
        parts.append(f"{known:,} already known")
    return "Ingested: " + ", ".join(parts) + "."


def _kinds(results: Sequence[IngestResult]) -> str:
    """The stored documents by kind, most first, those of no known kind last as "other":
    ' (transcript 88, speech 12, other 3)'. Nothing when no document has a kind (results from
    before kinds were classified, or only duplicates), so such summaries read as they did."""
    stored = Counter(r.kind for r in results if not r.duplicate)
    if not stored.keys() - {None}:
        return ""
    other = stored.pop(None, 0)
    if sum(stored.values()) == 1 and not other:
        return f" ({next(iter(stored))})"  # "1 new document (speech)"
    ranked = sorted(stored.items(), key=lambda item: (-item[1], item[0]))
    named = [f"{kind} {count:,}" for kind, count in ranked]
    if other:
        named.append(f"other {other:,}")
    return " (" + ", ".join(named) + ")"


SPECS = [
    CommandSpec(
        name="sources",
        summary="List the sources; admins add (feed or page URL) and remove them",
        usage=(
            "sources list | sources add URL [feed|page] [auto-approve] [name=…] [outlet=…] "
            "[interval=MIN] | sources remove ID"
        ),
        help=(
            "Feeds are polled with conditional requests; a source's first poll stores what it "
            "holds without announcing it. auto-approve publishes its statements without review."
        ),
        handler=None,
        options=(Option("action", "list, add or remove", choices=("list", "add", "remove")),),
        actions=(
            ActionSpec(
                "list",
                "List the sources and how their last poll went",
                "sources list",
                list_action,
            ),
            ActionSpec(
                "add",
                "Add a feed or page URL to poll for statements",
                "sources add URL [feed|page] [auto-approve] [name=…] [outlet=…] [interval=MIN]",
                add_action,
                admin=True,
                options=(
                    Option("url", "the feed or page URL", required=True),
                    Option(
                        "kind", "feed or page (detected when left out)", choices=("feed", "page")
                    ),
                    Option("name", "a name for the source"),
                    Option("outlet", "the outlet it publishes, e.g. Reuters"),
                    Option("interval", "minutes between polls (at least 1)", kind="integer"),
                ),
            ),
            ActionSpec(
                "remove",
                "Remove sources by number; what they brought in stays",
                "sources remove ID…",
                remove_action,
                admin=True,
                options=(Option("ids", "source numbers, e.g. 3 or 3 4", required=True),),
            ),
        ),
        examples=("sources list", "sources add https://example.org/rss.xml feed outlet=Example"),
    ),
    CommandSpec(
        name="ingest",
        summary="Fetch a URL now and extract its statements for review (admins)",
        usage="ingest URL… [approve]",
        help="Fetches each URL safely (public http(s) only, size and time capped), extracts "
        "statements and queues them for review; “approve” publishes them at once.",
        handler=ingest,
        options=(Option("url", "The article or feed URL", required=True),),
        admin=True,
        examples=("ingest https://example.org/article",),
    ),
]
