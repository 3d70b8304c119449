"""The hand-set numbers of answering, in one frozen, documented place.

The fitted model (bot.answer.model, data/answer_model.json) weighs a candidate's features and
decides when to answer. These are the numbers around it that no fit sets: how many
candidates each retrieval brings, what a synonym or the words around a statement are worth
when features are worked out, how much of a topic a listed statement must say, and how
repeats and one speaker's many statements are held back. The engine reads them from the
`Weights` it was given (`Answerer(store, weights=...)`); a benchmark varies one with
`dataclasses.replace(DEFAULT, ...)` instead of patching module constants. Every field has a
docstring, and tests/test_answer_engine.py checks each is read by the engine or its features.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Weights:
    # --- retrieve ---------------------------------------------------------------------------

    candidates_from_search: int = 150
    """How many statements the full-text search returns (a question's own `pool` overrides)."""

    candidates_from_vectors: int = 120
    """How many statements the vector search returns."""

    lexical_share_with_vectors: float = 0.4
    """With vectors on, the share of the full-text search's match budget a question ranks: the
    vector search finds what the words miss."""

    candidates_without_topic: int = 60
    """How many of a side's newest statements stand in for a search when the question has no
    topic words ("what did Ned Price say")."""

    common_word_share: float = 0.05
    """In a large index, a word found in more than this share of all statements is left out of
    the full-text query (scoring still counts it)."""

    common_word_min_index: int = 20_000
    """Below this many indexed statements every word is searched: ranking is cheap enough."""

    # --- score (bot.answer.features) --------------------------------------------------------

    synonym_credit: float = 0.8
    """What a synonym of a topic word says of it, against 1 for the word itself."""

    context_credit: float = 0.6
    """What the words around a statement say of the topic, against its own words: they tell
    what it is about, but less surely."""

    context_synonym_share: float = 0.75
    """A synonym in the words around a statement earns this share of `context_credit`."""

    entity_share_of_coverage: float = 0.25
    """Beside topic words, the share of `coverage` that naming the topic's entities earns (the
    words earn the rest)."""

    kind_in_part: float = 0.5
    """The `kind` feature of a statement of a kind answering in part (readiness on terms when
    an offer is asked): half a match."""

    rank_scale: float = 10.0
    """A retrieval rank counts 1 / (1 + rank / rank_scale): less the deeper it is."""

    short_fragment_words: int = 4
    """A statement of fewer words is a fragment (`short` feature), unless "who said" asks."""

    # --- keep (listings, and questions naming no one) ----------------------------------------

    min_coverage: float = 0.6
    """A listed statement naming no one must cover this much of the topic (with its setting)."""

    min_coverage_entity: float = 0.5
    """... when the question names a country or organisation: its statements are already
    narrowed to that side, so part of the topic will do."""

    min_coverage_person: float = 0.4
    """... when the question names a person."""

    min_own_words_unnamed: float = 0.34
    """A listed statement, with no side named, must say this much of the topic in its own
    words (not only the paragraph around it)."""

    # --- diversify --------------------------------------------------------------------------

    per_speaker: int = 2
    """At most this many statements of one speaker come before others', unless the question
    names that speaker."""

    duplicate_lookback: int = 12
    """A candidate is checked for repeating this many of the last kept ones of its speaker."""

    duplicate_min_words: int = 5
    """A statement all of whose words are in a longer one shown above it is a repeat only with
    at least this many words (fewer may be a chance overlap with a long speech)."""

    near_duplicate_share: float = 0.6
    """Two statements of one speaker, one's words all among the other's, are the same words
    when the smaller has at least this share of the larger's ("in essence … X" and "X")."""


DEFAULT = Weights()


def varied(base: Weights, settings: Iterable[str]) -> Weights:
    """`base` with "name=value" settings applied (a benchmark's `--weight`), each value read
    as its field's type; an unknown name or a value that does not read is a ValueError."""
    names = [f.name for f in fields(Weights)]
    changes: dict[str, Any] = {}  # each of its field's type, checked as read
    for setting in settings:
        name, _, value = setting.partition("=")
        if name not in names or not value:
            raise ValueError(f"not a weight setting: {setting!r} (NAME=VALUE, NAME one of {names})")
        changes[name] = type(getattr(base, name))(value)
    return replace(base, **changes)
