"""The review queue: list, approve, reject, edit; audited; words never editable."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.app.dispatch import Core
from bot.core.types import Command, Context
from bot.ingest.inputs import text_document
from bot.ingest.pipeline import ingest_document
from bot.store.models import AuditEntry, Statement
from bot.store.store import Store

ADMIN = Context(platform="test", user_id="admin-1", is_admin=True)
USER = Context(platform="test", user_id="user-1")
TEXT = (
    "Ceasefire talks\n\nThe Finnish prime minister, Sanna Marin, said: “Finland will apply "
    "to join Nato without delay.”\n\nMarin also said: “There are two conditions. First, our "
    "border must be respected. Second, the talks must include Sweden.”"
)


@pytest.fixture
def pending(store: Store) -> list[int]:
    with store.transaction() as session:
        ingest_document(session, store.indexer, text_document(TEXT, label="t"))
    with store.reading() as session:
        ids = session.scalars(select(Statement.id).where(Statement.status == "pending")).all()
    assert ids
    return sorted(ids)


async def run(core: Core, text: str, context: Context = ADMIN, **options: str):
    return await core.handle(Command("review", text, options=options, context=context))


async def test_list_shows_pending_with_ids(core: Core, pending: list[int]) -> None:
    reply = await run(core, "list")
    assert reply.show_ids and reply.ephemeral
    assert {i.statement_id for i in reply.items} == set(pending)
    assert all(i.status == "pending" for i in reply.items)


async def test_approve_makes_it_answerable_and_reject_removes_it(core, pending, ask) -> None:
    before = await ask("what did sanna marin say about joining nato")
    assert not before.answered
    approved = await run(core, "approve " + " ".join(f"#{i}" for i in pending))
    assert not approved.is_error
    after = await ask("what did sanna marin say about joining nato")
    assert after.answered and after.items[0].speaker == "Sanna Marin"
    rejected = await run(core, f"reject {after.items[0].statement_id}")
    assert not rejected.is_error
    again = await ask("what did sanna marin say about joining nato without delay")
    assert after.items[0].statement_id not in {i.statement_id for i in again.items}


async def test_edit_fixes_metadata_but_never_the_words(core, store, pending) -> None:
    target = pending[0]
    with store.reading() as session:
        words = session.get(Statement, target).text
    reply = await run(core, f'edit {target} kind=warning date=2022-05-12 "role=prime minister"')
    assert not reply.is_error, reply.title
    refused = await run(core, f'edit {target} "text=Something else entirely"')
    assert refused.is_error and "never be edited" in refused.title
    with store.reading() as session:
        st = session.get(Statement, target)
        assert (st.kind, str(st.said_on), st.role, st.text) == (
            "warning",
            "2022-05-12",
            "prime minister",
            words,
        )


async def test_edit_speaker_and_points(core, store, pending) -> None:
    with store.reading() as session:
        st = session.scalars(
            select(Statement).where(Statement.text.like("There are two conditions%"))
        ).one()
    reply = await run(
        core, f'edit {st.id} "points=our border must be respected | the talks must include Sweden"'
    )
    assert not reply.is_error, reply.title
    invented = await run(core, f'edit {st.id} "points=Finland will win"')
    assert invented.is_error and "not in the source's words" in invented.title
    moved = await run(core, f'edit {st.id} "speaker=Pekka Haavisto"')
    assert not moved.is_error
    with store.reading() as session:
        st = session.get(Statement, st.id)
        assert [p.text for p in st.points] == [
            "our border must be respected",
            "the talks must include Sweden",
        ]
        assert st.speaker.name == "Pekka Haavisto" and st.speaker.entity.name == "Finland"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("approve", "at least one statement"),
        ("approve twelve", "not a statement number"),
        ("approve 99999", "no statement #99999"),
        ("edit 1 colour=blue", "unknown: colour"),
        ("edit 1 date=yesterday", "YYYY-MM-DD"),
        ("edit 1 kind=joke", "kind must be one of"),
        ("frobnicate", "unknown review action"),
        ('edit 1 "speaker=', "quotation marks"),
    ],
)
async def test_bad_review_input_gets_clear_messages(core, pending, text, message) -> None:
    reply = await run(core, text)
    assert reply.is_error and message in reply.title, reply.title


async def test_non_admins_are_refused_and_nothing_changes(core, store, pending) -> None:
    reply = await run(core, f"approve {pending[0]}", context=USER)
    assert reply.is_error and reply.error_code == "permission_denied"
    with store.reading() as session:
        assert session.get(Statement, pending[0]).status == "pending"


async def test_every_admin_action_is_audited(core, store, pending) -> None:
    await run(core, f"approve {pending[0]}")
    await run(core, f"edit {pending[0]} kind=offer")
    await run(core, f"reject {pending[-1]}")
    with store.reading() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [r.action for r in rows][-3:] == ["review.approve", "review.edit", "review.reject"]
    assert all(r.actor == "test:admin-1" for r in rows[-3:])
    assert rows[-2].details == {"kind": "offer"}


async def test_native_options_work_like_typed_ones(core, store, pending) -> None:
    reply = await run(core, "", action="approve", ids=f"{pending[0]}")
    assert not reply.is_error
    with store.reading() as session:
        assert session.get(Statement, pending[0]).status == "approved"


async def test_approved_counts_follow_approvals_rejections_and_speaker_edits(
    core, store, pending
) -> None:
    from bot.store.models import Speaker

    def counts() -> dict[str, int]:
        with store.reading() as session:
            return {s.name: s.approved_count for s in session.scalars(select(Speaker))}

    before = counts()
    await run(core, "approve " + " ".join(map(str, pending)))
    assert counts()["Sanna Marin"] == before["Sanna Marin"] + len(pending)
    await run(core, f'edit {pending[0]} "speaker=Pekka Haavisto"')
    assert counts()["Pekka Haavisto"] == before["Pekka Haavisto"] + 1
    assert counts()["Sanna Marin"] == before["Sanna Marin"] + len(pending) - 1
    await run(core, f"reject {pending[0]}")
    assert counts()["Pekka Haavisto"] == before["Pekka Haavisto"]
    with store.reading() as session:
        live = dict(
            session.execute(
                select(Speaker.name, func.count(Statement.id))
                .join(Statement, Statement.speaker_id == Speaker.id)
                .where(Statement.status == "approved")
                .group_by(Speaker.name)
            ).all()
        )
    assert {k: v for k, v in counts().items() if v} == live
