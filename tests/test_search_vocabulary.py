"""Word counts of the search index (document_frequency) stay exact as the index changes.

Answering weighs words by them and leaves the commonest out of its query, so a count that
drifts changes answers. On SQLite they are FTS5's own; on PostgreSQL triggers keep them
(migration 0007). Each count is checked against the matches a search finds.
"""

from __future__ import annotations

import threading

from sqlalchemy import delete, text

from bot.store import repo
from bot.store.db import HEAD_REVISION, current_revision, migrate
from bot.store.models import Speaker, Statement
from bot.store.seed import seed
from bot.store.store import Store
from tests.conftest import approve_said, postgres_schema


def _matches(store: Store, session, term: str) -> int:  # noqa: ANN001
    return len(store.search.search(session, [term], 10_000))


def _indexed_terms(store: Store, session) -> set[str]:  # noqa: ANN001
    rows = session.execute(text("SELECT id FROM statement WHERE status = 'approved'")).all()
    fields = store.search.fields(session, [r[0] for r in rows])
    return {t for body, context, who in fields.values() for t in f"{body} {context} {who}".split()}


def assert_counts_exact(store: Store, extra: set[str] = frozenset()) -> None:
    with store.reading() as session:
        terms = sorted(_indexed_terms(store, session) | extra)
        counted = store.search.document_frequency(session, terms)
        assert counted == {t: _matches(store, session, t) for t in terms}


def _approved(store: Store, session, speaker: Speaker, words: str) -> Statement:  # noqa: ANN001
    return approve_said(store, session, speaker, [words])[0]


def test_counts_follow_approval_edits_removal_and_deletion(store: Store) -> None:
    with store.transaction() as session:
        speaker = repo.upsert_speaker(session, "Vera Vocab", role="Envoy")
        grain = [
            _approved(store, session, speaker, f"grain corridor number {n} must open")
            for n in range(3)
        ]
        _approved(store, session, speaker, "the corridor stays closed")
    assert_counts_exact(store, {"grain", "corridor", "lighthous"})
    with store.reading() as session:
        assert store.search.document_frequency(session, ["grain", "corridor"]) == {
            "grain": 3,
            "corridor": 4,
        }

    # Re-indexed with new words: the old ones are counted out, the new ones in.
    with store.transaction() as session:
        edited = session.get(Statement, grain[0].id)
        edited.text = "a lighthouse will guide the ships"
        store.search.index(session, [edited])
    assert_counts_exact(store, {"grain", "lighthous"})
    with store.reading() as session:
        assert store.search.document_frequency(session, ["grain", "lighthous"]) == {
            "grain": 2,
            "lighthous": 1,
        }

    # Rejected: out of the index and its counts.
    with store.transaction() as session:
        repo.set_status(
            session, store.search, [session.get(Statement, grain[1].id)], "rejected", "t"
        )
    assert_counts_exact(store, {"grain"})

    # Deleted outright (on PostgreSQL the search row goes by cascade).
    with store.transaction() as session:
        store.search.remove(session, [grain[2].id])
        session.execute(delete(Statement).where(Statement.id == grain[2].id))
    assert_counts_exact(store, {"grain", "corridor"})
    with store.reading() as session:
        assert store.search.document_frequency(session, ["grain", "corridor"]) == {
            "grain": 0,
            "corridor": 1,
        }


def test_one_batch_naming_a_statement_twice_indexes_it_once(store: Store) -> None:
    with store.transaction() as session:
        speaker = repo.upsert_speaker(session, "Vera Vocab", role="Envoy")
        st = _approved(store, session, speaker, "grain corridor must open")
        store.search.index(session, [st, st])
    assert_counts_exact(store, {"grain"})
    with store.reading() as session:
        assert store.search.document_frequency(session, ["grain"]) == {"grain": 1}


def test_migrating_down_and_up_counts_what_was_already_indexed(empty_store: Store) -> None:
    with empty_store.transaction() as session:
        seed(session, empty_store.search)
    migrate(empty_store.engine, "0006")
    migrate(empty_store.engine)
    assert current_revision(empty_store.engine) == HEAD_REVISION
    assert_counts_exact(empty_store)
    with empty_store.reading() as session:
        # Lavrov's own three statements at least (others' settings name him too).
        assert empty_store.search.document_frequency(session, ["lavrov"])["lavrov"] >= 3


def test_concurrent_writers_sharing_words_neither_wait_nor_deadlock(postgres_url: str) -> None:
    """Two transactions each index twice, in opposite word order. Had they updated shared
    totals, each would wait for the other's row locks: a deadlock PostgreSQL breaks by
    failing one. Appended changes let both commit, and the counts add up."""
    with postgres_schema(postgres_url) as url:
        store = Store.open(url)
        try:
            with store.transaction() as session:
                speaker = repo.upsert_speaker(session, "Vera Vocab", role="Envoy")
                words = ["alpha grain", "zulu grain", "zulu corridor", "alpha corridor"]
                ids = [_approved(store, session, speaker, w).id for w in words]
                store.search.remove(session, ids)  # indexed again below, concurrently
            steps = threading.Barrier(2, timeout=20)
            errors: list[BaseException] = []

            def writer(first: int, second: int) -> None:
                try:
                    with store.transaction() as session:
                        session.execute(text("SET LOCAL lock_timeout = '10s'"))
                        store.search.index(session, [session.get(Statement, ids[first])])
                        steps.wait()
                        store.search.index(session, [session.get(Statement, ids[second])])
                        steps.wait()
                except BaseException as error:  # noqa: BLE001 - reported to the test
                    errors.append(error)
                    steps.abort()

            threads = [
                threading.Thread(target=writer, args=(0, 2)),
                threading.Thread(target=writer, args=(1, 3)),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            assert errors == []
            assert_counts_exact(store, {"alpha", "zulu", "grain", "corridor"})
            with store.reading() as session:
                assert store.search.document_frequency(session, ["alpha", "zulu", "grain"]) == {
                    "alpha": 2,
                    "zulu": 2,
                    "grain": 2,
                }
        finally:
            store.close()
