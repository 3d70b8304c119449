"""Synthetic statement stores for benchmarks/scale.py, built from real corpus statements.

How a store of N statements is made (deterministic: the same N always gives the same rows):

- The *pool*: the dev corpus (../shared/corpus) ingested once through the real pipeline
  (`ingest_inputs`, auto-approval) into a scratch SQLite store; its approved statements
  (not the seed article's), de-duplicated by normalised words and ordered by document and
  position, give about 10k (text, context, kind, directness, confidence, tags, role,
  speaker, document title/outlet/date) records. No corpus text is stored in the repository.
- Statement i (0-based) is copy c = i // P of pool record p = i % P. Copy 0 keeps the real
  speaker and date, so a 10k store is essentially the ingested corpus. Copies 1… keep the
  words (and so the analysed index text) and move them to one of ~2,000 synthetic speakers
  ("Speaker 0001 Example", roles such as "Deputy Minister" that are not offices the question
  parser resolves), allotted to the gazetteer's entities in proportion to the pool's own
  statements per entity (at least 5 each; 5% of them have no entity). A copy goes to a
  speaker of the original speaker's entity while that entity has unused speakers for this
  text, then to the others: (speaker, words) fingerprints stay unique up to ~2,000 copies.
  Copies are dated by document: a day hashed from (copy, document) between 2018-01-01 and
  2024-12-31.
- ~95% approved (i hashed: 95 approved, 4 pending, 1 rejected in every 100); approved
  statements are reviewed the day after they were said, except every hundredth statement
  (i % 100 == 42), reviewed inside DIGEST_PERIOD (2025-01-06 .. 2025-01-13): ~1% of the
  store, for the digest timing.
- Documents: the statements of one copy of one original document, in chunks of at most
  20, make one synthetic document whose text is a copy-numbered header and those
  statements' words (so each citation's span is exact); title, outlet and date come from
  the original, the URL and content hash are unique per copy.
- Loading goes through SQLAlchemy Core `insert()` executemany in batches, with the search
  rows built directly in each backend's own format: the analysed (body, context, who) of
  `bot.store.search.index_fields`, reproduced from row data (body and context analysed once
  per pool record, who once per speaker and stated role). PostgreSQL's go through the
  backend's own batch insert, so its word-count triggers run as they do when answering
  indexes.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.engine import Connection

from bot.store.models import (
    Citation,
    Document,
    Entity,
    Source,
    Speaker,
    Statement,
    StatementPoint,
)
from bot.store.repo import _QUOTES, _SPACE, content_hash, fingerprint, slug
from bot.store.search import PostgresTsvectorBackend, party_tokens
from bot.store.store import Store
from bot.text.analysis import fold, index_text

SYNTHETIC_SPEAKERS = 2000
NO_ENTITY_SHARE = 0.05
MIN_PER_ENTITY = 5
STATEMENTS_PER_DOCUMENT = 20
BATCH = 10_000
FIRST_DAY = date(2018, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days + 1
DIGEST_PERIOD = (datetime(2025, 1, 6), datetime(2025, 1, 13))
HEADER = "Synthetic copy {:05d}\n\n"  # fixed width: the same offsets for every copy
SEPARATOR = "\n\n"
SYNTHETIC_ROLES = (
    "Deputy Minister",
    "Ambassador",
    "Member of Parliament",
    "Senior Adviser",
    "Regional Governor",
    "Deputy Spokesperson",
    "Envoy",
    "Committee Chair",
)
CREATED_AT = datetime(2025, 2, 1)
SYNTHETIC_SOURCE = "scale benchmark (synthetic)"


def h(*parts: object) -> int:
    """A stable hash (Python's own is salted per process)."""
    raw = "\x1f".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big")


# --- the pool -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolSpeaker:
    key: str
    name: str
    aliases: tuple[str, ...]
    role: str | None
    entity_key: str | None


@dataclass
class PoolItem:
    text: str
    context: str
    kind: str | None
    direct: bool
    confidence: float
    tags: list
    role: str | None
    said_on: date | None
    speaker: PoolSpeaker
    doc_id: int  # the original document (scratch store id)
    doc_title: str | None
    doc_outlet: str | None
    doc_published: date | None
    cited_title: str | None
    cited_outlet: str | None
    points: tuple[str, ...] = ()


def ingest_pool(corpus: Path, db_file: Path) -> dict:
    """The real pipeline, once: corpus JSONL -> scratch SQLite store, auto-approved."""
    from bot.ingest.batch import ingest_inputs
    from bot.ingest.inputs import read_path

    files = sorted((corpus / "news").glob("*.jsonl")) + sorted((corpus / "press").glob("*.jsonl"))
    if not files:
        raise SystemExit(f"no corpus JSONL files under {corpus}")
    store = Store.open(f"sqlite:///{db_file}")
    started = time.perf_counter()
    docs = statements = errors = 0
    for path in files:
        report = ingest_inputs(store, _read(read_path, path), auto_approve=True, actor="scale")
        docs += len(report.results)
        statements += sum(r.new_statements for r in report.results)
        errors += len(report.errors)
    seconds = time.perf_counter() - started
    store.close()
    return {"documents": docs, "statements": statements, "errors": errors, "seconds": seconds}


def _read(read_path, path: Path):  # noqa: ANN001, ANN202 - tiny adapter
    yield from read_path(path)


def load_pool(db_file: Path) -> list[PoolItem]:
    """Approved, non-seed statements of the scratch store, unique by normalised words."""
    store = Store.open(f"sqlite:///{db_file}", prepare=False)
    entity_keys = {}
    with store.engine.connect() as conn:
        for eid, key in conn.execute(select(Entity.id, Entity.key)):
            entity_keys[eid] = key
        speakers = {
            r.id: PoolSpeaker(
                r.key, r.name, tuple(r.aliases or ()), r.role, entity_keys.get(r.entity_id)
            )
            for r in conn.execute(
                select(
                    Speaker.id,
                    Speaker.key,
                    Speaker.name,
                    Speaker.aliases,
                    Speaker.role,
                    Speaker.entity_id,
                )
            )
        }
        first_citation = (
            select(Citation.statement_id, func.min(Citation.id).label("cid"))
            .group_by(Citation.statement_id)
            .subquery()
        )
        rows = conn.execute(
            select(
                Statement.id,
                Statement.text,
                Statement.context,
                Statement.kind,
                Statement.direct,
                Statement.confidence,
                Statement.tags,
                Statement.role,
                Statement.said_on,
                Statement.speaker_id,
                Document.id,
                Document.title,
                Document.outlet,
                Document.published,
                Citation.cited_title,
                Citation.cited_outlet,
                Citation.start,
            )
            .join(first_citation, first_citation.c.statement_id == Statement.id)
            .join(Citation, Citation.id == first_citation.c.cid)
            .join(Document, Document.id == Citation.document_id)
            .join(Source, Source.id == Document.source_id, isouter=True)
            .where(Statement.status == "approved")
            .where((Source.kind.is_(None)) | (Source.kind != "seed"))
            .order_by(Document.id, Citation.start, Statement.id)
        ).all()
        points: dict[int, list[str]] = defaultdict(list)
        for sid, ptext in conn.execute(
            select(StatementPoint.statement_id, StatementPoint.text).order_by(
                StatementPoint.statement_id, StatementPoint.position
            )
        ):
            points[sid].append(ptext)
    store.close()
    seen: set[str] = set()
    pool = []
    for r in rows:
        words = fingerprint("", r[1])
        if words in seen:
            continue
        seen.add(words)
        pool.append(
            PoolItem(
                text=r[1],
                context=r[2] or "",
                kind=r[3],
                direct=bool(r[4]),
                confidence=float(r[5]),
                tags=list(r[6] or []),
                role=r[7],
                said_on=r[8],
                speaker=speakers[r[9]],
                doc_id=r[10],
                doc_title=r[11],
                doc_outlet=r[12],
                doc_published=r[13],
                cited_title=r[14],
                cited_outlet=r[15],
                points=tuple(points.get(r[0], ())),
            )
        )
    return pool


# --- synthesis and bulk loading -----------------------------------------------------------


@dataclass
class SpeakerRow:
    id: int
    key: str
    name: str
    aliases: tuple[str, ...]
    role: str | None
    entity_id: int | None


@dataclass
class DocPlan:
    """One chunk of one original document: pool indices and their offsets in the text."""

    members: list[int]
    offsets: dict[int, tuple[int, int]] = field(default_factory=dict)
    body: str = ""


class Synthesizer:
    """Adds statements [start, stop) to one store; remembers what it created between calls."""

    def __init__(self, store: Store, pool: list[PoolItem]) -> None:
        self.store = store
        self.dialect = store.engine.dialect.name
        self.pool = pool
        self.P = len(pool)
        self.loaded = 0
        self._docs: dict[tuple[int, int], int] = {}  # (copy, plan) -> document id
        self._who: dict[tuple[int, str | None], str] = {}
        self._plans: list[DocPlan] = []
        self._plan_of: list[int] = []
        self._analysed: list[tuple[str, str]] = []
        self._words: list[str] = []  # the normalised words fingerprint() hashes
        self.timings: Counter = Counter()

    # -- set-up, once per store --

    def prepare(self) -> None:
        started = time.perf_counter()
        self._analyse_pool()
        self._plan_documents()
        with self.store.engine.begin() as conn:
            self._entities = {k: i for i, k in conn.execute(select(Entity.id, Entity.key))}
            self._entity_names = dict(conn.execute(select(Entity.id, Entity.name)).all())
            self._real = self._real_speakers(conn)
            self._synthetic, self._buckets, self._others = self._synthetic_speakers(conn)
            self._source_id = conn.execute(
                insert(Source)
                .values(
                    kind="file",
                    name=SYNTHETIC_SOURCE,
                    url=None,
                    outlet=None,
                    auto_approve=True,
                    added_by="scale",
                    added_at=CREATED_AT,
                    poll_interval_s=900,
                    polled_once=False,
                )
                .returning(Source.id)
            ).scalar_one()
            existing = set(conn.scalars(select(Statement.fingerprint)))
        clash = [
            p
            for p, item in enumerate(self.pool)
            if fingerprint(self._real[p].key, item.text) in existing
        ]
        if clash:  # would collide with a seeded statement: cannot happen for non-seed texts
            raise RuntimeError(f"{len(clash)} pool statements collide with seeded ones")
        self.timings["prepare"] += time.perf_counter() - started

    def _analyse_pool(self) -> None:
        # Exactly index_fields: body = words + points; context = context + citation titles
        # (cited_title, then the document title).
        for item in self.pool:
            body = index_text(item.text, *item.points)
            context = index_text(item.context, item.cited_title, item.doc_title)
            self._analysed.append((body, context))
            self._words.append(_SPACE.sub(" ", fold(item.text).translate(_QUOTES)).strip(" .\"'"))
        for p in range(0, self.P, max(1, self.P // 50)):  # the shortcut is repo.fingerprint
            assert self.fingerprint(p, "check") == fingerprint("check", self.pool[p].text)

    def _plan_documents(self) -> None:
        by_doc: dict[int, list[int]] = defaultdict(list)
        for p, item in enumerate(self.pool):
            by_doc[item.doc_id].append(p)
        self._plan_of = [0] * self.P
        header = len(HEADER.format(0))
        for members in by_doc.values():
            for k in range(0, len(members), STATEMENTS_PER_DOCUMENT):
                plan = DocPlan(members[k : k + STATEMENTS_PER_DOCUMENT])
                parts, at = [], header
                for p in plan.members:
                    words = self.pool[p].text
                    plan.offsets[p] = (at, at + len(words))
                    parts.append(words)
                    at += len(words) + len(SEPARATOR)
                    self._plan_of[p] = len(self._plans)
                plan.body = SEPARATOR.join(parts)
                self._plans.append(plan)

    def _real_speakers(self, conn: Connection) -> list[SpeakerRow]:
        """The pool's speakers in this store (gazetteer ones are seeded already: they take the
        aliases and role ingestion gave them, as upsert_speaker would have)."""
        rows = {r.key: r for r in conn.execute(select(Speaker))}
        by_key: dict[str, SpeakerRow] = {}
        for item in self.pool:
            s = item.speaker
            if s.key in by_key:
                continue
            entity_id = self._entities.get(s.entity_key) if s.entity_key else None
            if s.key in rows:
                row = rows[s.key]
                conn.execute(
                    update(Speaker)
                    .where(Speaker.id == row.id)
                    .values(
                        aliases=list(s.aliases),
                        role=row.role or s.role,
                        entity_id=row.entity_id or entity_id,
                    )
                )
                by_key[s.key] = SpeakerRow(
                    row.id,
                    s.key,
                    row.name,
                    s.aliases,
                    row.role or s.role,
                    row.entity_id or entity_id,
                )
            else:
                sid = conn.execute(
                    insert(Speaker)
                    .values(
                        key=s.key,
                        name=s.name,
                        aliases=list(s.aliases),
                        role=s.role,
                        entity_id=entity_id,
                        created_at=CREATED_AT,
                    )
                    .returning(Speaker.id)
                ).scalar_one()
                by_key[s.key] = SpeakerRow(sid, s.key, s.name, s.aliases, s.role, entity_id)
        return [by_key[item.speaker.key] for item in self.pool]

    def _synthetic_speakers(self, conn: Connection):  # noqa: ANN202
        weights = Counter(self._entities.get(i.speaker.entity_key) for i in self.pool)
        named = SYNTHETIC_SPEAKERS - int(SYNTHETIC_SPEAKERS * NO_ENTITY_SHARE)
        total = sum(n for e, n in weights.items() if e is not None) or 1
        quota = {
            eid: max(MIN_PER_ENTITY, round(named * weights.get(eid, 0) / total))
            for eid in sorted(self._entities.values())
        }
        biggest = max(quota, key=lambda e: quota[e])
        quota[biggest] -= sum(quota.values()) - named
        quota[None] = SYNTHETIC_SPEAKERS - named
        rows = []
        n = 0
        for eid, count in quota.items():
            for _ in range(count):
                n += 1
                name = f"Speaker {n:04d} Example"
                rows.append(
                    {
                        "key": slug(name),
                        "name": name,
                        "aliases": [],
                        "role": SYNTHETIC_ROLES[h("role", n) % len(SYNTHETIC_ROLES)],
                        "entity_id": eid,
                        "created_at": CREATED_AT,
                    }
                )
        conn.execute(insert(Speaker), rows)
        out = [
            SpeakerRow(r.id, r.key, r.name, (), r.role, r.entity_id)
            for r in conn.execute(
                select(Speaker)
                .where(Speaker.key.in_([r["key"] for r in rows]))
                .order_by(Speaker.id)
            )
        ]
        buckets: dict[int | None, list[int]] = defaultdict(list)
        for k, row in enumerate(out):
            buckets[row.entity_id].append(k)
        others = {eid: [k for k in range(len(out)) if out[k].entity_id != eid] for eid in buckets}
        return out, buckets, others

    # -- per statement --

    def speaker_for(self, p: int, c: int) -> tuple[SpeakerRow, str | None]:
        """(speaker, stated role) of copy c of pool record p."""
        if c == 0:
            return self._real[p], self.pool[p].role
        eid = self._real[p].entity_id
        bucket = self._buckets.get(eid) or self._buckets[None]
        others = self._others.get(eid) if eid in self._buckets else self._others[None]
        off = h("spk", p)
        if c <= len(bucket):
            k = bucket[(off + c) % len(bucket)]
        else:
            k = others[(off + c - len(bucket) - 1) % len(others)]
        row = self._synthetic[k]
        return row, row.role

    def fingerprint(self, p: int, speaker_key: str) -> str:
        return hashlib.sha256(f"{speaker_key}\x1f{self._words[p]}".encode()).hexdigest()

    def who(self, speaker: SpeakerRow, role: str | None) -> str:
        key = (speaker.id, role)
        if key not in self._who:
            who = index_text(
                speaker.name,
                *speaker.aliases,
                speaker.role,
                role,
                self._entity_names.get(speaker.entity_id) if speaker.entity_id else None,
            )
            parties = party_tokens([speaker.id], [speaker.entity_id] if speaker.entity_id else [])
            self._who[key] = " ".join([who, *parties])
        return self._who[key]

    def day(self, p: int, c: int) -> date | None:
        if c == 0:
            return self.pool[p].said_on or self.pool[p].doc_published
        return FIRST_DAY + timedelta(days=h("day", c, self._plan_of[p]) % DAYS)

    # -- loading --

    def load(self, stop: int) -> dict:
        """Add statements [self.loaded, stop); returns counts and seconds."""
        start = self.loaded
        if stop <= start:
            return {"statements": 0, "seconds": 0.0}
        started = time.perf_counter()
        counts: Counter = Counter()
        with self.store.engine.connect() as conn:
            ids = {
                t: int(conn.scalar(select(func.coalesce(func.max(t.id), 0))) or 0)
                for t in (Statement, Document, Citation, StatementPoint)
            }
        for lo in range(start, stop, BATCH):
            hi = min(stop, lo + BATCH)
            with self.store.engine.begin() as conn:
                self._load_batch(conn, lo, hi, ids, counts)
        self.loaded = stop
        seconds = time.perf_counter() - started
        self._fix_sequences()
        return {**counts, "seconds": seconds}

    def _load_batch(self, conn: Connection, lo: int, hi: int, ids: dict, counts: Counter) -> None:
        docs, statements, citations, points, search = [], [], [], [], []
        approved_by: Counter = Counter()
        for i in range(lo, hi):
            p, c = i % self.P, i // self.P
            item = self.pool[p]
            plan_no = self._plan_of[p]
            doc_key = (c, plan_no)
            if doc_key not in self._docs:
                ids[Document] += 1
                self._docs[doc_key] = ids[Document]
                body = HEADER.format(c) + self._plans[plan_no].body
                docs.append(
                    {
                        "id": ids[Document],
                        "source_id": self._source_id,
                        "external_id": f"scale-{c}-{plan_no}",
                        "item_signature": None,
                        "url": f"https://example.org/scale/{c}/{plan_no}",
                        "outlet": item.doc_outlet,
                        "title": item.doc_title,
                        "published": self.day(p, c) if c else item.doc_published,
                        "text": body,
                        "content_hash": content_hash(body),
                        "announce": True,
                        "ingested_at": CREATED_AT,
                    }
                )
            speaker, role = self.speaker_for(p, c)
            said_on = self.day(p, c)
            roll = h("status", i) % 100
            status = "approved" if roll < 95 else "pending" if roll < 99 else "rejected"
            reviewed = None
            if status != "pending":
                if i % 100 == 42 and status == "approved":
                    span = DIGEST_PERIOD[1] - DIGEST_PERIOD[0]
                    reviewed = DIGEST_PERIOD[0] + timedelta(
                        seconds=1 + h("rev", i) % int(span.total_seconds() - 2)
                    )
                else:
                    base = datetime.combine(said_on or FIRST_DAY, datetime.min.time())
                    reviewed = base + timedelta(days=1, seconds=h("rev", i) % 86400)
            ids[Statement] += 1
            sid = ids[Statement]
            statements.append(
                {
                    "id": sid,
                    "speaker_id": speaker.id,
                    "role": role,
                    "text": item.text,
                    "fingerprint": self.fingerprint(p, speaker.key),
                    "direct": item.direct,
                    "kind": item.kind,
                    "tags": item.tags,
                    "status": status,
                    "confidence": item.confidence,
                    "said_on": said_on,
                    "context": item.context,
                    "announce": True,
                    "created_at": CREATED_AT,
                    "reviewed_at": reviewed,
                    "reviewed_by": "scale" if reviewed else None,
                    "entity_id": speaker.entity_id,
                }
            )
            begin, end = self._plans[plan_no].offsets[p]
            ids[Citation] += 1
            citations.append(
                {
                    "id": ids[Citation],
                    "statement_id": sid,
                    "document_id": self._docs[doc_key],
                    "start": begin,
                    "end": end,
                    "via": [],
                    "cited_outlet": item.cited_outlet or item.doc_outlet,
                    "cited_title": item.cited_title,
                    "cited_url": f"https://example.org/scale/{c}/{plan_no}",
                }
            )
            for pos, ptext in enumerate(item.points, start=1):
                ids[StatementPoint] += 1
                points.append(
                    {
                        "id": ids[StatementPoint],
                        "statement_id": sid,
                        "position": pos,
                        "text": ptext,
                        "start": None,
                        "end": None,
                    }
                )
            if status == "approved":
                approved_by[speaker.id] += 1
                b, ctx = self._analysed[p]
                search.append({"i": sid, "b": b, "c": ctx, "w": self.who(speaker, role)})
        t = time.perf_counter()
        if docs:
            conn.execute(insert(Document), docs)
        conn.execute(insert(Statement), statements)
        conn.execute(insert(Citation), citations)
        if points:
            conn.execute(insert(StatementPoint), points)
        if approved_by:  # what repo.count_approved keeps on approval
            conn.execute(
                update(Speaker.__table__)
                .where(Speaker.__table__.c.id == bindparam("sid"))
                .values(approved_count=Speaker.__table__.c.approved_count + bindparam("n")),
                [{"sid": k, "n": n} for k, n in approved_by.items()],
            )
        self.timings["rows"] += time.perf_counter() - t
        t = time.perf_counter()
        if self.dialect == "sqlite":
            conn.execute(
                text(
                    "INSERT INTO statement_fts(rowid, body, context, who) VALUES (:i, :b, :c, :w)"
                ),
                search,
            )
        else:
            PostgresTsvectorBackend.insert_rows(
                conn, [(r["i"], r["b"], r["c"], r["w"]) for r in search]
            )
        self.timings["search rows"] += time.perf_counter() - t
        counts["statements"] += len(statements)
        counts["approved"] += len(search)
        counts["documents"] += len(docs)
        counts["citations"] += len(citations)

    def _fix_sequences(self) -> None:
        if self.dialect != "postgresql":
            return
        with self.store.engine.begin() as conn:
            for table in ("statement", "document", "citation", "statement_point"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
                )

    def finish(self) -> float:
        """ANALYZE (and FTS5 optimize): what an operator runs after a bulk load."""
        started = time.perf_counter()
        if self.dialect == "sqlite":
            with self.store.engine.begin() as conn:
                conn.execute(text("INSERT INTO statement_fts(statement_fts) VALUES('optimize')"))
                conn.execute(text("ANALYZE"))
        else:
            with self.store.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        return time.perf_counter() - started
