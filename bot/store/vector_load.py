"""Reading the `statement_vector` table into a process's index: all of it at start
(`load`), then what other writers added since (`catch_up`, through `VectorWatermark`).
Also how a vector is stored: float16, little-endian.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.store.reads import bind_ids, id_set
from bot.store.vector_codes import IVF_MIN_ROWS, train_size
from bot.store.vector_index import Batch, VectorIndex
from bot.store.vector_watermark import GAP_LOOKBACK_IDS, VectorWatermark

if TYPE_CHECKING:
    import numpy as np

    from bot.embed import Embedder

log = logging.getLogger(__name__)

# Rows read per query when loading an index: small enough that the rows in flight (a
# Python object each) add little to the process's peak memory (171 MB against 228 MB with
# 20,000 at 100k vectors), large enough that queries are few.
LOAD_CHUNK = 5_000
# glibc's mmap threshold while building an index, and after (`_mmap_threshold`): 32 MB is
# the largest it takes.
BUILD_MMAP_THRESHOLD = 256 * 1024
SEARCH_MMAP_THRESHOLD = 32 * 1024 * 1024
# Vectors are stored as float16, little-endian: half the bytes, and the cosines move by
# less than 1e-3.
FLOAT16 = "<f2"


def load(session: Session, dialect: str, embedder: Embedder) -> tuple[VectorIndex, VectorWatermark]:
    """An index of every vector of `embedder`'s model in the table, and the watermark of
    the ids it has read."""
    started = time.perf_counter()
    _mmap_threshold(BUILD_MMAP_THRESHOLD)
    try:
        index, watermark = _load(session, dialect, embedder)
    finally:
        _mmap_threshold(SEARCH_MMAP_THRESHOLD)
    _give_back_freed_memory()
    log.info(
        "loaded %d vectors of %s in %.1f s",
        index.size,
        embedder.name,
        time.perf_counter() - started,
    )
    return index, watermark


def _load(
    session: Session, dialect: str, embedder: Embedder
) -> tuple[VectorIndex, VectorWatermark]:
    """Read the table into a new index: train its codes on a sample, add every row in
    chunks, and note which ids it has seen."""
    index = VectorIndex(embedder.name, embedder.dim)
    watermark = VectorWatermark()
    top = int(session.scalar(text("SELECT max(id) FROM statement_vector")) or 0)
    # Which recent ids exist, read first: an id that commits after this (PostgreSQL
    # commits out of id order) is then a gap, read again until it turns up.
    recent = list(
        session.scalars(_IDS_BETWEEN[dialect], {"low": top - GAP_LOOKBACK_IDS, "high": top})
    )
    count = int(session.scalar(_COUNT) or 0)
    index.train(_sample(session, dialect, embedder, top, count), count)
    index.reserve(count, int(session.scalar(_TOP_STATEMENT) or 0))
    after = 0
    while after < top:
        params = {"model": embedder.name, "after": after, "n": LOAD_CHUNK}
        chunk = session.execute(_CHUNK[dialect], params).all()
        kept = [row for row in chunk if row[0] <= top]
        if kept:
            index.add(_batch(kept, embedder.dim))
        if len(kept) < len(chunk) or not chunk:
            break
        after = int(chunk[-1][0])
    index.seal()
    watermark.record(recent, upto=top)
    return index, watermark


def _sample(session: Session, dialect: str, embedder: Embedder, top: int, count: int) -> np.ndarray:
    """Vectors to train the index's codes on, spread over the whole table (evenly
    spaced ids, read by id); none for an index that needs no training."""
    import numpy as np

    wanted = train_size(count)
    if count < IVF_MIN_ROWS:
        return np.zeros((0, 1), dtype=np.float32)
    # Not every id holds one of this model's vectors (replaced rows leave gaps, others
    # are removals): ask for a few more than wanted. Read a chunk at a time into one
    # array: the rows in flight, a Python object each, are what stays in the heap.
    step = max(1, top // (wanted + wanted // 4))
    ids = list(range(step, top + 1, step))
    sample = np.zeros((wanted, embedder.dim), dtype=np.float32)
    filled = 0
    for start in range(0, len(ids), LOAD_CHUNK):
        if filled == wanted:
            break
        chunk = bind_ids(dialect, ids[start : start + LOAD_CHUNK])
        params = {"ids": chunk, "model": embedder.name}
        blobs = session.scalars(_SAMPLE[dialect], params).all()[: wanted - filled]
        if blobs:
            sample[filled : filled + len(blobs)] = decode_rows(blobs)
            filled += len(blobs)
    return sample[:filled]


def catch_up(
    session: Session, dialect: str, index: VectorIndex, watermark: VectorWatermark
) -> None:
    """Apply the rows added since the last refresh, and the gaps' rows that turned up."""
    ranges = watermark.ranges()
    where = " OR ".join(
        ["id > :seen", *(f"id BETWEEN :a{i} AND :b{i}" for i in range(len(ranges)))]
    )
    params: dict[str, int] = {"seen": watermark.seen}
    for i, (first, last) in enumerate(ranges):
        params[f"a{i}"], params[f"b{i}"] = first, last
    light = session.execute(
        text(f"SELECT id, statement_id FROM {_BY_ID[dialect]} WHERE {where}"), params
    ).all()
    if not light:
        return
    unseen = [int(i) for i, sid in light if int(i) > index.row_id(int(sid))]
    for start in range(0, len(unseen), LOAD_CHUNK):
        ids = bind_ids(dialect, unseen[start : start + LOAD_CHUNK])
        rows = session.execute(_ROWS[dialect], {"ids": ids}).all()
        _apply(index, rows)
    watermark.record(int(i) for i, _ in light)


def _apply(index: VectorIndex, rows: Sequence) -> None:
    """Rows (id, statement, model, speaker, entity, vector): this model's vectors are
    added, anything else (a removal, another model's vector) takes the statement out."""
    import numpy as np

    ours = [r for r in rows if r[2] == index.model and r[5] is not None]
    others = [r for r in rows if not (r[2] == index.model and r[5] is not None)]
    if ours:
        index.add(_batch([(r[0], r[1], r[3], r[4], r[5]) for r in ours], index.dim))
    if others:
        index.remove(
            np.array([int(r[1]) for r in others], dtype=np.int64),
            np.array([int(r[0]) for r in others], dtype=np.int64),
        )


def _mmap_threshold(size: int) -> None:
    """The size from which glibc maps a buffer from the system and unmaps it when freed.
    By default it raises that limit to the largest buffer freed so far, so a build's
    megabyte-sized buffers (rows in flight, faiss's work) end up in the heap, which it then
    cannot shrink: 37 MB more resident at a million vectors. But a search's temporaries (a
    flag per row: 1 MB at a million) mapped afresh each time fault every page in: 5 ms on
    a side's search. So: small during a build, large after. Elsewhere than glibc: nothing."""
    import contextlib
    import ctypes

    m_mmap_threshold = -3
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(m_mmap_threshold, size)


def _give_back_freed_memory() -> None:
    """glibc keeps the heap a build freed (its rows in flight) for reuse that never comes:
    hand it back to the system (20 MB of 50 at 100k vectors). Elsewhere, nothing to do."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def encode(vector: np.ndarray) -> bytes:
    import numpy as np

    return np.asarray(vector, dtype=FLOAT16).tobytes()


def decode(blob: bytes) -> np.ndarray:
    import numpy as np

    return np.frombuffer(blob, dtype=FLOAT16).astype(np.float32)


def decode_rows(blobs: Sequence[bytes | memoryview]) -> np.ndarray:
    """Vectors stored as `blobs`, one float32 row each, converted in one go: an array per
    row costs as much time as the query, and leaves the heap fragmented."""
    import numpy as np

    joined = b"".join(bytes(blob) for blob in blobs)
    return np.frombuffer(joined, dtype=FLOAT16).astype(np.float32).reshape(len(blobs), -1)


def stored_bytes(blob: bytes | memoryview | None) -> bytes | None:
    # psycopg hands bytea back as memoryview.
    return None if blob is None else bytes(blob)


def _batch(rows: Sequence, dim: int) -> Batch:
    """(id, statement, speaker, entity, vector) rows as a Batch for the index."""
    import numpy as np

    return Batch(
        statements=np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows)),
        speakers=np.fromiter((r[2] for r in rows), dtype=np.int64, count=len(rows)),
        entities=np.fromiter(
            (-1 if r[3] is None else r[3] for r in rows), dtype=np.int64, count=len(rows)
        ),
        vectors=decode_rows([r[4] for r in rows]).reshape(len(rows), dim),
        row_ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
    )


# By id: SQLite is told to use no index, so it walks the ids (the rowid), whatever stale
# statistics say: an ANALYZE run while the table was small (benchmarks/scale.py seeds, then
# analyses) once made a refresh that found nothing scan a million rows (100 ms), and each
# chunk of a load (46 s in all, against 2).
_BY_ID = {"sqlite": "statement_vector NOT INDEXED", "postgresql": "statement_vector"}
_IDS_BETWEEN = {
    d: text(f"SELECT id FROM {table} WHERE id > :low AND id <= :high")
    for d, table in _BY_ID.items()
}
# Every row, removals included: counting only one model's would read the whole table
# (its vectors inline), and this sizes the index only.
_COUNT = text("SELECT count(*) FROM statement_vector")
_TOP_STATEMENT = text("SELECT max(statement_id) FROM statement_vector")
# One bound only: given both, SQLite may walk the ids from the first up to the top for
# every chunk; rows above the load's newest id are left to the next refresh.
_CHUNK = {
    d: text(
        f"SELECT id, statement_id, speaker_id, entity_id, vector FROM {table} "
        "WHERE id > :after AND model = :model AND vector IS NOT NULL ORDER BY id LIMIT :n"
    )
    for d, table in _BY_ID.items()
}
_ROWS = {
    d: text(
        f"SELECT id, statement_id, model, speaker_id, entity_id, vector FROM {table} "
        f"WHERE {id_set(d, 'id')} ORDER BY id"
    )
    for d, table in _BY_ID.items()
}
_SAMPLE = {
    d: text(
        f"SELECT vector FROM {table} WHERE {id_set(d, 'id')} "
        "AND model = :model AND vector IS NOT NULL"
    )
    for d, table in _BY_ID.items()
}
