"""The in-memory vector index and the watermark its refreshes keep, without a database."""

from __future__ import annotations

import numpy as np
import pytest

from bot.store import vector_codes
from bot.store.vector_index import Batch, VectorIndex
from bot.store.vector_watermark import GAP_WINDOW_S, MAX_RANGES, VectorWatermark

DIM = 32


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def batch(statements, vectors, *, speakers=None, entities=None, row_ids=None) -> Batch:  # noqa: ANN001
    """Speaker = statement % 10, entity = statement % 3, table row = statement id."""
    statements = np.asarray(statements, dtype=np.int64)
    return Batch(
        statements=statements,
        speakers=np.asarray(speakers if speakers is not None else statements % 10),
        entities=np.asarray(entities if entities is not None else statements % 3),
        vectors=np.asarray(vectors, dtype=np.float32),
        row_ids=np.asarray(row_ids if row_ids is not None else statements, dtype=np.int64),
    )


def built(vectors: np.ndarray, **kw) -> VectorIndex:  # noqa: ANN003
    index = VectorIndex("test-model", DIM)
    index.train(vectors, len(vectors))
    index.add(batch(np.arange(1, len(vectors) + 1), vectors, **kw))
    index.seal()
    return index


@pytest.fixture
def vectors() -> np.ndarray:
    return unit(np.random.default_rng(7).standard_normal((500, DIM)))


def test_flat_index_finds_the_exact_nearest_first(vectors: np.ndarray) -> None:
    index = built(vectors)
    assert index.nlist == 0 and index.size == 500
    query = vectors[41]
    found = index.search(query, 10)
    exact = np.argsort(-(vectors @ query))[:10] + 1
    assert [i for i, _ in found] == list(exact)
    assert found[0] == (42, pytest.approx(1.0, abs=1e-5))
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


def test_a_side_search_returns_only_that_side_and_leaves_out_the_excluded(
    vectors: np.ndarray,
) -> None:
    index = built(vectors)  # speaker = statement % 10, entity = statement % 3
    query = vectors[0]
    by_speaker = index.search(query, 30, speaker_ids={3, 4})
    assert len(by_speaker) == 30 and {i % 10 for i, _ in by_speaker} <= {3, 4}
    by_entity = index.search(query, 50, entity_ids=[2])
    assert len(by_entity) == 50 and {i % 3 for i, _ in by_entity} == {2}
    # Speakers win over entities when both are given, as the full-text search's sides do.
    assert index.search(query, 5, speaker_ids=[3], entity_ids=[2]) == index.search(
        query, 5, speaker_ids=[3]
    )
    others = index.search(query, 500, exclude_speaker_ids=[1, 2])
    assert len(others) == 400 and not {i % 10 for i, _ in others} & {1, 2}
    assert index.search(query, 5, speaker_ids=[99]) == []
    # A side smaller than k returns all of it.
    assert len(index.search(query, 500, speaker_ids=[5])) == 50


def test_a_newer_row_replaces_a_statement_and_an_older_one_changes_nothing(
    vectors: np.ndarray,
) -> None:
    index = built(vectors)
    moved = unit(vectors[[7]] + vectors[[8]] * 3)
    index.add(batch([1], moved, row_ids=[50]))
    assert index.row_id(1) == 50
    near = index.search(moved[0], 3)
    assert near[0][0] == 1 and near[0][1] == pytest.approx(1.0, abs=1e-5)
    assert index.size == 500  # still one row per statement
    index.add(batch([1], vectors[[0]], row_ids=[49]))  # read again, older: ignored
    assert index.search(moved[0], 1)[0][0] == 1 and index.row_id(1) == 50
    index.remove(np.array([1]), np.array([51]))
    assert 1 not in {i for i, _ in index.search(vectors[0], 500)}
    assert index.size == 499
    index.remove(np.array([2]), np.array([1]))  # not newer than the row it holds: kept
    assert index.size == 499


def test_an_index_with_many_dead_rows_or_outgrown_asks_to_be_rebuilt(vectors: np.ndarray) -> None:
    index = built(vectors)
    assert not index.stale()
    index.remove(np.arange(1, 200), np.full(199, 10_000))
    assert index.stale()


def test_a_large_index_searches_inverted_lists_of_product_codes(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(vector_codes, "IVF_MIN_ROWS", 2_000)
    rng = np.random.default_rng(3)
    # Clustered, as statements are: 40 topics.
    centres = unit(rng.standard_normal((40, DIM)))
    rows = unit(centres[rng.integers(0, 40, 6_000)] + 0.35 * rng.standard_normal((6_000, DIM)))
    index = built(rows)
    assert index.nlist == vector_codes.lists_for(6_000) and index.size == 6_000
    hits = 0
    for i in range(0, 6_000, 300):
        found = index.search(rows[i], 20)
        hits += found[0][0] == i + 1 or (i + 1) in {s for s, _ in found[:3]}
    assert hits >= 18  # of 20: each vector finds itself among its first three
    query = rows[10]
    exact = set(np.argsort(-(rows @ query))[:50] + 1)
    approximate = {i for i, _ in index.search(query, 200)}
    assert len(exact & approximate) >= 40  # recall@50 of 200 candidates
    side = index.search(query, 100, speaker_ids=[4])
    assert side and {i % 10 for i, _ in side} == {4}
    assert not {i % 10 for i, _ in index.search(query, 100, exclude_speaker_ids=[4])} & {4}


def test_watermark_rereads_skipped_ids_until_they_turn_up_or_expire() -> None:
    now = [0.0]
    mark = VectorWatermark(clock=lambda: now[0])
    mark.record([1, 2, 3, 6])  # 4 and 5 are held by transactions not yet committed
    assert mark.seen == 6 and mark.ranges() == [(4, 5)]
    mark.record([5, 7])
    assert mark.seen == 7 and mark.ranges() == [(4, 4)]
    mark.record([], upto=9)  # a load that read every id up to 9: 8 and 9 are missing
    assert mark.ranges() == [(4, 4), (8, 9)]
    now[0] = GAP_WINDOW_S + 1
    assert mark.ranges() == []


def test_watermark_merges_its_ranges_to_keep_the_query_small() -> None:
    mark = VectorWatermark(clock=lambda: 0.0)
    mark.record(range(1, 1_000, 2))  # every even id skipped
    ranges = mark.ranges()
    assert len(ranges) <= MAX_RANGES
    covered = {i for first, last in ranges for i in range(first, last + 1)}
    assert set(range(2, 999, 2)) <= covered


def test_a_side_searched_before_sees_rows_added_and_removed_since(vectors: np.ndarray) -> None:
    index = built(vectors)
    query = vectors[2]  # statement 3, speaker 3
    first = index.search(query, 500, speaker_ids=[3])
    assert first[0][0] == 3 and len(first) == 50
    index.remove(np.array([3]), np.array([1_000]))
    assert 3 not in {i for i, _ in index.search(query, 500, speaker_ids=[3])}
    index.add(batch([9_999], vectors[[2]], speakers=[3], entities=[0], row_ids=[1_001]))
    again = index.search(query, 500, speaker_ids=[3])
    assert again[0][0] == 9_999 and len(again) == 50
    assert index.search(query, 500, entity_ids=[0])[0][0] == 9_999
