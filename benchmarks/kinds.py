"""Benchmark of statement-kind tagging against the hand-labelled kinds gold standard.

Run: ``python benchmarks/kinds.py [--corpus PATH] [--errors N]``, or
``python benchmarks/kinds.py --answer [--db FILE] [--question Q]``
(default corpus: ``../shared/corpus`` next to the repository). Not part of the test suite.

Gold: ``attribution/kinds-gold/kinds.jsonl``, 240 statements of the development corpus with
a hand-made kind (condition, demand, offer, rejection, warning, assessment, none) and an
optional secondary kind. Read its README: the sample is stratified by the tag one earlier
extractor stored, so it over-represents tagged statements.

Default (a few seconds). Only the documents the gold names are read (``news/``, ``press/``,
``whitehouse/`` JSON Lines, through ``jsonl_document`` as ``attache ingest`` reads them),
cleaned and extracted as the ingest pipeline does (``bot.ingest.pipeline.prepare_document``:
title, press-release principal, the speakers of a freshly seeded store, and the kinds read
again with the sides the document gives its speakers), so each statement carries the kind
the pipeline would store. Statements the pipeline would not
store (no speaker; a body's scare quote) are dropped. Not reproduced: statements merged
across documents (the first document's tag is kept) and speakers learnt from earlier
documents of a full ingest, which can move a statement's boundaries.

Scoring (``kinds_score.py``, the README's rule): for each gold item, the statements of its
document; texts compared lower-cased with whitespace collapsed; a statement matches when
the longest common substring is at least half the gold text; the largest overlap wins; no
match is a miss. Per position kind K: precision = matched items tagged K whose gold kind is
K (lenient: or whose gold secondary is K) / matched items tagged K; recall = gold items of K
matched and tagged K / gold items of K. False positions: gold ``none`` items tagged with a
position kind / all gold ``none`` items (tagged assessment or untagged is no error).
A corpus-weighted precision estimate weights each gold line by its stratum's pool size / 40.

``--errors N`` prints up to N mismatches per kind: gold items of the kind tagged otherwise,
and items tagged with the kind whose gold kind differs.

``--answer`` ingests the whole development corpus with auto-approval into a fresh SQLite
file in a temporary directory (``qa_eval.ingest_corpus``; dense vectors off unless
ATTACHE_EMBEDDER is set), or reuses ``--db FILE`` when it exists (ingesting into it when
not), then asks "What are Russia's conditions?" through ``attache ask --json`` and prints
each item's kind, speaker, date, words and the documents cited, then those of the other
statements merged into the same point (bot/answer/positions.py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ingest.extract import ExtractedStatement  # noqa: E402
from bot.ingest.inputs import jsonl_document  # noqa: E402
from bot.ingest.linking import SpeakerLinker  # noqa: E402
from bot.ingest.pipeline import BODY_MIN_QUOTED_WORDS, prepare_document  # noqa: E402
from bot.store.store import Store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import corpus_documents  # noqa: E402
from kinds_score import (  # noqa: E402
    GOLD_KINDS,
    MISSED,
    POSITION_KINDS,
    STRATA,
    UNTAGGED,
    GoldItem,
    Outcome,
    Predicted,
    match_all,
    read_gold,
    score,
    weighted_precision,
)

GOLD = Path("attribution") / "kinds-gold" / "kinds.jsonl"
QUESTION = "What are Russia's conditions?"


def _stored(found: ExtractedStatement) -> bool:
    """Whether ``ingest_document`` would store the statement: it needs a speaker, and a body
    (not a person) is quoted in phrases, not in one or two scare-quoted words."""
    if not found.speaker:
        return False
    return (
        found.speaker_kind == "person"
        or not found.direct
        or len(found.quote.split()) >= BODY_MIN_QUOTED_WORDS
    )


def extract_gold_documents(corpus: Path, doc_ids: set[str]) -> dict[str, list[Predicted]]:
    """The statements the pipeline would store from each named document."""
    records = {d["id"]: d for d in corpus_documents(corpus) if d.get("id") in doc_ids}
    if unknown := doc_ids - records.keys():
        print(f"  gold documents not in the corpus: {sorted(unknown)}", file=sys.stderr)
    # A fresh store's seeded speakers: what the first document of an ingest is extracted with.
    store = Store.open("sqlite://")
    try:
        with store.reading() as session:
            linker = SpeakerLinker(session)
        out: dict[str, list[Predicted]] = {}
        for doc_id, record in records.items():
            doc = jsonl_document(record, doc_id)
            found = prepare_document(doc, linker).extraction.statements
            out[doc_id] = [Predicted(s.quote, s.kind, s.speaker) for s in found if _stored(s)]
        return out
    finally:
        store.close()


def print_table(outcomes: Sequence[Outcome]) -> None:
    scores = score(outcomes)
    print(f"  {'kind':10s} {'tagged':>6s}  {'precision':15s} {'lenient':15s} {'gold':>4s}  recall")
    for kind, k in scores.kinds.items():
        print(
            f"  {kind:10s} {k.precision.total:6.0f}  {k.precision!s:15s} {k.lenient!s:15s} "
            f"{k.recall.total:4.0f}  {k.recall}"
        )
    print("  (lenient precision also accepts the gold secondary kind)")
    print()
    total = scores.matched + scores.missed
    print(f"  gold items matched {scores.matched}/{total}, missed {scores.missed}/{total}")
    none = scores.none_items
    print(
        f"  false positions: {scores.false_positions} of gold 'none' items tagged with a "
        "position kind\n"
        f"    (not errors: assessment {none['assessment']}, untagged {none['untagged']}; "
        f"missed {none[MISSED]})"
    )
    others = {k: n for k, n in none.items() if k not in ("position", "assessment", "untagged")}
    others.pop(MISSED, None)
    if others:
        print(f"  'none' items with other tags: {dict(others)}")
    print()
    print_confusion(scores.confusion)


def print_confusion(confusion: dict[tuple[str, str], int]) -> None:
    """Gold kind (rows) by predicted kind (columns); a kind the tagger may add is shown too."""
    extra = sorted({p for _, p in confusion} - {*GOLD_KINDS, UNTAGGED, MISSED})
    columns = [*GOLD_KINDS, *extra, UNTAGGED, MISSED]
    print("  confusion: gold kind (rows) x predicted kind (columns; '-' untagged)")
    print("  " + " " * 11 + "".join(f"{c[:6]:>7s}" for c in columns) + "   total")
    for gold in GOLD_KINDS:
        row = [confusion.get((gold, c), 0) for c in columns]
        print(f"  {gold:11s}" + "".join(f"{n:7d}" for n in row) + f"{sum(row):8d}")


def print_weighted(outcomes: Sequence[Outcome]) -> None:
    strata = ", ".join(f"{a}-{b}: {pool:,}" for a, b, _, pool in STRATA)
    print("  ESTIMATE of corpus-level precision: each gold line weighted by its stratum's")
    print(f"  pool size / 40 (lines: pool {strata}); counts are weighted statements")
    print(f"  {'kind':10s} {'precision':18s} lenient")
    for kind, k in weighted_precision(outcomes).items():
        print(f"  {kind:10s} {k.precision!s:18s} {k.lenient}")


def print_errors(outcomes: Sequence[Outcome], limit: int) -> None:
    """Per kind, gold items of it tagged otherwise (recall errors), then, for the position
    kinds, items tagged with it whose gold kind differs (precision errors)."""
    for kind in GOLD_KINDS:
        missed = [o for o in outcomes if o.gold.kind == kind and _wrong_for(o)]
        # Position tags on an assessment are what costs precision: read them first.
        missed.sort(key=lambda o: o.predicted not in POSITION_KINDS)
        groups = [(f"gold {kind}, tagged otherwise", missed)]
        if kind in POSITION_KINDS:
            wrong = [o for o in outcomes if o.predicted == kind and o.gold.kind != kind]
            groups.append((f"tagged {kind}, gold otherwise", wrong))
        for title, items in groups:
            if not items:
                continue
            print(f"  -- {title}: {len(items)} (showing {min(limit, len(items))})")
            for o in items[:limit]:
                print("     " + _error_line(o))


def _wrong_for(o: Outcome) -> bool:
    """Whether the tag (or the miss) disagrees with the gold kind. A "none" item tagged
    assessment or left untagged is no error (README): the tagger has no "none"."""
    if o.gold.kind == "none":
        return o.match is None or o.predicted in POSITION_KINDS
    return o.match is None or o.predicted != o.gold.kind


def _error_line(o: Outcome) -> str:
    got = MISSED if o.match is None else (o.predicted or UNTAGGED)
    gold = o.gold.kind + (f"/{o.gold.secondary}" if o.gold.secondary else "")
    line = f"gold={gold} got={got} line={o.gold.line} {o.gold.doc_id}\n       {o.gold.text[:200]!r}"
    if o.gold.note:
        line += f"\n       note: {o.gold.note}"
    return line


def run_scoring(corpus: Path, errors: int) -> int:
    gold: list[GoldItem] = read_gold(corpus / GOLD)
    started = time.perf_counter()
    statements = extract_gold_documents(corpus, {g.doc_id for g in gold})
    extracted = time.perf_counter() - started
    outcomes = match_all(gold, statements)
    print(f"Statement kinds against {GOLD} ({len(gold)} gold items)")
    print(
        f"  {len(statements)} documents extracted as the ingest pipeline does, "
        f"{sum(map(len, statements.values()))} statements, in {extracted:.1f} s"
    )
    print("  matching: lower-cased, whitespace collapsed; longest common substring >= half the")
    print("  gold text; largest overlap wins; no match = missed")
    print()
    print_table(outcomes)
    print()
    print_weighted(outcomes)
    if errors:
        print()
        print(f"Mismatches (up to {errors} per kind)")
        print_errors(outcomes, errors)
    return 0


def ask_json(db: Path, question: str) -> dict:
    """``attache --db FILE ask --json QUESTION``, run in-process: its JSON object."""
    from bot.cli import main as attache

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = attache(["--db", str(db), "ask", "--json", question])
    if status != 0:
        raise SystemExit(f"attache ask failed with status {status}")
    return json.loads(out.getvalue())


def run_answer(corpus: Path, db: Path | None, question: str) -> int:
    from qa_eval import ingest_corpus

    # Vectors cost most of the ingest time and the question is about words and kinds.
    os.environ.setdefault("ATTACHE_EMBEDDER", "none")
    db = db or Path(tempfile.mkdtemp(prefix="attache-kinds-")) / "kinds.sqlite3"
    if not db.exists():
        store = Store.open(f"sqlite:///{db}")
        try:
            seconds, docs, statements = ingest_corpus(store, corpus)
        finally:
            store.close()
        print(f"ingested {docs} documents, {statements} statements in {seconds:.0f} s into {db}")
    else:
        print(f"reusing {db}")
    print(f"embedder: {os.environ['ATTACHE_EMBEDDER']}")
    reply = ask_json(db, question)
    print()
    print(f"Q: {reply['question']}  (answered: {reply['answered']})")
    for n, item in enumerate(reply["statements"], start=1):
        print_item(n, item)
    if not reply["statements"]:
        print(reply["text"])
    return 0


def print_item(n: int, item: dict) -> None:
    role = f", {item['role']}" if item.get("role") else ""
    when = item["date"] or "date unknown"
    print(f"{n:2d}. [{item['kind'] or UNTAGGED}] {item['speaker']}{role} ({when})")
    print(f"    {item['quote'][:300]!r}")
    # Enumerated points ("First … Second …") are the statement's words too.
    for point in item.get("points") or []:
        print(f"      - {point[:300]!r}")
    for source in _sources(item):
        print(f"    cited: {source}")
    # The same condition stated in other documents or by other speakers (merged points):
    # who, when and where; their words are not shown.
    for other in item.get("also") or []:
        role = f", {other['role']}" if other.get("role") else ""
        print(f"    also: {other['speaker']}{role} ({other['date'] or 'date unknown'})")
        for source in _sources(other):
            print(f"      cited: {source}")


def _sources(item: dict) -> Iterable[str]:
    for s in item.get("sources") or []:
        yield " — ".join(x for x in (s.get("outlet"), s.get("title"), s.get("url")) if x)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--errors", type=int, default=0, help="print up to N mismatches per kind")
    ap.add_argument("--answer", action="store_true", help=f"ingest the corpus and ask {QUESTION!r}")
    ap.add_argument("--db", type=Path, help="with --answer: SQLite file, ingested once, reused")
    ap.add_argument("--question", default=QUESTION, help="with --answer: the question asked")
    args = ap.parse_args(argv)
    if not (args.corpus / GOLD).is_file():
        print(f"kinds gold not found at {args.corpus / GOLD}; pass --corpus PATH", file=sys.stderr)
        return 2
    if args.answer:
        return run_answer(args.corpus, args.db, args.question)
    return run_scoring(args.corpus, args.errors)


if __name__ == "__main__":
    raise SystemExit(main())
