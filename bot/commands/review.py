"""`review`: the queue of extracted statements waiting for an admin."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from bot.answer.compose import statement_item
from bot.commands.args import parse_args, parse_ids, require_admin
from bot.core.errors import InvalidInput, NotFound
from bot.core.registry import ActionSpec, CommandSpec, Option
from bot.core.services import Services
from bot.core.syntax import CommandSyntax
from bot.core.types import Command, Reply
from bot.review import channel as review_channel
from bot.review import flow, queue
from bot.store import repo
from bot.store.models import KINDS, Statement, StatementPoint

LIST_SIZE = 10
QUEUE_DOCUMENTS_SHOWN = 15
ACTIONS = ("list", "approve", "reject", "edit", "next", "queue", "document", "channel")
# Set by the cards' buttons (every adapter): answer with the acted-on card, not a line.
CARD_VIEW = "card"


async def review(command: Command, services: Services) -> Reply:
    args = parse_args(command.text, command.options)
    action = args.options.pop("action", None) or args.first() or "list"
    words = args.words[1:] if args.words and args.first() == action else args.words
    if "ids" in args.options:
        words = tuple(args.options.pop("ids").replace(",", " ").split()) + words
    if action not in ACTIONS:
        raise InvalidInput(f"unknown review action “{action}”; use one of: {', '.join(ACTIONS)}")
    # Core.handle refused non-admins already; a card's click is checked here again.
    require_admin(command, f"review {action}")
    actor = command.context.actor
    if action == "channel":
        state = args.options.get("state", "")  # Discord's option; typed: `review channel off`
        return review_channel.set_here(services, command.context, (*words, state))
    as_card = args.options.pop("view", None) == CARD_VIEW
    if action in ("next", "queue", "document") or as_card:
        return _cards(services, command, action, words, args.options)
    if action == "list":
        return _list(services, words, args.options, command.syntax)
    if action in ("approve", "reject"):
        return _set_status(services, parse_ids(words), action, actor)
    return _edit(services, parse_ids(words), args.options, actor)


def _cards(
    services: Services,
    command: Command,
    action: str,
    words: tuple[str, ...],
    options: dict[str, str],
) -> Reply:
    """The card actions: `next`, `queue`, `document`, and approve/reject/edit from a card."""
    context = command.context
    if action == "queue":
        shown = _queue(services, options, command.syntax)
        where = review_channel.describe(services, context, command.syntax)
        return replace(shown, lines=(*shown.lines, where)) if where else shown
    if action == "edit":
        (statement_id,) = _single(words, action)
        if not options:  # an Edit form opening: the card as it stands fills it
            return flow.current_card(services, statement_id)
        done = _edit(services, [statement_id], options, context.actor, only_changes=True)
        changed = not done.title.endswith("unchanged.")
        return flow.edited_card(services, statement_id, context, changed=changed)
    filters = queue.Filters.parse(options)
    if action == "next":
        after = parse_ids(words)[0] if words else None
        return flow.next_card(services, filters, after)
    (statement_id,) = _single(words, action)
    if action == "document":
        return flow.approve_document(services, statement_id, context, filters)
    if action in ("approve", "reject"):
        status = "approved" if action == "approve" else "rejected"
        return flow.set_status(services, statement_id, status, context, filters)
    raise InvalidInput(f"review {action} has no card; use review next")


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
            clash = session.scalar(
                select(Statement.id).where(
                    Statement.fingerprint == fingerprint, Statement.id != st.id
                )
            )
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
        handler=review,
        options=(
            Option(
                "action",
                "next, queue, list, approve, reject, edit, document or channel",
                choices=ACTIONS,
            ),
            Option(
                "ids",
                "Statement numbers, e.g. 12 13",
                required_for=("approve", "reject", "edit", "document"),
            ),
            Option("source", "next/queue/list: only this source (name or number)"),
            Option("confidence", "next/queue/list: at least this confidence, 0 to 1"),
            Option("document", "next/queue/list: only this document's statements", kind="integer"),
            Option("speaker", "edit: the speaker's name", kind="speaker"),
            Option("kind", "edit: the kind", choices=(*KINDS, "none")),
            Option("date", "edit: YYYY-MM-DD or unknown", kind="date"),
            Option("role", "edit: the speaker's role as the source states it"),
            Option("points", "edit: points separated by |, each the source's words"),
            Option(
                "state", "channel: on (this channel, the default) or off", choices=("on", "off")
            ),
        ),
        admin=True,
        actions=(
            ActionSpec(
                "list", "List the statements waiting for review, newest first", "review list"
            ),
            ActionSpec(
                "approve",
                "Approve statements by number: answers may use them",
                "review approve ID…",
            ),
            ActionSpec(
                "reject", "Reject statements by number: they are never shown", "review reject ID…"
            ),
            ActionSpec(
                "edit",
                "Fix a statement's speaker, role, kind, date or points (never its words)",
                "review edit ID key=value…",
            ),
            ActionSpec(
                "next",
                "Review one card at a time with buttons: approve, reject, edit, next",
                "review next [kind=…] [source=…] [speaker=…] [confidence=…]",
            ),
            ActionSpec(
                "queue", "Count what waits for review, per source and per document", "review queue"
            ),
            ActionSpec(
                "document",
                "Approve every pending statement of a statement's document",
                "review document ID",
            ),
            ActionSpec(
                "channel",
                "Announce new statements to review and failing sources in this channel",
                "review channel [off]",
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
