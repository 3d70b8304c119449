"""Answering: understand the question, retrieve candidates two ways, rank, and abstain.

The passes, in order (`Answerer.answer_question`):

1. refuse what cannot be answered honestly: a speaker the store has never heard of, a
   question too thin to search for;
2. retrieve: the full-text index (words of the topic; rare words first, within a bounded
   amount of work) and the statement vectors (the question's meaning), both limited inside
   the index to the side the question names; a side's newest statements when the question
   has no topic words (its newest of the kinds asked for, and those saying the settlement
   words, when it asks for conditions);
3. read light rows (no ORM objects), the analysed fields and the exact vectors of every
   candidate, however it was found, so all are scored alike;
4. score: each candidate's features (bot.answer.features) weighed by the fitted model
   (bot.answer.model); commands that list many statements (timelines, comparisons) keep
   only those that say enough of the topic themselves;
5. diversify: not five quotes from one person unless asked, never the same words twice;
6. abstain: answer only when the best statement's fitted confidence is high enough, and show
   further statements only while theirs is;
7. load the winners in full.

A question asking for a side's conditions takes its own way through passes 5-7
(bot.answer.conditions): the side's conditions and demands are sure enough to show as in
pass 6, then merged into points, one per condition however many documents or speakers
stated it, ordered by topic, how often and how recently (bot.answer.positions).
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.answer import conditions
from bot.answer.analysis import terms as analyse
from bot.answer.bag import WordBag
from bot.answer.dense import NoVectors, Vectors
from bot.answer.entities import EntityRef, Resolver, SpeakerRef
from bot.answer.features import Asked, Candidate, Setting, features, term_weight
from bot.answer.gazetteer import ambiguous_aliases
from bot.answer.model import AnswerModel, shipped
from bot.answer.question import Question, parse
from bot.store import reads, repo
from bot.store.models import Entity, Speaker, Statement
from bot.store.search import party_tokens
from bot.store.store import Store

MIN_COVERAGE = 0.6
MIN_COVERAGE_ENTITY = 0.5
MIN_COVERAGE_PERSON = 0.4
MIN_OWN_WORDS_UNNAMED = 0.34
CANDIDATES_FROM_SEARCH = 150
CANDIDATES_FROM_VECTORS = 120
# With vectors on, the share of the full-text search's match budget a question ranks.
LEXICAL_SHARE_WITH_VECTORS = 0.4
CANDIDATES_WITHOUT_TOPIC = 60
PER_SPEAKER = 2
# A candidate is checked for repeating the last few kept ones of its speaker, no more.
DUPLICATE_LOOKBACK = 12
DUPLICATE_MIN_WORDS = 5
NEAR_DUPLICATE_SHARE = 0.6
SIZE_TTL_S = 60.0
RESOLVER_CHECK_S = 5.0
COMMON_WORD_SHARE = 0.05
COMMON_WORD_MIN_INDEX = 20_000
DF_CACHE_SIZE = 20_000


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


@dataclass
class Ranked:
    """A candidate on its way through the passes."""

    candidate: Candidate
    features: dict[str, float]
    score: float
    confidence: float = 0.0


class Answerer:
    def __init__(
        self, store: Store, *, vectors: Vectors | None = None, model: AnswerModel | None = None
    ) -> None:
        self.store = store
        self.vectors: Vectors = vectors if vectors is not None else _store_vectors(store)
        self.model = model or shipped()
        self._resolver: Resolver | None = None
        self._signature: tuple | None = None
        self._size: tuple[float, int] | None = None  # (when counted, indexed statements)
        self._df: dict[str, tuple[float, int]] = {}  # word -> (when counted, frequency)
        self._checked = 0.0
        self._known: tuple[Resolver, tuple[int, int, int], list[tuple[str, int]]] | None = None

    def resolver(self, session: Session) -> Resolver:
        """The alias index, rebuilt when speakers or entities changed (in any process);
        checked at most every few seconds, since checking costs two queries a question."""
        now = time.monotonic()
        if self._resolver is not None and now - self._checked < RESOLVER_CHECK_S:
            return self._resolver
        self._checked = now
        signature = (
            tuple(session.execute(select(func.count(), func.max(Speaker.id))).one()),
            tuple(session.execute(select(func.count(), func.max(Entity.id))).one()),
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
            self._resolver = Resolver(entities, speakers, ambiguous_aliases(entities))
            self._signature = signature
        return self._resolver

    def answer(self, session: Session, text: str, *, limit: int = 3) -> Answer:
        return self.answer_question(session, parse(text, self.resolver(session)), limit=limit)

    def prepare(self, session: Session) -> None:
        """Load what answering keeps (the vector index, the alias index, word lists, word
        frequencies) before the first question, for a process that will answer many: the
        vector index takes seconds to load at a million statements.

        Then the objects alive are frozen out of the garbage collector's view: they live
        as long as the process, yet every full collection walked them all, a 70 ms pause
        every fifty-odd questions at a million statements (the 99th percentile)."""
        prepare_vectors = getattr(self.vectors, "prepare", None)
        if prepare_vectors is not None:
            prepare_vectors(session)
        self.answer(session, "what did anyone say about anything")
        gc.collect()
        gc.freeze()

    def answer_question(self, session: Session, question: Question, *, limit: int = 3) -> Answer:
        """Rank for an already understood question (commands build their own, `listing`)."""
        resolver = self.resolver(session)
        result = Answer(question)
        refusal_reason = refusal(question)
        if refusal_reason:
            result.reason = refusal_reason
            result.known_speakers = self._known_speakers(session, resolver)
            return result
        ranked = self.rank(session, question)
        points = self._points(session, question, ranked, limit)
        if points is None:
            chosen = diversify(ranked, question, limit)
            if not question.listing:
                chosen = self._confident(chosen, question)
            points = [conditions.Chosen(r, ()) for r in chosen]
        wanted = [i for p in points for i in (p.shown.candidate.id, *p.also)]
        rows = {s.id: s for s in repo.statements_by_ids(session, wanted)}
        result.ranked = [
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
            for p in points
            if (r := p.shown).candidate.id in rows
        ]
        if not result.ranked:
            result.reason = _why_not(question, resolver)
            result.known_speakers = self._known_speakers(session, resolver)
        return result

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
            stated = self._confident(stated, q)
        if not stated:
            return None
        return conditions.choose(session, stated, q, self.vectors, limit)

    def rank(self, session: Session, question: Question) -> list[Ranked]:
        """Passes 2-4: every candidate on the question's side with its features and score,
        best first (`benchmarks/fit_answering.py` fits the model on these)."""
        resolver = self.resolver(session)
        size = self._index_size(session)
        primary, extra = _search_words(question)
        df = self._frequencies(session, primary + extra)
        weights = {
            t: term_weight(size, df.get(t, 0)) for t in (*question.terms, *question.circumstance)
        }
        words = _selective(primary, extra, df, size, self._lexical_budget())
        candidates = self._candidates(session, question, words, df)
        topic_forms = _entity_forms(resolver, question.topic_entity_ids)
        asked = Asked(question, weights, topic_forms, df)
        kept = [c for c in candidates if _on_side(c, question)]
        for c in kept:
            asked.find(c)
        if question.listing:
            kept = [c for c in kept if _says_enough(c, asked)]
        elif not question.names_someone and question.terms:
            # Naming no one, nothing narrows the field but the words: a statement whose own
            # words say none of the topic (only the paragraph around it does) answers nothing.
            kept = [c for c in kept if asked.own_words(asked.topic_levels(c)) > 0]
        setting = Setting.of(kept, asked)
        score = self.model.score
        ranked = []
        for c in kept:
            found = features(c, asked, setting)
            ranked.append(Ranked(c, found, score(found)))
        if question.latest:
            ranked.sort(
                key=lambda r: (
                    -(r.candidate.said_on or date.min).toordinal(),
                    -r.score,
                    r.candidate.id,
                )
            )
        else:
            ranked.sort(key=lambda r: (-r.score, r.candidate.id))
        return ranked

    def _confident(self, chosen: list[Ranked], q: Question) -> list[Ranked]:
        """The statements sure enough to show: none unless the best reaches `answer_at`,
        then those reaching `also_show_at`. A question naming a side and nothing it is about
        ("what did Ned Price say", "what are the Kremlin's demands") is answered by any of
        that side's statements: confidence is about the topic, and there is none."""
        for r in chosen:
            r.confidence = self.model.confidence_of(_confidence_features(r, q))
        if only_a_side(q):
            return chosen
        if not chosen or chosen[0].confidence < self.model.answer_at:
            return []
        return [chosen[0]] + [r for r in chosen[1:] if r.confidence >= self.model.also_show_at]

    def _known_speakers(self, session: Session, resolver: Resolver) -> list[tuple[str, int]]:
        # Thousands of speakers to list and sort: kept while the counts' checksum (one
        # cheap aggregate, read every time) and the alias index stay the same.
        signature = reads.approved_counts_signature(session)
        if self._known is None or self._known[0] is not resolver or self._known[1] != signature:
            counts = repo.approved_counts_by_speaker(session)
            known = sorted(
                (
                    (resolver.speakers[i].name, n)
                    for i, n in counts.items()
                    if i in resolver.speakers
                ),
                key=lambda pair: (-pair[1], pair[0]),
            )
            self._known = (resolver, signature, known)
        return list(self._known[2])

    # --- retrieval ------------------------------------------------------------------------

    def _parties(self, q: Question) -> list[str]:
        if q.speaker_ids:
            return party_tokens(speaker_ids=q.speaker_ids)
        return party_tokens(entity_ids=q.subject_entity_ids)

    def _candidates(
        self, session: Session, q: Question, words: list[str], df: dict[str, int]
    ) -> list[Candidate]:
        search = self.store.search
        parties = self._parties(q)
        # "Who criticised Putin" is answered by others: his own words are not searched.
        left_out = set(q.excluded_speaker_ids)
        if q.intent == "who_said":
            left_out |= q.topic_speaker_ids
        exclude = party_tokens(speaker_ids=left_out)
        lexical = [
            h.statement_id
            for h in search.search(
                session,
                words,
                q.pool or CANDIDATES_FROM_SEARCH,
                parties,
                exclude,
                counts=df,
                budget=self._lexical_budget(),
            )
        ]
        dense: list[int] = []
        vector = self.vectors.question_vector(q.text) if words or q.names_someone else None
        if vector is not None:
            dense = [
                i
                for i, _ in self.vectors.nearest(
                    session,
                    vector,
                    CANDIDATES_FROM_VECTORS,
                    speaker_ids=q.speaker_ids,
                    entity_ids=() if q.speaker_ids else q.subject_entity_ids,
                    exclude_speaker_ids=left_out,
                )
            ]
        recent: list[int] = []
        if parties and (not q.terms or q.intent == "conditions"):
            pool = conditions.POOL if q.intent == "conditions" else CANDIDATES_WITHOUT_TOPIC
            recent = _recent_by_party(session, q, q.pool or pool)
        settled: list[int] = []
        if parties and q.intent == "conditions" and not conditions.has_topic(q):
            # "What are Russia's conditions?" means for ending the war, for talks.
            words = conditions.settlement_search_words()
            settled = [
                h.statement_id
                for h in search.search(
                    session,
                    words,
                    conditions.SETTLEMENT_POOL,
                    parties,
                    exclude,
                    counts=self._frequencies(session, words),
                    budget=min(self._lexical_budget(), conditions.SETTLEMENT_BUDGET),
                )
            ]
        ids = list(dict.fromkeys([*lexical, *dense, *recent, *settled]))
        candidates = _light_rows(session, ids)
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
            for cid, v in self.vectors.exact(session, list(candidates)).items():
                candidates[cid].dense = float(v @ vector)
        return [candidates[i] for i in ids if i in candidates and candidates[i].body]

    def _lexical_budget(self) -> int:
        """How many full-text matches one question may rank. The vector search finds what
        the words miss, so with vectors on the words need rank fewer of a common word's
        matches (at a million statements, ranking SQLite's 15,000 cost up to 40 ms and
        PostgreSQL's 2,000 up to 75 ms)."""
        budget = self.store.search.match_budget
        if not self.vectors.enabled:
            return budget
        return max(1, round(budget * LEXICAL_SHARE_WITH_VECTORS))

    def _frequencies(self, session: Session, words: list[str]) -> dict[str, int]:
        """Document frequencies, remembered for a minute: questions share their words."""
        now = time.monotonic()
        # Looked up word by word: scanning the whole cache (up to DF_CACHE_SIZE words) on
        # every question would cost more than the look-up saves.
        known = {}
        for w in words:
            hit = self._df.get(w)
            if hit is not None and now - hit[0] <= SIZE_TTL_S:
                known[w] = hit[1]
        missing = [w for w in words if w not in known]
        if missing:
            for word, n in self.store.search.document_frequency(session, missing).items():
                self._df[word] = (now, n)
                known[word] = n
            if len(self._df) > DF_CACHE_SIZE:
                self._df.clear()
        return known

    def _index_size(self, session: Session) -> int:
        """The index's size for word weights; counting a million rows on every question
        would cost more than the answer, and weights barely move in a minute."""
        now = time.monotonic()
        if self._size is None or now - self._size[0] > SIZE_TTL_S:
            self._size = (now, self.store.search.size(session))
        return self._size[1]


def _search_words(q: Question) -> tuple[list[str], list[str]]:
    """What the full-text query looks for: the question's own topic words, and extras that
    widen it (synonyms, the words naming the side asked about)."""
    primary = list(dict.fromkeys([*q.terms, *q.topic_entity_terms, *q.circumstance]))
    extra = [w for term in q.terms for w in q.forms(term)] + list(q.alias_terms)
    return primary, [w for w in dict.fromkeys(extra) if w not in primary]


def _selective(
    primary: list[str],
    extra: list[str],
    df: dict[str, int],
    size: int,
    budget: int = 15_000,
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
    if size < COMMON_WORD_MIN_INDEX:
        return primary + extra

    def common(word: str) -> bool:
        return df.get(word, 0) > size * COMMON_WORD_SHARE

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


def _recent_by_party(session: Session, q: Question, limit: int) -> list[int]:
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


def _light_rows(session: Session, ids: list[int]) -> dict[int, Candidate]:
    # Words are estimated from characters, so no statement's text is read to score it.
    return {
        r[0]: Candidate(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7] // 6,
            r[8],
            r[9],
            r[10],
            document_id=r[11],
        )
        for r in reads.light_rows(session, ids)
    }


def _entity_forms(
    resolver: Resolver, entity_ids: frozenset[int]
) -> list[tuple[int, tuple[str, ...]]]:
    """Each way of naming the topic entities, as analysed terms ("kremlin", "unit state")."""
    forms = []
    for i in entity_ids:
        e = resolver.entities[i]
        for phrase in (e.name, *e.aliases, *e.demonyms):
            stems = tuple(analyse(phrase))
            if stems:
                forms.append((i, stems))
    return forms


def _on_side(c: Candidate, q: Question) -> bool:
    """Whether the statement is by the side the question asks about."""
    if q.speaker_ids and c.speaker_id not in q.speaker_ids:
        return False
    if not q.speaker_ids and q.subject_entity_ids and c.entity_id not in q.subject_entity_ids:
        return False
    if q.intent == "who_said" and c.speaker_id in q.topic_speaker_ids:
        return False
    return c.speaker_id not in q.excluded_speaker_ids


def _says_enough(c: Candidate, asked: Asked) -> bool:
    """For commands listing a side's statements on a topic: the statement (or the words
    around it) says most of the topic; with no side named, its own words must."""
    q = asked.q
    has_topic = bool(q.terms or asked.entities)
    levels = asked.topic_levels(c)
    if has_topic and asked.coverage(c, levels) < _min_coverage(q):
        return False
    if not q.names_someone and q.terms and asked.own_words(levels) < MIN_OWN_WORDS_UNNAMED:
        return False
    if not has_topic:
        if not q.names_someone:
            return False
        if q.intent == "conditions" and not (c.kind and c.kind in q.kinds):
            return False
    return True


def only_a_side(q: Question) -> bool:
    return q.names_someone and not (q.terms or q.topic_entity_ids or q.circumstance or q.when)


def confidence_features(features: dict[str, float], score: float, q: Question) -> dict[str, float]:
    """What the confidence model reads of a statement (besides its ranking features)."""
    named = 1.0 if q.names_someone else 0.0
    return {
        **features,
        "score": score,
        "names_someone": named,
        "has_topic": 1.0 if q.terms or q.topic_entity_ids else 0.0,
        "has_when": 1.0 if q.when else 0.0,
        # With no side named, nothing narrows the field but the words: the statement's own
        # words must say the topic (not only the paragraph around it).
        "unnamed_own_words": features["own_words"] * (1.0 - named),
    }


def _confidence_features(r: Ranked, q: Question) -> dict[str, float]:
    return confidence_features(r.features, r.score, q)


def refusal(q: Question) -> str:
    """Why the question cannot be answered honestly at all, or ""."""
    if q.unknown_party:
        return f"I have no statements from {q.unknown_party}."
    if _too_thin(q):
        return (
            "That names no one and says too little of a topic for me to find who said "
            "what; ask about a person, a country or an organisation, or a phrase."
        )
    return ""


def _store_vectors(store: Store) -> Vectors:
    """The store's statement vectors, or none when the store keeps none."""
    vectors = getattr(store, "vectors", None)
    return vectors if vectors is not None else NoVectors()


def _too_thin(q: Question) -> bool:
    """A question naming no one, asking no "who said", with a single topic word ("tell me a
    joke") would be answered by whoever happened to use that word."""
    return (
        not q.names_someone
        and q.intent != "who_said"
        and not q.topic_entity_ids
        and len(q.terms) + len(q.circumstance) < 2
    )


def _min_coverage(q: Question) -> float:
    """How much of the topic a statement must cover. Naming a person already narrows the
    field to their words, so part of the topic will do; naming no one needs most of it."""
    if q.speaker_ids:
        return MIN_COVERAGE_PERSON
    if q.subject_entity_ids:
        return MIN_COVERAGE_ENTITY
    return MIN_COVERAGE


def diversify(ranked: list[Ranked], q: Question, limit: int) -> list[Ranked]:
    """Best first, but not five quotes from one person unless that person was asked about,
    and not the same words twice (a quote and a longer version of it from another report)."""
    per_speaker: dict[int, int] = {}
    kept: dict[int, list[frozenset[str]]] = {}
    chosen: list[Ranked] = []
    held_back: list[Ranked] = []
    for item in ranked:
        if limit and len(chosen) >= limit:
            break  # held-back statements would only come after these
        c = item.candidate
        sid = c.speaker_id
        words = frozenset(c.body)
        same_speaker = kept.setdefault(sid, [])
        if any(_repeats(words, other) for other in same_speaker[-DUPLICATE_LOOKBACK:]):
            continue
        same_speaker.append(words)
        if sid not in q.speaker_ids and per_speaker.get(sid, 0) >= PER_SPEAKER:
            held_back.append(item)
            continue
        per_speaker[sid] = per_speaker.get(sid, 0) + 1
        chosen.append(item)
    ordered = chosen + held_back
    return ordered[:limit] if limit else ordered


def _repeats(words: frozenset[str], shown: frozenset[str]) -> bool:
    """Whether a statement's `words` repeat those of one `shown` above it (same speaker):
    the same words give or take a few ("in essence … X" and "X"), or all of its words are in
    `shown` and there are enough of them not to be a chance overlap with a long speech."""
    small, big = (words, shown) if len(words) <= len(shown) else (shown, words)
    if not small or not small <= big:
        return False
    if len(small) >= NEAR_DUPLICATE_SHARE * len(big):
        return True
    return small is words and len(small) >= DUPLICATE_MIN_WORDS


def _why_not(q: Question, resolver: Resolver) -> str:
    if q.speaker_ids:
        names = " or ".join(sorted(resolver.speakers[i].name for i in q.speaker_ids))
        return f"I have no statement from {names} that answers this."
    if q.subject_entity_ids:
        names = " or ".join(sorted(resolver.entities[i].name for i in q.subject_entity_ids))
        return f"I have no statement from {names} that answers this."
    if not q.terms and not q.topic_entity_ids:
        return "I could not tell who or what the question is about."
    return "I have no statement that answers this."
