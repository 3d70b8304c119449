"""What makes a statement news: the factors a digest ranks a period's statements by.

Four factors, each a small named function so that each can be tested on its own, and one
frozen `Weights` that says how much each counts:

- `office_level` (who): heads of state or government, foreign and defence ministers,
  spokespeople of a ministry or presidency, ambassadors and heads of international
  organisations lead; other officials (ministers, MPs, governors, advisers, a government
  speaking as a body) come next; witnesses, analysts, commentators, former office-holders
  and speakers whose role is unknown come last. Decided from the role stored with the
  statement (else the speaker's), read with the office phrases of the question gazetteer
  (data/question_words.json), so "Kremlin spokesman" and "US secretary of state" are
  recognised as the offices they are.
- `kind_weight` (what): conditions, demands, offers, rejections and warnings above
  assessments, assessments above the rest.
- `spread` (how widely): the same words carried by more documents and more outlets (the
  statement's citations).
- `novelty` (what is new): how far a statement's terms differ from the same speaker's (or
  side's) earlier statements; a repetition scores 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import IntEnum
from functools import cache, lru_cache

from bot.resources import ordered_words, word_list
from bot.text.analysis import fold
from bot.text.roles import offices


class Office(IntEnum):
    """How much a speaker's office makes their words news (higher leads)."""

    OTHER = 0  # witnesses, analysts, commentators, former office-holders, unknown roles
    OFFICIAL = 1
    TOP = 2


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
STRONG_KINDS = frozenset({"condition", "demand", "offer", "rejection", "warning"})
# A statement sharing this share of its terms with an earlier one says nothing new.
REPEATED = 0.6

# Offices of the gazetteer that lead a digest (its keys in question_words.json "roles"),
# plus the phrases naming heads of international organisations and of ministries'
# press offices that the question gazetteer does not list.
_TOP_OFFICES = ordered_words("roles.json", "top_offices")
_TOP_EXTRA = ordered_words("roles.json", "top_offices_extra")
# Words that make the rest of a role someone else's office: "Deputy Foreign Minister" is
# not the foreign minister, "former Chancellor" holds no office now.
_LESSER = frozenset({"deputy", "vice", "assistant", "under", "acting"})
_FORMER = frozenset({"former", "ex", "retired", "erstwhile", "late"})
_OFFICIAL_WORDS = word_list("roles.json", "official_words")
_NON_OFFICIAL_WORDS = word_list("roles.json", "non_official_words")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\s&\s)\s*", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+")


@cache
def _top_phrases() -> tuple[tuple[str, ...], ...]:
    known = offices().by_office
    phrases = {form for office in _TOP_OFFICES for form in known.get(office, ())}
    phrases |= {tuple(p.split()) for p in _TOP_EXTRA}
    # Longest first, so "secretary general" is read before "secretary".
    return tuple(sorted(phrases, key=len, reverse=True))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text).replace("’", "'"))


def _part_level(tokens: list[str]) -> Office:
    if not tokens:
        return Office.OTHER
    if _FORMER & set(tokens) or _NON_OFFICIAL_WORDS & set(tokens):
        return Office.OTHER
    for phrase in _top_phrases():
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if tuple(tokens[i : i + n]) == phrase and not _LESSER & set(tokens[:i]):
                return Office.TOP
    return Office.OFFICIAL if _OFFICIAL_WORDS & set(tokens) else Office.OTHER


@lru_cache(maxsize=8192)  # a digest reads thousands of statements of a few hundred roles
def office_level(role: str | None, speaker_kind: str = "person", has_entity: bool = True) -> Office:
    """Who: the office a role names. A role naming two ("MP and former officer") counts by
    its best part; a government or organisation speaking as a body, with no role, is an
    official voice of its side; a person with no stored role is not counted as one."""
    if role and role.strip():
        parts = _SPLIT.split(role)
        return max((_part_level(_tokens(part)) for part in parts), default=Office.OTHER)
    if speaker_kind != "person" and has_entity:
        return Office.OFFICIAL
    return Office.OTHER


def office_weight(level: Office, weights: Weights = WEIGHTS) -> float:
    return {Office.TOP: weights.top_office, Office.OFFICIAL: weights.official}.get(
        level, weights.other
    )


def kind_weight(kind: str | None, weights: Weights = WEIGHTS) -> float:
    """What: conditions, demands, offers, rejections and warnings above assessments."""
    if kind in STRONG_KINDS:
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
