"""How an index codes its vectors, and what it costs to train them (faiss).

- up to IVF_MIN_ROWS vectors: an exact scan of the float vectors (50 MB at the limit);
- beyond: an inverted file (k-means lists, IVF) of 4-bit product-quantised codes scanned
  with SIMD ("fast scan", dim / 2 bytes a vector: 64 at 256 dimensions): about a
  millisecond a search at 1M, where numpy's Hamming scan of 32-byte sign codes took 50-140
  ms and ranked worse, usearch's exact search 50 ms, and an HNSW graph 182 s to build.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

IVF_MIN_ROWS = 50_000
# Sample for training: faiss wants 39 points per list and more adds little.
TRAIN_PER_LIST = 40


def new_index(dim: int, sample: np.ndarray, expected_rows: int) -> tuple[Any, int]:
    """A faiss index for about `expected_rows` vectors like `sample` (trained), and its
    number of inverted lists (0: a flat, exact scan)."""
    import faiss

    if expected_rows < IVF_MIN_ROWS or len(sample) < IVF_MIN_ROWS // 10:
        # Exact, and nothing to train: a store starting empty begins here.
        return faiss.IndexFlatIP(dim), 0
    nlist = lists_for(expected_rows)
    # 4-bit codes of pairs of dimensions, scanned by SIMD.
    index = faiss.IndexIVFPQFastScan(
        faiss.IndexFlatIP(dim), dim, nlist, dim // 2, 4, faiss.METRIC_INNER_PRODUCT
    )
    index.cp.niter = 10
    with faiss_threads(1):
        index.train(sample)
    return index, nlist


def lists_for(rows: int) -> int:
    """Inverted lists for `rows` vectors: a power of two near half their square root (512
    at a million). Assigning every vector to its list is most of a build: 512 lists took
    6 s to train and fill at a million vectors where 1,024 took 15 s, for the same recall
    and latency (each probes an eighth of the vectors)."""
    return 2 ** max(6, round(math.log2(math.sqrt(max(rows, 1)) / 2)))


def train_size(rows: int) -> int:
    """How many vectors to train on for `rows`."""
    return rows if rows < IVF_MIN_ROWS else min(rows, TRAIN_PER_LIST * lists_for(rows))


@contextmanager
def faiss_threads(count: int) -> Iterator[None]:
    """faiss's OpenMP threads for one step of the calling thread. One outside: a single
    query runs on one thread anyway, and idle OpenMP threads spinning on two cores cost
    searches latency; training product quantisers on two threads of a busy machine took
    5x longer."""
    import faiss

    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(1)


def build_threads() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def as_matrix(vectors: np.ndarray, dim: int) -> np.ndarray:
    import numpy as np

    return np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)
