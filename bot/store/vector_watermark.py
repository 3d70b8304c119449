"""Which rows of `statement_vector` a process has read, so a refresh reads only the rest.

Every change to a statement's vector is a new row with a higher id, so "ids above the
highest seen" is almost the answer. Almost: PostgreSQL hands ids out from a sequence when
rows are inserted, not when their transactions commit, so a transaction holding id 10 may
commit after one holding id 11, and a reader that has seen 11 would never look at 10. So
the ids skipped over (10 here) are kept as gaps, and each refresh reads them again, until
they turn up or a minute has passed (a transaction that has not committed by then rolled
back, or its row was replaced before anyone read it: its replacement has a higher id).
SQLite commits one writer at a time, in id order; its gaps are replaced rows only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# How long an id skipped over is looked for again. Writers commit within seconds of taking
# an id (one document, or one batch of a rebuild, per transaction).
GAP_WINDOW_S = 60.0
# Gaps further than this below the newest id are not tracked: only recent ids can still be
# in flight, and a rebuild replacing a million rows leaves a million gaps.
GAP_LOOKBACK_IDS = 100_000
# A refresh's query names at most this many id ranges; more are merged (ids re-read in
# between are known already and cost a little reading only).
MAX_RANGES = 32


@dataclass
class VectorWatermark:
    seen: int = 0  # the highest id read
    # [first, last, noticed] id ranges below `seen` not read yet, oldest ids first
    gaps: list[list[float]] = field(default_factory=list)
    clock: Callable[[], float] = time.monotonic

    def ranges(self) -> list[tuple[int, int]]:
        """The gaps still worth reading (expired ones are dropped), as (first, last) ids."""
        now = self.clock()
        self.gaps = [g for g in self.gaps if now - g[2] < GAP_WINDOW_S]
        return [(int(g[0]), int(g[1])) for g in self.gaps]

    def record(self, ids: Iterable[int], *, upto: int | None = None) -> None:
        """Note the ids a read returned: gaps they fill are closed, and ids skipped over
        below the highest of them (or below `upto`, the newest id, when a read covered
        everything up to it) become gaps."""
        ids = list(ids)
        top = max(self.seen, max(ids, default=0), upto or 0)
        floor = max(self.seen + 1, top - GAP_LOOKBACK_IDS + 1)
        lowest = min([floor, *(int(g[0]) for g in self.gaps)])
        found = sorted({int(i) for i in ids if i >= lowest})
        if self.gaps:
            self._fill(found)
        if top > self.seen:
            self._skipped(floor, top, [i for i in found if i >= floor])
            self.seen = top
        self._merge()

    def _fill(self, found: list[int]) -> None:
        import bisect

        kept: list[list[float]] = []
        for first, last, noticed in self.gaps:
            start = bisect.bisect_left(found, first)
            end = bisect.bisect_right(found, last)
            low = int(first)
            for i in found[start:end]:
                if i > low:
                    kept.append([low, i - 1, noticed])
                low = i + 1
            if low <= last:
                kept.append([low, last, noticed])
        self.gaps = kept

    def _skipped(self, floor: int, top: int, found: list[int]) -> None:
        """Ids from `floor` to `top` not in `found` (sorted, within those bounds) are gaps."""
        now, low = self.clock(), floor
        for i in found:
            if i > low:
                self.gaps.append([low, i - 1, now])
            low = i + 1
        if low <= top:
            self.gaps.append([low, top, now])

    def _merge(self) -> None:
        self.gaps.sort(key=lambda g: g[0])
        while len(self.gaps) > MAX_RANGES:
            # Join the two ranges closest together; the later notice keeps them watched.
            i = min(range(len(self.gaps) - 1), key=lambda j: self.gaps[j + 1][0] - self.gaps[j][1])
            a, b = self.gaps[i], self.gaps[i + 1]
            self.gaps[i : i + 2] = [[a[0], b[1], max(a[2], b[2])]]
