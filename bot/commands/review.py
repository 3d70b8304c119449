"""`review`: the queue of extracted statements waiting for an admin."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.app.services import Services
from bot.commands.args import action_args, parse_ids
from bot.core.errors import InvalidInput, NotFound
from bot.core.registry import ActionSpec, CommandSpec, Option
from bot.core.syntax import CommandSyntax
from bot.core.types import Command, Reply
from bot.review import channel as review_channel
from bot.review import flow, queue
from bot.review import queries as review_queries
from bot.store import repo
from bot.store.models import KINDS, Statement, StatementPoint
from bot.store.views import statement_item

LIST_SIZE = 10
QUEUE_DOCUMENTS_SHOWN = 15
# Set by the cards' buttons (every adapter): answer with the acted-on card, not a line.
CARD_VIEW = "card"


@dataclass(frozen=True)
class _Arguments:
    """A review action's statement numbers (typed, or Discord's `ids` option first), its
    options, and whether a card's button asked (answer with the card, not a line)."""

    words: tuple[str, ...]
    options: dict[str, str]
    as_card: bool

    @classmethod
    def of(cls, command: Command) -> _Arguments:
        args = action_args(command)
        words = args.words
        if "ids" in args.options:
            words = tuple(args.options.pop("ids").replace(",", " ").split()) + words
        as_card = args.options.pop("view", None) == CARD_VIEW
        return cls(words, args.options, as_card)


async def list_action(command: Command, services: Services) -> Reply:
    args = _Arguments.of(command)
    if args.as_card:
        raise InvalidInput("review list has no card; use review next")
    return _list(services, args.words, args.options, command.syntax)


async def approve_action(command: Command, services: Services) -> Reply:
    return _set_status_action(command, services, "approve")


async def reject_action(command: Command, services: Services) -> Reply:
    return _set_status_action(command, services, "reject")


def _set_status_action(command: Command, services: Services, action: str) -> Reply:
    args = _Arguments.of(command)
    if not args.as_card:
        return _set_status(services, parse_ids(args.words), action, command.context.actor)
    (statement_id,) = _single(args.words, action)
    filters = queue.Filters.parse(args.options)
    status = "approved" if action == "approve" else "rejected"
    return flow.set_status(services.store, statement_id, status, command.context, filters)


async def edit_action(command: Command, services: Services) -> Reply:
    args = _Arguments.of(command)
    actor = command.context.actor
    if not args.as_card:
        return _edit(services, parse_ids(args.words), args.options, actor)
    (statement_id,) = _single(args.words, "edit")
    if not args.options:  # an Edit form opening: the card as it stands fills it
        return flow.current_card(services.store, statement_id)
    done = _edit(services, [statement_id], args.options, actor, only_changes=True)
    changed = not done.title.endswith("unchanged.")
    return flow.edited_card(services.store, statement_id, command.context, changed=changed)


async def next_action(command: Command, services: Services) -> Reply:
    args = _Arguments.of(command)
    filters = queue.Filters.parse(args.options)
    after = parse_ids(args.words)[0] if args.words else None
    return flow.next_card(services.store, filters, after)


async def queue_action(command: Command, services: Services) -> Reply:
    args = _Arguments.of(command)
    shown = _queue(services, args.options, command.syntax)
    where = review_channel.describe(services.store, command.context, command.syntax)
    return replace(shown, lines=(*shown.lines, where)) if where else shown


async def document_action(command: Command, services: Services) -> Reply:
    args = _Arguments.of(command)
    (statement_id,) = _single(args.words, "document")
    filters = queue.Filters.parse(args.options)
    return flow.approve_document(services.store, statement_id, command.context, filters)


async def channel_action(command: Command, services: Services) -> Reply:
    args = _Arguments.of(command)
    state = args.options.get("state", "")  # Discord's option; typed: `review channel off`
    return review_channel.set_here(services.store, command.context, (*args.words, state))


def _single(words: tuple[str, ...], action: str) -> list[int]:
    ids = parse_ids(words)
    if len(ids) != 1:
        raise InvalidInput(f"review {action} from a card takes one statement number")
    return ids


def _queue(services: Services, options: dict[str, str], syntax: CommandSyntax) -> Reply:
    """How many statements wait, per source and per document, in queue order."""
    filters = queue.Filters.parse(options)
    with services.store.reading() as session:
        counts = queue.counts(queue.pending(session, filters))
    if not counts.total:
        return Reply(title="Nothing waits for review.", ephemeral=True)
    lines = [
        f"{name}: {n} statement{'s' if n != 1 else ''} from {docs} "
        f"document{'s' if docs != 1 else ''}"
        for name, n, docs in counts.by_source
    ]
    lines.append("")
    shown = counts.by_document[:QUEUE_DOCUMENTS_SHOWN]
    lines += [f"document {d or '—'} ‘{title[:80]}’: {n} pending" for d, title, n in shown]
    if len(counts.by_document) > len(shown):
        lines.append(f"… and {len(counts.by_document) - len(shown)} more documents")
    lines.append(f"Review them one at a time with “{syntax.example('review next')}”.")
    return Reply(
        title=f"{counts.total} statements wait for review, from {counts.documents} documents",
        lines=tuple(lines),
        ephemeral=True,
    )


def _list(
    services: Services, words: tuple[str, ...], options: dict[str, str], syntax: CommandSyntax
) -> Reply:
    status = options.get("status", "pending")
    if status not in ("pending", "approved", "rejected"):
        raise InvalidInput(f"status must be pending, approved or rejected (got “{status}”)")
    filters = queue.Filters.parse(options)
    with services.store.reading() as session:
        if status == "pending":
            # The queue's order: a document's statements together, the best first.
            ordered = queue.pending(session, filters)
            total = len(ordered)
            ids = [e.statement_id for e in ordered[:LIST_SIZE]]
            rows = repo.statements_by_ids(session, ids)
        else:
            rows, total = repo.list_statements(session, status=status, limit=LIST_SIZE)
        items = tuple(statement_item(st) for st in rows)
    if not items:
        return Reply(title=f"No {status} statements.", ephemeral=True)
    notices = (f"{total - len(items)} more not shown.",) if total > len(items) else ()
    approve, reject = syntax.example("review approve ID…"), syntax.example("review reject ID…")
    return Reply(
        title=f"{total} {status} statement{'s' if total != 1 else ''}; "
        + ("in review order" if status == "pending" else "newest first"),
        items=items,
        notices=notices,
        lines=(f"Approve with “{approve}”, reject with “{reject}”.",),
        ephemeral=True,
        show_ids=True,
    )


def _load(session, ids: list[int]) -> list[Statement]:
    rows = repo.statements_by_ids(session, ids)
    missing = sorted(set(ids) - {s.id for s in rows})
    if missing:
        raise NotFound(f"no statement #{', #'.join(map(str, missing))}; nothing was changed")
    return rows


def _set_status(services: Services, ids: list[int], action: str, actor: str) -> Reply:
    status = "approved" if action == "approve" else "rejected"
    with services.store.transaction() as session:
        rows = _load(session, ids)
        repo.set_status(session, services.store.indexer, rows, status, actor)
        repo.audit(session, actor, f"review.{action}", ",".join(map(str, ids)))
    listed = ", ".join(f"#{i}" for i in ids)
    return Reply(title=f"{status.capitalize()} {listed}.", ephemeral=True)


def _edit(
    services: Services,
    ids: list[int],
    options: dict[str, str],
    actor: str,
    *,
    only_changes: bool = False,
) -> Reply:
    """`only_changes`: an Edit form sends every field; those it left as they were are
    not applied (nor audited), so an untouched speaker is not linked again."""
    allowed = {"speaker", "role", "kind", "date", "points"}
    if "text" in options or "quote" in options:
        raise InvalidInput("the quoted words can never be edited; reject the statement instead")
    unknown = set(options) - allowed
    if unknown or not options:
        raise InvalidInput(
            f"edit takes {', '.join(sorted(allowed))} (e.g. kind=condition date=2022-09-25)"
            + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else "")
        )
    if len(ids) != 1:
        raise InvalidInput("edit one statement at a time")
    with services.store.transaction() as session:
        (st,) = _load(session, ids)
        if only_changes:
            options = {k: v for k, v in options.items() if v.strip() != current(st).get(k, "")}
            if not options:
                return Reply(title=f"#{st.id} unchanged.", ephemeral=True)
        changes: dict[str, object] = {}
        if "kind" in options:
            kind = options["kind"].lower() or None
            if kind not in (*KINDS, None, "none"):
                raise InvalidInput(f"kind must be one of {', '.join(KINDS)} or none (got “{kind}”)")
            st.kind = None if kind == "none" else kind
            changes["kind"] = st.kind
        if "date" in options:
            st.said_on = _date(options["date"])
            changes["date"] = st.said_on.isoformat() if st.said_on else None
        if "role" in options:
            st.role = options["role"].strip()[:300] or None
            changes["role"] = st.role
        if "speaker" in options:
            name = " ".join(options["speaker"].split())
            if not name or len(name) > 200:
                raise InvalidInput("speaker must be a name of 1 to 200 characters")
            from bot.ingest.linking import SpeakerLinker

            speaker = SpeakerLinker(session).link(session, name, st.role, trusted=True)
            if speaker is None:  # a trusted (admin's) name is always taken; kept for safety
                raise InvalidInput(f"“{name}” cannot be made a speaker; nothing was changed")
            fingerprint = repo.fingerprint(speaker.key, st.text)
            clash = review_queries.fingerprint_holder(session, fingerprint, st.id)
            if clash:
                raise InvalidInput(
                    f"statement #{clash} already holds these words from {speaker.name}; "
                    f"reject #{st.id} instead"
                )
            if st.status == "approved":
                repo.count_approved(session, st.speaker, -1)
                repo.count_approved(session, speaker, 1)
            st.speaker, st.fingerprint = speaker, fingerprint
            st.entity_id = speaker.entity_id
            changes["speaker"] = speaker.name
        if "points" in options:
            st.points = _points(st, options["points"])
            changes["points"] = [p.text for p in st.points]
        session.flush()
        if st.status == "approved":
            services.store.indexer.index(session, [st])
        repo.audit(session, actor, "review.edit", f"statement:{st.id}", **changes)
        item = statement_item(st)
    return Reply(title=f"Edited #{st.id}.", items=(item,), ephemeral=True, show_ids=True)


def current(st: Statement) -> dict[str, str]:
    """The editable fields as an Edit form shows them (points joined by “ | ”)."""
    return {
        "speaker": st.speaker.name,
        "role": st.role or "",
        "kind": st.kind or "none",
        "date": st.said_on.isoformat() if st.said_on else "unknown",
        "points": " | ".join(p.text for p in st.points),
    }


def _date(raw: str) -> date | None:
    if raw.lower() in ("", "none", "unknown"):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"date must be YYYY-MM-DD or “unknown” (got “{raw}”)") from None


def _points(st: Statement, raw: str) -> list[StatementPoint]:
    """Points are the source's words: each must appear verbatim in the statement's documents."""
    if raw.strip().lower() in ("", "none"):
        return []
    parts = [p.strip() for p in raw.split("|") if p.strip()]
    if len(parts) > 20:
        raise InvalidInput(f"{len(parts)} points is too many; the limit is 20")
    points = []
    for position, part in enumerate(parts, start=1):
        span = None
        for citation in st.citations:
            at = citation.document.text.find(part)
            if at >= 0:
                span = (at, at + len(part))
                break
        if span is None and part not in st.text:
            raise InvalidInput(f"point {position} (“{part[:60]}”) is not in the source's words")
        points.append(
            StatementPoint(
                position=position, text=part, start=span and span[0], end=span and span[1]
            )
        )
    return points


# The statement numbers an action cannot do without (the command's `ids` made required).
_IDS = Option("ids", "Statement numbers, e.g. 12 13", required=True)

SPECS = [
    CommandSpec(
        name="review",
        summary="Review extracted statements: list, approve, reject or edit (admins)",
        usage=(
            "review next|queue|list|approve ID…|reject ID…|edit ID key=value…|document ID|"
            "channel [off]"
        ),
        help=(
            "Extracted statements wait here until an admin approves them. edit fixes speaker, "
            'role, kind, date or points (points="first | second", each the source\'s own words); '
            "the quoted words themselves can never be edited. next shows one card at a time "
            "with buttons (newest document first, its best statements first); queue counts "
            "what waits per source and document; filter next, queue and list with source=, "
            "speaker=, kind=, confidence= (at least) or document=. channel makes this channel "
            "the review channel, told of new statements to review and of failing sources."
        ),
        handler=None,
        options=(
            Option(
                "action",
                "next, queue, list, approve, reject, edit, document or channel",
                choices=(
                    "list",
                    "approve",
                    "reject",
                    "edit",
                    "next",
                    "queue",
                    "document",
                    "channel",
                ),
            ),
            Option("ids", "Statement numbers, e.g. 12 13"),
            Option("source", "next/queue/list: only this source (name or number)"),
            Option("confidence", "next/queue/list: at least this confidence, 0 to 1"),
            Option("document", "next/queue/list: only this document's statements", kind="integer"),
        ),
        admin=True,
        actions=(
            ActionSpec(
                "list",
                "List the statements waiting for review, newest first",
                "review list",
                list_action,
            ),
            ActionSpec(
                "approve",
                "Approve statements by number: answers may use them",
                "review approve ID…",
                approve_action,
                options=(_IDS,),
            ),
            ActionSpec(
                "reject",
                "Reject statements by number: they are never shown",
                "review reject ID…",
                reject_action,
                options=(_IDS,),
            ),
            ActionSpec(
                "edit",
                "Fix a statement's speaker, role, kind, date or points (never its words)",
                "review edit ID key=value…",
                edit_action,
                options=(
                    _IDS,
                    Option("speaker", "the speaker's name", kind="speaker"),
                    Option("kind", "the kind", choices=(*KINDS, "none")),
                    Option("date", "YYYY-MM-DD or unknown", kind="date"),
                    Option("role", "the speaker's role as the source states it"),
                    Option("points", "points separated by |, each the source's words"),
                ),
            ),
            ActionSpec(
                "next",
                "Review one card at a time with buttons: approve, reject, edit, next",
                "review next [kind=…] [source=…] [speaker=…] [confidence=…]",
                next_action,
            ),
            ActionSpec(
                "queue",
                "Count what waits for review, per source and per document",
                "review queue",
                queue_action,
            ),
            ActionSpec(
                "document",
                "Approve every pending statement of a statement's document",
                "review document ID",
                document_action,
                options=(_IDS,),
            ),
            ActionSpec(
                "channel",
                "Announce new statements to review and failing sources in this channel",
                "review channel [off]",
                channel_action,
                options=(
                    Option("state", "on (this channel, the default) or off", choices=("on", "off")),
                ),
            ),
        ),
        examples=(
            "review next",
            "review queue",
            "review list",
            "review approve 12 13",
            "review edit 12 kind=condition",
        ),
    )
]
