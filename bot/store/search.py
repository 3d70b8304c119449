"""Full-text search behind one small interface: SQLite FTS5 now, PostgreSQL tsvector too.

Only approved statements are indexed: answering never looks at anything else, and the
index stays as small as what users can see. Text is analysed in Python
(bot.text.analysis) before it reaches either engine, so both rank the same stems.
"""

from __future__ import annotations

import functools
import heapq
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from bot.store.models import Statement
from bot.store.reads import bind_ids, id_set
from bot.text.analysis import index_text


@dataclass(frozen=True)
class SearchHit:
    statement_id: int
    score: float  # larger is better; comparable only within one result list


def party_tokens(speaker_ids: Iterable[int] = (), entity_ids: Iterable[int] = ()) -> list[str]:
    """Index tokens naming a statement's speaker and entity, so a search can be limited to
    one side ("what does Russia say about …") inside the full-text engine itself. They are
    alphanumeric, like every analysed term, and cannot collide with an English stem."""
    return [f"qqspk{i}" for i in speaker_ids] + [f"qqent{i}" for i in entity_ids]


def index_fields(statement: Statement) -> tuple[str, str, str]:
    """(body, context, who) in analysed form: the words, their setting, and who said them."""
    body = index_text(statement.text, *(p.text for p in statement.points))
    titles = [c.cited_title for c in statement.citations] + [
        c.document.title for c in statement.citations if c.document is not None
    ]
    context = index_text(statement.context, *titles)
    speaker = statement.speaker
    who = index_text(
        speaker.name,
        *speaker.aliases,
        speaker.role,
        statement.role,
        speaker.entity.name if speaker.entity else None,
    )
    parties = party_tokens([speaker.id], [speaker.entity_id] if speaker.entity_id else [])
    return body, context, " ".join([who, *parties])


def index_rows(statements: Iterable[Statement]) -> list[tuple[int, str, str, str]]:
    """(id, body, context, who) per statement, once each: a batch naming a statement twice
    (the same row approved twice over) must not index it twice."""
    return list({st.id: (st.id, *index_fields(st)) for st in statements}.values())


def _safe_terms(terms: Sequence[str]) -> list[str]:
    # Analysed terms are [a-z0-9]+ stems already; keep it that way before building a query.
    return sorted({t for t in terms if t.isalnum()})


@dataclass(frozen=True)
class Query:
    text: str  # in the engine's own syntax
    terms: list[str]  # the words it looks for, any of them
    counts: Mapping[str, int]  # how many statements hold each term, where already known


# A side's own statements are a narrower field: fewer of its newest matches are ranked.
PARTY_RANK_BUDGET = 3_000


class SearchBackend(ABC):
    # How many matching statements one question's full-text query may rank.
    match_budget = 15_000

    @abstractmethod
    def index(self, session: Session, statements: Iterable[Statement]) -> None: ...

    @abstractmethod
    def remove(self, session: Session, statement_ids: Iterable[int]) -> None: ...

    # The engine's query language: how a term is written, and the OR / AND / AND NOT joins.
    _OR: str
    _AND: str
    _AND_NOT: str

    def _term(self, term: str) -> str:
        return term

    def search(
        self,
        session: Session,
        terms: Sequence[str],
        limit: int,
        parties: Sequence[str] = (),
        exclude: Sequence[str] = (),
        counts: Mapping[str, int] | None = None,
        budget: int | None = None,
    ) -> list[SearchHit]:
        """Approved statements matching any of the analysed `terms`, best first; with
        `parties` (see `party_tokens`), only those by one of those speakers or entities;
        with `exclude` (party tokens too), none by those. `counts`: the terms'
        `document_frequency`, where the caller has looked it up already. `budget`: how many
        matches to rank at most (default `match_budget`)."""
        safe = _safe_terms(terms)
        if not safe:
            return []
        query = self._OR.join(self._term(t) for t in safe)
        if parties:
            query = f"({query}){self._AND}({self._OR.join(_safe_terms(parties))})"
        if exclude:
            query = f"({query}){self._AND_NOT}({self._OR.join(_safe_terms(exclude))})"
        # Ranking a common word's tens of thousands of matches costs more than the rest of
        # the answer, so only the newest `pool` matches are ranked; a query matching fewer
        # is ranked whole. A side's own statements are a narrower field: a smaller pool.
        budget = min(budget or self.match_budget, self.match_budget)
        pool = min(budget, PARTY_RANK_BUDGET) if parties else budget
        return self._ranked(session, Query(query, safe, counts or {}), limit, pool)

    @abstractmethod
    def _ranked(self, session: Session, query: Query, limit: int, pool: int) -> list[SearchHit]:
        """The best `limit` among the newest `pool` matches of `query`, best first."""

    @abstractmethod
    def fields(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        """The analysed (body, context, who) of indexed statements, for scoring."""

    @abstractmethod
    def document_frequency(self, session: Session, terms: Sequence[str]) -> dict[str, int]:
        """How many indexed statements hold each term (for weighting rare words up)."""

    @abstractmethod
    def size(self, session: Session) -> int:
        """How many statements are indexed."""


class SqliteFts5Backend(SearchBackend):
    # bm25 column weights: the statement's own words count most.
    _WEIGHTS = "4.0, 1.5, 1.0"

    def index(self, session: Session, statements: Iterable[Statement]) -> None:
        rows = index_rows(statements)
        if not rows:
            return
        self.remove(session, [r[0] for r in rows])
        session.execute(
            text("INSERT INTO statement_fts(rowid, body, context, who) VALUES (:i, :b, :c, :w)"),
            [{"i": i, "b": b, "c": c, "w": w} for i, b, c, w in rows],
        )

    def remove(self, session: Session, statement_ids: Iterable[int]) -> None:
        ids = list(statement_ids)
        if ids:
            session.execute(
                text("DELETE FROM statement_fts WHERE rowid IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": ids},
            )

    _OR, _AND, _AND_NOT = " OR ", " AND ", " NOT "

    def _term(self, term: str) -> str:
        return f'"{term}"'

    def _ranked(self, session: Session, query: Query, limit: int, pool: int) -> list[SearchHit]:
        # The newest matches come from the index in rowid order, unranked, which is cheap;
        # bm25 then ranks only the matches from the pool's oldest on.
        oldest = session.scalar(self._NEWEST, {"q": query.text, "skip": pool - 1})
        rows = session.execute(self._RANKED, {"q": query.text, "n": limit, "low": oldest or 0})
        return [SearchHit(int(r[0]), -float(r[1])) for r in rows]

    _NEWEST = text(
        "SELECT rowid FROM statement_fts WHERE statement_fts MATCH :q "
        "ORDER BY rowid DESC LIMIT 1 OFFSET :skip"
    )
    _RANKED = text(
        f"SELECT rowid, bm25(statement_fts, {_WEIGHTS}) AS rank FROM statement_fts "
        "WHERE statement_fts MATCH :q AND rowid >= :low ORDER BY rank LIMIT :n"
    )

    _FIELDS = text(
        "SELECT rowid, body, context, who FROM statement_fts WHERE " + id_set("sqlite", "rowid")
    )

    def fields(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        if not ids:
            return {}
        rows = session.execute(self._FIELDS, {"ids": bind_ids("sqlite", ids)})
        return {int(r[0]): (r[1], r[2], r[3]) for r in rows}

    def document_frequency(self, session: Session, terms: Sequence[str]) -> dict[str, int]:
        safe = _safe_terms(terms)
        if not safe:
            return {}
        rows = session.execute(
            text("SELECT term, doc FROM statement_vocab WHERE term IN :terms").bindparams(
                bindparam("terms", expanding=True)
            ),
            {"terms": safe},
        )
        found = {term: int(doc) for term, doc in rows}
        return {t: found.get(t, 0) for t in safe}

    def size(self, session: Session) -> int:
        # FTS5 keeps its row count in the "averages" record (rowid 1 of the %_data shadow
        # table: a varint, then each column's token total), which bm25 reads; count(*)
        # would walk the whole index: about a second at a million statements.
        block = session.scalar(text("SELECT block FROM statement_fts_data WHERE id = 1"))
        if block:
            return _varint(bytes(block))
        return int(session.scalar(text("SELECT count(*) FROM statement_fts")) or 0)


def _varint(data: bytes) -> int:
    """The SQLite-format varint at the start of `data` (7 bits a byte, high bit = more;
    a ninth byte gives all 8 bits)."""
    value = 0
    for i, byte in enumerate(data[:9]):
        if i == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    return value


# Okapi BM25 as FTS5's bm25() computes it, and its column weights (the statement's own
# words 4, their setting 1.5, who said them 1): ts_rank_cd's weights cap at 1, so its
# per-term counts are scaled back by this much.
BM25_K1, BM25_B, FIELD_SCALE = 1.2, 0.75, 4.0


def _bm25(rows: Sequence[Sequence], idfs: Sequence[float], limit: int) -> list[SearchHit]:
    """The best `limit` of (id, length, weighted count of each term …) rows: each term's
    count, saturating, times its rarity, against the statement's length relative to the
    rows' average. ts_rank_cd over a whole query knows no rarity: a common synonym said
    three times outranked the one rare word asked about (qa_eval on PostgreSQL: 0.798)."""
    if not rows:
        return []
    average = sum(r[1] for r in rows) / len(rows) or 1.0
    # The length norm k1 * (1 - b + b * length / average), as base + slope * length.
    base, slope = BM25_K1 * (1 - BM25_B), BM25_K1 * BM25_B / average
    scored = []
    for row in rows:
        norm = base + slope * row[1]
        score = 0.0
        for idf, count in zip(idfs, row[2:]):  # noqa: B905 - one count per term, by the SQL
            if count:
                tf = count * FIELD_SCALE
                score += idf * tf * (BM25_K1 + 1) / (tf + norm)
        scored.append((score, row[0]))
    return [SearchHit(int(i), score) for score, i in heapq.nlargest(limit, scored)]


class PostgresTsvectorBackend(SearchBackend):
    """tsvector over the pre-analysed text with the 'simple' configuration and a GIN index."""

    # One statement per batch, from arrays: the word-count triggers (migration 0007) then
    # run once per batch, not once per row as an executemany would make them.
    INSERT_ROWS = text(
        "INSERT INTO statement_search(statement_id, body, context, who, tsv) "
        "SELECT r.i, r.b, r.c, r.w, "
        "setweight(to_tsvector('simple', r.b), 'A') || "
        "setweight(to_tsvector('simple', r.c), 'B') || "
        "setweight(to_tsvector('simple', r.w), 'C') "
        "FROM unnest(CAST(:ids AS integer[]), CAST(:bodies AS text[]), "
        "CAST(:contexts AS text[]), CAST(:whos AS text[])) AS r(i, b, c, w) "
        "ON CONFLICT (statement_id) DO UPDATE SET body = EXCLUDED.body, "
        "context = EXCLUDED.context, who = EXCLUDED.who, tsv = EXCLUDED.tsv"
    )

    @classmethod
    def insert_rows(cls, session_or_connection, rows: Sequence[tuple[int, str, str, str]]) -> None:  # noqa: ANN001
        """Index (id, body, context, who) rows already analysed (see `index_fields`)."""
        if rows:
            ids, bodies, contexts, whos = (list(c) for c in zip(*rows, strict=True))
            session_or_connection.execute(
                cls.INSERT_ROWS, {"ids": ids, "bodies": bodies, "contexts": contexts, "whos": whos}
            )

    def index(self, session: Session, statements: Iterable[Statement]) -> None:
        self.insert_rows(session, index_rows(statements))

    def remove(self, session: Session, statement_ids: Iterable[int]) -> None:
        ids = list(statement_ids)
        if ids:
            session.execute(
                text("DELETE FROM statement_search WHERE statement_id = ANY(:ids)"), {"ids": ids}
            )

    _OR, _AND, _AND_NOT = " | ", " & ", " & !"

    # A window is this much wider than the share of ids expected to hold `pool` matches,
    # for words spread unevenly over time.
    WINDOW_SLACK = 1.2

    def _ranked(self, session: Session, query: Query, limit: int, pool: int) -> list[SearchHit]:
        """The newest `pool` matches, ranked by BM25.

        Finding them is the cost: PostgreSQL reads every match's row to learn its id (a
        GIN index holds no ids in order), 100-200 ms for a word in 40,000 of a million
        statements; asked for the newest matches in id order, its planner may instead
        walk the ids backwards testing every row, seconds for a rare word it thinks
        common. So matches are sought among the newest ids only, in a window sized from
        the index's word counts to hold `pool` of them (every id when the words are rarer
        than that), which PostgreSQL intersects with the full-text index before reading
        any row. A window holding `pool` matches holds the newest `pool`, so what is
        ranked is exactly the newest `pool` of all matches; one holding fewer is widened,
        reading only the ids it adds, until it covers every id. Then those are ranked."""
        unknown = [t for t in query.terms if t not in query.counts]
        counts = {**query.counts, **self.document_frequency(session, unknown)}
        estimate, first, last = session.execute(self._ID_RANGE).one()
        if first is None:
            return []
        ids = last - first + 1
        # The planner's row estimate; never analysed, the id range bounds it (counting the
        # rows, as `size` does for small tables, cost more than the search on them).
        indexed = estimate if estimate > 0 else ids
        # Limited to a side, the words are assumed to be that side's: a side talks most of
        # its own topics, so discounting by its share of all statements made windows far
        # too wide. Where the side says them less, the first window falls short and the
        # second is sized from what the first found.
        matches = sum(counts[t] for t in query.terms)
        # Okapi BM25's inverse document frequency, as FTS5's bm25() weighs terms (the size
        # is an estimate: a word's count may pass it in a table grown since ANALYZE).
        idfs = [
            math.log(1 + (max(indexed, counts[t]) - counts[t] + 0.5) / (counts[t] + 0.5))
            for t in query.terms
        ]
        span = ids if matches <= pool else pool / matches * ids * self.WINDOW_SLACK
        scored = self._scored_matches(len(query.terms))
        params = {"q": query.text, **{f"t{i}": t for i, t in enumerate(query.terms)}}
        found: list = []
        high = last + 1  # the window so far: ids from `high` on are searched
        while True:
            low = max(first, last - int(span))
            found += session.execute(scored, {**params, "low": low, "high": high}).all()
            if len(found) >= pool or low == first:
                break
            # Fewer of the newest statements hold these words than their counts say: look
            # as much further back as the window fell short, reading only the ids added.
            high = low
            span *= pool / max(len(found), 1) * self.WINDOW_SLACK
        return _bm25(heapq.nlargest(pool, found, key=lambda row: row[0]), idfs, limit)

    _ID_RANGE = text(
        "SELECT (SELECT greatest(reltuples, 0)::bigint FROM pg_class"
        "  WHERE oid = 'statement_search'::regclass),"
        " min(statement_id), max(statement_id) FROM statement_search"
    )

    @staticmethod
    @functools.cache
    def _scored_matches(terms: int) -> TextClause:
        """The matches of :q with ids from :low up to :high, each with its length in
        distinct words and the weighted count of each term :t0, :t1, … (see `_bm25`).

        Neither ordered nor limited, so the planner intersects the full-text and id
        indexes (a bitmap AND) and reads only the matching rows, once. ts_rank_cd of a
        term alone is its occurrences weighted by field, the weights array running D, C,
        B, A (the statement's own words, their setting, who said them) and capped at 1."""
        # Counted only where the row holds the term: with a dozen terms (small stores keep
        # common words and synonyms) the test first took a fifth of a 13-term query off.
        counts = ", ".join(
            f"CASE WHEN tsv @@ CAST(:t{i} AS tsquery) THEN"
            f" ts_rank_cd('{{0.025, 0.25, 0.375, 1.0}}', tsv, CAST(:t{i} AS tsquery)) ELSE 0 END"
            for i in range(terms)
        )
        return text(
            f"SELECT statement_id, length(tsv), {counts} FROM statement_search "
            "WHERE tsv @@ CAST(:q AS tsquery) AND statement_id >= :low AND statement_id < :high"
        )

    def fields(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        if not ids:
            return {}
        rows = session.execute(
            text(
                "SELECT statement_id, body, context, who FROM statement_search "
                "WHERE statement_id = ANY(:ids)"
            ),
            {"ids": list(ids)},
        )
        return {int(r[0]): (r[1], r[2], r[3]) for r in rows}

    # Each match ranked is a table row read (FTS5 ranks from its index): at a million
    # statements, mostly a page from outside PostgreSQL's own cache. 3,000 cost 20-40 ms
    # more at the 99th percentile than 2,000; on the dev corpus, where small stores keep
    # common words, 2,000 answers two of 99 questions fewer (qa_eval --pg-url: 0.879).
    match_budget = 2_000

    # The totals and the changes no writer has folded into them yet (migration 0007).
    _FREQUENCIES = text(
        "SELECT term, sum(statements) FROM ("
        " SELECT term, statements FROM statement_search_vocab WHERE term = ANY(:terms)"
        " UNION ALL SELECT term, statements FROM statement_search_vocab_change"
        " WHERE term = ANY(:terms)) AS t GROUP BY term"
    )

    def document_frequency(self, session: Session, terms: Sequence[str]) -> dict[str, int]:
        # Kept exact by triggers on statement_search, like FTS5's own vocabulary.
        safe = _safe_terms(terms)
        if not safe:
            return {}
        found = {term: int(n) for term, n in session.execute(self._FREQUENCIES, {"terms": safe})}
        return {t: found.get(t, 0) for t in safe}

    def size(self, session: Session) -> int:
        # The planner's estimate is free and close enough for weighting words; small or
        # never-analysed tables are counted.
        estimate = session.scalar(
            text("SELECT reltuples::bigint FROM pg_class WHERE oid = 'statement_search'::regclass")
        )
        if estimate is not None and estimate >= 10_000:
            return int(estimate)
        return int(session.scalar(text("SELECT count(*) FROM statement_search")) or 0)


def backend_for(dialect_name: str) -> SearchBackend:
    if dialect_name == "sqlite":
        return SqliteFts5Backend()
    if dialect_name == "postgresql":
        return PostgresTsvectorBackend()
    raise ValueError(f"no search backend for {dialect_name}")
