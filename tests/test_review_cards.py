"""Review cards in the core: the queue's order, the card's contents, and what its buttons do
(approve, reject, edit, approve the document, next), admins only, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app.dispatch import Core
from bot.core.types import Command, Context
from bot.ingest.inputs import text_document
from bot.ingest.pipeline import ingest_document
from bot.review import queue
from bot.store.models import AuditEntry, Statement
from bot.store.store import Store

ADMIN = Context(platform="test", user_id="admin-1", display_name="Alice", is_admin=True)
USER = Context(platform="test", user_id="user-1", display_name="Bob")
FIRST = (
    "Ceasefire talks\n\nThe Finnish prime minister, Sanna Marin, said: “Finland will apply "
    "to join Nato without delay.”\n\nMarin also said: “There are two conditions. First, our "
    "border must be respected. Second, the talks must include Sweden.”"
)
SECOND = (
    "Border news\n\nThe weather was cold.\n\nSweden's foreign minister, Ann Linde, told "
    "reporters: “Sweden will not accept any threats against our neighbours.”"
)


def _ingest(store: Store, text: str, label: str) -> list[int]:
    with store.transaction() as session:
        ingest_document(session, store.indexer, text_document(text, label=label))
    with store.reading() as session:
        query = select(Statement.id).where(Statement.status == "pending")
        return sorted(session.scalars(query).all())


@pytest.fixture
def two_documents(store: Store) -> tuple[list[int], list[int]]:
    first = _ingest(store, FIRST, "first")
    both = _ingest(store, SECOND, "second")
    return first, sorted(set(both) - set(first))


async def run(core: Core, text: str, context: Context = ADMIN, **options: str):
    return await core.handle(Command("review", text, options=options, context=context))


async def test_next_shows_the_newest_documents_card_with_words_in_their_paragraph(
    core: Core, two_documents
) -> None:
    _, second = two_documents
    reply = await run(core, "next")
    card = reply.card
    assert card is not None and not reply.is_error
    assert card.statement_id == second[0]  # the newest document first
    assert card.words == "Sweden will not accept any threats against our neighbours."
    # The paragraph as the document has it, the words untouched inside it.
    assert card.before.endswith("told reporters: “") and card.after == "”"
    assert card.speaker == "Ann Linde" and card.cue == "speech verb “told”"
    assert card.document_title and card.document_pending == 1
    assert card.queue_pending == 3 and card.actions == ("approve", "reject", "edit", "next")


async def test_queue_order_is_by_document_then_expected_value(store: Store, two_documents) -> None:
    first, second = two_documents
    with store.reading() as session:
        order = queue.pending(session)
    assert [e.statement_id for e in order][:1] == second
    rest = order[1:]
    assert {e.statement_id for e in rest} == set(first)
    assert [e.value for e in rest] == sorted((e.value for e in rest), reverse=True)


async def test_approve_from_a_card_shows_who_acted_and_is_audited(core, store, two_documents):
    _, (target,) = two_documents
    reply = await run(core, str(target), action="approve", view="card")
    assert reply.card is not None and reply.card.status == "approved"
    assert reply.card.outcome == f"Approved #{target} by Alice"
    assert reply.card.actions == ("next",)
    with store.reading() as session:
        assert session.get(Statement, target).status == "approved"
        audit = session.scalars(select(AuditEntry).where(AuditEntry.target == str(target))).one()
        assert (audit.actor, audit.action, audit.details) == (
            "test:admin-1",
            "review.approve",
            {"via": "card"},
        )


async def test_a_non_admin_is_refused_and_nothing_changes(core, store, two_documents) -> None:
    _, (target,) = two_documents
    for action in ("approve", "reject", "document", "next"):
        reply = await run(core, str(target), USER, action=action, view="card")
        assert reply.is_error and reply.error_code == "permission_denied" and reply.card is None
    with store.reading() as session:
        assert session.get(Statement, target).status == "pending"
        assert not session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("review%"))
        ).all()


async def test_approve_document_approves_only_that_documents_pending(core, store, two_documents):
    first, second = two_documents
    reply = await run(core, str(first[0]), action="document", view="card")
    assert reply.card is not None
    assert reply.card.outcome == f"Approved {len(first)} statements from this document by Alice"
    with store.reading() as session:
        statuses = {s.id: s.status for s in session.scalars(select(Statement))}
        (audit,) = session.scalars(select(AuditEntry).where(AuditEntry.action.like("review%")))
    assert {statuses[i] for i in first} == {"approved"} and statuses[second[0]] == "pending"
    assert (
        audit.action == "review.approve_document" and sorted(audit.details["statements"]) == first
    )


async def test_next_after_a_card_moves_on_and_wraps_round(core, two_documents) -> None:
    first, second = two_documents
    shown = [second[0]]
    for _ in range(len(first)):
        reply = await run(core, str(shown[-1]), action="next")
        shown.append(reply.card.statement_id)
    assert sorted(shown) == sorted(first + second)  # every card once, none repeated
    again = await run(core, str(shown[-1]), action="next")
    assert again.card.statement_id == shown[0]


async def test_next_keeps_to_its_filters(core, two_documents) -> None:
    first, _ = two_documents
    reply = await run(core, "next", speaker="marin")
    assert reply.card.statement_id in first and reply.card.filters == "speaker=marin"
    nothing = await run(core, "next", speaker="nobody")
    assert (
        nothing.card is None and "Nothing left to review matching speaker=nobody" in nothing.title
    )
    refused = await run(core, "next", confidence="2")
    assert refused.is_error and "from 0 to 1" in refused.title


async def test_edit_from_a_card_applies_only_what_changed(core, store, two_documents) -> None:
    _, (target,) = two_documents
    form = {"speaker": "Ann Linde", "role": "", "kind": "warning", "date": "unknown", "points": ""}
    with store.reading() as session:
        st = session.get(Statement, target)
        form["role"], words = st.role or "", st.text
    reply = await run(core, str(target), action="edit", view="card", **form)
    assert reply.card.outcome == f"Edited #{target} by Alice" and reply.card.kind == "warning"
    assert reply.card.words == words and reply.card.status == "pending"
    with store.reading() as session:
        (audit,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "review.edit"))
    assert audit.details == {"kind": "warning"}  # the untouched fields are not applied
    words_changed = await run(core, str(target), action="edit", view="card", quote="other")
    assert words_changed.is_error and "never be edited" in words_changed.title


async def test_queue_counts_per_source_and_document(core, two_documents) -> None:
    reply = await run(core, "queue")
    assert reply.title == "3 statements wait for review, from 2 documents"
    assert any("2 pending" in line for line in reply.lines)


@pytest.mark.parametrize(
    ("higher", "lower"),
    [
        # The queue reads offices as a digest does (bot.text.offices).
        ("Foreign Minister", "Deputy Foreign Minister"),  # a deputy is not the minister
        ("President", "former president"),  # a former holder holds no office now
        ("Kremlin spokesman", "political analyst"),
        ("Minister of Health", "journalist"),
    ],
)
def test_the_queue_weighs_offices_as_the_digest_does(higher: str, lower: str) -> None:
    from bot.review.queue import speaker_weight

    assert speaker_weight(higher, "person") > speaker_weight(lower, "person")
