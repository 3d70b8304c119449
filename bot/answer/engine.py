"""Retrieval, ranking and abstention over approved statements.

Candidates come from the full-text index, limited inside the index to the side the
question asks about (its speakers or entities) when it names one, plus that side's most
recent or most fitting statements when the question has no topic words. Each candidate is
scored on light rows (no ORM objects) on what the question actually asks: how much of its
topic the statement covers (rare words weigh more), whether it is the kind of statement
asked for, and whether it is a quote rather than a fragment. Statements that do not
clearly answer are dropped; when none remain the engine abstains rather than guess. Only
the winners are loaded in full.
"""

from __future__ import annotations

import gc
import math
import re
import time
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.answer.analysis import terms as analyse
from bot.answer.bag import WordBag
from bot.answer.entities import EntityRef, Resolver, SpeakerRef
from bot.answer.gazetteer import ambiguous_aliases
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
CANDIDATES_WITHOUT_TOPIC = 60
PER_SPEAKER = 2
# A candidate is checked for repeating the last few kept ones of its speaker, no more.
DUPLICATE_LOOKBACK = 12
DUPLICATE_MIN_WORDS = 5
NEAR_DUPLICATE_SHARE = 0.6
SIZE_TTL_S = 60.0
RESOLVER_CHECK_S = 5.0
# The words around a statement tell what it is about, but less surely than its own words.
CONTEXT_CREDIT = 0.6
COMMON_WORD_SHARE = 0.05
COMMON_WORD_MIN_INDEX = 20_000
DF_CACHE_SIZE = 20_000
SHORT_FRAGMENT_WORDS = 4
# The speaker's exact words over a reporter's paraphrase of them: a paraphrase names its
# topic in the reporter's words, so on word overlap alone it would win too often.
DIRECT_QUOTE = 0.35
# A statement cut off after one of these ("… against using chemical weapons and") is a
# broken fragment of reported speech, not something the speaker can be shown saying.
_DANGLING = frozenset(
    "a an the and or but nor of to in on at by for from with as than that which who whom "
    "whose is are was were be been its their his her our your my this these those".split()
)
_SENTENCE_END = tuple(".!?…")
_LAST_WORD = re.compile(r"(\w+)\W*$")


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
    body: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)
    who: set[str] = field(default_factory=set)


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
        """Load what answering keeps (the alias index, word lists, word frequencies) before
        the first question, for a process that will answer many.

        Then the objects alive are frozen out of the garbage collector's view: they live
        as long as the process, yet every full collection walked them all, a 70 ms pause
        every fifty-odd questions at a million statements (the 99th percentile)."""
        self.answer(session, "what did anyone say about anything")
        gc.collect()
        gc.freeze()

    def answer_question(self, session: Session, question: Question, *, limit: int = 3) -> Answer:
        """Rank for an already understood question (commands build their own)."""
        resolver = self.resolver(session)
        result = Answer(question)
        if question.unknown_party:
            result.reason = f"I have no statements from {question.unknown_party}."
            result.known_speakers = self._known_speakers(session, resolver)
            return result
        if _too_thin(question):
            result.reason = (
                "That names no one and says too little of a topic for me to find who said "
                "what; ask about a person, a country or an organisation, or a phrase."
            )
            result.known_speakers = self._known_speakers(session, resolver)
            return result
        size = self._index_size(session)
        primary, extra = _search_words(question)
        df = self._frequencies(session, primary + extra)
        weights = {
            t: math.log((size + 1) / (df.get(t, 0) + 0.5)) + 0.1
            for t in (*question.terms, *question.circumstance)
        }
        search = self.store.search
        words = _selective(primary, extra, df, size, search.match_budget)
        candidates = self._candidates(session, question, words, df)
        topic_forms = _entity_forms(resolver, question.topic_entity_ids)
        scored = [
            (score, coverage, c)
            for c in candidates
            for score, coverage in [_score(c, question, weights, topic_forms)]
            if score is not None
        ]
        if question.latest:
            scored.sort(key=lambda s: (-(s[2].said_on or date.min).toordinal(), -s[0], s[2].id))
        else:
            scored.sort(key=lambda s: (-s[0], s[2].id))
        chosen = _diversify(scored, question, limit)
        rows = {s.id: s for s in repo.statements_by_ids(session, [c.id for _, _, c in chosen])}
        result.ranked = [Scored(rows[c.id], score, cov) for score, cov, c in chosen if c.id in rows]
        if not result.ranked:
            result.reason = _why_not(question, resolver)
            result.known_speakers = self._known_speakers(session, resolver)
        return result

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
        exclude = party_tokens(speaker_ids=q.topic_speaker_ids) if q.intent == "who_said" else []
        ids = [
            h.statement_id
            for h in search.search(
                session, words, q.pool or CANDIDATES_FROM_SEARCH, parties, exclude, counts=df
            )
        ]
        if parties and (not q.terms or q.intent == "conditions"):
            ids += _recent_by_party(session, q, q.pool or CANDIDATES_WITHOUT_TOPIC)
        ids = list(dict.fromkeys(ids))
        candidates = _light_rows(session, ids)
        for cid, (body, context, who) in search.fields(session, ids).items():
            if cid in candidates:
                c = candidates[cid]
                c.body, c.context, c.who = WordBag(body), WordBag(context), WordBag(who)
        return [candidates[i] for i in ids if i in candidates and candidates[i].body]

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
    kept, matched = [], 0
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
        r[0]: Candidate(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] // 6, r[8], r[9], r[10])
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


def _score(
    c: Candidate,
    q: Question,
    weights: dict[str, float],
    topic_forms: list[tuple[int, tuple[str, ...]]],
) -> tuple[float | None, float]:
    if q.speaker_ids and c.speaker_id not in q.speaker_ids:
        return None, 0.0
    if not q.speaker_ids and q.subject_entity_ids and c.entity_id not in q.subject_entity_ids:
        return None, 0.0
    if q.intent == "who_said" and c.speaker_id in q.topic_speaker_ids:
        return None, 0.0
    coverage = _coverage(q, weights, c)
    if topic_forms:
        topic_hit = _topic_share(c, topic_forms, strict=not q.terms)
        coverage = topic_hit if not q.terms else 0.75 * coverage + 0.25 * topic_hit
    kind_match = bool(c.kind and c.kind in q.kinds)
    has_topic = bool(q.terms or topic_forms)
    if has_topic and coverage < _min_coverage(q):
        return None, coverage
    if (
        not q.names_someone
        and q.terms
        and _share(q, q.terms, weights, c.body, set()) < (MIN_OWN_WORDS_UNNAMED)
    ):
        # With no side named, nothing narrows the field but the words: the statement must
        # say much of the topic itself, not only stand near a paragraph that does.
        return None, coverage
    if not has_topic:
        if not q.names_someone:
            return None, coverage
        if q.intent == "conditions" and not kind_match:
            return None, coverage
    score = 2.0 * coverage
    # With no topic words, when it was said is all the question tells of what it is about.
    circumstance_weight = 0.6 if q.terms else 2.0
    score += circumstance_weight * _share(q, q.circumstance, weights, c.body, c.context)
    score += 0.8 if kind_match else 0.0
    # Enumerated conditions ("two conditions: first … second …") are what a conditions
    # question asks for; elsewhere, points only mark a structured statement.
    score += (0.6 if q.intent == "conditions" else 0.3) if (kind_match and c.points) else 0.0
    score += 0.5 if any(t in c.who for t in q.alias_terms) else 0.0
    score += DIRECT_QUOTE if c.direct else 0.0
    score += 0.1 * c.confidence
    if c.words < SHORT_FRAGMENT_WORDS and q.intent != "who_said":
        # A two-word scare quote says little on its own; prefer whole statements.
        score -= 0.3
    score += _form(c)
    return score, coverage


def _topic_share(
    c: Candidate, topic_forms: list[tuple[int, tuple[str, ...]]], *, strict: bool
) -> float:
    """The share of the topic entities the statement names ("Finland and Sweden"). When
    they are the whole topic ("Blinken on China"), naming them only in the words around
    the statement earns less; beside topic words, they just place the statement."""
    credit: dict[int, float] = {eid: 0.0 for eid, _ in topic_forms}
    around = CONTEXT_CREDIT if strict else 1.0
    for eid, form in topic_forms:
        if all(s in c.body for s in form):
            credit[eid] = 1.0
        elif all(s in c.body or s in c.context for s in form):
            credit[eid] = max(credit[eid], around)
    return sum(credit.values()) / len(credit)


def _form(c: Candidate) -> float:
    """A clause cut off mid-phrase does not read as the speaker's answer."""
    ending = c.ending.rstrip(" \"'’”»)]")
    last = _LAST_WORD.search(ending)
    if last and last.group(1).lower() in _DANGLING and not ending.endswith(_SENTENCE_END):
        return -0.3
    return 0.0


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


def _coverage(q: Question, weights: dict[str, float], c: Candidate) -> float:
    if q.names_someone and q.intent != "who_said":
        # "Ukraine's presidential economic adviser": words of the speaker's role describe
        # who is asked, and the statement need not repeat them.
        described = {t for t, forms in q.role_word_forms if any(f in c.who for f in forms)}
        if described:
            return _share(q, q.terms, weights, c.body | described, c.context)
    return _share(q, q.terms, weights, c.body, c.context)


def _share(
    q: Question,
    terms: tuple[str, ...],
    weights: dict[str, float],
    body: set[str],
    context: set[str],
) -> float:
    """How much of `terms` (by weight) the statement says, or the words around it do. A
    synonym says a little less than the word; another form of a name says it all."""
    if not terms:
        return 0.0
    total = sum(weights.get(t, 1.0) for t in terms) or 1.0
    got = 0.0
    forms = q.term_forms
    for term in terms:
        same, synonyms = forms.get(term) or (frozenset({term}), frozenset())
        if same & body:
            credit = 1.0
        elif synonyms & body:
            credit = 0.8
        elif same & context:
            credit = CONTEXT_CREDIT
        elif synonyms & context:
            credit = CONTEXT_CREDIT * 0.75
        else:
            credit = 0.0
        got += credit * weights.get(term, 1.0)
    return got / total


def _diversify(
    scored: list[tuple[float, float, Candidate]], q: Question, limit: int
) -> list[tuple[float, float, Candidate]]:
    """Best first, but not five quotes from one person unless that person was asked about,
    and not the same words twice (a quote and a longer version of it from another report)."""
    per_speaker: dict[int, int] = {}
    kept: dict[int, list[frozenset[str]]] = {}
    chosen, held_back = [], []
    for item in scored:
        if limit and len(chosen) >= limit:
            break  # held-back statements would only come after these
        c = item[2]
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
