"""The store's statement vectors: written with approvals, removed with rejections, and
searched through an in-memory index that each process loads once and then refreshes.

The table (`statement_vector`, migration 0009) is the truth and the same on SQLite and
PostgreSQL; the index (bot/store/vector_index.py) is each process's own. A refresh reads
the table rows added since the last one (`VectorWatermark`): new vectors, re-embedded ones
and removals are all new rows, so what another process approved, edited or rejected is
seen here within REFRESH_S. Vectors of a model other than the configured one are never
searched nor returned.

The engine (bot.answer.dense.Vectors) uses `question_vector`, `nearest` and `exact`;
they are `embed_question`, `index(session).search` and `vectors_for` under its names.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from bot.store.reads import bind_ids
from bot.store.vector_index import VectorIndex
from bot.store.vector_load import catch_up, decode_rows, encode, load, stored_bytes
from bot.store.vector_watermark import VectorWatermark

if TYPE_CHECKING:
    import numpy as np

    from bot.embed import Embedder
    from bot.store.models import Statement

log = logging.getLogger(__name__)

# A question checks for rows newer than the index at most this often (one small query).
REFRESH_S = 2.0
_UNSET = object()


@dataclass(frozen=True)
class VectorRow:
    """A statement's vector to store: its side, and its float16 bytes."""

    statement_id: int
    speaker_id: int
    entity_id: int | None
    vector: bytes


class Vectors:
    def __init__(
        self, sessions: sessionmaker[Session], dialect: str, embedder: object = _UNSET
    ) -> None:
        self._sessions = sessions
        self.dialect = dialect
        self._embedder = embedder  # _UNSET: ATTACHE_EMBEDDER, read when first needed
        self._index: VectorIndex | None = None
        self._watermark = VectorWatermark()
        self._checked = 0.0
        self._refreshing = threading.Lock()

    @property
    def embedder(self) -> Embedder | None:
        """The configured model; None when dense vectors are off."""
        if self._embedder is _UNSET:
            from bot.embed import configured_embedder

            self._embedder = configured_embedder()
        return self._embedder  # type: ignore[return-value]

    @property
    def enabled(self) -> bool:
        """Whether dense vectors are on (a model is configured)."""
        return self.embedder is not None

    def use(self, embedder: Embedder | None) -> None:
        """Embed with `embedder` from now on (tests, benchmarks); the index is reloaded."""
        with self._refreshing:
            self._embedder = embedder
            self._index, self._watermark = None, VectorWatermark()

    # --- answering ----------------------------------------------------------------------

    def embed_question(self, question: str) -> np.ndarray | None:
        """The question's unit vector, or None when dense vectors are off."""
        embedder = self.embedder
        return None if embedder is None else embedder.embed([question])[0]

    def index(self, session: Session) -> VectorIndex:
        """This process's index of the configured model's vectors: loaded on first use,
        then brought up to date with the table at most every REFRESH_S."""
        current = self._index
        if current is None:
            return self.refresh(session)
        if time.monotonic() - self._checked >= REFRESH_S:
            # Never wait behind another thread's refresh (a rebuild can take seconds at a
            # million statements): answer from the index as it stands.
            return self.refresh(session, wait=False)
        return current

    def prepare(self, session: Session) -> None:
        """Load the index now, before the first question (`attache serve`)."""
        index = self.refresh(session)
        if self.embedder is None:
            return
        approved = int(session.scalar(text(_APPROVED_TOTAL)) or 0)
        if index.size < approved:
            log.warning(
                "%d of %d approved statements have no vector of %s; `attache vectors "
                "rebuild` makes them",
                approved - index.size,
                approved,
                self.embedder.name,
            )

    def refresh(self, session: Session, *, wait: bool = True) -> VectorIndex:
        """Read what the table gained since the last refresh into the index (built from the
        whole table the first time). With `wait`, also rebuild an index that no longer fits
        what it was built for (a third of its rows replaced, or the store grown past it):
        seconds at a million statements, so a question (no `wait`) never does; `attache
        serve`'s background refresher does."""
        if not self._refreshing.acquire(blocking=wait):
            return self._index if self._index is not None else _empty()
        try:
            embedder = self.embedder
            if embedder is None:
                self._index = _empty()
            elif self._index is None or self._index.model != embedder.name:
                self._index, self._watermark = load(session, self.dialect, embedder)
            else:
                catch_up(session, self.dialect, self._index, self._watermark)
                if wait and self._index.stale():
                    self._index, self._watermark = load(session, self.dialect, embedder)
            self._checked = time.monotonic()
            return self._index
        finally:
            self._refreshing.release()

    def refresh_now(self) -> None:
        """`refresh` in a session of its own (the serve loop's background refresher)."""
        with self._sessions() as session:
            self.refresh(session)

    def nearest(
        self,
        session: Session,
        vector: np.ndarray,
        k: int,
        *,
        speaker_ids: Collection[int] = (),
        entity_ids: Collection[int] = (),
        exclude_speaker_ids: Collection[int] = (),
    ) -> list[tuple[int, float]]:
        """(statement id, approximate cosine) of the `k` nearest approved statements, best
        first; by those speakers when given, else of those entities when given."""
        return self.index(session).search(
            vector,
            k,
            speaker_ids=speaker_ids,
            entity_ids=entity_ids,
            exclude_speaker_ids=exclude_speaker_ids,
        )

    def vectors_for(self, session: Session, statement_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """The stored vectors (float32) of those statements that have one of the configured
        model: approved statements only, as only they keep one (see _EXACT)."""
        embedder = self.embedder
        if embedder is None or not statement_ids:
            return {}
        rows = session.execute(
            _EXACT[self.dialect],
            {"ids": bind_ids(self.dialect, statement_ids), "model": embedder.name},
        ).all()
        if not rows:
            return {}
        matrix = decode_rows([blob for _, blob in rows])
        return {int(sid): matrix[i] for i, (sid, _) in enumerate(rows)}

    question_vector = embed_question
    exact = vectors_for

    # --- upkeep (bot/store/indexer.py calls these in the writer's transaction) ----------

    def write(self, session: Session, statements: Iterable[Statement]) -> int:
        """Embed approved statements and store their vectors, replacing any that differ.
        Returns how many rows were written (none when dense vectors are off)."""
        from bot.store.vector_text import statement_text

        embedder = self.embedder
        unique = list({st.id: st for st in statements}.values())
        if embedder is None or not unique:
            return 0
        matrix = embedder.embed([statement_text(session, st) for st in unique])
        rows = [
            VectorRow(st.id, st.speaker_id, st.entity_id, encode(vector))
            for st, vector in zip(unique, matrix, strict=True)
        ]
        return self.put(session, embedder.name, rows)

    def put(self, session: Session, model: str, rows: Sequence[VectorRow]) -> int:
        """Store `rows` of `model`: each changed one (another vector, model or side) as a new
        row, so that other processes' refreshes see it; unchanged ones are left alone."""
        if not rows:
            return 0
        stored = self._stored(session, [r.statement_id for r in rows])
        changed = [
            r
            for r in rows
            if stored.get(r.statement_id) != (model, r.speaker_id, r.entity_id, r.vector)
        ]
        self._replace(session, [_params(r, model) for r in changed])
        return len(changed)

    def remove(self, session: Session, statement_ids: Iterable[int]) -> int:
        """Take statements out of dense search: each vector becomes a row with none (a new
        row, so that other processes' refreshes drop it too). Returns how many."""
        stored = self._stored(session, list(dict.fromkeys(statement_ids)))
        gone = [
            {"s": sid, "m": "", "p": speaker, "e": entity, "v": None}
            for sid, (_, speaker, entity, vector) in stored.items()
            if vector is not None
        ]
        self._replace(session, gone)
        return len(gone)

    def _stored(self, session: Session, statement_ids: list[int]) -> dict[int, tuple]:
        if not statement_ids:
            return {}
        rows = session.execute(
            _STORED[self.dialect], {"ids": bind_ids(self.dialect, statement_ids)}
        )
        return {
            int(sid): (model, int(speaker), _id(entity), stored_bytes(blob))
            for sid, model, speaker, entity, blob in rows
        }

    def _replace(self, session: Session, rows: list[dict]) -> None:
        if rows:
            ids = bind_ids(self.dialect, [r["s"] for r in rows])
            session.execute(_DELETE[self.dialect], {"ids": ids})
            session.execute(_INSERT, rows)

    # --- loading ------------------------------------------------------------------------


def _id(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _params(row: VectorRow, model: str) -> dict:
    return {
        "s": row.statement_id,
        "m": model,
        "p": row.speaker_id,
        "e": row.entity_id,
        "v": row.vector,
    }


def _empty() -> VectorIndex:
    return VectorIndex("", 1)


_APPROVED_TOTAL = "SELECT coalesce(sum(approved_count), 0) FROM speaker"
_INSERT = text(
    "INSERT INTO statement_vector (statement_id, model, speaker_id, entity_id, vector) "
    "VALUES (:s, :m, :p, :e, :v)"
)
# By statement: SQLite is told which index to use. Its planner trusts statistics, and an
# ANALYZE run while the table was small (benchmarks/scale.py seeds, then analyses) made it
# scan every row, or build a Bloom filter over them, for each lookup: 250 ms a question at
# a million vectors, where the index takes 8 ms. PostgreSQL keeps its statistics current.
_BY_STATEMENT = {
    "sqlite": "statement_vector AS v INDEXED BY ix_statement_vector_statement_id "
    "WHERE v.statement_id IN (SELECT value FROM json_each(:ids))",
    "postgresql": "statement_vector AS v WHERE v.statement_id = ANY(:ids)",
}
_STORED = {
    d: text(f"SELECT v.statement_id, v.model, v.speaker_id, v.entity_id, v.vector FROM {where}")
    for d, where in _BY_STATEMENT.items()
}
_DELETE = {d: text(f"DELETE FROM statement_vector WHERE id IN (SELECT v.id FROM {where})")
           for d, where in _BY_STATEMENT.items()}  # fmt: skip
# Not joined with `statement` to check that each is approved: a row holds a vector only
# while its statement is approved (the indexer removes it in the transaction that rejects
# it), and reading each statement's row as well cost 10-15 ms of a question at a million
# statements, against 3 ms for the vectors alone. The engine keeps approved ones only.
_EXACT = {
    d: text(
        f"SELECT v.statement_id, v.vector FROM {where} AND v.model = :model "
        "AND v.vector IS NOT NULL"
    )
    for d, where in _BY_STATEMENT.items()
}
