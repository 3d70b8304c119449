"""Scoring of statement-kind tags against the kinds gold standard (pure: no store, no corpus).

The rule is the gold's README (``../shared/corpus/attribution/kinds-gold/README.md``): a gold
item is matched to the extracted statement of its document whose text shares the longest
common substring with it, provided that substring is at least half the gold text; texts are
compared lower-cased with whitespace collapsed. ``benchmarks/kinds.py`` runs it; the tests
(tests/test_kinds_benchmark.py) hold it to hand-made cases.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

# The kinds a statement can take a position with; "assessment" and "none" are not positions.
POSITION_KINDS = ("condition", "demand", "offer", "rejection", "warning")
GOLD_KINDS = (*POSITION_KINDS, "assessment", "none")
# The gold's sampling (README, "How the sample was drawn"): lines (first, last) drawn from a
# pool of the given size, by the kind tag one extractor version stored.
STRATA = (
    (1, 40, "condition", 425),
    (41, 80, "demand", 2299),
    (81, 120, "offer", 779),
    (121, 160, "rejection", 182),
    (161, 200, "warning", 1053),
    (201, 240, "everything else", 13107),
)
MATCH_SHARE = 0.5  # the common substring must cover at least this share of the gold text


@dataclass(frozen=True)
class GoldItem:
    line: int  # 1-based line of kinds.jsonl: it names the sampling stratum
    doc_id: str
    speaker: str | None
    text: str
    kind: str
    secondary: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Predicted:
    """One extracted statement of a document, as the pipeline would store it."""

    text: str
    kind: str | None
    speaker: str | None = None


@dataclass(frozen=True)
class Outcome:
    gold: GoldItem
    match: Predicted | None  # None: missed (no statement of the document matches)
    overlap: int = 0  # longest common substring, in characters of the normalised texts

    @property
    def predicted(self) -> str | None:
        return self.match.kind if self.match else None


def read_gold(path: Path) -> list[GoldItem]:
    items = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            r = json.loads(line)
            items.append(
                GoldItem(
                    number,
                    r["doc_id"],
                    r.get("speaker"),
                    r["text"],
                    r["kind"],
                    r.get("secondary"),
                    r.get("note"),
                )
            )
    return items


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def longest_common_substring(a: str, b: str) -> int:
    """Length of the longest common substring of ``a`` and ``b`` (as given: normalise first)."""
    if not a or not b:
        return 0
    # Most gold items are stored texts found again whole: C-speed containment settles them.
    if a in b:
        return len(a)
    if b in a:
        return len(b)
    # Without autojunk, SequenceMatcher's longest block is the exact longest common substring
    # (autojunk would discard every common letter of a text over 200 characters).
    m = SequenceMatcher(None, a, b, autojunk=False)
    return m.find_longest_match(0, len(a), 0, len(b)).size


def _may_reach(gold: str, text: str, need: int) -> bool:
    """Cheap necessary test for a common substring of ``need`` characters: any such substring
    holds one of the gold's consecutive pieces of need // 2 characters whole (a window of
    2p - 1 characters always covers an aligned piece of p). Spares the quadratic search for
    the document's many statements that share nothing with the gold text."""
    piece = max(1, need // 2)
    return any(gold[i : i + piece] in text for i in range(0, len(gold) - piece + 1, piece))


def best_match(gold_text: str, candidates: Sequence[Predicted]) -> tuple[Predicted | None, int]:
    """The candidate whose common substring with ``gold_text`` is longest, if that reaches
    MATCH_SHARE of the gold text; the first in order wins a tie. (None, 0) when none does."""
    gold = normalise(gold_text)
    need = max(1, math.ceil(len(gold) * MATCH_SHARE))
    best: Predicted | None = None
    best_size = 0
    for cand in candidates:
        text = normalise(cand.text)
        if len(text) < need or not _may_reach(gold, text, need):
            continue
        size = longest_common_substring(gold, text)
        if size >= need and size > best_size:
            best, best_size = cand, size
    return best, best_size


def match_all(
    gold: Iterable[GoldItem], statements: Mapping[str, Sequence[Predicted]]
) -> list[Outcome]:
    """Each gold item against the statements extracted from its own document."""
    out = []
    for item in gold:
        match, size = best_match(item.text, statements.get(item.doc_id, ()))
        out.append(Outcome(item, match, size))
    return out


@dataclass(frozen=True)
class Ratio:
    hits: float
    total: float

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __str__(self) -> str:
        shown = "  -  " if self.value is None else f"{self.value:.2f}"
        if float(self.hits).is_integer() and float(self.total).is_integer():
            return f"{shown} ({self.hits:.0f}/{self.total:.0f})"
        return f"{shown} (~{self.hits:.0f}/{self.total:.0f})"


@dataclass(frozen=True)
class KindScore:
    kind: str
    precision: Ratio  # of matched items tagged kind: gold kind is kind
    lenient: Ratio  # ... gold kind or gold secondary is kind
    recall: Ratio  # of gold items of kind: matched and tagged kind


@dataclass
class Scores:
    kinds: dict[str, KindScore]
    matched: int
    missed: int
    # Gold "none" items by what they got: "position" (one of the five), "assessment",
    # "untagged", "missed".
    none_items: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold, predicted)

    @property
    def false_positions(self) -> Ratio:
        return Ratio(self.none_items["position"], sum(self.none_items.values()))


MISSED = "missed"
UNTAGGED = "-"


def score(outcomes: Sequence[Outcome]) -> Scores:
    kinds = {k: kind_score(outcomes, k) for k in POSITION_KINDS}
    matched = sum(1 for o in outcomes if o.match is not None)
    result = Scores(kinds, matched, len(outcomes) - matched)
    for o in outcomes:
        shown = MISSED if o.match is None else (o.predicted or UNTAGGED)
        result.confusion[(o.gold.kind, shown)] += 1
        if o.gold.kind == "none":
            result.none_items[_none_outcome(o)] += 1
    return result


def _none_outcome(o: Outcome) -> str:
    if o.match is None:
        return MISSED
    if o.predicted in POSITION_KINDS:
        return "position"
    return "untagged" if o.predicted is None else str(o.predicted)


def kind_score(outcomes: Sequence[Outcome], kind: str, weights: Sequence[float] = ()) -> KindScore:
    """Precision (strict and lenient) and recall of one kind; each outcome counts its weight
    (1 when ``weights`` is empty), so the same sums give the corpus-weighted estimate."""
    w = list(weights) or [1.0] * len(outcomes)
    tagged = [(o, x) for o, x in zip(outcomes, w, strict=True) if o.predicted == kind]
    of_kind = [(o, x) for o, x in zip(outcomes, w, strict=True) if o.gold.kind == kind]
    return KindScore(
        kind,
        Ratio(sum(x for o, x in tagged if o.gold.kind == kind), sum(x for _, x in tagged)),
        Ratio(
            sum(x for o, x in tagged if kind in (o.gold.kind, o.gold.secondary)),
            sum(x for _, x in tagged),
        ),
        Ratio(sum(x for o, x in of_kind if o.predicted == kind), sum(x for _, x in of_kind)),
    )


def stratum_weight(line: int) -> float:
    """How many statements of the corpus pool one gold line stands for (pool size / drawn)."""
    for first, last, _, pool in STRATA:
        if first <= line <= last:
            return pool / (last - first + 1)
    raise ValueError(f"gold line {line} is outside the sampled strata (lines 1-{STRATA[-1][1]})")


def weighted_precision(outcomes: Sequence[Outcome]) -> dict[str, KindScore]:
    """Corpus-level estimate: each gold line weighted by its stratum's pool size / 40."""
    weights = [stratum_weight(o.gold.line) for o in outcomes]
    return {k: kind_score(outcomes, k, weights) for k in POSITION_KINDS}
