"""Load the gazetteer and the curated founding-article statements, once and idempotently."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from bot.resources import data_dir, seeds_dir
from bot.store import repo
from bot.store.indexer import Indexer
from bot.store.models import Document, Entity, Source
from bot.text import countries, courtesy
from bot.text.gazetteer import FILES as GAZETTEER_FILES
from bot.text.gazetteer import load_gazetteer

SEED_FILE = "statements.json"
_META_KEY = "seed_version"


class SeedError(ValueError):
    pass


def seed_version() -> str:
    """What the seeded rows are made of: the gazetteer's files, the code and package that
    complete its countries, and the curated statements. Cheap: nothing is parsed or imported,
    since every store checks it whenever it opens."""
    digest = hashlib.sha256()
    paths = [data_dir() / name for name in (*GAZETTEER_FILES, countries.COUNTRIES_FILE)]
    for path in (*paths, Path(countries.__file__), seeds_dir() / SEED_FILE):
        digest.update(path.read_bytes())
    digest.update(countries.package_fingerprint())
    spec = json.loads((seeds_dir() / SEED_FILE).read_text(encoding="utf-8"))
    digest.update((seeds_dir() / spec["document"]["file"]).read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def locate(haystack: str, needle: str) -> Span:
    """Find `needle` in `haystack` ignoring whitespace, so repaired glued words
    ("NATO needs" for "NATOneeds") still map to the source's own characters."""
    squeezed_positions = [i for i, ch in enumerate(haystack) if not ch.isspace()]
    squeezed = "".join(haystack[i] for i in squeezed_positions)
    target = re.sub(r"\s+", "", needle)
    at = squeezed.find(target)
    if not target or at < 0:
        raise SeedError(f"seed text not found in the founding article: {needle[:60]!r}")
    return Span(squeezed_positions[at], squeezed_positions[at + len(target) - 1] + 1)


def load_gazetteer_rows(session: Session) -> dict[str, Entity]:
    """Every gazetteer entity and speaker as a row, updated in place where one exists (by
    key, so ids and the statements tied to them stay). Entities are read in one query and
    written in one flush: a store holds some 240 of them."""
    gaz = load_gazetteer()
    entities = {e.key: e for e in repo.all_entities(session)}
    for e in gaz.entities:
        row = entities.get(e.key)
        if row is None:
            row = entities[e.key] = Entity(key=e.key)
            session.add(row)
        fields: dict[str, object] = {"name": e.name, "kind": e.kind}
        fields |= {"aliases": list(e.aliases), "demonyms": list(e.demonyms)}
        for field, value in fields.items():
            if getattr(row, field) != value:
                setattr(row, field, value)
    session.flush()
    for s in gaz.speakers:
        repo.upsert_speaker(
            session,
            s.name,
            aliases=s.aliases,
            role=s.role,
            entity=entities.get(s.entity) if s.entity else None,
        )
    return entities


def seed(session: Session, indexer: Indexer, *, force: bool = False) -> bool:
    """Load seeds unless this exact seed version is already in. Returns True when it loaded."""
    version = seed_version()
    if not force and repo.get_meta(session, _META_KEY) == version:
        return False
    load_gazetteer_rows(session)
    spec = json.loads((seeds_dir() / SEED_FILE).read_text(encoding="utf-8"))
    doc_spec = spec["document"]
    text = (seeds_dir() / doc_spec["file"]).read_text(encoding="utf-8")
    document = repo.find_document(session, text)
    if document is None:
        source = Source(kind="seed", name="Founding article", url=None, added_by="seed")
        document = Document(
            external_id=doc_spec["file"],
            url=doc_spec["url"],
            outlet=doc_spec["outlet"],
            title=doc_spec["title"],
            published=None,
            text=text,
            content_hash=repo.content_hash(text),
        )
        session.add_all([source, document])
        session.flush()
        document.source_id = source.id
    approved = []
    for item in spec["statements"]:
        speaker = repo.upsert_speaker(session, item["speaker"])
        span = locate(text, item["text"])
        points = []
        for point in item.get("points", []):
            p = locate(text, point)
            points.append((point, p.start, p.end))
        cited = spec["cited"][item["cited"]]
        statement, _ = repo.add_statement(
            session,
            document,
            repo.NewStatement(
                speaker=speaker,
                text=item["text"],
                start=span.start,
                end=span.end,
                direct=item["direct"],
                kind=item["kind"],
                role=item["role"],
                context=item["context"],
                points=points,
                via=item["via"],
                cited_outlet=cited["outlet"],
                cited_title=cited["title"],
                tags=courtesy.tags(item["text"], item["kind"]),
            ),
            status="approved",
            reviewer="seed",
        )
        approved.append(statement)
    indexer.index(session, approved)
    repo.set_meta(session, _META_KEY, version)
    return True
