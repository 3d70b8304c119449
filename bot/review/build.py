"""A statement -> its review card: the paragraph around its words and why it was taken.

The words are found in the document by the citation's offsets and shown within their
paragraph exactly as the document has them; when the offsets do not hold the words (a
reported-speech paraphrase, a document edited since), the card falls back to the carrying
sentence the statement stored, and else to the words alone. Nothing is rewritten.

The cue is not stored at extraction: it is read again here from the text around the
words, as the extractor saw it — a transcript's speaker label before the turn, a speech
verb beside the quote, or the document title's principal (a speech or statement whose
every sentence is its titled speaker's own).
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from bot.core.review_card import ReviewCard
from bot.ingest.extract.lexicon import lexicon
from bot.review import queue
from bot.store.models import Citation, Statement

# A paragraph longer than this is cut to the sentences nearest the words (the words whole).
PARAGRAPH_LIMIT = 1200
# How far either side of the words a speech verb may stand and still be their cue.
CUE_WINDOW = 120
_LABEL = re.compile(r"(?m)^\s*([A-Z][\w.’' -]{1,60}):\s")
_BREAK = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+")
PRINCIPAL_KINDS = ("speech", "statement", "readout", "press release")


def card_for(
    session: Session, st: Statement, *, outcome: str | None = None, queue_pending: int = 0
) -> ReviewCard:
    citation = st.citations[0] if st.citations else None
    document = citation.document if citation else None
    text = document.text if document is not None else ""
    before, words, after = _in_paragraph(st, citation, text)
    pending_here = 0
    if document is not None and st.status == "pending":
        here = queue.Filters(document=document.id)
        pending_here = len(queue.pending(session, here))
    return ReviewCard(
        statement_id=st.id,
        speaker=st.speaker.name,
        role=st.role,
        kind=st.kind,
        date=st.said_on,
        confidence=st.confidence,
        status=st.status,
        direct=st.direct,
        before=before,
        words=words,
        after=after,
        cue=cue(st, citation, text),
        document_id=document.id if document else None,
        document_title=document.title if document else None,
        document_url=(citation.cited_url if citation else None)
        or (document.url if document else None),
        document_kind=document.kind if document else None,
        outlet=(citation.cited_outlet if citation else None)
        or (document.outlet if document else None),
        points=tuple(p.text for p in st.points),
        document_pending=pending_here,
        queue_pending=queue_pending,
        outcome=outcome,
    )


def _in_paragraph(st: Statement, citation: Citation | None, text: str) -> tuple[str, str, str]:
    if citation is not None and text[citation.start : citation.end] == st.text:
        start, end = citation.start, citation.end
        para_start = max((m.end() for m in _BREAK.finditer(text, 0, start)), default=0)
        found = _BREAK.search(text, end)
        para_end = found.start() if found else len(text)
        before, after = text[para_start:start], text[end:para_end]
        room = max(0, PARAGRAPH_LIMIT - len(st.text))
        return _cut_before(before, room // 2), st.text, _cut_after(after, room - room // 2)
    if st.sentence and st.sentence_offset is not None:
        at = st.sentence_offset
        if st.sentence[at : at + len(st.text)] == st.text:
            return st.sentence[:at], st.text, st.sentence[at + len(st.text) :]
    return "", st.text, ""


def _cut_before(text: str, room: int) -> str:
    """The end of `text`, whole sentences only, within `room` characters."""
    if len(text) <= room:
        return text
    tail = text[-room:] if room else ""
    starts = [m.end() for m in _SENTENCE_END.finditer(tail)]
    return "…" + (tail[starts[0] :] if starts else "")


def _cut_after(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    head = text[:room]
    ends = [m.start() for m in _SENTENCE_END.finditer(head)]
    return (head[: ends[-1]] if ends else "") + "…"


def cue(st: Statement, citation: Citation | None, text: str) -> str:
    """Why the extractor took these words, read from the text around them."""
    if citation is None or citation.document is None:
        return "entered by hand"
    document, start, end = citation.document, citation.start, citation.end
    if document.kind == "transcript":
        labels = list(_LABEL.finditer(text, 0, start))
        if labels:
            return f"transcript label “{labels[-1].group(1).strip()}:”"
    surname = st.speaker.name.split()[-1] if st.speaker.name else ""
    title = document.title or ""
    if document.kind in PRINCIPAL_KINDS and surname and surname.lower() in title.lower():
        return f"the title's principal (a {document.kind}: ‘{title[:80]}’)"
    verbs = lexicon().verbs
    near = [m for m in verbs(text, max(0, start - CUE_WINDOW), start)]
    near += list(verbs(text, end, min(len(text), end + CUE_WINDOW)))
    if near:
        closest = min(near, key=lambda m: min(abs(m.start() - end), abs(m.end() - start)))
        return f"speech verb “{closest.group(0)}”"
    if not st.direct:
        return "reported speech"
    return "quotation marks attributed to the speaker"
