"""The per-session store templates (tests/store_template.py): each copy holds exactly what a
freshly opened store would, and is a database of its own, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime

import pytest
from sqlalchemy import func, inspect, select, text

from bot.app.dispatch import Core
from bot.app.workers import shares_one_connection
from bot.core.types import Command, Context
from bot.store import repo
from bot.store.db import HEAD_REVISION, current_revision
from bot.store.models import Statement
from bot.store.seed import seed_version
from bot.store.store import Store
from bot.text.analysis import terms
from tests.conftest import approve_said, postgres_schema
from tests.store_template import copy_store, postgres_copy, template

SEED_QUESTION = "What are Russia's conditions?"
# Rows stamped when they were written (seeded at a different moment from the template's).
_STAMP = re.compile(r"'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?'")

Opener = Callable[..., AbstractContextManager[Store]]


@contextmanager
def sqlite_fresh() -> Iterator[Store]:
    store = Store.open("sqlite://")
    try:
        yield store
    finally:
        store.close()


@contextmanager
def sqlite_copy(*, seeded: bool = True) -> Iterator[Store]:
    store = copy_store(seeded=seeded)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> tuple[Opener, Opener]:  # noqa: ANN001
    """How to open a freshly migrated and seeded store, and how to open a copy."""
    if request.param == "sqlite":
        return sqlite_fresh, sqlite_copy
    url = request.getfixturevalue("postgres_url")

    @contextmanager
    def fresh() -> Iterator[Store]:
        with postgres_schema(url) as schema_url:
            store = Store.open(schema_url)
            try:
                yield store
            finally:
                store.close()

    def copy(*, seeded: bool = True) -> AbstractContextManager[Store]:
        return postgres_copy(url, seeded=seeded)

    return fresh, copy


def contents(store: Store) -> dict[str, list[str]]:
    """Every table's rows (the search tables and vectors included), write times blanked."""
    out = {}
    with store.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            # SQLite hands times back as text, PostgreSQL as datetimes.
            out[table] = sorted(
                _STAMP.sub(
                    "'<time>'",
                    repr(tuple("<time>" if isinstance(v, datetime | date) else v for v in row)),
                )
                for row in rows
            )
    return out


def schema(store: Store) -> dict[str, tuple]:
    """Each table's columns, indexes, foreign keys and unique constraints, in a fixed
    order: migrations recreate a table's constraints and indexes in no fixed order (two
    fresh stores list them differently)."""
    out = {}
    with store.engine.connect() as conn:
        seen = inspect(conn)
        for table in seen.get_table_names():
            out[table] = (
                [(c["name"], str(c["type"]), c["nullable"]) for c in seen.get_columns(table)],
                sorted((i["name"], tuple(i["column_names"])) for i in seen.get_indexes(table)),
                sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"])
                    for f in seen.get_foreign_keys(table)
                ),
                sorted(tuple(u["column_names"]) for u in seen.get_unique_constraints(table)),
            )
    return out


def sqlite_dump(store: Store) -> list[str]:
    """SQLite's own dump: definitions (tables, indexes, triggers) and rows, write times
    blanked; sorted, as migrations recreate a table's indexes in no fixed order."""
    with store.engine.connect() as conn:
        lines = conn.connection.dbapi_connection.iterdump()  # type: ignore[union-attr]
        return sorted(_STAMP.sub("'<time>'", line) for line in lines)


def statement_count(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(Statement)) or 0


def found(store: Store, word: str) -> list[int]:
    with store.reading() as session:
        return [hit.statement_id for hit in store.search.search(session, terms(word), 10)]


def frequency(store: Store, word: str) -> dict[str, int]:
    with store.reading() as session:
        return store.search.document_frequency(session, terms(word))


async def answer(store: Store, question: str):  # noqa: ANN201 - a Reply
    return await Core(store).handle(Command("ask", question, context=Context(platform="test")))


async def test_a_copy_holds_what_a_freshly_seeded_store_holds(backend) -> None:  # noqa: ANN001
    open_fresh, open_copy = backend
    with open_fresh() as fresh, open_copy() as copy:
        assert current_revision(copy.engine) == HEAD_REVISION
        assert schema(copy) == schema(fresh)
        assert contents(copy) == contents(fresh)
        if copy.engine.dialect.name == "sqlite":
            # Byte for byte the template, triggers and all.
            assert sqlite_dump(copy) == sqlite_dump(template())
        with copy.reading() as session:
            assert repo.get_meta(session, "seed_version") == seed_version()
        # Same kind of engine: workers share (or not) its connection alike.
        assert shares_one_connection(copy) == shares_one_connection(fresh)
        # Full text, its vocabulary, vectors and the whole answer to a seeded question.
        assert found(copy, "posturing") == found(fresh, "posturing") != []
        assert frequency(copy, "posturing") == frequency(fresh, "posturing")
        query = fresh.vectors.embed_question(SEED_QUESTION)
        if query is not None:
            with fresh.reading() as a, copy.reading() as b:
                assert copy.vectors.nearest(b, query, 5) == fresh.vectors.nearest(a, query, 5)
        reply = await answer(copy, SEED_QUESTION)
        assert reply.answered and reply == await answer(fresh, SEED_QUESTION)


def test_a_migrated_copy_is_migrated_and_empty(backend) -> None:  # noqa: ANN001
    _, open_copy = backend
    with open_copy(seeded=False) as copy:
        assert current_revision(copy.engine) == HEAD_REVISION
        assert statement_count(copy) == 0
        with copy.reading() as session:
            assert repo.get_meta(session, "seed_version") is None


def test_writes_to_a_copy_reach_neither_the_template_nor_another_copy(backend) -> None:  # noqa: ANN001
    _, open_copy = backend
    with open_copy() as one, open_copy() as other:
        before = contents(other)
        with one.transaction() as session:
            speaker = repo.upsert_speaker(session, "Kaja Kallas")
            (written,) = approve_said(one, session, speaker, ["zanzibarish resolve holds"])
        with one.reading() as session:
            one_vectors = one.vectors.refresh(session).size
        assert found(one, "zanzibarish") == [written.id]
        assert sum(frequency(one, "zanzibarish").values()) == 1
        assert statement_count(one) == statement_count(other) + 1
        # A copy made before the write and one made after (from the template as it is now).
        with open_copy() as later:
            for unchanged in (other, later):
                assert found(unchanged, "zanzibarish") == []
                assert sum(frequency(unchanged, "zanzibarish").values()) == 0
                assert contents(unchanged) == before
                with unchanged.reading() as session:
                    # The vector table too: one statement fewer than the written copy's.
                    assert unchanged.vectors.refresh(session).size == max(one_vectors - 1, 0)


def test_the_sqlite_template_itself_is_never_written() -> None:
    before = sqlite_dump(template())
    with sqlite_copy() as one, one.transaction() as session:
        speaker = repo.upsert_speaker(session, "Kaja Kallas")
        approve_said(one, session, speaker, ["zanzibarish resolve holds"])
    assert sqlite_dump(template()) == before
