"""Answering: the question's passes, in order, each a method of `Answerer` named for it.

1. `abstain_early`: refuse what cannot be answered honestly: a speaker the store has never
   heard of, a question too thin to search for (bot.answer.abstain);
2. `weigh`: each of the question's words by how rare it is, and the words the full-text
   query looks for: rare words first, within a bounded amount of work (bot.answer.retrieve);
3. `retrieve`: candidates from the full-text index (the words) and the statement vectors
   (the meaning), both limited inside the index to the side the question names; a side's
   newest statements when the question has no topic words (its newest of the kinds asked
   for, and those saying the settlement words, when it asks for conditions); then light
   rows (no ORM objects), analysed fields and exact vectors of every candidate, however it
   was found, so all are scored alike (bot.answer.retrieve);
4. `score`: each candidate's features (bot.answer.features) weighed by the fitted model
   (bot.answer.model); commands that list many statements (timelines, comparisons) keep
   only those that say enough of the topic themselves (bot.answer.score);
5. `diversify`: not five quotes from one person unless asked, never the same words twice
   (bot.answer.diversify); then abstain unless the best statement's fitted confidence is
   high enough, and show further statements only while theirs is (bot.answer.abstain);
6. `load`: the winners in full.

Invariant: every pass reads only what earlier passes produced and the store, in this order
(tests/test_answer_engine.py checks the order); `rank` is passes 2-4, which
`benchmarks/fit_answering.py` fits the model on.

A question asking for a side's conditions takes its own way through pass 5
(bot.answer.conditions): the side's conditions and demands sure enough to show, merged into
points, one per condition however many documents or speakers stated it, ordered by topic,
how often and how recently (bot.answer.positions).

The hand-set numbers (how many candidates, what a synonym is worth, how many statements of
one speaker) are one frozen `Weights` (bot.answer.weights), the fitted ones an `AnswerModel`;
both are given to `Answerer`, so a benchmark varies them without patching anything. What is
remembered between questions, and when it is read again, is in bot.answer.caches.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.answer import conditions
from bot.answer.abstain import confident, refusal, unheard_of, unheard_of_thing, why_not
from bot.answer.caches import AliasIndex, Frequencies, IndexSize, KnownSpeakers
from bot.answer.dense import NoVectors, Vectors
from bot.answer.diversify import diversify
from bot.answer.features import Asked, Candidate, term_weight
from bot.answer.model import AnswerModel, shipped
from bot.answer.question import Question, parse
from bot.answer.retrieve import (
    Weighed,
    found_by_meaning,
    found_by_words,
    lexical_budget,
    newest_of_side,
    read_candidates,
    saying_settlement,
    search_words,
    selective,
    sides,
)
from bot.answer.score import Ranked, entity_forms, score
from bot.answer.weights import DEFAULT, Weights
from bot.store import repo
from bot.store.models import Statement
from bot.store.store import Store
from bot.text import described
from bot.text.entities import Resolver

# The passes of `Answerer.answer_question`, in the order they run (the module docstring's).
PASSES = ("abstain_early", "weigh", "retrieve", "score", "diversify", "load")


@dataclass
class Scored:
    statement: Statement
    score: float
    coverage: float
    # Why it ranks where it does (`ask --json`): each retrieval's rank (0-based; None: that
    # retrieval did not find it), its similarity to the question, the fitted confidence.
    lexical_rank: int | None = None
    dense_rank: int | None = None
    dense: float | None = None
    confidence: float | None = None
    # Other statements saying the same (a conditions answer's point cited by several
    # documents or speakers, bot.answer.conditions): their citations are shown, not their
    # words.
    also: list[Statement] = field(default_factory=list)


@dataclass
class Answer:
    question: Question
    ranked: list[Scored] = field(default_factory=list)
    reason: str = ""  # why nothing was answered
    known_speakers: list[tuple[str, int]] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.ranked)


class Answerer:
    def __init__(
        self,
        store: Store,
        *,
        vectors: Vectors | None = None,
        model: AnswerModel | None = None,
        weights: Weights = DEFAULT,
    ) -> None:
        self.store = store
        self.vectors: Vectors = vectors if vectors is not None else _store_vectors(store)
        self.model = model or shipped()
        self.weights = weights
        self.aliases = AliasIndex()
        self._size = IndexSize()
        self._frequencies = Frequencies()
        self._known = KnownSpeakers()

    def resolver(self, session: Session) -> Resolver:
        """The alias index, rebuilt when speakers or entities changed (bot.answer.caches)."""
        return self.aliases.get(session)

    def answer(self, session: Session, text: str, *, limit: int = 3) -> Answer:
        return self.answer_question(session, parse(text, self.resolver(session)), limit=limit)

    def prepare(self, session: Session) -> None:
        """Load what answering keeps (the vector index, the alias index and the speakers'
        roles, word lists, word frequencies) before the first question, for a process that
        will answer many: the vector index takes seconds to load at a million statements.

        Then the objects alive are frozen out of the garbage collector's view: they live
        as long as the process, yet every full collection walked them all, a 70 ms pause
        every fifty-odd questions at a million statements (the 99th percentile)."""
        prepare_vectors = getattr(self.vectors, "prepare", None)
        if prepare_vectors is not None:
            prepare_vectors(session)
        self.answer(session, "what did anyone say about anything")
        described.prepare(self.resolver(session))
        gc.collect()
        gc.freeze()

    def answer_question(self, session: Session, question: Question, *, limit: int = 3) -> Answer:
        """The passes, in order, for an already understood question (commands build their
        own, `listing`)."""
        resolver = self.resolver(session)
        reason = self.abstain_early(session, question)
        if reason:
            return self._unanswered(session, question, resolver, reason)
        ranked = self.rank(session, question)
        chosen = self.diversify(session, question, ranked, limit)
        answer = self.load(session, question, chosen)
        if not answer.ranked:
            return self._unanswered(session, question, resolver, why_not(question, resolver))
        return answer

    def rank(self, session: Session, question: Question) -> list[Ranked]:
        """Passes 2-4: every candidate on the question's side with its features and score,
        best first (`benchmarks/fit_answering.py` fits the model on these)."""
        weighed = self.weigh(session, question)
        candidates = self.retrieve(session, question, weighed)
        return self.score(session, question, weighed, candidates)

    # --- the passes, in order -------------------------------------------------------------

    def abstain_early(self, session: Session, question: Question) -> str:
        """Pass 1: why the question cannot be answered honestly at all, or ""."""

        def frequencies(stems: list[str]) -> dict[str, int]:
            return self._frequencies.get(session, self.store.search, stems)

        return (
            refusal(question)
            or unheard_of(question, frequencies)
            or unheard_of_thing(question, frequencies)
        )

    def weigh(self, session: Session, question: Question) -> Weighed:
        """Pass 2: each topic and circumstance word's weight, and the words worth a full-text
        query within the question's budget."""
        size = self._size.get(session, self.store.search)
        primary, extra = search_words(question)
        df = self._frequencies.get(session, self.store.search, primary + extra)
        # A word spelt two ways is as rare as both spellings together.
        term_weights = {
            t: term_weight(
                size, df.get(t, 0) + sum(df.get(v, 0) for v in question.spelling_forms_of(t))
            )
            for t in (*question.terms, *question.circumstance)
        }
        budget = lexical_budget(self.store.search, self.vectors, self.weights)
        words = selective(primary, extra, df, size, budget, self.weights)
        return Weighed(term_weights, df, words, budget)

    def retrieve(self, session: Session, question: Question, weighed: Weighed) -> list[Candidate]:
        """Pass 3: every statement found by words, by meaning, among the side's newest and
        saying the settlement words, read alike."""
        search, vectors, weights = self.store.search, self.vectors, self.weights
        side = sides(question)
        lexical = found_by_words(session, search, question, weighed, side, weights)
        vector, dense = found_by_meaning(session, vectors, question, weighed, side, weights)
        recent = newest_of_side(session, question, side, weights)
        settled = saying_settlement(
            session,
            search,
            question,
            side,
            weighed.budget,
            lambda words: self._frequencies.get(session, search, words),
        )
        return read_candidates(session, search, vectors, lexical, dense, recent + settled, vector)

    def score(
        self, session: Session, question: Question, weighed: Weighed, candidates: list[Candidate]
    ) -> list[Ranked]:
        """Pass 4: the candidates on the question's side, scored, best first."""
        forms = entity_forms(self.resolver(session), question.topic_entity_ids)
        asked = Asked(question, weighed.term_weights, forms, weighed.frequencies, self.weights)
        return score(candidates, asked, self.model, self.weights)

    def diversify(
        self, session: Session, question: Question, ranked: list[Ranked], limit: int
    ) -> list[conditions.Chosen]:
        """Pass 5: what to show, best first: a conditions question's points
        (bot.answer.conditions), or else the diversified statements, only those sure enough
        unless a command lists them (bot.answer.abstain.confident)."""
        points = self._points(session, question, ranked, limit)
        if points is not None:
            return points
        chosen = diversify(ranked, question, limit, self.weights)
        if not question.listing:
            chosen = confident(chosen, question, self.model)
        return [conditions.Chosen(r, ()) for r in chosen]

    def load(self, session: Session, question: Question, chosen: list[conditions.Chosen]) -> Answer:
        """Pass 6: the statements shown (and those saying the same), read in full."""
        wanted = [i for p in chosen for i in (p.shown.candidate.id, *p.also)]
        rows = {s.id: s for s in repo.statements_by_ids(session, wanted)}
        return Answer(
            question,
            [
                Scored(
                    rows[r.candidate.id],
                    r.score,
                    r.features["coverage"],
                    r.candidate.lexical_rank,
                    r.candidate.dense_rank,
                    r.candidate.dense,
                    r.confidence,
                    [rows[i] for i in p.also if i in rows],
                )
                for p in chosen
                if (r := p.shown).candidate.id in rows
            ],
        )

    # --- helpers --------------------------------------------------------------------------

    def _points(
        self, session: Session, q: Question, ranked: list[Ranked], limit: int
    ) -> list[conditions.Chosen] | None:
        """A conditions question's answer: the side's conditions and demands as points,
        each stated once however many documents say it (bot.answer.conditions); None when
        no candidate sure enough to show is of those kinds (or on the topic asked), or the
        question asks for no conditions: then it is answered as any other."""
        if q.intent != "conditions":
            return None
        stated = conditions.of_kinds(ranked, q)
        if not q.listing:
            stated = confident(stated, q, self.model)
        if not stated:
            return None
        return conditions.choose(session, stated, q, self.vectors, limit)

    def _unanswered(
        self, session: Session, question: Question, resolver: Resolver, reason: str
    ) -> Answer:
        """No statement shown: why, and the speakers the store does know."""
        return Answer(question, [], reason, self._known.get(session, resolver))


def _store_vectors(store: Store) -> Vectors:
    """The store's statement vectors, or none when the store keeps none."""
    vectors = getattr(store, "vectors", None)
    return vectors if vectors is not None else NoVectors()
