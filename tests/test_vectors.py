"""Statement vectors in the store (bot/store/vectors.py), on SQLite and PostgreSQL: written
with approvals and edits, removed with rejections, rebuilt after a model change, and seen by
every process's index."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import select, text

from bot.app.dispatch import Core
from bot.cli import main
from bot.core.errors import ConfigurationError
from bot.core.types import Command, Context
from bot.embed import embedder_for
from bot.ingest.inputs import text_document
from bot.ingest.pipeline import ingest_document
from bot.store import repo, vectors
from bot.store.models import Document, Statement, StatementVector
from bot.store.store import Store
from bot.store.vector_admin import rebuild, status
from bot.store.vector_text import approved_page, statement_text
from tests.conftest import approve_said, postgres_schema

ADMIN = Context(platform="test", user_id="admin", is_admin=True)


def rows(store: Store) -> dict[int, tuple[int, str, bytes | None]]:
    """statement id -> (row id, model, vector bytes)."""
    with store.reading() as session:
        found = session.execute(
            select(
                StatementVector.statement_id,
                StatementVector.id,
                StatementVector.model,
                StatementVector.vector,
            )
        )
        return {sid: (rid, model, None if v is None else bytes(v)) for sid, rid, model, v in found}


def said(store: Store, name: str, phrases: list[str], entity: str | None = None) -> list[int]:
    """Approve each phrase as `name`'s statement (a speaker of `entity`): their ids."""
    with store.transaction() as session:
        owner = None
        if entity is not None:
            owner = next(e for e in repo.all_entities(session) if e.key == entity)
        speaker = repo.upsert_speaker(session, name, entity=owner)
        return [st.id for st in approve_said(store, session, speaker, phrases)]


def review(store: Store, text_: str) -> None:
    reply = asyncio.run(Core(store).handle(Command("review", text_, context=ADMIN)))
    assert not reply.is_error, reply.title


def test_approving_writes_a_vector_of_what_the_statement_says(store: Store) -> None:
    (sid,) = said(store, "Kaja Kallas", ["Europe will keep arming Ukraine for as long as it takes"])
    model = embedder_for("wordllama")
    rid, name, blob = rows(store)[sid]
    assert name == model.name and len(blob) == 2 * model.dim  # float16
    with store.reading() as session:
        stored = store.vectors.vectors_for(session, [sid])[sid]
        expected = model.embed([statement_text(session, session.get(Statement, sid))])[0]
    assert stored.dtype == np.float32 and np.allclose(stored, expected, atol=2e-3)
    assert np.linalg.norm(stored) == pytest.approx(1.0, abs=2e-3)


def test_seeded_statements_have_vectors_and_both_text_readers_agree(store: Store) -> None:
    with store.reading() as session:
        approved = session.scalars(select(Statement).where(Statement.status == "approved")).all()
        assert set(rows(store)) == {st.id for st in approved}
        page = {row.id: row.text for row in approved_page(session, 0, 100)}
        # The rebuild reads plain rows; approvals read objects: the same text either way.
        assert page == {st.id: statement_text(session, st) for st in approved}
        title = "Vladimir Putin's foreign minister says Russia is ready to negotiate"
        assert all(
            t.startswith("Sergei Lavrov, foreign minister, Russia: ")
            for t in page.values()
            if t.startswith("Sergei Lavrov")
        )
        assert all(title in t for t in page.values())  # the document's title


def test_an_edit_that_changes_what_is_embedded_writes_a_new_row(store: Store) -> None:
    (sid,) = said(store, "Kaja Kallas", ["sanctions will stay until Russia withdraws"])
    before = rows(store)[sid]
    review(store, f"edit {sid} kind=condition")  # not part of the text: nothing rewritten
    assert rows(store)[sid] == before
    review(store, f'edit {sid} role="high representative"')
    after = rows(store)[sid]
    assert after[0] > before[0] and after[2] != before[2] and after[1] == before[1]
    review(store, f'edit {sid} points="Kaja Kallas said"')  # the source's words, not the quote's
    assert rows(store)[sid][0] > after[0]


def test_rejecting_takes_the_vector_out_and_approving_again_brings_it_back(store: Store) -> None:
    (sid,) = said(store, "Kaja Kallas", ["the ceasefire offer is a trap"])
    query = embedder_for("wordllama").embed(["the ceasefire offer is a trap"])[0]
    with store.reading() as session:
        assert store.vectors.nearest(session, query, 1)[0][0] == sid
    review(store, f"reject {sid}")
    assert rows(store)[sid][2] is None
    with store.reading() as session:
        assert store.vectors.vectors_for(session, [sid]) == {}
        store.vectors.refresh(session)
        assert sid not in {i for i, _ in store.vectors.nearest(session, query, 50)}
    assert status(store).removed == 1
    review(store, f"approve {sid}")
    with store.reading() as session:
        store.vectors.refresh(session)
        assert store.vectors.nearest(session, query, 1)[0][0] == sid


def test_ingesting_the_same_document_again_changes_no_vector(store: Store) -> None:
    doc = text_document(
        "Foreign Minister Sergei Lavrov said on Monday: “Russia will respond to any "
        "deployment of NATO troops in Ukraine.” Kremlin spokesman Dmitry Peskov said the "
        "talks “have not started and will not start soon”.",
        label="t",
    )
    with store.transaction() as session:
        first = ingest_document(session, store.indexer, doc, auto_approve=True)
    assert first.approved >= 1
    before = rows(store)
    with store.transaction() as session:
        assert ingest_document(session, store.indexer, doc, auto_approve=True).duplicate
    assert rows(store) == before


def test_a_rebuild_after_a_model_change_embeds_everything_anew(
    shared_url: str, monkeypatch
) -> None:  # noqa: ANN001
    store = Store.open(shared_url)
    try:
        said(store, "Kaja Kallas", ["we stand with Ukraine", "Russia must pay"])
        old = embedder_for("wordllama").name
        again = rebuild(store)  # same model, same texts: nothing to write
        assert again.written == 0 and again.statements == len(rows(store)) == 9
        monkeypatch.setenv("ATTACHE_EMBEDDER", "wordllama:64")
        assert main(["--db", shared_url, "vectors", "rebuild"]) == 0
        new = embedder_for("wordllama:64")
        found = rows(store)
        assert len(found) == 9 and {model for _, model, _ in found.values()} == {new.name}
        assert all(len(blob) == 2 * 64 for _, _, blob in found.values())
        assert old not in status(store).by_model
        # This process still embeds with the old model: it finds none of the new vectors
        # (never compared across models) until it is pointed at the new one.
        with store.reading() as session:
            query = new.embed(["we stand with Ukraine"])[0]
            assert store.vectors.refresh(session).size == 0
            store.vectors.use(new)
            assert store.vectors.nearest(session, query, 1)[0][0] in found
    finally:
        store.close()


def test_vectors_status_and_rebuild_on_the_command_line(
    shared_url: str, capsys, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.delenv("ATTACHE_EMBEDDER", raising=False)
    assert main(["--db", shared_url, "vectors", "status"]) == 0
    out = capsys.readouterr().out
    assert "configured model: wordllama/l2_supercat/256d/mean/" in out
    assert "approved statements: 7; without a vector of this model: 0" in out
    assert main(["--db", shared_url, "vectors", "rebuild"]) == 0
    out = capsys.readouterr().out
    assert "embedded 7 approved statements" in out and "statements/s" in out
    monkeypatch.setenv("ATTACHE_EMBEDDER", "wordllama:128")
    assert main(["--db", shared_url, "vectors", "status"]) == 0
    out = capsys.readouterr().out
    assert "without a vector of this model: 7" in out and "another model" in out
    monkeypatch.setenv("ATTACHE_EMBEDDER", "none")
    assert main(["--db", shared_url, "vectors", "rebuild"]) == 2
    assert "dense vectors are off" in capsys.readouterr().err
    monkeypatch.setenv("ATTACHE_EMBEDDER", "word2vec")
    assert main(["--db", shared_url, "vectors", "status"]) == 2
    assert "sentence-transformers:" in capsys.readouterr().err


def test_with_dense_vectors_off_nothing_is_written_and_nothing_fails(store: Store) -> None:
    store.vectors.use(None)
    (sid,) = said(store, "Kaja Kallas", ["no vectors for this one"])
    assert sid not in rows(store)
    review(store, f"reject {sid}")
    with store.reading() as session:
        assert store.vectors.embed_question("anything") is None
        assert store.vectors.nearest(session, np.ones(4, dtype=np.float32), 5) == []
        assert store.vectors.vectors_for(session, [sid, 1]) == {}
    with pytest.raises(ConfigurationError, match="off"):
        rebuild(store)


def test_side_limited_searches_return_that_side_only(store: Store) -> None:
    kallas = said(
        store,
        "Kaja Kallas",
        ["grain exports through the Black Sea must continue", "sanctions on Russian oil"],
        entity="eu",
    )
    blinken = said(
        store,
        "Antony Blinken",
        ["the grain corridor through the Black Sea is vital", "more air defence for Kyiv"],
        entity="united-states",
    )
    with store.reading() as session:
        speakers = {
            st.id: st.speaker_id
            for st in session.scalars(select(Statement).where(Statement.status == "approved"))
        }
        entities = {
            st.id: st.entity_id
            for st in session.scalars(select(Statement).where(Statement.status == "approved"))
        }
        question = store.vectors.embed_question("what was said about Black Sea grain exports?")
        best = store.vectors.nearest(session, question, 3)
        assert best[0][0] in (kallas[0], blinken[0])
        only_kallas = store.vectors.nearest(
            session, question, 10, speaker_ids={speakers[kallas[0]]}
        )
        assert {i for i, _ in only_kallas} == set(kallas)
        assert only_kallas[0][0] == kallas[0]
        us = store.vectors.nearest(session, question, 10, entity_ids=[entities[blinken[0]]])
        assert us and {entities[i] for i, _ in us} == {entities[blinken[0]]}
        assert set(blinken) <= {i for i, _ in us}
        without = store.vectors.nearest(
            session, question, 50, exclude_speaker_ids=[speakers[kallas[0]]]
        )
        assert not set(kallas) & {i for i, _ in without} and set(blinken) <= {i for i, _ in without}
        # Close to a statement's own words, it comes first.
        words = store.vectors.embed_question("more air defence for Kyiv")
        assert store.vectors.nearest(session, words, 1)[0][0] == blinken[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_url(request, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """One database two Store objects open: as two `attache serve` processes would."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    with postgres_schema(request.getfixturevalue("postgres_url")) as url:
        yield url


def test_another_process_sees_approvals_edits_and_rejections(shared_url: str) -> None:
    writer, reader = Store.open(shared_url), Store.open(shared_url)
    try:
        query = embedder_for("wordllama").embed(["the Kremlin rejects the peace summit"])[0]
        with reader.reading() as session:
            before = reader.vectors.index(session).size
        (sid,) = said(writer, "Maria Zakharova", ["the Kremlin rejects the peace summit"])
        with reader.reading() as session:
            index = reader.vectors.refresh(session)
            assert index.size == before + 1
            assert reader.vectors.nearest(session, query, 1)[0][0] == sid
            first_row = index.row_id(sid)
        review(writer, f'edit {sid} role="spokeswoman of the foreign ministry"')
        with reader.reading() as session:
            index = reader.vectors.refresh(session)
            assert index.row_id(sid) > first_row
            edited = writer.vectors.vectors_for(session, [sid])[sid]
            score = dict(reader.vectors.nearest(session, query, 5))[sid]
            # The approximate score is the new vector's, not the old one's.
            assert score == pytest.approx(float(edited @ query), abs=0.01)
        review(writer, f"reject {sid}")
        with reader.reading() as session:
            reader.vectors.refresh(session)
            assert sid not in {i for i, _ in reader.vectors.nearest(session, query, 50)}
            assert reader.vectors.index(session).size == before
    finally:
        writer.close()
        reader.close()


def test_a_question_refreshes_the_index_it_searches(shared_url: str, monkeypatch) -> None:  # noqa: ANN001
    writer, reader = Store.open(shared_url), Store.open(shared_url)
    try:
        with reader.reading() as session:
            reader.vectors.index(session)
        (sid,) = said(writer, "Maria Zakharova", ["Moldova is next, the West says"])
        query = embedder_for("wordllama").embed(["Moldova is next"])[0]
        with reader.reading() as session:
            # Within REFRESH_S of the last look, a question does not query the table.
            assert sid not in {i for i, _ in reader.vectors.nearest(session, query, 3)}
        monkeypatch.setattr(vectors, "REFRESH_S", 0.0)
        with reader.reading() as session:
            assert reader.vectors.nearest(session, query, 1)[0][0] == sid
    finally:
        writer.close()
        reader.close()


@pytest.mark.postgres
def test_a_vector_committed_after_a_newer_one_is_not_missed(postgres_url: str) -> None:
    """PostgreSQL takes ids from a sequence at insert, so they commit out of order."""
    with postgres_schema(postgres_url) as url:
        writer, reader = Store.open(url), Store.open(url)
        try:
            with writer.transaction() as session:
                pending = []
                # Two speakers: approving counts per speaker, and one speaker's row locked
                # by the first transaction would hold the second one up.
                for name, words in (
                    ("Maria Zakharova", "first words about Crimea"),
                    ("Sergei Shoigu", "second words about Odesa"),
                ):
                    speaker = repo.upsert_speaker(session, name)
                    body = f"{name} said “{words}”."
                    doc = Document(text=body, content_hash=repo.content_hash(body))
                    session.add(doc)
                    session.flush()
                    start = body.index(words)
                    st, _ = repo.add_statement(
                        session, doc, repo.NewStatement(speaker, words, start, start + len(words))
                    )
                    pending.append(st.id)
            with reader.reading() as session:
                reader.vectors.index(session)
            slow, fast = writer.sessions(), writer.sessions()
            try:
                with slow.begin():
                    rows_slow = slow.scalars(select(Statement).where(Statement.id == pending[0]))
                    repo.set_status(slow, writer.indexer, list(rows_slow), "approved", "t")
                    slow_id = slow.scalar(text("SELECT max(id) FROM statement_vector"))
                    with fast.begin():
                        rows_fast = fast.scalars(
                            select(Statement).where(Statement.id == pending[1])
                        )
                        repo.set_status(fast, writer.indexer, list(rows_fast), "approved", "t")
                    fast_id = fast.scalar(
                        text("SELECT id FROM statement_vector WHERE statement_id = :s"),
                        {"s": pending[1]},
                    )
                    assert fast_id > slow_id  # the later id is committed first
                    with reader.reading() as session:
                        index = reader.vectors.refresh(session)
                        assert index.row_id(pending[1]) == fast_id
                        assert index.row_id(pending[0]) == 0  # not committed yet
            finally:
                slow.close()
                fast.close()
            with reader.reading() as session:
                index = reader.vectors.refresh(session)
                assert index.row_id(pending[0]) == slow_id
                query = embedder_for("wordllama").embed(["first words about Crimea"])[0]
                assert reader.vectors.nearest(session, query, 1)[0][0] == pending[0]
        finally:
            writer.close()
            reader.close()


@pytest.mark.asyncio
async def test_serve_loads_the_vector_index_before_anything_runs(store: Store, monkeypatch) -> None:  # noqa: ANN001
    from bot.answer.engine import Answerer
    from bot.serve import serve
    from bot.store.vectors import Vectors

    order: list[str] = []
    load = Vectors.prepare
    monkeypatch.setattr(
        Vectors, "prepare", lambda self, session: (order.append("vectors"), load(self, session))
    )
    prepare_answerer = Answerer.prepare
    monkeypatch.setattr(
        Answerer,
        "prepare",
        lambda self, session: (order.append("answerer"), prepare_answerer(self, session)),
    )

    class Runner:
        async def run(self) -> None:
            order.append("runner")
            raise RuntimeError("stop here")

    async def idle(*_args) -> None:  # noqa: ANN002
        await asyncio.Event().wait()

    class IdleScheduler:
        posters: dict = {}  # serve hands the scheduler's posters to the review notifier

        async def run_forever(self) -> None:
            await asyncio.Event().wait()

    monkeypatch.setattr("bot.serve.poll_forever", idle)
    monkeypatch.setattr("bot.schedule.scheduler.scheduler_for", lambda *a: IdleScheduler())
    assert await serve(Core(store), [Runner()]) == 1
    # The answerer's preparation loads the index, and both finish before any runner starts.
    assert order[:3] == ["answerer", "vectors", "runner"]
    assert store.vectors._index is not None and store.vectors._index.size == 7
