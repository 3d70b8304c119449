"""The store: migrations, models, seeding, dedupe, the search index and transactions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, inspect, select

from bot.store import repo
from bot.store.db import HEAD_REVISION, MIGRATIONS_DIR, current_revision, migrate
from bot.store.models import Base, Citation, Document, Speaker, Statement, StatementPoint
from bot.store.search import party_tokens
from bot.store.seed import locate, seed
from bot.store.store import Store
from tests.conftest import SHARED, approve_said

COUNTED = (Statement, Speaker, Document, Citation)


def counts(store: Store) -> dict[str, int]:
    with store.reading() as session:
        return {
            m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in COUNTED
        }


def test_head_revision_constant_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrations_create_every_model_table_and_match_models(empty_store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    assert current_revision(empty_store.engine) == HEAD_REVISION
    with empty_store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert {"statement_fts", "statement_search"} & tables
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # The search backends' own tables (FTS5 and its shadow tables, the tsvector table) are
    # not models; anything else is drift.
    drift = [
        d
        for d in diff
        if not (
            d[0] in ("remove_table", "remove_index")
            and d[1].name.startswith(
                ("statement_fts", "statement_vocab", "statement_search", "ix_statement_search")
            )
        )
    ]
    assert drift == []


def test_migrate_is_a_no_op_when_current(empty_store: Store) -> None:
    assert migrate(empty_store.engine) is False


def test_file_database_is_created_migrated_and_seeded(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'a.sqlite3'}"
    first = Store.open(url)
    before = counts(first)
    first.close()
    again = Store.open(url)
    assert counts(again) == before
    assert before["statement"] == 7
    again.close()


def test_seeding_twice_gives_the_same_counts(store: Store) -> None:
    before = counts(store)
    with store.transaction() as session:
        assert seed(session, store.search, force=True) is True
    assert counts(store) == before
    with store.transaction() as session:
        assert seed(session, store.search) is False  # version unchanged: skipped
    assert counts(store) == before


def test_seed_statements_keep_the_article_words_and_invent_no_date_or_url(store: Store) -> None:
    with store.reading() as session:
        statements = session.scalars(select(Statement)).all()
        assert {s.speaker.name for s in statements} == {
            "Sergei Lavrov",
            "Dmitry Peskov",
            "Ned Price",
        }
        for st in statements:
            assert st.status == "approved" and st.said_on is None
            for citation in st.citations:
                assert citation.cited_url is None and citation.document.url is None
                span = citation.document.text[citation.start : citation.end]
                # Only whitespace may differ (glued words repaired), never a word.
                assert re.sub(r"\s", "", span) == re.sub(r"\s", "", st.text)
            for point in st.points:
                doc = st.citations[0].document.text
                assert re.sub(r"\s", "", doc[point.start : point.end]) == re.sub(
                    r"\s", "", point.text
                )
        conditions = next(s for s in statements if s.kind == "condition" and s.points)
        assert [p.position for p in conditions.points] == [1, 2]
        assert "NATO needs to stop" in conditions.points[0].text
        assert "serious proposal to defuse tensions" in conditions.points[1].text


def test_shipped_seed_article_is_the_founding_article() -> None:
    from bot.resources import seeds_dir

    shared = SHARED / "seeds" / "000_d50673e553b10579.txt"
    if not shared.exists():
        pytest.skip(f"{shared} is not beside the repository")
    assert (seeds_dir() / shared.name).read_bytes() == shared.read_bytes()


def test_locate_ignores_whitespace_only() -> None:
    span = locate("the NATOneeds to  stop", "NATO needs to stop")
    assert (span.start, span.end) == (4, 22)
    with pytest.raises(ValueError, match="not found"):
        locate("the NATO needs to stop", "NATO wants to stop")


def _speaker(session, name="Test Person") -> Speaker:
    return repo.upsert_speaker(session, name, role="Envoy")


def _document(session, body: str) -> Document:
    doc = Document(text=body, content_hash=repo.content_hash(body), title="T")
    session.add(doc)
    session.flush()
    return doc


def test_same_words_from_two_documents_are_one_statement_with_two_citations(store: Store) -> None:
    with store.transaction() as session:
        speaker = _speaker(session)
        for body in ("A said “We will talk.” today.", "Elsewhere A said “We  will talk.”"):
            doc = _document(session, body)
            start = body.index("We")
            quote = "We will talk." if "  " not in body else "We  will talk."
            repo.add_statement(
                session, doc, repo.NewStatement(speaker, quote, start, start + len(quote))
            )
    with store.reading() as session:
        rows = session.scalars(select(Statement).where(Statement.speaker_id == speaker.id)).all()
        assert len(rows) == 1 and len(rows[0].citations) == 2


def test_only_approved_statements_are_searchable(store: Store) -> None:
    with store.transaction() as session:
        doc = _document(session, "X said “grain corridors must open”.")
        st, created = repo.add_statement(
            session, doc, repo.NewStatement(_speaker(session), "grain corridors must open", 8, 33)
        )
        assert created and st.status == "pending"
    with store.reading() as session:
        assert store.search.search(session, ["grain"], 10) == []
    with store.transaction() as session:
        st = session.get(Statement, st.id)
        repo.set_status(session, store.search, [st], "approved", "test:admin")
    with store.reading() as session:
        assert [h.statement_id for h in store.search.search(session, ["grain"], 10)] == [st.id]
        assert store.search.document_frequency(session, ["grain", "zzz"]) == {"grain": 1, "zzz": 0}
        assert store.search.size(session) == 8  # the 7 seeded statements and this one
    with store.transaction() as session:
        repo.set_status(session, store.search, [session.get(Statement, st.id)], "rejected", "t")
    with store.reading() as session:
        assert store.search.search(session, ["grain"], 10) == []
        assert store.search.size(session) == 7


def test_fts5_row_count_varints_decode() -> None:
    from bot.store.search import _varint

    assert _varint(bytes([0x07, 0x99])) == 7
    assert _varint(bytes.fromhex("b9fc288ba7db")) == 949_800  # a 1M store's averages record
    assert _varint(bytes([0x81, 0x00])) == 128
    assert _varint(bytes([0xFF] * 8 + [0x01])) == (2**56 - 1) << 8 | 1


def test_a_failure_inside_a_transaction_leaves_nothing(store: Store) -> None:
    before = counts(store)
    with pytest.raises(RuntimeError), store.transaction() as session:
        doc = _document(session, "half-written")
        repo.add_statement(session, doc, repo.NewStatement(_speaker(session), "half", 0, 4))
        raise RuntimeError("boom")
    assert counts(store) == before


def test_unreadable_database_url_is_a_clear_configuration_error() -> None:
    from bot.core.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="cannot read database URL"):
        Store.open("not a url://x")


def test_database_url_resolution(monkeypatch, tmp_path) -> None:
    from bot.store.db import ENV_VAR, resolve_database_url

    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.db")
    assert resolve_database_url("sqlite:///explicit.db") == "sqlite:///explicit.db"
    assert resolve_database_url(None) == "sqlite:///from-env.db"
    assert resolve_database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    url = resolve_database_url(None)
    assert url.startswith("sqlite:///") and url.endswith("attache.sqlite3")


def test_the_seeded_statements_are_indexed_on_either_backend(store: Store) -> None:
    with store.reading() as session:
        assert store.search.size(session) == 7
        hits = store.search.search(session, ["postur"], 5)
        # Price's three statements share the Reuters headline ('posturing') as context;
        # the one whose own words say it ranks first.
        assert len(hits) == 3
        fields = store.search.fields(session, [h.statement_id for h in hits])
        assert ["postur" in fields[h.statement_id][0].split() for h in hits] == [True, False, False]


def test_migrations_down_and_up_keep_every_row(empty_store: Store) -> None:
    """Altering a table on SQLite copies it; no cascade may delete points or citations."""
    from bot.store.db import migrate

    with empty_store.transaction() as session:
        seed(session, empty_store.search)
    before = counts(empty_store)
    with empty_store.reading() as session:
        points_before = session.scalar(select(func.count()).select_from(StatementPoint))
    assert points_before == 2
    migrate(empty_store.engine, "0004")
    assert current_revision(empty_store.engine) == "0004"
    migrate(empty_store.engine)
    assert current_revision(empty_store.engine) == HEAD_REVISION
    assert counts(empty_store) == before
    with empty_store.reading() as session:
        assert session.scalar(select(func.count()).select_from(StatementPoint)) == points_before
        lavrov = session.scalars(select(Speaker).where(Speaker.name == "Sergei Lavrov")).one()
        assert lavrov.approved_count == 3
        assert {s.entity_id for s in session.scalars(select(Statement))} != {None}


def test_a_sides_recent_statements_are_newest_first_undated_last_of_the_kinds_asked(
    store: Store,
) -> None:
    """bot.store.reads merges per-(party, kind) index ranges; the result must be what one
    ordered query over the whole side gives (newest first, undated last, then id)."""
    from datetime import date

    from bot.store import reads
    from bot.store.models import Entity

    kinds = ["condition", "demand", "warning", None]
    with store.transaction() as session:
        entity = repo.upsert_entity(session, "testland", "Testland", "country", [], [])
        speakers = [
            repo.upsert_speaker(session, f"Test Speaker {n}", entity=entity) for n in range(3)
        ]
        for i in range(90):
            day = None if i % 11 == 0 else date(2022, 1 + i % 3, 1 + i % 5)  # ties and gaps
            session.add(
                Statement(
                    speaker_id=speakers[i % 3].id,
                    entity_id=entity.id,
                    text=f"statement number {i}",
                    fingerprint=f"recent-test-{i}",
                    kind=kinds[i % 4],
                    status="approved" if i % 7 else "pending",
                    said_on=day,
                )
            )
    with store.reading() as session:
        entity_id = session.scalars(select(Entity.id).where(Entity.key == "testland")).one()
        speaker_ids = [s.id for s in speakers]

        def expected(party, wanted, limit):  # noqa: ANN001, ANN202
            query = select(Statement.id).where(party, Statement.status == "approved")
            if wanted:
                query = query.where(Statement.kind.in_(wanted))
            order = (Statement.said_on.desc().nulls_last(), Statement.id.desc())
            return list(session.scalars(query.order_by(*order).limit(limit)))

        for wanted in ([], ["condition", "demand"], ["warning"]):
            for limit in (1, 7, 40, 200):
                got = reads.recent_by_party(
                    session, entity_ids=[entity_id], kinds=wanted, limit=limit
                )
                assert got == expected(Statement.entity_id == entity_id, wanted, limit)
                got = reads.recent_by_party(
                    session, speaker_ids=speaker_ids[:2], kinds=wanted, limit=limit
                )
                party = Statement.speaker_id.in_(speaker_ids[:2])
                assert got == expected(party, wanted, limit)
        assert any(
            said_on is None
            for (said_on,) in session.execute(
                select(Statement.said_on).where(
                    Statement.id.in_(
                        reads.recent_by_party(session, entity_ids=[entity_id], limit=200)
                    )
                )
            )
        )


def test_the_speakers_listed_when_nothing_answers_follow_approvals(store: Store) -> None:
    """The answerer keeps the sorted list of speakers with approved statements while their
    counts stay the same; an approval (here through another Answerer's store handle, as
    another process would) must show at once."""
    from bot.answer.engine import Answerer

    answerer = Answerer(store)
    question = "what did lavrov say about cryptocurrency regulation"
    with store.reading() as session:
        before = answerer.answer(session, question).known_speakers
    assert ("Dmitry Peskov", 1) in before
    with store.transaction() as session:
        doc = _document(session, "X said “grain corridors must open”.")
        st, _ = repo.add_statement(
            session,
            doc,
            repo.NewStatement(
                _speaker(session, "Dmitry Peskov"), "grain corridors must open", 8, 33
            ),
        )
        repo.set_status(session, store.search, [st], "approved", "test:admin")
    with store.reading() as session:
        after = answerer.answer(session, question).known_speakers
    assert ("Dmitry Peskov", 2) in after and ("Dmitry Peskov", 1) not in after
    with store.transaction() as session:
        repo.set_status(session, store.search, [session.get(Statement, st.id)], "rejected", "t")
    with store.reading() as session:
        assert answerer.answer(session, question).known_speakers == before


# Four statements, each saying "grain" once less than the one before.
GRAIN_MOST_OFTEN_FIRST = [f"grain exports must resume {'grain ' * (3 - n)}now" for n in range(4)]


def test_only_the_newest_matches_of_a_common_word_are_ranked(store: Store) -> None:
    with store.transaction() as session:
        made = approve_said(store, session, _speaker(session), GRAIN_MOST_OFTEN_FIRST)
    ids = [st.id for st in made]
    with store.reading() as session:
        # Ranked whole, the statement saying "grain" most often comes first ...
        assert [h.statement_id for h in store.search.search(session, ["grain"], 4)] == ids
        # ... ranked within the newest two, only those two can be found.
        store.search.match_budget = 2
        try:
            found = [h.statement_id for h in store.search.search(session, ["grain"], 4)]
        finally:
            del store.search.match_budget
        assert found == ids[2:]


def test_a_rare_word_outranks_a_common_one_said_often(store: Store) -> None:
    """Both backends weigh a word by its rarity, as bm25 does: the one statement with the
    rare word asked about ranks above those repeating a common one."""
    from bot.text.analysis import terms

    with store.transaction() as session:
        phrases = [f"talks, talks and more talks, number {n}" for n in range(12)]
        made = approve_said(
            store, session, _speaker(session), [*phrases, "negotiations must resume"]
        )
    with store.reading() as session:
        hits = store.search.search(session, terms("talks negotiations"), 3)
    assert hits[0].statement_id == made[-1].id


def test_a_sides_matches_are_ranked_within_a_smaller_pool(store: Store, monkeypatch) -> None:
    with store.transaction() as session:
        speaker = _speaker(session)
        made = approve_said(store, session, speaker, GRAIN_MOST_OFTEN_FIRST)
    ids = [st.id for st in made]
    monkeypatch.setattr("bot.store.search.PARTY_RANK_BUDGET", 2)
    side = party_tokens(speaker_ids=[speaker.id])
    with store.reading() as session:
        assert [h.statement_id for h in store.search.search(session, ["grain"], 4)] == ids
        found = [h.statement_id for h in store.search.search(session, ["grain"], 4, side)]
        assert found == ids[2:]
