"""What makes a statement news: the factors a digest ranks a period's statements by.

Four factors, each a small named function so that each can be tested on its own, and one
frozen `Weights` that says how much each counts:

- `office_level` (who; bot.text.offices, shared with the review queue): heads of state or
  government, foreign and defence ministers, spokespeople of a ministry or presidency,
  ambassadors and heads of international organisations lead; other officials (ministers,
  MPs, governors, advisers, a government speaking as a body) come next; witnesses,
  analysts, commentators, former office-holders and speakers whose role is unknown come
  last. Decided from the role stored with the statement (else the speaker's).
- `kind_weight` (what): conditions, demands, offers, rejections and warnings above
  assessments, assessments above the rest.
- `spread` (how widely): the same words carried by more documents and more outlets (the
  statement's citations).
- `novelty` (what is new): how far a statement's terms differ from the same speaker's (or
  side's) earlier statements; a repetition scores 0.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from bot.text.offices import Office
from bot.text.positions import POSITION_KINDS


@dataclass(frozen=True)
class Weights:
    """How much each factor adds to a statement's significance. The office weights are
    larger than anything the other factors add together for a lesser office, except a
    widely carried, new condition by an official: a head of state's assessment still beats
    a commentator's warning."""

    top_office: float = 4.0
    official: float = 2.0
    other: float = 0.0
    # condition, demand, offer, rejection, warning
    strong_kind: float = 2.0
    assessment: float = 0.75
    # per doubling of the documents, and of the outlets, carrying the words
    per_doubling: float = 0.75
    spread_cap: float = 2.25
    novel: float = 1.0


WEIGHTS = Weights()
# A statement sharing this share of its terms with an earlier one says nothing new.
REPEATED = 0.6


def office_weight(level: Office, weights: Weights = WEIGHTS) -> float:
    return {Office.TOP: weights.top_office, Office.OFFICIAL: weights.official}.get(
        level, weights.other
    )


def kind_weight(kind: str | None, weights: Weights = WEIGHTS) -> float:
    """What: conditions, demands, offers, rejections and warnings above assessments."""
    if kind in POSITION_KINDS:
        return weights.strong_kind
    if kind == "assessment":
        return weights.assessment
    return 0.0


def spread(documents: int, outlets: int, weights: Weights = WEIGHTS) -> float:
    """How widely: per doubling of the documents, and of the outlets, carrying the words
    (one document in one outlet adds nothing)."""
    doublings = math.log2(max(documents, 1)) + math.log2(max(outlets, 1))
    return min(weights.spread_cap, weights.per_doubling * doublings)


def overlap(a: Collection[str], b: Collection[str]) -> float:
    """The share of the smaller set of terms that the other holds too."""
    if not a or not b:
        return 0.0
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b)))


def novelty(terms: Collection[str], earlier: Iterable[Collection[str]]) -> float:
    """What is new: 1 when no earlier statement (of the same speaker or side on the topic)
    shares many of these terms, 0 for a repetition, in between for a partial one."""
    closest = max((overlap(terms, e) for e in earlier), default=0.0)
    if closest >= REPEATED:
        return 0.0
    return 1.0 - closest / REPEATED


def significance(
    level: Office,
    kind: str | None,
    documents: int,
    outlets: int,
    new: float,
    weights: Weights = WEIGHTS,
) -> float:
    """The factors added up: who, what, how widely, what is new."""
    return (
        office_weight(level, weights)
        + kind_weight(kind, weights)
        + spread(documents, outlets, weights)
        + weights.novel * new
    )
