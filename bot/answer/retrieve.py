"""Weighing a question's words and retrieving its candidates (passes 2 and 3 of the engine).

Weighing decides what the full-text search looks for and how much each word counts: rarer
words say more of what is asked, and in a large index the commonest words are left out of
the query (not of scoring) so one question ranks a bounded number of matches.

Retrieval brings candidates four ways, all limited to the side the question names: the
full-text index (`found_by_words`), the statement vectors (`found_by_meaning`), the side's
newest statements when the question has no topic words or asks for conditions
(`newest_of_side`), and the side's statements saying the settlement words when it asks for
conditions and names no topic (`saying_settlement`). `read_candidates` then reads the same
light row, analysed fields and exact vector of each, however it was found, so all are
scored alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from sqlalchemy.orm import Session

from bot.answer import conditions
from bot.answer.bag import WordBag
from bot.answer.dense import Vectors
from bot.answer.features import Candidate
from bot.answer.question import Question
from bot.answer.weights import Weights
from bot.store import reads
from bot.store.search import SearchBackend, party_tokens

# Words are estimated from characters, so no statement's text is read to score it.
CHARACTERS_PER_WORD = 6


class Weighed(NamedTuple):
    """What weighing a question's words found (pass 2)."""

    term_weights: dict[str, float]  # topic and circumstance term -> weight
    frequencies: dict[str, int]  # searched word -> statements saying it
    words: list[str]  # what the full-text query looks for
    budget: int  # how many full-text matches the question may rank


class Sides(NamedTuple):
    """Whose statements are searched: the side's party tokens, and those left out."""

    parties: list[str]
    exclude: list[str]
    left_out: frozenset[int]  # speakers left out


def search_words(q: Question) -> tuple[list[str], list[str]]:
    """What the full-text query looks for: the question's own topic words, and extras that
    widen it (synonyms, the words naming the side asked about)."""
    primary = list(dict.fromkeys([*q.terms, *q.topic_entity_terms, *q.circumstance]))
    extra = [w for term in q.terms for w in q.forms(term)] + list(q.alias_terms)
    return primary, [w for w in dict.fromkeys(extra) if w not in primary]


def lexical_budget(search: SearchBackend, vectors: Vectors, weights: Weights) -> int:
    """How many full-text matches one question may rank. The vector search finds what the
    words miss, so with vectors on the words need rank fewer of a common word's matches (at
    a million statements, ranking SQLite's 15,000 cost up to 40 ms and PostgreSQL's 2,000 up
    to 75 ms)."""
    budget = search.match_budget
    if not vectors.enabled:
        return budget
    return max(1, round(budget * weights.lexical_share_with_vectors))


def selective(
    primary: list[str],
    extra: list[str],
    df: dict[str, int],
    size: int,
    budget: int,
    weights: Weights,
) -> list[str]:
    """The words worth a full-text query, within a bounded amount of work.

    Without topic words there is nothing to search for. In a large index, words found in
    a large share of all statements are left out while rarer ones remain (ranking every
    statement that says "Russia" costs far more than it tells; scoring still counts them),
    and words are taken rarest first, the question's own before extras, until the
    statements they match would exceed what one question may rank. Every question keeps
    at least one of its own words."""
    if not primary:
        return []
    if size < weights.common_word_min_index:
        return primary + extra

    def common(word: str) -> bool:
        return df.get(word, 0) > size * weights.common_word_share

    primary = [w for w in primary if not common(w)] or primary
    extra = [w for w in extra if not common(w)]
    kept: list[str] = []
    matched = 0
    for word in sorted(primary, key=lambda w: df.get(w, 0)) + sorted(
        extra, key=lambda w: df.get(w, 0)
    ):
        cost = df.get(word, 0)
        if kept and matched + cost > budget:
            continue
        kept.append(word)
        matched += cost
    return kept


def sides(q: Question) -> Sides:
    """The side asked about, as the search indexes it; "who criticised Putin" is answered by
    others, so his own words are not searched."""
    if q.speaker_ids:
        parties = party_tokens(speaker_ids=q.speaker_ids)
    else:
        parties = party_tokens(entity_ids=q.subject_entity_ids)
    left_out = set(q.excluded_speaker_ids)
    if q.intent == "who_said":
        left_out |= q.topic_speaker_ids
    return Sides(parties, party_tokens(speaker_ids=left_out), frozenset(left_out))


def found_by_words(
    session: Session,
    search: SearchBackend,
    q: Question,
    weighed: Weighed,
    side: Sides,
    weights: Weights,
) -> list[int]:
    """The full-text search's statements, best first."""
    return [
        h.statement_id
        for h in search.search(
            session,
            weighed.words,
            q.pool or weights.candidates_from_search,
            side.parties,
            side.exclude,
            counts=weighed.frequencies,
            budget=weighed.budget,
        )
    ]


def found_by_meaning(
    session: Session,
    vectors: Vectors,
    q: Question,
    weighed: Weighed,
    side: Sides,
    weights: Weights,
) -> tuple[np.ndarray | None, list[int]]:
    """The question's vector (None: not embedded) and the statements nearest it, best first."""
    vector = vectors.question_vector(q.text) if weighed.words or q.names_someone else None
    if vector is None:
        return None, []
    return vector, [
        i
        for i, _ in vectors.nearest(
            session,
            vector,
            weights.candidates_from_vectors,
            speaker_ids=q.speaker_ids,
            entity_ids=() if q.speaker_ids else q.subject_entity_ids,
            exclude_speaker_ids=side.left_out,
        )
    ]


def newest_of_side(session: Session, q: Question, side: Sides, weights: Weights) -> list[int]:
    """A side's newest statements, when the question has no topic words to search for (of
    the kinds asked for, when it asks for conditions)."""
    if not side.parties or (q.terms and q.intent != "conditions"):
        return []
    pool = conditions.POOL if q.intent == "conditions" else weights.candidates_without_topic
    return recent_by_party(session, q, q.pool or pool)


def saying_settlement(
    session: Session,
    search: SearchBackend,
    q: Question,
    side: Sides,
    budget: int,
    frequencies: Callable[[list[str]], dict[str, int]],
) -> list[int]:
    """ "What are Russia's conditions?" means for ending the war, for talks: the side's
    statements saying the settlement words, when a conditions question names no topic."""
    if not side.parties or q.intent != "conditions" or conditions.has_topic(q):
        return []
    words = conditions.settlement_search_words()
    return [
        h.statement_id
        for h in search.search(
            session,
            words,
            conditions.SETTLEMENT_POOL,
            side.parties,
            side.exclude,
            counts=frequencies(words),
            budget=min(budget, conditions.SETTLEMENT_BUDGET),
        )
    ]


def recent_by_party(session: Session, q: Question, limit: int) -> list[int]:
    """The side's newest statements (of the kinds asked for): one index range per speaker
    or entity (and kind), see bot.store.reads."""
    party = (
        {"speaker_ids": q.speaker_ids} if q.speaker_ids else {"entity_ids": q.subject_entity_ids}
    )
    ids: list[int] = []
    kinds: frozenset[str] = frozenset()
    if q.intent == "conditions":
        if not q.kinds:
            return []
        kinds = q.kinds
        # Enumerated conditions ("two conditions … First … Second …") are the best answers
        # whatever their date, so they are never crowded out by recent passing mentions.
        ids += reads.enumerated_by_party(session, **party, kinds=kinds, limit=limit)
    ids += reads.recent_by_party(session, **party, kinds=kinds, limit=limit)
    return list(dict.fromkeys(ids))


def read_candidates(
    session: Session,
    search: SearchBackend,
    vectors: Vectors,
    lexical: list[int],
    dense: list[int],
    others: list[int],
    vector: np.ndarray | None,
) -> list[Candidate]:
    """Every statement found, once, in the order found (words, meaning, then `others`), with
    its light row, analysed fields, each retrieval's rank and its exact similarity to the
    question; those not approved, or with no words indexed, are left out."""
    ids = list(dict.fromkeys([*lexical, *dense, *others]))
    candidates = {r.id: candidate(r) for r in reads.light_rows(session, ids)}
    for cid, (body, context, who) in search.fields(session, ids).items():
        if cid in candidates:
            c = candidates[cid]
            c.body, c.context, c.who = WordBag(body), WordBag(context), WordBag(who)
    for rank, cid in enumerate(lexical):
        if cid in candidates:
            candidates[cid].lexical_rank = rank
    for rank, cid in enumerate(dense):
        if cid in candidates:
            candidates[cid].dense_rank = rank
    if vector is not None:
        for cid, v in vectors.exact(session, list(candidates)).items():
            candidates[cid].dense = float(v @ vector)
    return [candidates[i] for i in ids if i in candidates and candidates[i].body]


def candidate(row: reads.LightRow) -> Candidate:
    """A statement's light row as a candidate, its words estimated from its characters."""
    return Candidate(
        row.id,
        row.speaker_id,
        row.entity_id,
        row.kind,
        row.direct,
        row.confidence,
        row.said_on,
        row.characters // CHARACTERS_PER_WORD,
        row.points,
        row.opening,
        row.ending,
        document_id=row.document_id,
        courtesy=row.courtesy,
    )
