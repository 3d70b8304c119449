"""The kinds benchmark's scoring (benchmarks/kinds_score.py) on hand-made gold and predictions:
the README's matching rule and the figures built on it."""

from __future__ import annotations

import random

import pytest

from benchmarks.kinds_score import (
    GoldItem,
    Predicted,
    Ratio,
    best_match,
    longest_common_substring,
    match_all,
    score,
    stratum_weight,
    weighted_precision,
)


def _brute_lcs(a: str, b: str) -> int:
    return max(
        (j - i for i in range(len(a)) for j in range(i + 1, len(a) + 1) if a[i:j] in b),
        default=0,
    )


def test_longest_common_substring() -> None:
    assert longest_common_substring("we reject it", "they said we reject") == len("we reject")
    assert longest_common_substring("abc", "xxabcxx") == 3  # contained whole
    assert longest_common_substring("xxabcxx", "abc") == 3
    assert longest_common_substring("abc", "xyz") == 0
    assert longest_common_substring("", "abc") == 0
    # Longer than 200 characters, where difflib's autojunk would discard common letters.
    long = "the conditions must be met before any talks " * 6
    assert longest_common_substring(long + "x", "y" + long) == len(long)


def test_longest_common_substring_agrees_with_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(300):
        a = "".join(rng.choice("ab ") for _ in range(rng.randint(0, 25)))
        b = "".join(rng.choice("ab ") for _ in range(rng.randint(0, 25)))
        assert longest_common_substring(a, b) == _brute_lcs(a, b), (a, b)


def test_best_match_needs_half_the_gold_text() -> None:
    gold = "We are ready to resume talks"  # 28 characters: 14 needed
    assert best_match(gold, [Predicted("ready to resu", "offer")]) == (None, 0)  # 13
    got, size = best_match(gold, [Predicted("ready to resum", "offer")])  # 14
    assert got is not None and size == 14


def test_best_match_normalises_case_and_whitespace() -> None:
    got, size = best_match("We  are READY\nto talk", [Predicted("we are ready to talk", "offer")])
    assert got is not None and size == len("we are ready to talk")


def test_best_match_takes_the_largest_overlap() -> None:
    gold = "Russia must withdraw its troops before any talks can begin"
    small = Predicted("Russia must withdraw its troops before", "demand")
    large = Predicted("they said Russia must withdraw its troops before any talks", "condition")
    unrelated = Predicted("The weather was fine", None)
    assert best_match(gold, [unrelated, small, large])[0] == large
    assert best_match(gold, [large, small])[0] == large
    # Equal overlaps: the first in document order.
    twin = Predicted(large.text, "warning")
    assert best_match(gold, [large, twin])[0] == large


def test_best_match_agrees_with_brute_force() -> None:
    """The cheap pre-filter never drops a statement that the rule would match."""
    rng = random.Random(11)
    for _ in range(200):
        gold = "".join(rng.choice("abc ") for _ in range(rng.randint(1, 30)))
        cands = [
            Predicted("".join(rng.choice("abc ") for _ in range(rng.randint(0, 40))), str(i))
            for i in range(4)
        ]
        sizes = [_brute_lcs(" ".join(gold.split()), " ".join(c.text.split())) for c in cands]
        need = len(" ".join(gold.split())) / 2
        ok = [(s, -i) for i, s in enumerate(sizes) if s >= need and s > 0]
        expected = cands[-max(ok)[1]] if ok else None
        assert best_match(gold, cands)[0] == expected, (gold, cands)


def _gold(line: int, doc: str, text: str, kind: str, secondary: str | None = None) -> GoldItem:
    return GoldItem(line, doc, "Speaker", text, kind, secondary)


GOLD = [
    _gold(1, "d1", "Talks are possible only if troops leave", "condition"),
    _gold(2, "d1", "We call on Russia to stop the shelling", "demand", "warning"),
    _gold(3, "d2", "We are ready to provide more air defence", "offer"),
    _gold(4, "d2", "Thank you all for coming today", "none"),
    _gold(5, "d2", "Good afternoon, everyone, welcome", "none"),
    _gold(6, "d3", "The situation on the ground is difficult", "assessment"),
    _gold(7, "d3", "This words appears in no statement at all", "demand"),
    _gold(8, "d1", "Any attack will face a swift response", "warning"),
    _gold(9, "d3", "Next question, please go ahead", "none"),  # no longer extracted
]
STATEMENTS = {
    "d1": [
        Predicted("He said talks are possible only if troops leave", "condition"),
        Predicted("we call on russia to stop the shelling", "warning"),  # secondary kind
        Predicted("Any attack will face a swift response.", "warning"),
    ],
    "d2": [
        Predicted("We are ready to provide more air defence", "condition"),
        Predicted("Thank you all for coming today", "offer"),  # a false position
        Predicted("Good afternoon, everyone, welcome", None),
    ],
    "d3": [Predicted("The situation on the ground is difficult", "demand")],
}


def test_match_all_and_score() -> None:
    outcomes = match_all(GOLD, STATEMENTS)
    assert [o.predicted for o in outcomes] == [
        "condition",
        "warning",
        "condition",
        "offer",
        None,
        "demand",
        None,
        "warning",
        None,
    ]
    assert outcomes[6].match is None  # missed: nothing in d3 shares half its words
    s = score(outcomes)
    assert (s.matched, s.missed) == (7, 2)
    # condition: tagged twice (lines 1, 3), right once; recall 1/1.
    assert s.kinds["condition"].precision == Ratio(1, 2)
    assert s.kinds["condition"].recall == Ratio(1, 1)
    # warning: tagged on lines 2 and 8; line 2's gold is demand with warning as secondary.
    assert s.kinds["warning"].precision == Ratio(1, 2)
    assert s.kinds["warning"].lenient == Ratio(2, 2)
    assert s.kinds["warning"].recall == Ratio(1, 1)
    # demand: tagged once (the assessment), never right; two gold demands, one missed.
    assert s.kinds["demand"].precision == Ratio(0, 1)
    assert s.kinds["demand"].recall == Ratio(0, 2)
    assert s.kinds["offer"].precision == Ratio(0, 1)
    assert s.kinds["offer"].recall == Ratio(0, 1)
    assert s.kinds["rejection"].precision == Ratio(0, 0)
    assert s.kinds["rejection"].precision.value is None
    # Of the three "none" items one carries a position tag, one is untagged (no error) and
    # one is missed: the share is of all of them.
    assert s.false_positions == Ratio(1, 3)
    assert (s.none_items["untagged"], s.none_items["missed"]) == (1, 1)
    assert s.confusion[("demand", "missed")] == 1
    assert s.confusion[("demand", "warning")] == 1
    assert s.confusion[("none", "-")] == 1
    assert sum(s.confusion.values()) == len(GOLD)


def test_ratio_shows_its_counts() -> None:
    assert str(Ratio(9, 20)) == "0.45 (9/20)"
    assert str(Ratio(0, 0)) == "  -   (0/0)"
    assert str(Ratio(10.4, 20.8)) == "0.50 (~10/21)"  # weighted counts, rounded


def test_weighted_precision_uses_the_strata_pools() -> None:
    assert stratum_weight(1) == pytest.approx(425 / 40)
    assert stratum_weight(80) == pytest.approx(2299 / 40)
    assert stratum_weight(240) == pytest.approx(13107 / 40)
    with pytest.raises(ValueError):
        stratum_weight(241)
    # Two items tagged condition: one right from the condition stratum, one wrong from the
    # "everything else" stratum, which stands for 13,107 / 425 times as many statements.
    gold = [
        _gold(1, "d", "only if troops leave first", "condition"),
        _gold(201, "d", "x y", "none"),
    ]
    preds = {
        "d": [Predicted("only if troops leave first", "condition"), Predicted("x y", "condition")]
    }
    est = weighted_precision(match_all(gold, preds))["condition"].precision
    assert est.value == pytest.approx(425 / (425 + 13107))
