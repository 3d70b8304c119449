"""The review queue's order: newest document first, then within a document by expected
value (confidence × significance), so an admin reads a document's statements together and
its best ones first. The order of a statement never depends on what else is pending, so
"Next" after an acted-on card continues where it stood.

Significance is who spoke and what kind of statement it is: a head of state's or foreign
minister's condition outranks an unnamed body's assessment. The weights are deliberately
coarse; they order a queue, they do not judge truth.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.core.errors import InvalidInput
from bot.review import queries
from bot.text.offices import Office, office_level

KIND_WEIGHT = {
    "condition": 1.0,
    "demand": 1.0,
    "rejection": 1.0,
    "warning": 0.95,
    "offer": 0.9,
    "assessment": 0.7,
}
NO_KIND_WEIGHT = 0.5
# Who spoke, by the office level a digest also ranks by (bot.text.offices): a head of
# state or a foreign minister first, other officials next; a body speaking for its side
# above an unplaced person.
OFFICE_WEIGHT = {Office.TOP: 1.0, Office.OFFICIAL: 0.85}


def speaker_weight(role: str | None, speaker_kind: str) -> float:
    level = office_level(role, speaker_kind) if role else Office.OTHER
    return OFFICE_WEIGHT.get(level, 0.7 if speaker_kind != "person" else 0.6)


def expected_value(
    confidence: float, kind: str | None, role: str | None, speaker_kind: str
) -> float:
    significance = KIND_WEIGHT.get(kind or "", NO_KIND_WEIGHT) * speaker_weight(role, speaker_kind)
    return round(confidence * significance, 4)


@dataclass(frozen=True)
class Entry:
    """One statement's place in the queue."""

    statement_id: int
    value: float
    speaker: str
    kind: str | None
    confidence: float
    document_id: int | None
    document_title: str | None
    source_id: int | None
    source_name: str | None

    @property
    def key(self) -> tuple[int, float, int]:
        # Newest document first; documents unknown (manual statements) last.
        return (-(self.document_id or 0), -self.value, self.statement_id)


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    speaker: str | None = None
    kind: str | None = None
    min_confidence: float | None = None
    document: int | None = None

    @classmethod
    def parse(cls, options: dict[str, str]) -> Filters:
        confidence = options.get("confidence")
        document = options.get("document")
        try:
            min_confidence = float(confidence) if confidence else None
        except ValueError:
            raise InvalidInput(
                f"confidence must be a number from 0 to 1 (got “{confidence}”)"
            ) from None
        if min_confidence is not None and not 0 <= min_confidence <= 1:
            raise InvalidInput(f"confidence must be from 0 to 1 (got {min_confidence})")
        if document and not document.lstrip("#").isdigit():
            raise InvalidInput(f"document must be a document number (got “{document}”)")
        return cls(
            source=(options.get("source") or "").strip().lower() or None,
            speaker=(options.get("speaker") or "").strip().lower() or None,
            kind=(options.get("kind") or "").strip().lower() or None,
            min_confidence=min_confidence,
            document=int(document.lstrip("#")) if document else None,
        )

    def keeps(self, entry: Entry) -> bool:
        # A source by number, or by (part of) its name.
        source_name = (entry.source_name or "").lower()
        if self.source and self.source != str(entry.source_id) and self.source not in source_name:
            return False
        if self.speaker and self.speaker not in entry.speaker.lower():
            return False
        if self.kind and (entry.kind or "none") != self.kind:
            return False
        if self.min_confidence is not None and entry.confidence < self.min_confidence:
            return False
        return self.document is None or entry.document_id == self.document

    def describe(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in (
                ("source", self.source),
                ("speaker", self.speaker),
                ("kind", self.kind),
                ("confidence", self.min_confidence),
                ("document", self.document),
            )
            if value is not None
        ]
        return " ".join(parts)


def _entries(rows: list[tuple]) -> list[Entry]:
    """Queue rows (bot/review/queries.py `queue_rows`) as entries."""
    return [
        Entry(
            statement_id=sid,
            value=expected_value(conf, kind, role, speaker_kind),
            speaker=speaker,
            kind=kind,
            confidence=conf,
            document_id=doc_id,
            document_title=title,
            source_id=source_id,
            source_name=source_name,
        )
        for (
            sid,
            conf,
            kind,
            role,
            speaker,
            speaker_kind,
            _,
            doc_id,
            title,
            source_id,
            source_name,
        ) in rows
    ]


def pending(session: Session, filters: Filters = Filters()) -> list[Entry]:
    """The pending statements that pass `filters`, in queue order."""
    # The document is narrowed in SQL; `keeps` still holds each statement to the first
    # document that gave it.
    found = _entries(queries.queue_rows(session, document=filters.document))
    rows = [e for e in found if filters.keeps(e)]
    return sorted(rows, key=lambda e: e.key)


def entry(session: Session, statement_id: int) -> Entry | None:
    """A statement's place in the queue, whatever its status."""
    found = _entries(queries.queue_rows(session, statement_id=statement_id))
    return found[0] if found else None


def next_after(
    queue: Sequence[Entry], after: Entry | None, skip: int | None = None
) -> Entry | None:
    """The entry after `after` in queue order, wrapping round to the start; never `skip`."""
    rest = [e for e in queue if e.statement_id != skip]
    if not rest:
        return None
    if after is None:
        return rest[0]
    return next((e for e in rest if e.key > after.key), rest[0])


@dataclass(frozen=True)
class Counts:
    total: int
    documents: int
    by_source: tuple[tuple[str, int, int], ...]  # name, statements, documents
    by_document: tuple[tuple[int | None, str, int], ...]  # id, title, statements


def counts(queue: Sequence[Entry]) -> Counts:
    per_source: Counter[str] = Counter()
    source_docs: dict[str, set[int | None]] = {}
    per_doc: Counter[int | None] = Counter()
    titles: dict[int | None, str] = {}
    for e in queue:
        name = e.source_name or "no source"
        per_source[name] += 1
        source_docs.setdefault(name, set()).add(e.document_id)
        per_doc[e.document_id] += 1
        titles.setdefault(e.document_id, e.document_title or "untitled")
    order = list(dict.fromkeys(e.document_id for e in queue))
    return Counts(
        total=len(queue),
        documents=len(per_doc),
        by_source=tuple((name, n, len(source_docs[name])) for name, n in per_source.most_common()),
        by_document=tuple((d, titles[d], per_doc[d]) for d in order),
    )
