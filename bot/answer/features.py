"""What a candidate statement has for a question, as numbers the ranking model weighs.

Each feature is one principle, named: how much of the topic the statement's own words say
(`own_words`) or its setting says (`coverage`), how close it is in meaning (`dense`), how
high each retrieval ranked it, whether it was said when the question says, whether it is
the kind of statement asked for, and whether it reads as a whole statement. None of them
looks at particular words; the weights come from `bot.answer.model`, and the credits for a
synonym, for the words around a statement, for a kind answering in part, from
`bot.answer.weights`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import date

from bot.answer.bag import padded
from bot.answer.question import Question
from bot.answer.weights import DEFAULT, Weights
from bot.text.positions import POSITION_KINDS

# A statement cut off after one of these ("… against using chemical weapons and") is a
# broken fragment of reported speech, not something the speaker can be shown saying.
_DANGLING = frozenset(
    "a an the and or but nor of to in on at by for from with as than that which who whom "
    "whose is are was were be been its their his her our your my this these those".split()
)
_SENTENCE_END = tuple(".!?…")
_LAST_WORD = re.compile(r"(\w+)\W*$")

# Principles the ranking keeps whatever the fit prefers (benchmarks/fit_answering.py holds
# them fixed): a clause cut off mid-phrase ranks below a whole statement saying as much; so
# do thanks and greetings (the development questions have too few such misses to fit it).
FIXED_WEIGHTS = {"cut_off": -1.0, "courtesy": -4.0}
# Signs the fit may not reverse: more of the topic, closer meaning, the right time and the
# right kind never count against a statement; a missing rare word never counts for it.
NON_NEGATIVE = frozenset({"coverage", "own_words", "circumstance", "dense", "time", "kind"})
NON_POSITIVE = frozenset({"rare_missing", "unseen_terms"})

NAMES = (
    "coverage",
    "own_words",
    "circumstance",
    "lexical",
    "dense",
    "dense_lead",
    "dense_rank",
    "time",
    "kind",
    "points",
    "alias",
    "direct",
    "confidence",
    "short",
    "cut_off",
    "courtesy",
    "doc_dense",
    "doc_coverage",
    "unseen_terms",
    "rare_missing",
)


@dataclass
class Candidate:
    id: int
    speaker_id: int
    entity_id: int | None
    kind: str | None
    direct: bool
    confidence: float
    said_on: date | None
    words: int
    points: int
    opening: str = ""  # the statement's first character
    ending: str = ""  # and its last few
    # Read-only sets: the engine fills them with WordBags, which split only when iterated.
    body: Set[str] = field(default_factory=set)
    context: Set[str] = field(default_factory=set)
    who: Set[str] = field(default_factory=set)
    lexical_rank: int | None = None  # 0-based, in the full-text search's order
    dense_rank: int | None = None  # 0-based, in the vector search's order
    dense: float | None = None  # exact cosine similarity to the question
    document_id: int | None = None  # the first document that reported it
    courtesy: bool = False  # greetings, thanks, procedure (bot.text.courtesy)
    # The question's words each field says (set by `Asked.find`): scoring asks only these.
    said: frozenset[str] = frozenset()
    around: frozenset[str] = frozenset()
    by: frozenset[str] = frozenset()


class Asked:
    """A question as scoring reads it, worked out once for all its candidates: each topic
    and circumstance term with its weight and the words that say it (the term and other
    forms of a name; synonyms, which say a little less), the topic entities' names, the
    side's aliases, role words, and the set of every such word, so each field of a
    candidate is split and intersected with it once, instead of asked word by word for
    every feature."""

    def __init__(
        self,
        q: Question,
        term_weights: dict[str, float],
        topic_forms: list[tuple[int, tuple[str, ...]]],
        frequencies: dict[str, int] | None = None,
        weights: Weights = DEFAULT,
    ) -> None:
        self.q = q
        self.term_weights = term_weights
        self.weights = weights
        # What a synonym says of a term, and what the term or a synonym around the statement
        # says: worked out once, read for every candidate and term.
        self.credits = (
            weights.synonym_credit,
            weights.context_credit,
            weights.context_credit * weights.context_synonym_share,
        )
        forms = q.term_forms
        # (term, weight, same forms, synonyms) for the topic, then for the circumstance.
        self.topic = [(t, term_weights.get(t, 1.0), *_forms(forms, t)) for t in q.terms]
        self.when_terms = [(t, term_weights.get(t, 1.0), *_forms(forms, t)) for t in q.circumstance]
        self.topic_total = sum(w for _, w, _, _ in self.topic) or 1.0
        self.when_total = sum(w for _, w, _, _ in self.when_terms) or 1.0
        self.top_weight = max((w for _, w, _, _ in self.topic), default=1.0) or 1.0
        self.entities = [(eid, frozenset(form)) for eid, form in topic_forms]
        self.entity_ids = sorted({eid for eid, _ in topic_forms})
        self.roles = dict(q.role_word_forms) if q.names_someone and q.intent != "who_said" else {}
        self.aliases = frozenset(q.alias_terms)
        self.unseen = 0.0
        if frequencies is not None and q.terms:
            self.unseen = sum(1 for t in q.terms if not frequencies.get(t)) / len(q.terms)
        vocabulary: set[str] = set(self.aliases)
        for _, _, same, synonyms in (*self.topic, *self.when_terms):
            vocabulary |= same | synonyms
        for _, form in self.entities:
            vocabulary |= form
        for role_forms in self.roles.values():
            vocabulary |= role_forms
        self.vocabulary = frozenset(w for w in vocabulary if w.isalnum())

    def find(self, c: Candidate) -> None:
        """Set the candidate's `said`, `around` and `by`: the question's words in each of
        its analysed fields (space-separated words). Splitting a field and intersecting
        the words with the question's took 0.4 of the time of one regular expression
        holding every word of the question scanned over the fields joined."""
        vocabulary = self.vocabulary
        if not vocabulary:
            return
        c.said = vocabulary.intersection(padded(c.body).split())
        c.around = vocabulary.intersection(padded(c.context).split())
        c.by = vocabulary.intersection(padded(c.who).split())

    def topic_levels(self, c: Candidate) -> list[tuple[float, float, float]]:
        """Per topic term: (weight, what the statement's words say of it, what its setting
        says): 1 for the term itself, `synonym_credit` (0.8) for a synonym; in the setting
        `context_credit` (0.6), and its `context_synonym_share` for a synonym (0.45). A
        word of the speaker's role, when a side is asked about, counts as said
        ("Ukraine's economic adviser": the statement need not repeat "economic")."""
        synonym, around, synonym_around = self.credits
        out = []
        for term, weight, same, synonyms in self.topic:
            own = 1.0 if same & c.said else synonym if synonyms & c.said else 0.0
            if not own and term in self.roles and self.roles[term] & c.by:
                own = 1.0
            near = around if same & c.around else 0.0
            if not near and synonyms & c.around:
                near = synonym_around
            out.append((weight, own, near))
        return out

    def coverage(self, c: Candidate, levels: list[tuple[float, float, float]]) -> float:
        """How much of the question's topic the statement and its setting say."""
        terms = sum(w * max(own, near) for w, own, near in levels) / self.topic_total
        if not self.entities:
            return terms
        named = self.entity_share(c)
        share = self.weights.entity_share_of_coverage
        return named if not levels else (1.0 - share) * terms + share * named

    def entity_share(self, c: Candidate) -> float:
        """The share of the topic entities the statement names ("Finland and Sweden"). When
        they are the whole topic ("Blinken on China"), naming them only in the words around
        the statement earns less; beside topic words, they just place the statement."""
        around = self.weights.context_credit if not self.topic else 1.0
        credit = dict.fromkeys(self.entity_ids, 0.0)
        for eid, form in self.entities:
            if form <= c.said:
                credit[eid] = 1.0
            elif form <= (c.said | c.around):
                credit[eid] = max(credit[eid], around)
        return sum(credit.values()) / len(credit)

    def own_words(self, levels: list[tuple[float, float, float]]) -> float:
        return sum(w * own for w, own, _ in levels) / self.topic_total if levels else 0.0

    def circumstance(self, c: Candidate) -> float:
        """How much of the question's circumstance ("when the invasion began") the statement
        and its setting say, credited as `topic_levels` credits the topic."""
        synonym, around, synonym_around = self.credits
        got = 0.0
        for _, weight, same, synonyms in self.when_terms:
            if same & c.said:
                got += weight
            elif synonyms & c.said:
                got += synonym * weight
            elif same & c.around:
                got += around * weight
            elif synonyms & c.around:
                got += synonym_around * weight
        return got / self.when_total

    def rare_missing(self, levels: list[tuple[float, float, float]]) -> float:
        """How specific the most specific question word the statement and its setting leave
        unsaid is, against the question's most specific word: 1.0 when the rarest word asked
        about ("gershkovich" in "the Kremlin on Gershkovich's arrest") is nowhere near it."""
        missing = max((w for w, own, near in levels if not own and not near), default=0.0)
        return missing / self.top_weight


def _forms(
    forms: dict[str, tuple[frozenset[str], frozenset[str]]], term: str
) -> tuple[frozenset[str], frozenset[str]]:
    return forms.get(term) or (frozenset({term}), frozenset())


@dataclass
class Setting:
    """What a candidate's features compare it with: the best similarity among all the
    candidates, and per document the best similarity and coverage among its candidates (a
    document about what was asked makes each of its statements a likelier answer)."""

    best_dense: float
    coverage: dict[int, float]  # candidate id -> its coverage
    levels: dict[int, list[tuple[float, float, float]]]  # candidate id -> topic levels
    doc_dense: dict[int, float]
    doc_coverage: dict[int, float]

    @classmethod
    def of(cls, candidates: list[Candidate], asked: Asked) -> Setting:
        levels = {c.id: asked.topic_levels(c) for c in candidates}
        coverage = {c.id: asked.coverage(c, levels[c.id]) for c in candidates}
        doc_dense: dict[int, float] = {}
        doc_coverage: dict[int, float] = {}
        for c in candidates:
            doc = c.document_id
            if doc is None:
                continue
            if c.dense is not None:
                doc_dense[doc] = max(doc_dense.get(doc, -1.0), c.dense)
            doc_coverage[doc] = max(doc_coverage.get(doc, 0.0), coverage[c.id])
        best = max((c.dense for c in candidates if c.dense is not None), default=0.0)
        return cls(best, coverage, levels, doc_dense, doc_coverage)


def features(c: Candidate, asked: Asked, setting: Setting) -> dict[str, float]:
    """The candidate's features (see `NAMES`)."""
    q = asked.q
    w = asked.weights
    levels = setting.levels[c.id]
    coverage = setting.coverage[c.id]
    doc = c.document_id
    kind_match = bool(c.kind and c.kind in q.kinds)
    dense = c.dense if c.dense is not None else 0.0
    return {
        "coverage": coverage,
        "own_words": asked.own_words(levels),
        "circumstance": asked.circumstance(c) if asked.when_terms else 0.0,
        "lexical": _by_rank(c.lexical_rank, w.rank_scale),
        "dense": dense,
        "dense_lead": dense - setting.best_dense if c.dense is not None else -1.0,
        "dense_rank": _by_rank(c.dense_rank, w.rank_scale),
        "time": q.when.fit(c.said_on) if q.when else 0.0,
        "kind": 1.0 if kind_match else w.kind_in_part if c.kind in q.kinds_in_part else 0.0,
        "points": 1.0 if kind_match and c.points else 0.0,
        "alias": 1.0 if asked.aliases & c.by else 0.0,
        "direct": 1.0 if c.direct else 0.0,
        "confidence": c.confidence,
        "short": 1.0 if c.words < w.short_fragment_words and q.intent != "who_said" else 0.0,
        "cut_off": 1.0 if cut_off(c) else 0.0,
        # An editor may give it a position kind since it was tagged: then it is no courtesy.
        "courtesy": 1.0 if c.courtesy and c.kind not in POSITION_KINDS else 0.0,
        "doc_dense": setting.doc_dense.get(doc, dense) if doc is not None else dense,
        "doc_coverage": setting.doc_coverage.get(doc, coverage) if doc is not None else coverage,
        "unseen_terms": asked.unseen,
        "rare_missing": asked.rare_missing(levels),
    }


def _by_rank(rank: int | None, scale: float) -> float:
    """A retrieval's rank as a feature: 1 for the first, less the deeper it is."""
    return 0.0 if rank is None else 1.0 / (1.0 + rank / scale)


def cut_off(c: Candidate) -> bool:
    """A clause cut off mid-phrase does not read as the speaker's answer."""
    ending = c.ending.rstrip(" \"'’”»)]")
    last = _LAST_WORD.search(ending)
    return bool(last and last.group(1).lower() in _DANGLING and not ending.endswith(_SENTENCE_END))


def term_weight(size: int, frequency: int) -> float:
    """A word's weight in a question: rarer words say more of what is asked."""
    return math.log((size + 1) / (frequency + 0.5)) + 0.1
