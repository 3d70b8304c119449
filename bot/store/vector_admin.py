"""`attache vectors rebuild` and `attache vectors status`, as library functions.

A rebuild re-embeds every approved statement with the configured model, a batch per
transaction (short transactions: writers and other processes' refreshes go on meanwhile),
and rewrites only the vectors that changed; then the vectors left on statements that are no
longer approved, or of another model, are removed. After a model change (ATTACHE_EMBEDDER,
or a new release of its files) every vector is rewritten, and processes still running the
old model stop finding them: they must be restarted with the new setting.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import text

from bot.core.errors import ConfigurationError
from bot.embed import ENV_VAR
from bot.store.vector_load import encode
from bot.store.vector_text import approved_page
from bot.store.vectors import VectorRow

if TYPE_CHECKING:
    from bot.store.store import Store

# Statements embedded and written per transaction.
REBUILD_BATCH = 2_000


@dataclass
class RebuildReport:
    model: str
    statements: int = 0  # approved statements embedded
    written: int = 0  # vectors stored anew (changed or missing)
    removed: int = 0  # vectors taken off unapproved statements or of other models
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.statements / self.seconds if self.seconds > 0 else 0.0


def rebuild(
    store: Store,
    *,
    batch: int = REBUILD_BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> RebuildReport:
    """Embed every approved statement with the configured model; `progress(done, total)`
    after each batch."""
    vectors = store.vectors
    embedder = vectors.embedder
    if embedder is None:
        raise ConfigurationError(
            f"dense vectors are off ({ENV_VAR}={os.environ.get(ENV_VAR, '')}): "
            "there is no model to rebuild them with"
        )
    report = RebuildReport(model=embedder.name)
    started = time.perf_counter()
    with store.reading() as session:
        total = int(session.scalar(text(_APPROVED)) or 0)
    after = 0
    while True:
        with store.transaction() as session:
            page = approved_page(session, after, batch)
            if not page:
                break
            matrix = embedder.embed([row.text for row in page])
            rows = [
                VectorRow(row.id, row.speaker_id, row.entity_id, encode(vector))
                for row, vector in zip(page, matrix, strict=True)
            ]
            report.written += vectors.put(session, embedder.name, rows)
        after = page[-1].id
        report.statements += len(page)
        if progress is not None:
            progress(report.statements, max(total, report.statements))
    with store.transaction() as session:
        leftover = session.scalars(text(_LEFTOVER), {"model": embedder.name}).all()
        report.removed = vectors.remove(session, leftover)
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class VectorStatus:
    spec: str  # ATTACHE_EMBEDDER as set ("" when unset)
    model: str | None  # the configured model's name; None: dense vectors are off
    approved: int = 0
    missing: int = 0  # approved statements without a vector of the configured model
    by_model: dict[str, int] = field(default_factory=dict)  # stored vectors per model
    removed: int = 0  # rows recording a removal (no vector)


def status(store: Store) -> VectorStatus:
    embedder = store.vectors.embedder
    result = VectorStatus(
        spec=os.environ.get(ENV_VAR, ""), model=embedder.name if embedder else None
    )
    with store.reading() as session:
        for model, count in session.execute(text(_BY_MODEL)):
            if model:
                result.by_model[model] = int(count)
            else:
                result.removed += int(count)
        result.approved = int(session.scalar(text(_APPROVED)) or 0)
        if embedder is not None:
            result.missing = int(session.scalar(text(_MISSING), {"model": embedder.name}) or 0)
    return result


_APPROVED = "SELECT count(*) FROM statement WHERE status = 'approved'"
_BY_MODEL = (
    "SELECT CASE WHEN vector IS NULL THEN '' ELSE model END AS m, count(*) "
    "FROM statement_vector GROUP BY CASE WHEN vector IS NULL THEN '' ELSE model END"
)
_MISSING = (
    "SELECT count(*) FROM statement s WHERE s.status = 'approved' AND NOT EXISTS ("
    "SELECT 1 FROM statement_vector v WHERE v.statement_id = s.id AND v.model = :model "
    "AND v.vector IS NOT NULL)"
)
_LEFTOVER = (
    "SELECT v.statement_id FROM statement_vector v JOIN statement s ON s.id = v.statement_id "
    "WHERE v.vector IS NOT NULL AND (v.model <> :model OR s.status <> 'approved')"
)
