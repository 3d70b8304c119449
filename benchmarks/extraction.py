"""Benchmark of the statement extractor: direct-quote accuracy on PolNeAR, and throughput.

Run: ``python benchmarks/extraction.py [--corpus PATH] [--errors N]``
(default corpus: ``../shared/corpus`` next to the repository). Not part of the test suite.

1. Direct quotes against ``attribution/polnear-dev`` (brat standoff, several annotators).

   Gold. Every Attribution relation whose Content holds a quotation mark (a double mark
   " “ ” „ « », or a single ‘ / ' that opens a quotation, i.e. not an apostrophe between
   letters). Its Source *names a person* when the Source span, cut at its first comma or
   parenthesis (appositions and party tags), ends in a capitalised word (not a pronoun or a
   description like "a source", "officials", "the mayor", "Clinton’s campaign", nor a name
   starting with "The", which is an organisation: "The New York Post"); the person is that
   last word (the surname), lower-cased, possessive removed. Annotators are merged by
   union: relations from all annotator files of an article whose content spans overlap
   are one gold item; it has a named speaker when any annotator gave a named Source
   (the first such name is kept).

   Predicted. Statements with ``direct=True``, and reported clauses that hold a quotation
   ("X said the talks were “productive”": the extractor stores the clause, quotation marks
   kept, as the gold's Content holding a quotation mark is).

   Matching. A prediction matches a gold item when their character spans overlap by at least
   50 % of the shorter of the two (a gold content with several fragments counts its
   fragments' union). Precision = matched predictions / counted predictions; recall = gold
   items with a named speaker matched by some prediction / such gold items. A prediction
   that matches no named gold item but does match an annotated attribution outside that
   gold — a quotation whose Source is a pronoun or a description, or an attribution whose
   content has no quotation mark (a transcript turn "PENCE: …", a block quote) — is neither
   a true nor a false positive: it is not counted. A false positive is a predicted direct
   quote that matches no annotated attribution at all. Speaker accuracy: among
   matched named gold items, the share whose best-overlapping prediction's speaker has the
   same last token (case-insensitive) as the gold person.

2. Transcript turns against ``attribution/whitehouse-turns`` (see ``extraction_turns.py``):
   statements in named turns stored under the gold full name, statements from reporters'
   turns, names invented for anonymous labels, and how much of the officials' turns is kept.

3. Every document of ``news/``, ``press/`` and ``whitehouse/``, by the kind the extractor
   tells (``extract_document``): statements, the share of fragments (under six words) shown
   without their carrying sentence, the share whose speaker is neither a person nor a named
   body, and the throughput in documents/s (press releases get their ``principal``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ingest.batch import ingest_inputs  # noqa: E402
from bot.ingest.extract import extract_statements  # noqa: E402
from bot.ingest.inputs import read_jsonl  # noqa: E402
from bot.store.store import Store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_turns import TARGETS as TURN_TARGETS  # noqa: E402
from extraction_turns import score_turns  # noqa: E402

MATCH_RULE = (
    "a prediction matches a gold quote when their spans overlap by >= 50% of the shorter; "
    "predictions matching only attributions outside the named-quote gold (pronoun or "
    "description sources, content without quotation marks) are not counted"
)
# Keep what the extractor reached before transcripts and speeches were added (issue 13).
TARGETS = {"recall": 0.96, "precision": 0.97, "speaker accuracy": 0.97}

_QUOTE_MARK_RE = re.compile(r"[\"“”„«»]|(?<![^\W_])[‘']|‘")
_PRONOUNS = frozenset(
    "he she i we they it you who which that this one someone somebody his her its their".split()
)


@dataclass
class Gold:
    spans: list[tuple[int, int]]
    person: str | None  # surname (lower case) when the source names a person
    source: str

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.spans)


_TITLES = frozenset(
    "President Secretary Minister Senator Representative Governor Chairman Chairwoman Speaker "
    "Leader Director Mayor Judge General Chief Ambassador Commissioner Attorney".split()
)


def source_person(source: str) -> str | None:
    """The surname a Source span names, or None for pronouns and descriptions.

    "Representative Charles B. Rangel of New York" names Rangel: the head is cut at the first
    comma or parenthesis, then at " of " unless what precedes it is a bare title
    ("Secretary of State John Kerry").
    """
    head = re.split(r"[,(]", source, maxsplit=1)[0].strip()
    parts = head.split(" of ")
    head = (
        next(
            (
                p
                for p in parts[:-1]
                if p.split() and p.split()[-1][:1].isupper() and p.split()[-1] not in _TITLES
            ),
            parts[-1],
        )
        if len(parts) > 1
        else head
    )
    head = re.sub(r"[’']s$", "", head).strip()
    words = head.split()
    if not words or head.lower() in _PRONOUNS or words[0] == "The":
        return None
    last = words[-1]
    if not last[:1].isupper() or last.lower() in _PRONOUNS:
        return None
    return last.strip(".").lower()


def parse_ann(path: Path) -> list[tuple[list[tuple[int, int]], str]]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    rels: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, surface = line.split("\t", 2)
            typ, where = info.split(" ", 1)
            parts = [tuple(map(int, w.split())) for w in where.split(";")]
            spans[tid] = (typ, [(a, b) for a, b in parts], surface)
        elif line.startswith("E"):
            rels.append(dict(x.split(":", 1) for x in line.split("\t")[1].split()))
    out = []
    for r in rels:
        content = spans.get(r.get("Content", ""))
        if content is None:
            continue
        source = spans.get(r.get("Source", ""))
        out.append((content[1], source[2] if source else ""))
    return out


def gold_for(text: str, anns: list[Path]) -> tuple[list[Gold], list[Gold]]:
    """(quotation gold items, other attributions: indirect or unmarked speech)."""
    items: list[Gold] = []
    other: list[Gold] = []
    for ann in anns:
        for spans, source in parse_ann(ann):
            if not any(_QUOTE_MARK_RE.search(text[s:e]) for s, e in spans):
                other.append(Gold(list(spans), None, source))
                continue
            person = source_person(source)
            for g in items:
                if _overlap(g.spans, spans) > 0:
                    if g.person is None and person:
                        g.person, g.source = person, source
                    break
            else:
                items.append(Gold(list(spans), person, source))
    return items, other


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _matches(pred: tuple[int, int], g: Gold) -> bool:
    ov = _overlap([pred], g.spans)
    return ov > 0 and ov >= 0.5 * min(pred[1] - pred[0], g.length)


def score(corpus: Path, show_errors: int) -> dict[str, float]:
    base = corpus / "attribution" / "polnear-dev"
    n_gold = n_gold_hit = n_pred = n_pred_hit = n_spk = n_spk_ok = 0
    errors: list[str] = []
    for txt in sorted((base / "text").glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        gold, other = gold_for(text, sorted((base / "attributions").glob(txt.stem + "_*.ann")))
        preds = [s for s in extract_statements(text) if s.direct or _QUOTE_MARK_RE.search(s.quote)]
        named = [g for g in gold if g.person]
        for s in preds:
            hits = [g for g in gold if _matches((s.start, s.end), g)]
            if not any(g.person for g in hits) and (
                hits or any(_matches((s.start, s.end), g) for g in other)
            ):
                continue  # an annotated attribution outside the named-quote gold: not counted
            n_pred += 1
            if hits:
                n_pred_hit += 1
            elif len(errors) < 10_000:
                errors.append(f"FP  {txt.stem[:40]} [{s.speaker}] {s.quote[:90]!r}")
        for g in named:
            n_gold += 1
            cands = [s for s in preds if _matches((s.start, s.end), g)]
            if not cands:
                frag = text[g.spans[0][0] : g.spans[0][1]]
                errors.append(f"FN  {txt.stem[:40]} [{g.source}] {frag[:90]!r}")
                continue
            n_gold_hit += 1
            best = max(cands, key=lambda s: _overlap([(s.start, s.end)], g.spans))
            n_spk += 1
            got = (best.speaker or "").split()[-1:] or [""]
            if got[0].lower().strip(".") == g.person:
                n_spk_ok += 1
            else:
                errors.append(
                    f"SPK {txt.stem[:40]} gold={g.source!r} got={best.speaker!r} "
                    f"{best.quote[:70]!r}"
                )
    for line in errors[:show_errors]:
        print(line)
    return {
        "gold quotes with a named speaker": n_gold,
        "predicted direct quotes counted": n_pred,
        "recall": n_gold_hit / n_gold if n_gold else 0.0,
        "precision": n_pred_hit / n_pred if n_pred else 0.0,
        "speaker accuracy": n_spk_ok / n_spk if n_spk else 0.0,
    }


def corpus_documents(corpus: Path) -> list[dict]:
    docs = []
    for folder in ("news", "press", "whitehouse"):
        for path in sorted((corpus / folder).glob("*.jsonl")):
            with path.open(encoding="utf-8") as fh:
                docs.extend(json.loads(line) for line in fh if line.strip())
    return docs


# A statement of fewer words than this is a fragment: it needs the sentence that carries it.
FRAGMENT_WORDS = 6


def build_store(corpus: Path) -> tuple[Store, float, int]:
    """Every development document (news, press, whitehouse) ingested through the real
    pipeline into a fresh in-memory store, as ``attache ingest ../shared/corpus/*/*.jsonl``
    does: (store, seconds, documents)."""
    store = Store.open("sqlite://")
    paths = [
        p
        for folder in ("news", "press", "whitehouse")
        for p in sorted((corpus / folder).glob("*.jsonl"))
    ]
    t0 = time.perf_counter()
    n = 0
    for path in paths:
        report = ingest_inputs(store, read_jsonl(path), auto_approve=False, actor="benchmark")
        n += len(report.results)
    return store, time.perf_counter() - t0, n


def stored_by_kind(store: Store) -> dict[str, dict[str, float]]:
    """Per document kind, over every stored statement (a statement cited by several
    documents counts under each): statements, fragments stored without their sentence,
    speakers that are not people or named bodies (a person-kind speaker named as a
    country, capital or organisation, or by one word)."""
    from sqlalchemy import select

    from bot.store.models import Citation, Document, Entity, Speaker, Statement
    from bot.text.analysis import fold

    rows: dict[str, dict[str, float]] = {}
    with store.reading() as session:
        places = set()
        for e in session.scalars(select(Entity)):
            places.update(fold(n) for n in (e.name, *e.aliases, *e.demonyms))
        docs = dict(session.execute(select(Document.id, Document.kind)).all())
        for kind in docs.values():
            rows.setdefault(kind or "unknown", _row())["documents"] += 1
        query = (
            select(
                Citation.document_id, Statement.text, Statement.sentence, Speaker.name, Speaker.kind
            )
            .join(Statement, Citation.statement_id == Statement.id)
            .join(Speaker, Statement.speaker_id == Speaker.id)
        )
        for doc_id, text, sentence, name, speaker_kind in session.execute(query):
            row = rows.setdefault(docs.get(doc_id) or "unknown", _row())
            row["statements"] += 1
            if len(text.split()) < FRAGMENT_WORDS and sentence is None:
                row["bare fragments"] += 1
            if speaker_kind == "person" and (fold(name) in places or len(name.split()) < 2):
                row["not people"] += 1
    return rows


def _row() -> dict[str, float]:
    return {"documents": 0, "statements": 0, "bare fragments": 0, "not people": 0}


def extraction_speed(corpus: Path) -> dict[str, float]:
    """Throughput of ``extract_document`` alone over the whole development corpus."""
    from bot.ingest.extract import extract_document

    docs = corpus_documents(corpus)
    chars = sum(len(d.get("text") or "") for d in docs)
    t0 = time.perf_counter()
    for d in docs:
        pr = d.get("principal")
        principal = (pr["name"], pr.get("role")) if pr and pr.get("name") else None
        extract_document(d.get("text") or "", principal=principal, title=d.get("title"))
    elapsed = time.perf_counter() - t0
    return {"documents": len(docs), "characters": chars, "seconds": elapsed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--errors", type=int, default=0, help="print up to N error cases")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument(
        "--skip-store", action="store_true", help="only PolNeAR: do not ingest the corpus"
    )
    args = ap.parse_args(argv)
    if not (args.corpus / "attribution" / "polnear-dev").is_dir():
        print(
            f"corpus not found at {args.corpus} (expected attribution/polnear-dev inside); "
            "pass --corpus PATH",
            file=sys.stderr,
        )
        return 2
    print("Direct quotes with a named speaker, PolNeAR dev")
    print(f"  matching rule: {MATCH_RULE}")
    figures = score(args.corpus, args.errors)
    for k, v in figures.items():
        if isinstance(v, float):
            target = TARGETS.get(k)
            mark = "" if target is None else f"   (target >= {target:.2f}: "
            mark += "" if target is None else ("met)" if v >= target else "NOT met)")
            print(f"  {k:34s} {v:.3f}{mark}")
        else:
            print(f"  {k:34s} {v}")
    if args.skip_store:
        return 0
    print()
    print("Every development document (news, press, whitehouse) ingested into one store")
    store, seconds, n_docs = build_store(args.corpus)
    try:
        print(
            f"  {n_docs} documents ingested (clean, extract, link, store, index) in "
            f"{seconds:.1f} s: {n_docs / seconds:.1f} documents/s"
        )
        if not args.skip_throughput:
            speed = extraction_speed(args.corpus)
            print(
                f"  extraction alone: {speed['documents'] / speed['seconds']:.1f} documents/s "
                f"(target >= 50), {speed['characters'] / speed['seconds']:,.0f} characters/s"
            )
        print()
        print("  Stored statements by kind of document")
        print(
            f"  {'kind':14s} {'docs':>6s} {'statements':>11s} {'bare fragments':>15s} "
            f"{'not people':>11s}"
        )
        for kind, row in sorted(stored_by_kind(store).items(), key=lambda kv: -kv[1]["documents"]):
            n = row["statements"] or 1
            print(
                f"  {kind:14s} {row['documents']:6.0f} {row['statements']:11.0f} "
                f"{row['bare fragments'] / n:15.3f} {row['not people'] / n:11.3f}"
            )
        print(
            f"  (shares of the kind's statements; targets 0: a statement under {FRAGMENT_WORDS} "
            "words carries its sentence; no person-kind speaker is a place, a body or one word)"
        )
        print()
        print("  Transcript turns, White House turn gold (as stored)")
        turns = score_turns(args.corpus, args.errors, store=store)
        if turns is None:
            print("  turn gold not found; skipped")
        else:
            for k, v in turns.figures().items():
                target = TURN_TARGETS.get(k)
                mark = ""
                if target is not None:
                    exact = k == "reporter statements"
                    met = v <= target if exact else v >= target
                    mark = f"   (target {'=' if exact else '>='} {target}: "
                    mark += "met)" if met else "NOT met)"
                shown = f"{v:.3f}" if isinstance(v, float) else str(v)
                print(f"    {k:32s} {shown}{mark}")
            for line in turns.errors:
                print(line)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
