"""A process's in-memory index of one model's statement vectors (faiss).

Sized for a million statements inside the ask's budget (p50 20 ms, RSS 300 MB in all;
benchmarks/vector_index.py measures it). How vectors are coded: bot/store/vector_codes.py;
how one side of the store is searched: bot/store/vector_sides.py.

Rows are never changed in place: a re-embedded statement gets a new row and its old one is
dropped from results (`alive`); the index is rebuilt from the table once a third of its
rows are dead, or the store has outgrown what it was trained on. The scores are the codes'
approximate cosines: callers rescore with the stored vectors (`Vectors.vectors_for`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.store.vector_codes import IVF_MIN_ROWS, as_matrix, build_threads, faiss_threads, new_index
from bot.store.vector_sides import SIDES_KEPT, RowGroups, side_key
from bot.store.vector_sides import probes as probes_for

if TYPE_CHECKING:
    import numpy as np

# Dead rows (re-embedded or removed) beyond this share make a rebuild worth its cost.
MAX_DEAD_SHARE = 1 / 3
# Lists trained for N vectors still serve 4N; beyond, they grow too long to scan quickly.
MAX_GROWTH = 4


@dataclass(frozen=True)
class Batch:
    """Rows to add: statement, speaker and entity ids (-1: none), vectors, table row ids;
    each statement once."""

    statements: np.ndarray
    speakers: np.ndarray
    entities: np.ndarray
    vectors: np.ndarray
    row_ids: np.ndarray


class VectorIndex:
    """The statements of one model: add, drop, and search; safe across threads."""

    def __init__(self, model: str, dim: int) -> None:
        import numpy as np

        self.model, self.dim = model, dim
        self._faiss: Any = None  # built by `train` (a faiss index: new_index says which)
        self.nlist = 0  # inverted lists; 0: a flat scan
        self.trained_rows = 0
        # Per row, with room to grow (`reserve`; the properties below are the rows used):
        # statement, speaker, entity (-1: none), live or not, inverted list (IVF). int32:
        # 12 MB at a million rows, not 24.
        self.rows = 0
        self._columns = {
            "statement": np.zeros(0, dtype=np.int32),
            "speaker": np.zeros(0, dtype=np.int32),
            "entity": np.zeros(0, dtype=np.int32),
            "alive": np.zeros(0, dtype=bool),
            "list_of": np.zeros(0, dtype=np.int16),
        }
        self._sealed = False  # built: rows come one refresh at a time from now on
        self._row_of = np.full(0, -1, dtype=np.int32)  # per statement id: its live row
        # Per statement id: the newest table row applied (a vector or its removal), so that
        # an older row read again (`VectorWatermark` re-reads recent ids) changes nothing.
        # int32, as the table's ids (INTEGER on both backends).
        self._applied = np.zeros(0, dtype=np.int32)
        self._speakers = RowGroups(self.speaker)
        self._entities = RowGroups(self.entity)
        self._alive_bits: np.ndarray | None = None
        # side -> (bitmap of its live rows, how many, rows per inverted list or None)
        self._sides: OrderedDict[tuple, tuple[np.ndarray, int, np.ndarray | None]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def statement(self) -> np.ndarray:
        return self._columns["statement"][: self.rows]

    @property
    def speaker(self) -> np.ndarray:
        return self._columns["speaker"][: self.rows]

    @property
    def entity(self) -> np.ndarray:
        return self._columns["entity"][: self.rows]

    @property
    def alive(self) -> np.ndarray:
        return self._columns["alive"][: self.rows]

    @property
    def list_of(self) -> np.ndarray:
        return self._columns["list_of"][: self.rows]

    # --- building ---------------------------------------------------------------------

    def reserve(self, rows: int, top_statement: int) -> None:
        """Make room for `rows` rows and statement ids up to `top_statement` at once: a
        build growing its arrays chunk by chunk copied them 200 times and left the copies
        in the heap (tens of MB at a million rows)."""
        import numpy as np

        with self._lock:
            for name, column in self._columns.items():
                if len(column) < rows:
                    grown = np.zeros(rows, dtype=column.dtype)
                    grown[: self.rows] = column[: self.rows]
                    self._columns[name] = grown
            self._grow(top_statement, exact=True)

    def train(self, sample: np.ndarray, expected_rows: int) -> None:
        """Choose and train the codes for about `expected_rows` vectors like `sample`."""
        self._faiss, self.nlist = new_index(self.dim, as_matrix(sample, self.dim), expected_rows)
        self.trained_rows = expected_rows

    def add(self, batch: Batch) -> None:
        """Add rows (newer than what the index holds for their statements); a statement's
        previous row stops being returned."""
        import numpy as np

        fresh = self._newer(batch.statements, batch.row_ids)
        if not fresh.any():
            return
        if self._faiss is None:
            raise RuntimeError("VectorIndex.add before train: the index has no codes yet")
        statements = batch.statements[fresh]
        vectors = as_matrix(batch.vectors[fresh], self.dim)
        with self._lock:
            self._drop(statements)
            first, count = self.rows, len(statements)
            self._make_room(first + count)
            if self.nlist and self._sealed:
                # A build's rows have their lists read at `seal`; later ones are assigned
                # here (a refresh's few), for side searches' probing.
                _, lists = self._faiss.quantizer.search(vectors, 1)
                self._columns["list_of"][first : first + count] = lists[:, 0]
            with faiss_threads(build_threads()):
                self._faiss.add(vectors)
            self._columns["statement"][first : first + count] = statements
            self._columns["speaker"][first : first + count] = batch.speakers[fresh]
            self._columns["entity"][first : first + count] = batch.entities[fresh]
            self._columns["alive"][first : first + count] = True
            self.rows += count
            self._grow(int(statements.max()))
            self._row_of[statements] = np.arange(first, first + count)
            self._applied[statements] = batch.row_ids[fresh]
            self._changed()
            unsorted = self.rows - self._speakers.built
            if self._sealed and unsorted > max(10_000, self.rows // 10):
                self._sort_groups()

    def remove(self, statements: np.ndarray, row_ids: np.ndarray) -> None:
        """Stop returning these statements (their table rows `row_ids` hold no vector of
        this model), unless the index already holds a newer row of theirs."""
        fresh = self._newer(statements, row_ids)
        if not fresh.any():
            return
        with self._lock:
            self._drop(statements[fresh])
            self._grow(int(statements[fresh].max()))
            self._applied[statements[fresh]] = row_ids[fresh]
            self._changed()

    def _changed(self) -> None:
        self._alive_bits = None
        self._sides.clear()

    def seal(self) -> None:
        """After a build's last `add`: sort each speaker's and entity's rows, and note each
        row's inverted list (read from faiss's lists, not assigned a second time)."""
        import faiss

        with self._lock:
            self._sort_groups()
            if self.nlist and not self._sealed:
                lists, list_of = self._faiss.invlists, self._columns["list_of"]
                for number in range(self.nlist):
                    size = lists.list_size(number)
                    if size:
                        list_of[faiss.rev_swig_ptr(lists.get_ids(number), size)] = number
            self._sealed = True
            self._changed()

    def _sort_groups(self) -> None:
        # Rows added since are scanned at each side-limited search: sorted again once they
        # are a tenth of all (80 ms at a million rows).
        self._speakers = RowGroups(self.speaker)
        self._entities = RowGroups(self.entity)

    def _newer(self, statements: np.ndarray, row_ids: np.ndarray) -> np.ndarray:
        import numpy as np

        known = np.zeros(len(statements), dtype=np.int64)
        inside = statements < len(self._applied)
        known[inside] = self._applied[statements[inside]]
        return row_ids > known

    def _drop(self, statements: np.ndarray) -> None:
        inside = statements[statements < len(self._row_of)]
        rows = self._row_of[inside]
        self.alive[rows[rows >= 0]] = False
        self._row_of[inside] = -1

    def _make_room(self, rows: int) -> None:
        import numpy as np

        if rows > len(self._columns["statement"]):
            size = max(rows, len(self._columns["statement"]) * 5 // 4, 1024)
            for name, column in self._columns.items():
                grown = np.zeros(size, dtype=column.dtype)
                grown[: self.rows] = column[: self.rows]
                self._columns[name] = grown

    def _grow(self, top: int, *, exact: bool = False) -> None:
        """Room in the per-statement arrays for statement ids up to `top`."""
        import numpy as np

        if top >= len(self._row_of):
            size = top + 1 if exact else max(top + 1, len(self._row_of) * 5 // 4, 1024)
            self._row_of = np.concatenate(
                [self._row_of, np.full(size - len(self._row_of), -1, dtype=np.int32)]
            )
            self._applied = np.concatenate(
                [self._applied, np.zeros(size - len(self._applied), dtype=np.int32)]
            )

    # --- state ------------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Statements it can return."""
        return int(self.alive.sum())

    def row_id(self, statement: int) -> int:
        """The newest table row applied for `statement` (0: none)."""
        return int(self._applied[statement]) if statement < len(self._applied) else 0

    def stale(self) -> bool:
        """True when a rebuild from the table would serve better than adding to this."""
        rows, live = len(self.alive), self.size
        if rows and (rows - live) > MAX_DEAD_SHARE * rows:
            return True
        if self.nlist == 0:
            return live >= IVF_MIN_ROWS
        return live > MAX_GROWTH * self.trained_rows

    # --- searching --------------------------------------------------------------------

    def search(
        self,
        query: np.ndarray,
        k: int,
        *,
        speaker_ids: Collection[int] | None = None,
        entity_ids: Collection[int] | None = None,
        exclude_speaker_ids: Collection[int] | None = None,
    ) -> list[tuple[int, float]]:
        """(statement id, approximate cosine) of the `k` statements nearest to `query`, best
        first: by those speakers when given, else of those entities when given, else any;
        never by `exclude_speaker_ids`. An empty collection limits nothing."""
        import faiss

        query = as_matrix(query, self.dim)
        # OpenMP's thread count is this thread's own setting: one query is one thread's
        # work, and a team of threads spinning after it would take the other cores.
        faiss.omp_set_num_threads(1)
        with self._lock:
            if self._faiss is None or k <= 0 or not len(self.alive):
                return []
            key = (side_key(speaker_ids), side_key(entity_ids), side_key(exclude_speaker_ids))
            if not any(key):
                bits, count, held = self._live_bits(), self.size, None
            else:
                bits, count, held = self._side_of(key)
            if count == 0:
                return []
            k = min(k, count)
            selector = None
            if bits is not None:
                selector = faiss.IDSelectorBitmap(len(self.alive), faiss.swig_ptr(bits))
            # faiss's wrapper takes the fields as keyword arguments (faiss/class_wrappers.py);
            # its stubs declare only the bare constructors.
            params: faiss.SearchParameters
            if self.nlist:
                probes = probes_for(self._faiss.quantizer, query, self.nlist, held, count, k)
                params = faiss.SearchParametersIVF(sel=selector, nprobe=probes)  # type: ignore[call-arg]
            else:
                params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
            scores, rows = self._faiss.search(query, k, params=params)
            found = rows[0] >= 0
            ids = self.statement[rows[0][found]]
            return [(int(i), float(s)) for i, s in zip(ids, scores[0][found], strict=True)]

    def _side_of(self, key: tuple) -> tuple[np.ndarray, int, np.ndarray | None]:
        """A side's (bitmap of the rows it may return, how many, rows per inverted list
        for a side of speakers or entities), worked out once until rows change."""
        import numpy as np

        found = self._sides.get(key)
        if found is not None:
            self._sides.move_to_end(key)
            return found
        speakers, entities, excluded = key
        side = None
        if speakers:
            allowed, side = self._side(self._speakers, self.speaker, np.array(speakers))
        elif entities:
            allowed, side = self._side(self._entities, self.entity, np.array(entities))
        else:
            allowed = self.alive.copy()
        if excluded:
            allowed[self._speakers.rows(self.speaker, np.array(excluded))] = False
            if side is not None:
                side = side[allowed[side]]
        held = None
        if side is not None and self.nlist and self._sealed:
            held = np.bincount(self.list_of[side], minlength=self.nlist)
        found = (np.packbits(allowed, bitorder="little"), int(allowed.sum()), held)
        self._sides[key] = found
        if len(self._sides) > SIDES_KEPT:
            self._sides.popitem(last=False)
        return found

    def _side(
        self, groups: RowGroups, keys: np.ndarray, wanted: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The live rows of those keys, as a mask over all rows and as row numbers."""
        import numpy as np

        rows = groups.rows(keys, wanted)
        if len(rows) * 8 > len(keys) and len(wanted) <= 16:
            # A large side (Russia's statements): comparing every row's key is a tenth of
            # a millisecond a key at a million rows, writing half a million flags 2 ms.
            allowed = keys == wanted[0]
            for key in wanted[1:]:
                allowed |= keys == key
            allowed &= self.alive
            return allowed, np.flatnonzero(allowed)
        allowed = np.zeros(len(keys), dtype=bool)
        allowed[rows] = True
        allowed &= self.alive
        return allowed, rows[allowed[rows]]

    def _live_bits(self) -> np.ndarray | None:
        """The live rows as a bitmap, kept until rows change; None when all are live."""
        import numpy as np

        if self._alive_bits is None and not self.alive.all():
            self._alive_bits = np.packbits(self.alive, bitorder="little")
        return self._alive_bits
