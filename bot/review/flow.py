"""What a review card's buttons do, on every platform: show the next card, approve or
reject this one, approve its whole document, edit it. Each returns the Reply carrying the
card to show in place of the clicked one; `bot.commands.review` has checked that the actor
is an admin (and `Core.handle` before it), and every change is audited here.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.errors import InvalidInput, NotFound
from bot.core.review_card import ReviewCard
from bot.core.types import Context, Reply
from bot.review import queries, queue
from bot.review.build import card_for
from bot.store import repo
from bot.store.models import Statement
from bot.store.store import Store

# "approve all from this document" approves at most this many at once (a live blog can
# hold hundreds); the card says how many are left.
DOCUMENT_BATCH_LIMIT = 200


def next_card(store: Store, filters: queue.Filters, after: int | None = None) -> Reply:
    """The first card in queue order after statement `after` (wrapping round)."""
    with store.reading() as session:
        pending = queue.pending(session, filters)
        here = queue.entry(session, after) if after is not None else None
        chosen = queue.next_after(pending, here, skip=after)
        if chosen is None:
            where = f" matching {filters.describe()}" if filters.describe() else ""
            return Reply(title=f"Nothing left to review{where}.", ephemeral=True)
        (st,) = repo.statements_by_ids(session, [chosen.statement_id])
        card = card_for(session, st, queue_pending=len(pending))
    return _card_reply(card, filters)


def _card_reply(card: ReviewCard, filters: queue.Filters) -> Reply:
    card = replace(card, filters=filters.describe())
    title = card.outcome or f"Review: {card.queue_pending} pending · {card.summary}"
    return Reply(title=title, card=card)


def who(context: Context) -> str:
    return context.display_name or context.user_id


def set_status(
    store: Store, statement_id: int, status: str, context: Context, filters: queue.Filters
) -> Reply:
    with store.transaction() as session:
        st = _one(session, statement_id)
        repo.set_status(session, store.indexer, [st], status, context.actor)
        verb = "approve" if status == "approved" else "reject"
        repo.audit(session, context.actor, f"review.{verb}", str(st.id), via="card")
        outcome = f"{status.capitalize()} #{st.id} by {who(context)}"
        card = card_for(session, st, outcome=outcome, queue_pending=_left(session))
    return _card_reply(card, filters)


def approve_document(
    store: Store, statement_id: int, context: Context, filters: queue.Filters
) -> Reply:
    """Approve every pending statement of the card's document (the first that reported it)."""
    with store.transaction() as session:
        st = _one(session, statement_id)
        if not st.citations:
            raise InvalidInput(f"statement #{st.id} has no document; approve it on its own")
        document_id = st.citations[0].document_id
        ids = [e.statement_id for e in queue.pending(session, queue.Filters(document=document_id))]
        batch = ids[:DOCUMENT_BATCH_LIMIT]
        rows = repo.statements_by_ids(session, batch)
        repo.set_status(session, store.indexer, rows, "approved", context.actor)
        repo.audit(
            session,
            context.actor,
            "review.approve_document",
            f"document:{document_id}",
            statements=batch,
        )
        left = len(ids) - len(batch)
        outcome = (
            f"Approved {len(batch)} statement{'s' if len(batch) != 1 else ''} from this "
            f"document by {who(context)}"
            + (f"; {left} more left (the limit is {DOCUMENT_BATCH_LIMIT} at once)" if left else "")
        )
        session.refresh(st)
        card = card_for(session, st, outcome=outcome, queue_pending=_left(session))
    return _card_reply(card, filters)


def current_card(store: Store, statement_id: int) -> Reply:
    with store.reading() as session:
        card = card_for(session, _one(session, statement_id), queue_pending=_left(session))
    return _card_reply(card, queue.Filters())


def edited_card(store: Store, statement_id: int, context: Context, *, changed: bool) -> Reply:
    with store.reading() as session:
        st = _one(session, statement_id)
        outcome = f"{'Edited' if changed else 'No change to'} #{st.id} by {who(context)}"
        card = card_for(session, st, outcome=outcome, queue_pending=_left(session))
    # Still pending after an edit: the card keeps its buttons, the outcome says who edited.
    return _card_reply(card, queue.Filters())


def _one(session, statement_id: int) -> Statement:  # noqa: ANN001
    rows = repo.statements_by_ids(session, [statement_id])
    if not rows:
        raise NotFound(f"no statement #{statement_id}; it may have been removed")
    return rows[0]


def _left(session) -> int:  # noqa: ANN001
    return queries.pending_count(session)
