"""PostgreSQL finds a query's newest matches in a window of the newest ids, sized from the
word counts and widened when it falls short; what it ranks must be exactly the newest
`pool` of all matches (found here in one ordered pass, the oracle).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event, text

from bot.store import repo
from bot.store.search import PostgresTsvectorBackend
from bot.store.store import Store
from tests.conftest import approve_said, postgres_schema

POOL = 5
# Every fourth statement mentions grain, evenly over time; barley only in the oldest 30.
TEXTS = [
    " ".join(
        [f"statement {n} on exports"]
        + ["grain " * (1 + n % 3)] * (n % 4 == 0)
        + ["barley"] * (n < 30)
    )
    for n in range(200)
]

NEWEST = text(
    "SELECT statement_id FROM statement_search WHERE tsv @@ to_tsquery('simple', :q)"
    " ORDER BY statement_id DESC LIMIT :pool"
)


@pytest.fixture
def store(postgres_url: str, monkeypatch) -> Iterator[Store]:
    monkeypatch.setattr(PostgresTsvectorBackend, "match_budget", POOL)
    with postgres_schema(postgres_url) as url:
        s = Store.open(url, prepare=False)
        from bot.store.db import migrate

        migrate(s.engine)
        with s.transaction() as session:
            speaker = repo.upsert_speaker(session, "Wanda Window", role="Envoy")
            approve_said(s, session, speaker, TEXTS)
        with s.engine.connect() as conn:  # the size estimate the window is sized from
            conn.execute(text("ANALYZE statement_search"))
            conn.commit()
        yield s
        s.close()


def windows_run(store: Store) -> list[int]:
    """The `low` of every window query the search runs, recorded as it runs."""
    lows: list[int] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if "statement_id < " in statement:
            lows.append(parameters["low"])

    event.listen(store.engine, "before_cursor_execute", record)
    return lows


@pytest.mark.parametrize(
    ("word", "windows"),
    [
        ("grain", 1),  # evenly spread: the first window holds the pool
        ("barley", 2),  # only in old statements: the window is widened to every id
        ("lighthous", 1),  # no matches: rarer than the pool, so every id at once
    ],
)
def test_the_window_finds_exactly_the_newest_matches(store: Store, word: str, windows: int) -> None:
    lows = windows_run(store)
    with store.reading() as session:
        found = [h.statement_id for h in store.search.search(session, [word], 10)]
        oracle = session.scalars(NEWEST, {"q": word, "pool": POOL}).all()
        first = session.scalar(text("SELECT min(statement_id) FROM statement_search"))
    assert sorted(found) == sorted(oracle)
    assert len(lows) == windows
    assert (lows[-1] == first) == (word != "grain")  # grain never needed the whole range
    if word != "lighthous":
        assert len(found) == POOL


def test_a_side_limited_query_is_windowed_by_its_words_counts(store: Store) -> None:
    """Limited to one speaker (here: all of them), the window is sized from the words'
    counts alone and still holds the pool."""
    with store.reading() as session:
        speaker_id = session.scalar(text("SELECT id FROM speaker WHERE name = 'Wanda Window'"))
    lows = windows_run(store)
    with store.reading() as session:
        side = [f"qqspk{speaker_id}"]
        found = [h.statement_id for h in store.search.search(session, ["grain"], 10, side)]
        oracle = session.scalars(NEWEST, {"q": f"grain & qqspk{speaker_id}", "pool": POOL}).all()
    assert sorted(found) == sorted(oracle) and len(found) == POOL
    assert len(lows) == 1


def test_counts_the_caller_knows_are_not_looked_up_again(store: Store) -> None:
    """Answering has each word's count already (it weighs words by them); the search
    sizes its window from those instead of asking the vocabulary again."""
    asked: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:  # noqa: ANN001, ANN002
        if "statement_search_vocab" in statement:
            asked.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    with store.reading() as session:
        counts = store.search.document_frequency(session, ["grain", "barley"])
        assert len(asked) == 1
        given = store.search.search(session, ["grain", "barley"], 10, counts=counts)
        assert len(asked) == 1
        looked_up = store.search.search(session, ["grain", "barley"], 10)
        assert len(asked) == 2
    assert given == looked_up


def test_every_query_is_planned_for_its_own_words(store: Store) -> None:
    """A plan made once for any words (what PostgreSQL does for a query prepared and run
    often) reads every row for a rare word; connections ask for a plan per query."""
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_custom_plan"
