"""Conditions as a position: what a side has stated as its conditions and demands, each once.

`conditions ENTITY [TOPIC]` and "what are X's conditions?" both come here, through
`Answerer.answer_question` with the intent "conditions": one code path. The engine has
retrieved and ranked the side's candidates (with its newest statements of the kinds asked
for, and, when the question names no topic, its statements saying the settlement words);
this module

1. keeps those of the kinds asked for (condition, demand): a point is never a statement
   that states no condition or demand;
2. reads what merging needs of them: the documents citing each, the stored vectors (where
   vectors are on), how squarely each is on the topic, the question's own or else ending
   the war / holding talks (bot.answer.positions.settlement_words);
3. keeps, when the question names a topic, those on it (none: the question is answered
   as any other);
4. merges and orders them (bot.answer.positions) and returns, for each point shown, the
   ranked statement that speaks for it and the ids of the others saying the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.answer.bag import padded
from bot.answer.dense import Vectors
from bot.answer.positions import (
    NEAR_TOPIC,
    ON_TOPIC,
    Stated,
    positions,
    question_topic,
    settlement_words,
)
from bot.answer.question import Question
from bot.answer.score import Ranked
from bot.store import reads

# The side's newest statements of the kinds asked for, read as candidates, bounded however
# large the store: each is scored, and merged, on every question. On the development
# corpus (Russia states ~370 conditions and demands) 150 and 80 gave the same first three
# points as 300 and 150 for six sides' conditions questions, in half the time (27 against
# 47 ms at 28k statements; a million-statement store adds its searches to that).
POOL = 150
# The side's statements best matching the settlement words, when the question names no
# topic: older conditions on talks that the newest POOL would leave out.
SETTLEMENT_POOL = 80
# How many of the side's newest statements saying a settlement word that search ranks: the
# words are common ("talks", "peace"), and ranking a side's 3,000 matches of them took 20 ms
# at a million statements, the slowest part of the slowest question; the development
# corpus's sides have fewer than this many such statements, so nothing is lost there.
SETTLEMENT_BUDGET = 600


@dataclass(frozen=True)
class Chosen:
    """A point to show: the ranked statement speaking for it, and the others saying it."""

    shown: Ranked
    also: tuple[int, ...]


def of_kinds(ranked: Sequence[Ranked], q: Question) -> list[Ranked]:
    """The candidates of the kinds the question asks for, in ranking order."""
    return [r for r in ranked if r.candidate.kind and r.candidate.kind in q.kinds]


def has_topic(q: Question) -> bool:
    return bool(q.terms or q.topic_entity_ids)


def settlement_search_words() -> list[str]:
    """What the full-text search looks for when a conditions question names no topic."""
    return list(settlement_words().search_terms)


def choose(
    session: Session, ranked: Sequence[Ranked], q: Question, vectors: Vectors, limit: int
) -> list[Chosen] | None:
    """The best `limit` points among `ranked` (already of the kinds asked for); None when a
    question naming a topic finds none of them on it (then it is answered as any other:
    "what weapons is Kyiv asking for" by what Kyiv said of weapons, not by its conditions
    for a ceasefire). Asked, a condition must say the topic in its own words, since a
    statement of another kind that does may answer better; listed (`conditions X TOPIC`),
    one whose paragraph says it will do, as the command lists conditions only."""
    settlement = None if has_topic(q) else settlement_words()
    least = NEAR_TOPIC if q.listing else ON_TOPIC
    topics: dict[int, int] = {}
    for r in ranked:
        c = r.candidate
        enumerated = c.points > 0
        if settlement is not None:
            topic = settlement.topic(padded(c.body), padded(c.context), enumerated=enumerated)
        else:
            topic = question_topic(
                _says_each(r, q),
                r.features["coverage"],
                enumerated=enumerated,
                words=len(frozenset(c.body)),
            )
        if topic >= least or settlement is not None:
            topics[c.id] = topic
    if not topics:
        return None
    kept = [r for r in ranked if r.candidate.id in topics]
    ids = [r.candidate.id for r in kept]
    documents = reads.citing_documents(session, ids)
    stored = vectors.exact(session, ids) if vectors.enabled else {}
    stated = [
        Stated(
            id=c.id,
            words=frozenset(c.body),
            said_on=c.said_on,
            documents=documents.get(c.id, frozenset()),
            topic=topics[c.id],
            points=c.points,
            rank=rank,
            vector=stored.get(c.id),
        )
        for rank, c in enumerate(r.candidate for r in kept)
    ]
    by_id = {r.candidate.id: r for r in kept}
    return [
        Chosen(by_id[p.shown.id], tuple(s.id for s in p.statements[1:]))
        for p in positions(stated, latest=q.latest)[:limit]
    ]


def _says_each(r: Ranked, q: Question) -> bool:
    """Whether the statement's own words say each word of the question's topic (itself, or
    another form of a name it stands for); a topic of names only ("Russia's conditions on
    Ukraine") when they say every name (coverage 1)."""
    if not q.terms:
        return r.features["coverage"] >= 1.0
    said = r.candidate.said
    return all(q.term_forms[t][0] & said for t in q.terms)
