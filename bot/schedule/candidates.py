"""A period's statements as a digest weighs them: loaded as plain columns (a day at a
million statements holds thousands), scored by `significance`, with what stories need.

Only what ranks goes on to the costlier steps: the `POOL` best by who and what get their
citations (how widely, and the documents a heading may come from), their earlier
statements (what is new) and their terms (stories). The few shown are loaded in full by
the caller.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.schedule import queries
from bot.schedule import significance as sig
from bot.schedule.filters import Matcher
from bot.schedule.stories import Reported, statement_terms, text_terms
from bot.text.analysis import fold
from bot.text.offices import office_level

POOL = 200  # statements weighed in full per digest
EARLIER = 15  # a speaker's earlier statements a new one is compared with
EARLIER_SPEAKERS = 40  # speakers whose earlier statements are read (the best-ranked)
MIN_WORDS = 2  # one word alone ("Washington") tells nothing
# A quote ending on one of these stops mid-clause ("… would back sanctions, while").
_DANGLING = frozenset(
    "a an the and or but nor while whereas because that which who what of to in on at by "
    "for with from as if than about out up off".split()
)
# A clause starting with one of these lost its subject to the reporting sentence.
_NO_SUBJECT = frozenset(
    "was were is are am has have had would will could should did does do been being".split()
)
_ARTICLES = frozenset({"a", "an", "the"})  # "the measures will …" starts a clause
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass
class Candidate:
    id: int
    speaker_id: int
    speaker: str
    speaker_kind: str
    entity: str | None
    role: str | None
    kind: str | None
    text: str
    direct: bool
    sentence: str | None
    sentence_offset: int | None
    said_on: date | None
    level: sig.Office = sig.Office.OTHER
    reports: tuple[Reported, ...] = ()
    outlets: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()  # its words' and its news reports' titles'
    own_terms: frozenset[str] = frozenset()  # its words' alone
    novelty: float = 1.0
    score: float = 0.0

    @property
    def official(self) -> bool:
        return self.level > sig.Office.OTHER

    @property
    def in_sentence(self) -> bool:
        """Whether the source's sentence holds the words where it says (then the words are
        shown inside it, as answers show them)."""
        at = self.sentence_offset
        return bool(
            self.sentence
            and at is not None
            and at >= 0
            and self.sentence[at : at + len(self.text)] == self.text
            and (self.sentence[:at] + self.sentence[at + len(self.text) :]).strip()
        )


def readable(text: str, direct: bool, in_sentence: bool) -> bool:
    """Whether the words make sense shown on their own: inside their sentence always; alone,
    only with a few words that do not stop mid-clause, and, for a direct quote, that start
    as a sentence does (a quote starting in lower case is a piece of one)."""
    if in_sentence:
        return True
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS or fold(words[-1]) in _DANGLING:
        return False
    if words[0].islower() and fold(words[0]) in (_DANGLING - _ARTICLES) | _NO_SUBJECT:
        return False  # "of disastrous consequences …", "was wrong, and …": a clause's rest
    first = text.lstrip(" \"'“‘«—-–…")[:1]
    return not direct or not first.isalpha() or first.isupper()


def load(session: Session, ids: Sequence[int], matcher: Matcher) -> list[Candidate]:
    """The statements `ids` as candidates (those the channel's filters keep)."""
    if not ids:
        return []
    found: list[Candidate] = []
    # Read by position (bot/schedule/queries.py `candidate_rows` names the columns).
    for row in queries.candidate_rows(session, ids, topics=bool(matcher.topics)):
        tags, body = (row[13] or (), f"{row[8]} {row[14] or ''}") if matcher.topics else ((), "")
        if not matcher.matches_parts(row[1], row[4], row[7], tags, body):
            continue
        candidate = Candidate(
            id=row[0],
            speaker_id=row[1],
            speaker=row[2],
            speaker_kind=row[3] or "person",
            entity=row[5],
            role=row[6],
            kind=row[7],
            text=row[8],
            direct=bool(row[9]),
            sentence=row[10],
            sentence_offset=row[11],
            said_on=row[12],
        )
        candidate.level = office_level(
            candidate.role, candidate.speaker_kind, candidate.entity is not None
        )
        found.append(candidate)
    return found


def first_pass(candidates: list[Candidate], pool: int = POOL) -> list[Candidate]:
    """The readable `pool` best by who and what (newest first among equals)."""
    ranked = sorted(
        candidates,
        key=lambda c: (-(sig.office_weight(c.level) + sig.kind_weight(c.kind)), -c.id),
    )
    kept: list[Candidate] = []
    for c in ranked:  # best first, so only about `pool` are read for readability
        if len(kept) == pool:
            break
        if readable(c.text, c.direct, c.in_sentence):
            kept.append(c)
    return kept


def add_reports(session: Session, candidates: Sequence[Candidate]) -> None:
    """The documents and outlets carrying each candidate's words."""
    by_id = {c.id: c for c in candidates}
    if not by_id:
        return
    reports: dict[int, set[Reported]] = defaultdict(set)
    outlets: dict[int, set[str]] = defaultdict(set)
    for statement_id, doc_id, title, kind, outlet in queries.reports_of(session, by_id):
        reports[statement_id].add(Reported(doc_id, title, kind))
        if outlet:
            outlets[statement_id].add(fold(outlet).strip())
    # Speakers' names tell who, not what about: left out, the same speaker's statements on
    # two topics ("…, says Johnson") do not make one story.
    names = frozenset(t for c in candidates for t in text_terms(c.speaker))
    for sid, candidate in by_id.items():
        candidate.reports = tuple(sorted(reports[sid], key=lambda r: r.document_id))
        candidate.outlets = frozenset(outlets[sid])
        candidate.own_terms = text_terms(candidate.text)
        titles = statement_terms("", candidate.reports)
        candidate.terms = (candidate.own_terms | titles) - names


def add_novelty(session: Session, candidates: Sequence[Candidate], since: datetime | None) -> None:
    """Compare each candidate with its speaker's latest statements approved before the
    period (a digest from the beginning has nothing earlier: everything is new)."""
    if since is None:
        return
    speakers = list(dict.fromkeys(c.speaker_id for c in candidates))[:EARLIER_SPEAKERS]
    earlier: dict[int, list[frozenset[str]]] = {}
    for speaker_id in speakers:
        texts = queries.earlier_texts(session, speaker_id, since, EARLIER)
        earlier[speaker_id] = [text_terms(t) for t in texts]
    for candidate in candidates:
        if candidate.speaker_id in earlier:
            candidate.novelty = sig.novelty(candidate.own_terms, earlier[candidate.speaker_id])


def score(candidates: Sequence[Candidate], weights: sig.Weights = sig.WEIGHTS) -> None:
    for c in candidates:
        documents = len({r.document_id for r in c.reports}) or 1
        c.score = sig.significance(
            c.level, c.kind, documents, len(c.outlets) or 1, c.novelty, weights
        )
