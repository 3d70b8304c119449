"""Transcript turns against the White House turn-label gold (``benchmarks/extraction.py``).

The gold (``attribution/whitehouse-turns/turns-gold.jsonl``) maps every turn label of 25
transcripts to the full name of the person speaking (``null`` for reporters' ``Q`` turns,
moderators, aides and people the document does not identify). The scorer ingests the whole
``whitehouse/`` split through the real pipeline into a fresh in-memory store, as a user would
(so speakers named in one document's title are known when another only says "MS. X:"), then
reads back every statement stored from a gold document, whatever its status:

- a statement's turn is the last labelled paragraph at or before its start (a long turn
  continues over unlabelled paragraphs; ``not_turns`` prefixes are no labels);
- **named-turn accuracy**: among statements in turns whose label maps to a name, the share
  stored under that name (the speaker's name or one of its aliases, case-folded);
- **reporter statements**: statements stored from ``Q`` turns (target 0);
- **invented names**: statements stored from turns whose label maps to ``null`` other than
  ``Q`` (a moderator, an unidentified official);
- **turn coverage**: the share of named turns' paragraphs with at least one character
  inside a statement stored under the gold name: how much of what officials said was kept.
  Paragraphs of fewer than six words after the label ("MR. X: Thank you.") are left out:
  courtesies and cues are no statements.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest.batch import ingest_inputs
from bot.ingest.inputs import read_jsonl
from bot.store.models import Citation, Document, Statement
from bot.store.store import Store
from bot.text.analysis import fold

# The label plus the extractor's minimum passage (six words) makes a substantive paragraph.
SUBSTANTIVE_WORDS = 6
TARGETS = {"named-turn accuracy": 0.98, "reporter statements": 0}

# A turn label at a paragraph start: an all-caps prefix ending in ":", or a reporter's "Q".
_LABEL_RE = re.compile(r"([A-Z][A-Z.’'\- ]*[A-Z.]):\s|(Q)(?:\s|$)")


@dataclass
class TurnScore:
    documents: int = 0
    named: int = 0
    named_ok: int = 0
    reporter: int = 0
    invented: int = 0
    paragraphs: int = 0
    paragraphs_kept: int = 0
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        return {
            "gold transcripts": self.documents,
            "statements in named turns": self.named,
            "named-turn accuracy": self.named_ok / self.named if self.named else 0.0,
            "reporter statements": self.reporter,
            "invented names": self.invented,
            "turn coverage": self.paragraphs_kept / self.paragraphs if self.paragraphs else 0.0,
        }


def _paragraph_labels(text: str, gold: dict) -> list[tuple[int, int, str | None]]:
    """(start, end, label or None) for each paragraph of the stored text."""
    known = set(gold["speakers"])
    not_turns = set(gold.get("not_turns") or [])
    out: list[tuple[int, int, str | None]] = []
    for m in re.finditer(r"[^\n]+", text):
        lm = _LABEL_RE.match(m.group())
        label = (lm.group(1) or lm.group(2)) if lm else None
        if label not in known or label in not_turns:
            label = None
        out.append((m.start(), m.end(), label))
    return out


def _names(statement: Statement) -> set[str]:
    sp = statement.speaker
    return {fold(sp.name), *(fold(a) for a in sp.aliases)}


def score_turns(corpus: Path, show_errors: int = 0, store: Store | None = None) -> TurnScore | None:
    """Score the gold transcripts as stored in ``store`` (which must hold the whitehouse/
    split), or in a fresh store that ingests it."""
    gold_path = corpus / "attribution" / "whitehouse-turns" / "turns-gold.jsonl"
    if not gold_path.is_file():
        return None
    gold = {g["id"]: g for g in map(json.loads, gold_path.read_text().splitlines()) if g}
    result = TurnScore()
    own = store is None
    if store is None:
        store = Store.open("sqlite://")
        for path in sorted((corpus / "whitehouse").glob("*.jsonl")):
            ingest_inputs(store, read_jsonl(path), auto_approve=False, actor="benchmark")
    try:
        with store.reading() as session:
            docs = session.query(Document).filter(Document.external_id.in_(list(gold))).all()
            for doc in docs:
                result.documents += 1
                _score_document(session, doc, gold[doc.external_id], result)
    finally:
        if own:
            store.close()
    result.errors = result.errors[:show_errors]
    return result


def _score_document(session, doc: Document, gold: dict, result: TurnScore) -> None:  # noqa: ANN001
    text = doc.text
    paras = _paragraph_labels(text, gold)
    owner: list[str | None] = []  # the turn label owning each paragraph
    current: str | None = None
    for _, _, label in paras:
        current = label or current
        owner.append(current)
    cites = (
        session.query(Citation, Statement)
        .join(Statement, Citation.statement_id == Statement.id)
        .filter(Citation.document_id == doc.id)
        .all()
    )
    kept: set[int] = set()
    starts = [p[0] for p in paras]
    for cite, st in cites:
        i = max(0, _bisect(starts, cite.start))
        label = owner[i]
        if label is None:
            continue
        name = gold["speakers"].get(label)
        if label == "Q":
            result.reporter += 1
            result.errors.append(
                f"Q    {doc.external_id[:50]} [{st.speaker.name}] {st.text[:80]!r}"
            )
        elif name is None:
            result.invented += 1
            result.errors.append(
                f"NULL {doc.external_id[:50]} {label} -> {st.speaker.name} {st.text[:60]!r}"
            )
        else:
            result.named += 1
            if fold(name) in _names(st):
                result.named_ok += 1
                for j in range(i, len(paras)):
                    if paras[j][0] >= cite.end:
                        break
                    kept.add(j)
            else:
                result.errors.append(
                    f"SPK  {doc.external_id[:50]} {label} gold={name!r} got={st.speaker.name!r}"
                )
    for j, (s, e, _) in enumerate(paras):
        label = owner[j]
        if len(text[s:e].split()) < SUBSTANTIVE_WORDS + 1:
            continue  # "MR. X: Thank you.": a courtesy, which the extractor rightly drops
        if label and label != "Q" and gold["speakers"].get(label) and e > s:
            result.paragraphs += 1
            result.paragraphs_kept += j in kept


def _bisect(starts: list[int], at: int) -> int:
    import bisect

    return bisect.bisect_right(starts, at) - 1


def label_counts(corpus: Path) -> Counter:
    """How often each label-like prefix opens a paragraph in the briefings (for reading)."""
    counts: Counter = Counter()
    for line in (corpus / "whitehouse" / "wh-press-briefings.jsonl").open(encoding="utf-8"):
        for m in re.finditer(r"(?m)^([A-Z][A-Z.’'\- ]*[A-Z.]):\s", json.loads(line)["text"]):
            counts[m.group(1)] += 1
    return counts
