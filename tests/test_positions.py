"""A side's position across documents (bot.answer.positions), on its own: statements in,
points out. No store."""

from __future__ import annotations

import itertools
import random
from datetime import date

import numpy as np

from bot.answer.positions import (
    NEAR_TOPIC,
    OFF_TOPIC,
    ON_TOPIC,
    SAME_VECTORS,
    Point,
    Stated,
    merge,
    positions,
    same,
    settlement_words,
)
from bot.text.analysis import index_text, terms

CRIMEA = (
    "Ukraine must recognise Crimea as Russian territory and the Donbas republics as "
    "independent states before any peace talks can begin"
)
CRIMEA_AGAIN = (
    "Kyiv has to recognise Crimea as Russian territory and the independence of the Donbas "
    "republics before peace talks"
)
NEUTRAL = "Ukraine must declare itself a neutral country and give up any ambition of joining Nato"
ROUBLES = "Western companies must pay for Russian gas in roubles from next month"


def stated(
    n: int,
    text: str,
    *,
    document: int | None = None,
    on: date | None = None,
    topic: int = ON_TOPIC,
    points: int = 0,
    vector: np.ndarray | None = None,
) -> Stated:
    return Stated(
        id=n,
        words=frozenset(terms(text)),
        said_on=on,
        documents=frozenset({document if document is not None else n}),
        topic=topic,
        points=points,
        rank=n,
        vector=vector,
    )


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_one_condition_in_two_documents_is_one_point_citing_both() -> None:
    first = stated(1, CRIMEA, on=date(2022, 3, 10))
    again = stated(2, CRIMEA_AGAIN, on=date(2022, 3, 12))
    (point,) = positions([first, again])
    assert {s.id for s in point.statements} == {1, 2}
    assert point.documents == {1, 2}
    assert point.newest == date(2022, 3, 12)


def test_different_conditions_stay_apart() -> None:
    points = positions(
        [stated(1, CRIMEA), stated(2, NEUTRAL), stated(3, ROUBLES), stated(4, CRIMEA_AGAIN)]
    )
    groups = sorted(sorted(s.id for s in p.statements) for p in points)
    assert groups == [[1, 4], [2], [3]]
    assert not same(stated(1, CRIMEA), stated(2, NEUTRAL))


def test_the_words_shown_are_one_statements_the_fullest() -> None:
    """Never a blend: the point is shown by one of its statements, the one with most words
    (the fuller report of a quote), and the others follow newest first."""
    short = stated(1, CRIMEA_AGAIN, on=date(2022, 3, 1))
    full = stated(2, CRIMEA, on=date(2022, 3, 5))
    later = stated(3, CRIMEA_AGAIN + " can start", on=date(2022, 4, 1))
    (point,) = positions([short, full, later])
    assert point.shown is full
    assert [s.id for s in point.statements] == [2, 3, 1]


def test_an_enumeration_speaks_for_its_point() -> None:
    listed = stated(1, CRIMEA_AGAIN, points=2)
    fuller = stated(2, CRIMEA)
    (point,) = positions([fuller, listed])
    assert point.shown is listed


def test_points_are_ordered_by_documents_then_recency() -> None:
    once_new = stated(1, NEUTRAL, on=date(2022, 6, 1))
    twice_old = [stated(2, CRIMEA, on=date(2022, 3, 1)), stated(3, CRIMEA_AGAIN)]
    undated = stated(4, "Sanctions against Russia must be lifted in full before any agreement")
    once_old = stated(5, ROUBLES, on=date(2022, 4, 1))
    ordered = positions([once_new, *twice_old, undated, once_old])
    assert [p.shown.id for p in ordered] == [2, 1, 5, 4]
    latest = positions([once_new, *twice_old, undated, once_old], latest=True)
    assert [p.shown.id for p in latest] == [1, 5, 2, 4]


def test_the_topic_comes_before_how_often_and_an_enumeration_before_a_sentence() -> None:
    off = [stated(1, ROUBLES, topic=OFF_TOPIC), stated(2, ROUBLES + " at the latest", topic=0)]
    near = stated(3, NEUTRAL, topic=NEAR_TOPIC, on=date(2022, 6, 1))
    on_new = stated(4, CRIMEA, topic=ON_TOPIC, on=date(2022, 6, 1))
    on_listed = stated(5, "two conditions need to be met", topic=ON_TOPIC, points=2)
    ordered = positions([*off, near, on_new, on_listed])
    assert [p.shown.id for p in ordered] == [5, 4, 3, 2]
    assert len(ordered[-1].documents) == 2  # stated twice, yet off the topic: last


def test_one_documents_statements_merge_by_their_words_alone() -> None:
    """A live blog retells one demand in several updates: the same by their words. Their
    vectors embed the document's title and paragraph, so a vector never joins them."""
    crimea = stated(1, CRIMEA, document=7)
    again = stated(2, CRIMEA_AGAIN, document=7)
    assert same(crimea, again)
    neutral = stated(3, NEUTRAL, document=7, vector=unit(1, 0))
    also_neutral = "Ukraine must give up any ambition of joining the alliance"
    close = stated(4, also_neutral, document=7, vector=unit(1, 0))
    assert not same(neutral, close)
    assert same(neutral, stated(4, also_neutral, document=8, vector=unit(1, 0)))


def test_vectors_let_a_paraphrase_with_fewer_shared_words_merge() -> None:
    a = "Turkey will not approve the bids, and delegations from the countries should not bother"
    a += " coming"
    b = "Swedish and Finnish delegations should not bother coming to Ankara to convince it to"
    b += " approve their Nato bid"
    close, far = unit(1, 0.1, 0), unit(0.5, 1, 0)
    assert float(close @ far) < SAME_VECTORS
    assert not same(stated(1, a), stated(2, b))  # words alone: too few shared
    assert same(stated(1, a, vector=close), stated(2, b, vector=close))
    assert not same(stated(1, a, vector=close), stated(2, b, vector=far))
    # A vector never joins statements sharing too few words: it embeds their setting too.
    assert not same(stated(1, CRIMEA, vector=close), stated(2, NEUTRAL, vector=close))


def test_merging_is_complete_linkage_and_matches_comparing_every_pair() -> None:
    """The bitmask bound in `merge` is a shortcut: the points are those comparing every
    statement with every member of every earlier point would give."""
    rng = random.Random(15)
    vocabulary = [f"w{n}" for n in range(40)]
    for _ in range(60):
        pool = []
        for n in range(rng.randint(1, 25)):
            base = rng.sample(vocabulary, rng.randint(0, 12))
            pool.append(
                Stated(
                    id=n,
                    words=frozenset(base),
                    said_on=None,
                    documents=frozenset({rng.randint(0, 6)}),
                    rank=n,
                )
            )
            if rng.random() < 0.4:  # a near copy from another document
                near = set(base[: max(0, len(base) - 1)]) | {rng.choice(vocabulary)}
                pool.append(Stated(n + 100, frozenset(near), None, frozenset({50 + n}), rank=n))
        assert [_ids(p) for p in merge(pool)] == [_ids(p) for p in _naive(pool)]


def _ids(point: Point) -> set[int]:
    return {s.id for s in point.statements}


def _naive(pool: list[Stated]) -> list[Point]:
    groups: list[list[Stated]] = []
    for s in sorted(pool, key=lambda s: s.rank):
        home = next((g for g in groups if all(same(s, o) for o in g)), None)
        if home is None:
            groups.append([s])
        else:
            home.append(s)
    return [Point(tuple(g)) for g in groups]


def test_settlement_words_say_the_topic_by_phrase_or_weak_words_together() -> None:
    words = settlement_words()

    def says(text: str) -> bool:
        return words.says(f" {index_text(text)} ")

    assert says("Moscow is ready for negotiations")
    assert says("the only way to end the Ukraine war")  # a word between a phrase's words
    assert says("a document on security guarantees")
    assert says("a peace agreement")  # two weak words together
    assert not says("Russia wants peace and prosperity for Africa")  # one weak word
    assert not says("we have come to an agreement on gas; and we also talked about it")
    assert not says("Western companies must pay for gas in roubles")
    assert words.topic(" " + index_text("Kyiv must recognise Crimea") + " ", " talk ") == 0
    assert (
        words.topic(
            f" {index_text('Kyiv must recognise Crimea')} ",
            f" {index_text('Russia is ready for negotiations')} ",
        )
        == NEAR_TOPIC
    )
    # An enumeration takes its topic from the words announcing it.
    assert (
        words.topic(
            f" {index_text('two conditions need to be met')} ",
            f" {index_text('ready to negotiate if the West meets two conditions')} ",
            enumerated=True,
        )
        == ON_TOPIC
    )
    assert "negoti" in words.search_terms and "war" not in words.search_terms
    assert "peac" not in words.search_terms  # weak: said only beside another


def test_every_pair_in_the_examples_is_judged_as_the_docstrings_say() -> None:
    pairs = {
        (CRIMEA, CRIMEA_AGAIN): True,
        (CRIMEA, NEUTRAL): False,
        (NEUTRAL, ROUBLES): False,
    }
    for (a, b), expected in pairs.items():
        for x, y in itertools.permutations([stated(1, a), stated(2, b)]):
            assert same(x, y) is expected
