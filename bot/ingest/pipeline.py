"""The ingest pipeline: one document in, pending (or auto-approved) statements out.

Two steps, so the slow one holds no lock: `prepare_document` cleans the text and extracts
its statements and speakers' sides, reading nothing but the linker's in-memory gazetteer;
`store_prepared` writes the document inside the caller's transaction, so a failure part-way
through leaves nothing of it behind. `ingest_document` runs both. The same text ingested
twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from bot.ingest.clean import clean_text
from bot.ingest.extract import ExtractedStatement, Extraction, extract_document
from bot.ingest.extract.confidence import Confidence
from bot.ingest.extract.own_side import with_sides
from bot.ingest.limits import MAX_DOCUMENT_BYTES, too_large
from bot.ingest.linking import SpeakerLinker
from bot.ingest.names import clean_role
from bot.ingest.sides import DocumentFacts, document_sides
from bot.store import repo
from bot.store.indexer import Indexer
from bot.store.models import Document, Speaker, Statement
from bot.text import courtesy
from bot.text.entities import Resolver

# Auto-approval still leaves doubtful attributions to a person.
AUTO_APPROVE_MIN_CONFIDENCE = Confidence.GUESS


@dataclass(frozen=True)
class Principal:
    """A press release's office principal: the speaker of its first-person passages."""

    name: str
    role: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class DocumentInput:
    text: str  # raw text; cleaned here unless `cleaned`
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    external_id: str | None = None
    item_signature: str | None = None
    principal: Principal | None = None
    source_id: int | None = None
    announce: bool = True
    cleaned: bool = False
    # The title was read off the text's own first line: keep that line in the body.
    title_from_text: bool = False
    label: str = ""  # how to name it in messages: a path, path:line, or URL


@dataclass
class IngestResult:
    label: str
    document_id: int | None = None
    duplicate: bool = False
    new_statements: int = 0
    known_statements: int = 0
    approved: int = 0
    unattributed: int = 0
    kind: str | None = None  # the document's kind ("transcript", "speech" …), if classified


# How much of the paragraph around a statement is kept as its context, each side.
CONTEXT_CHARS = 300


def surroundings(text: str, start: int, end: int, attribution: str = "") -> str:
    """The words around a statement, for search: what a short quote is about is often
    said just before or after it ("… on Nato peacekeepers: 'reckless'"). The paragraph
    around the span, at most CONTEXT_CHARS each side, cut at word boundaries, plus the
    extractor's attribution sentence when it lies outside that window."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    left = max(para_start, start - CONTEXT_CHARS)
    right = min(para_end, end + CONTEXT_CHARS)
    if left > para_start:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < para_end:
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    window = " ".join((text[left:start] + " … " + text[end:right]).split())
    if attribution and " ".join(attribution.split()) not in " ".join(text[left:right].split()):
        window = f"{attribution} {window}"
    return window.strip(" …")


def prepare_text(doc: DocumentInput) -> str:
    if doc.cleaned:
        return doc.text
    return clean_text(doc.text, title=None if doc.title_from_text else doc.title)


def _known_speakers(linker: SpeakerLinker) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.name, s.aliases) for s in linker.resolver.speakers.values()]


def extract(doc: DocumentInput, text: str, linker: SpeakerLinker) -> Extraction:
    """The document's kind and its statements."""
    principal = (doc.principal.name, doc.principal.role) if doc.principal else None
    return extract_document(
        text, principal=principal, known_speakers=_known_speakers(linker), title=doc.title
    )


def carrying_sentence(text: str, found: ExtractedStatement) -> tuple[str | None, int | None]:
    """The sentence the extractor found around a quoted fragment, as written, and where the
    quote starts in it; (None, None) when the quote stands alone."""
    if found.sentence_start is None or found.sentence_end is None:
        return None, None
    sentence = text[found.sentence_start : found.sentence_end]
    lead = len(sentence) - len(sentence.lstrip())
    sentence = sentence.strip()
    return sentence, found.start - found.sentence_start - lead


# A government or an organisation is quoted in whole phrases: one or two words in quotation
# marks next to its name ("won ‘silver’") are a scare quote, not its statement.
BODY_MIN_QUOTED_WORDS = 3


def _a_body_says(speaker: Speaker, found: ExtractedStatement) -> bool:
    return (
        speaker.kind == "person"
        or not found.direct
        or len(found.quote.split()) >= BODY_MIN_QUOTED_WORDS
    )


@dataclass(frozen=True)
class PreparedDocument:
    """A document cleaned and read, ready to store: everything slow is done."""

    doc: DocumentInput
    label: str
    text: str
    extraction: Extraction
    sides: dict[str, int]


def document_label(doc: DocumentInput) -> str:
    return doc.label or doc.url or doc.external_id or "document"


def document_text(doc: DocumentInput) -> tuple[str, str]:
    """The document's label and clean text; ValueError when it has none or is too large
    for the pipeline to read in bounded time (MAX_DOCUMENT_BYTES)."""
    label = document_label(doc)
    text = prepare_text(doc)
    if not text.strip():
        raise ValueError(f"{label}: no article text found")
    size = len(text.encode())
    if size > MAX_DOCUMENT_BYTES:
        raise ValueError(too_large(f"{label}: the article text", size, MAX_DOCUMENT_BYTES))
    return label, text


def prepare_document(
    doc: DocumentInput, linker: SpeakerLinker, text: str | None = None
) -> PreparedDocument:
    """Extract the statements and the sides the document gives its speakers. Writes nothing,
    so it runs outside any write transaction (the linker's gazetteer is in memory)."""
    label, cleaned = document_text(doc) if text is None else (document_label(doc), text)
    extraction = extract(doc, cleaned, linker)
    sides, extraction = with_document_sides(linker.resolver, doc, cleaned, extraction)
    return PreparedDocument(doc, label, cleaned, extraction, sides)


def with_document_sides(
    resolver: Resolver, doc: DocumentInput, text: str, extraction: Extraction
) -> tuple[dict[str, int], Extraction]:
    """The sides the document gives its speakers (speaker name -> entity id), and the
    extraction with its kinds read again with them: a speaker's country named as a subject
    is the speaker's side ("Guyana will not negotiate …", own_side.with_sides)."""
    facts = DocumentFacts.of(text, doc.title, doc.outlet, doc.principal, extraction.statements)
    sides = document_sides(resolver, facts)
    statements = with_sides(extraction.statements, sides, resolver.entities)
    return sides, replace(extraction, statements=statements)


def ingest_document(
    session: Session,
    indexer: Indexer,
    doc: DocumentInput,
    *,
    auto_approve: bool = False,
    actor: str = "system",
    linker: SpeakerLinker | None = None,
) -> IngestResult:
    """Prepare and store one document inside the caller's transaction."""
    label, text = document_text(doc)
    existing = repo.find_document(session, text)
    if existing is not None:
        return IngestResult(label=label, document_id=existing.id, duplicate=True)
    linker = linker or SpeakerLinker(session)
    prepared = prepare_document(doc, linker, text)
    return store_prepared(
        session, indexer, prepared, auto_approve=auto_approve, actor=actor, linker=linker
    )


def store_prepared(
    session: Session,
    indexer: Indexer,
    prepared: PreparedDocument,
    *,
    auto_approve: bool,
    actor: str,
    linker: SpeakerLinker,
) -> IngestResult:
    """Write a prepared document, its statements and its audit row in the caller's
    transaction: all of it, or (on any error) none. A document already stored (by this
    process or another since it was prepared) is reported as a duplicate."""
    doc, text, extraction = prepared.doc, prepared.text, prepared.extraction
    result = IngestResult(label=prepared.label)
    existing = repo.find_document(session, text)
    if existing is not None:
        result.document_id, result.duplicate = existing.id, True
        return result
    result.kind = extraction.kind
    document = Document(
        source_id=doc.source_id,
        external_id=doc.external_id,
        item_signature=doc.item_signature,
        url=doc.url,
        outlet=doc.outlet,
        title=doc.title,
        published=doc.published,
        kind=extraction.kind,
        text=text,
        content_hash=repo.content_hash(text),
        announce=doc.announce,
    )
    session.add(document)
    session.flush()
    result.document_id = document.id
    country = doc.principal.country if doc.principal else None
    sides = prepared.sides
    to_index: list[Statement] = []
    for found in extraction.statements:
        if not found.speaker:
            result.unattributed += 1
            continue
        is_principal = doc.principal is not None and found.speaker == doc.principal.name
        speaker = linker.link(
            session,
            found.speaker,
            found.role,
            country if is_principal else None,
            kind=found.speaker_kind,
            side=sides.get(found.speaker) if found.speaker_kind == "person" else None,
        )
        if speaker is None or not _a_body_says(speaker, found):
            result.unattributed += 1
            continue
        approve = auto_approve and found.confidence >= AUTO_APPROVE_MIN_CONFIDENCE
        sentence, offset = carrying_sentence(text, found)
        statement, created = repo.add_statement(
            session,
            document,
            repo.NewStatement(
                speaker=speaker,
                text=found.quote,
                start=found.start,
                end=found.end,
                direct=found.direct,
                kind=found.kind,
                role=clean_role(found.role),
                context=surroundings(text, found.start, found.end, found.context),
                sentence=sentence,
                sentence_offset=offset,
                confidence=found.confidence,
                points=[(p.text, p.start, p.end) for p in found.points],
                tags=courtesy.tags(found.quote, found.kind),
            ),
            status="approved" if approve else "pending",
            reviewer=f"auto-approve ({actor})" if approve else None,
        )
        if created:
            result.new_statements += 1
            if statement.status == "approved":
                result.approved += 1
                to_index.append(statement)
        else:
            result.known_statements += 1
    if linker.entity_learnt:
        # Their earlier statements now carry the entity; the index's party words must too.
        to_index += repo.approved_statements_of(session, linker.entity_learnt)
        linker.entity_learnt.clear()
    indexer.index(session, list({st.id: st for st in to_index}.values()))
    # In the document's own transaction: a batch stopped part-way (a crash, kill -9) leaves
    # an audit row for every document it stored, and none for one it did not.
    repo.audit_document(
        session, actor, document.id, label=result.label, statements=result.new_statements
    )
    return result
