"""`attache extract`: what would be extracted from a file, stored nowhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.ingest.clean import clean_text_report
from bot.ingest.extract import extract_document
from bot.ingest.inputs import BadRecord, read_path
from bot.ingest.offsets import OffsetMap
from bot.ingest.pipeline import DocumentInput, carrying_sentence, with_document_sides
from bot.text.entities import Resolver


def preview_path(path: Path, known_speakers=(), resolver: Resolver | None = None) -> Iterator[dict]:
    """One dict per statement: speaker, quote, kind, start, end (+ role, direct, points…).

    start/end are offsets into the file's own text (for .txt, and each .jsonl record's
    "text"); for HTML, into the article text extracted from the page. "sentence" is the
    source's sentence carrying a quoted fragment (None when the quote stands alone), and
    "document_kind" the kind of the document it came from ("transcript", "news article" …),
    repeated on each of its rows so that every line stands alone.
    """
    for doc in read_path(path):
        if isinstance(doc, BadRecord):
            yield {"error": f"{doc.label}: {doc.message}"}
            continue
        yield from _preview(doc, known_speakers, resolver)


def _preview(doc: DocumentInput, known_speakers, resolver: Resolver | None) -> Iterator[dict]:
    if doc.cleaned:
        text, offsets = doc.text, None
    else:
        report = clean_text_report(doc.text, title=doc.title if doc.external_id else None)
        text, offsets = report.text, OffsetMap(doc.text, report)
    principal = (doc.principal.name, doc.principal.role) if doc.principal else None
    extraction = extract_document(
        text, principal=principal, known_speakers=known_speakers, title=doc.title
    )
    if resolver is not None:  # the kinds as ingest stores them
        _, extraction = with_document_sides(resolver, doc, text, extraction)
    for st in extraction.statements:
        start, end = offsets.span(st.start, st.end) if offsets else (st.start, st.end)
        row = {
            "speaker": st.speaker,
            "quote": st.quote,
            "kind": st.kind,
            "start": start,
            "end": end,
            "direct": st.direct,
            "role": st.role,
            "confidence": round(st.confidence, 3),
            "sentence": carrying_sentence(text, st)[0],
            "document_kind": extraction.kind,
            "points": [
                dict(
                    zip(
                        ("text", "start", "end"),
                        (p.text, *(offsets.span(p.start, p.end) if offsets else (p.start, p.end))),
                        strict=True,
                    )
                )
                for p in st.points
            ],
        }
        if doc.external_id:
            row["document"] = doc.external_id
        yield row
