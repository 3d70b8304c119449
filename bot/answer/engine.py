"""Retrieval, ranking and abstention over approved statements.

Candidates come from the full-text index (question terms) and from the statements of the
people or entities the question names. Each is then scored in Python on what the question
actually asks: how much of its topic the statement covers (rare words weigh more), whether
the speaker or their country is the one asked about, and whether it is the kind of
statement asked for. Statements that do not clearly answer are dropped; when none remain
the engine abstains rather than guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.answer.entities import EntityRef, Resolver, SpeakerRef
from bot.answer.gazetteer import load_gazetteer
from bot.answer.question import Question, expand, parse
from bot.store import repo
from bot.store.models import Entity, Speaker, Statement
from bot.store.search import index_fields
from bot.store.store import Store

MIN_COVERAGE = 0.6
CANDIDATES_FROM_SEARCH = 100
CANDIDATES_PER_PARTY = 300
PER_SPEAKER = 2


@dataclass
class Scored:
    statement: Statement
    score: float
    coverage: float


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
    def __init__(self, store: Store) -> None:
        self.store = store
        self._resolver: Resolver | None = None
        self._signature: tuple | None = None

    def resolver(self, session: Session) -> Resolver:
        """The alias index, rebuilt only when speakers or entities were added (by any process)."""
        signature = (
            session.execute(select(func.count(), func.max(Speaker.id))).one(),
            session.execute(select(func.count(), func.max(Entity.id))).one(),
        )
        if self._resolver is None or signature != self._signature:
            entities = [
                EntityRef(e.id, e.key, e.name, tuple(e.aliases), tuple(e.demonyms))
                for e in repo.all_entities(session)
            ]
            speakers = [
                SpeakerRef(s.id, s.name, tuple(s.aliases), s.role, s.entity_id)
                for s in repo.all_speakers(session)
            ]
            self._resolver = Resolver(entities, speakers, load_gazetteer().ambiguous_aliases)
            self._signature = signature
        return self._resolver

    def answer(self, session: Session, text: str, *, limit: int = 3) -> Answer:
        resolver = self.resolver(session)
        question = parse(text, resolver)
        result = Answer(question)
        pool = self._candidates(session, question, resolver)
        weights = self._term_weights(session, question)
        scored = [s for s in (self._score(st, question, resolver, weights) for st in pool) if s]
        scored.sort(key=lambda s: (-s.score, s.statement.id))
        if question.latest:
            scored.sort(
                key=lambda s: s.statement.said_on.toordinal() if s.statement.said_on else 0,
                reverse=True,
            )
        result.ranked = _diversify(scored, question, limit)
        if not result.ranked:
            result.reason = self._why_not(question, resolver)
            counts = repo.approved_counts_by_speaker(session)
            result.known_speakers = sorted(
                (
                    (resolver.speakers[i].name, n)
                    for i, n in counts.items()
                    if i in resolver.speakers
                ),
                key=lambda pair: (-pair[1], pair[0]),
            )
        return result

    # --- retrieval ------------------------------------------------------------------------

    def _candidates(self, session: Session, q: Question, resolver: Resolver) -> list[Statement]:
        search_terms = [t for term in q.terms for t in expand(term)]
        search_terms += list(q.alias_terms) + list(q.topic_entity_terms)
        ids = [
            h.statement_id
            for h in self.store.search.search(session, search_terms, CANDIDATES_FROM_SEARCH)
        ]
        party_speakers = set(q.speaker_ids) or {
            s.id for s in resolver.speakers.values() if s.entity_id in q.subject_entity_ids
        }
        ids += repo.approved_ids_for_speakers(session, party_speakers, CANDIDATES_PER_PARTY)
        return repo.statements_by_ids(session, list(dict.fromkeys(ids)))

    def _term_weights(self, session: Session, q: Question) -> dict[str, float]:
        """Inverse document frequency: "grain" tells more than "deal"."""
        if not q.terms:
            return {}
        size = self.store.search.size(session)
        df = self.store.search.document_frequency(session, q.terms)
        return {t: math.log((size + 1) / (df.get(t, 0) + 0.5)) + 0.1 for t in q.terms}

    # --- scoring --------------------------------------------------------------------------

    def _score(
        self, st: Statement, q: Question, resolver: Resolver, weights: dict[str, float]
    ) -> Scored | None:
        if st.status != "approved":
            return None
        speaker = st.speaker
        if q.speaker_ids and speaker.id not in q.speaker_ids:
            return None
        if (
            not q.speaker_ids
            and q.subject_entity_ids
            and speaker.entity_id not in q.subject_entity_ids
        ):
            return None
        body, context, who = (set(part.split()) for part in index_fields(st))
        coverage = _coverage(q, weights, body, context)
        if q.topic_entity_ids:
            mentioned = {
                i
                for m in resolver.find(
                    " ".join([st.text, *(p.text for p in st.points), st.context])
                )
                if m.kind == "entity"
                for i in m.target_ids
            }
            topic_hit = 1.0 if mentioned & q.topic_entity_ids else 0.0
            coverage = topic_hit if not q.terms else 0.75 * coverage + 0.25 * topic_hit
        kind_match = bool(st.kind and st.kind in q.kinds)
        has_topic = bool(q.terms or q.topic_entity_ids)
        if has_topic and coverage < MIN_COVERAGE:
            return None
        if not has_topic:
            if not q.names_someone:
                return None
            if q.intent == "conditions" and not kind_match:
                return None
        score = 2.0 * coverage
        score += 0.8 if kind_match else 0.0
        score += 0.3 if (kind_match and st.points) else 0.0
        score += 0.5 if any(t in who for t in q.alias_terms) else 0.0
        score += 0.15 if st.direct else 0.0
        score += 0.1 * st.confidence
        return Scored(st, score, coverage)

    def _why_not(self, q: Question, resolver: Resolver) -> str:
        if q.speaker_ids:
            names = " or ".join(sorted(resolver.speakers[i].name for i in q.speaker_ids))
            return f"I have no statement from {names} that answers this."
        if q.subject_entity_ids:
            names = " or ".join(sorted(resolver.entities[i].name for i in q.subject_entity_ids))
            return f"I have no statement from {names} that answers this."
        if not q.terms and not q.topic_entity_ids:
            return "I could not tell who or what the question is about."
        return "I have no statement that answers this."


def _coverage(q: Question, weights: dict[str, float], body: set[str], context: set[str]) -> float:
    if not q.terms:
        return 0.0
    total = sum(weights.values()) or 1.0
    got = 0.0
    for term in q.terms:
        synonyms = expand(term) - {term}
        if term in body:
            credit = 1.0
        elif synonyms & body or term in context:
            credit = 0.8
        elif synonyms & context:
            credit = 0.6
        else:
            credit = 0.0
        got += credit * weights.get(term, 1.0)
    return got / total


def _diversify(scored: list[Scored], q: Question, limit: int) -> list[Scored]:
    """Best first, but not five quotes from one person unless that person was asked about."""
    per_speaker: dict[int, int] = {}
    chosen, held_back = [], []
    for s in scored:
        sid = s.statement.speaker_id
        if sid not in q.speaker_ids and per_speaker.get(sid, 0) >= PER_SPEAKER:
            held_back.append(s)
            continue
        per_speaker[sid] = per_speaker.get(sid, 0) + 1
        chosen.append(s)
    return (chosen + held_back)[: max(limit, 0)] if limit else chosen + held_back
