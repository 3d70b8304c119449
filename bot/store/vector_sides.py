"""Searching one side of the store: the rows of some speakers or entities.

A search limited to speakers or entities, or leaving some speakers out, scans the index's
lists through a bitmap of the rows it may return (faiss IDSelectorBitmap). A side's
nearest rows lie further out than the store's, more so where the side is rare near the
question, so a side's search probes the lists nearest the question until they hold a
quarter of the side, or all of it for a side of up to ~10,000 rows (`probes`). Each
speaker's and entity's rows are found through arrays grouped once per build
(`RowGroups`), plus a short scan of the rows added since.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# Lists probed by a search over every statement (or all but a few speakers'): recall@100
# of the best 300 0.87 at 1M (1/8 of 512 lists, ~1.5 ms).
PROBE_SHARE = 1 / 8
# A side of up to this many times k rows is searched in every list that holds any of it;
# a larger one in the lists nearest the query holding SIDE_SHARE of it. A speaker's rows
# sit in few lists (a speaker talks of few things), so this costs little: at 1M, recall@100
# of the best 300 0.92 for a speaker of 13k rows (0.72 with 8 times k), 2 ms.
WHOLE_SIDE = 32
SIDE_SHARE = 1 / 4
# Sides whose rows a search has worked out, kept until rows change: the largest (Russia's
# half of the store) cost 4 ms to work out at a million rows, and questions ask of the
# same few sides again and again. 125 KB each at a million rows.
SIDES_KEPT = 16


class RowGroups:
    """Each key's rows (a speaker's, an entity's): grouped at build (the rows in key order,
    and where each key's run starts), plus rows added since."""

    def __init__(self, keys: np.ndarray) -> None:
        import numpy as np

        self._order = np.argsort(keys, kind="stable").astype(np.int32)
        ordered = keys[self._order]
        # Where each key's run starts (np.unique would sort them all again).
        starts = np.flatnonzero(np.diff(ordered)) + 1 if len(ordered) else ordered[:0]
        self._starts = np.concatenate([[0], starts, [len(keys)]]).astype(np.int64)
        self._keys = ordered[self._starts[:-1]] if len(ordered) else ordered
        self.built = len(keys)

    def rows(self, keys_of_row: np.ndarray, wanted: np.ndarray) -> np.ndarray:
        import numpy as np

        at = np.minimum(np.searchsorted(self._keys, wanted), max(len(self._keys) - 1, 0))
        at = at[self._keys[at] == wanted] if len(self._keys) else at[:0]
        parts = [self._order[self._starts[i] : self._starts[i + 1]] for i in at]
        tail = keys_of_row[self.built :]
        if len(tail):
            parts.append((self.built + np.flatnonzero(np.isin(tail, wanted))).astype(np.int32))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def probes(
    quantizer: Any, query: np.ndarray, nlist: int, held: np.ndarray | None, count: int, k: int
) -> int:
    """Inverted lists to scan for `count` allowed rows. Over every statement (or all but a
    few speakers'): a share of them. For a side (`held`: its rows in each list): the lists
    nearest the query, until they hold a share of the side's rows (all of a side of up to
    WHOLE_SIDE * k): a side rare near the query has its nearest rows further out, and this
    probes as far as they are."""
    import numpy as np

    if held is None:
        # At least 16: a small index's lists are short, and fewer missed too much.
        return min(nlist, max(16, round(nlist * PROBE_SHARE)))
    _, order = quantizer.search(query, nlist)
    covered = np.cumsum(held[order[0]])
    wanted = count if count <= WHOLE_SIDE * k else max(WHOLE_SIDE * k, count * SIDE_SHARE)
    return min(nlist, int(np.searchsorted(covered, wanted)) + 1)


def side_key(values: Collection[int] | None) -> tuple[int, ...]:
    """Ids as a sorted tuple without repeats: one cache key per side however it is asked."""
    return tuple(sorted({int(v) for v in values})) if values else ()
