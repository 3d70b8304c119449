"""Question-answering benchmark over the development corpus.

Ingests ../shared/corpus (news, press and whitehouse JSON Lines) with auto-approval into a
fresh SQLite database, asks every question in benchmarks/qa_questions.jsonl (or
`--questions FILE`, e.g. the corpus's paraphrased questions), and prints:

- accuracy@3 on answerable questions: one of the top three statements is by a listed
  speaker and contains one of the listed keywords (case-insensitive, in its words or points);
- abstention accuracy on unanswerable questions: the bot says it has no statement;
- answer latency (p50/p95/p99, in-process, warm) and ingest time.

    python benchmarks/qa_eval.py [--corpus PATH] [--db FILE] [--verbose]
    python benchmarks/qa_eval.py --pg-url postgresql+psycopg://postgres@127.0.0.1/test

Not part of the test run. `--db FILE` reuses an already ingested database. `--pg-url`
ingests into a fresh schema of that PostgreSQL database instead (dropped afterwards), to
compare the backends' answers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.answer.engine import Answerer  # noqa: E402
from bot.ingest.batch import ingest_inputs  # noqa: E402
from bot.ingest.inputs import read_path  # noqa: E402
from bot.store.db import temporary_schema  # noqa: E402
from bot.store.store import Store  # noqa: E402


def ingest_corpus(store: Store, corpus: Path) -> tuple[float, int, int]:
    files = [
        path
        for folder in ("news", "press", "whitehouse")
        for path in sorted((corpus / folder).glob("*.jsonl"))
    ]
    started = time.perf_counter()
    docs = statements = 0
    for path in files:
        report = ingest_inputs(store, read_path(path), auto_approve=True, actor="benchmark")
        docs += len(report.results)
        statements += sum(r.new_statements for r in report.results)
        for error in report.errors:
            print(f"  ingest error: {error}", file=sys.stderr)
    return time.perf_counter() - started, docs, statements


def correct(answer, question: dict) -> bool:
    speakers = {s.casefold() for s in question["speakers"]}
    keywords = [k.casefold() for k in question["keywords"]]
    for scored in answer.ranked[:3]:
        st = scored.statement
        words = " ".join([st.text, *(p.text for p in st.points)]).casefold()
        if st.speaker.name.casefold() in speakers and any(k in words for k in keywords):
            return True
    return False


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument(
        "--questions", type=Path, default=REPO / "benchmarks" / "qa_questions.jsonl"
    )
    parser.add_argument("--db", help="SQLite file to use (ingested once, reused when present)")
    parser.add_argument("--pg-url", help="ingest into a fresh schema of this PostgreSQL database")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every miss")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    questions = [
        json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()
    ]
    if args.pg_url:
        with temporary_schema(args.pg_url, prefix="attache_qa") as url:
            store = Store.open(url)
            try:
                return evaluate(store, args, questions, fresh=True, where="PostgreSQL")
            finally:
                store.close()
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "qa.sqlite3"
    fresh = not db.exists()
    return evaluate(Store.open(f"sqlite:///{db}"), args, questions, fresh, str(db))


def evaluate(
    store: Store, args: argparse.Namespace, questions: list[dict], fresh: bool, where: str
) -> int:
    if fresh:
        seconds, docs, statements = ingest_corpus(store, args.corpus)
        print(f"ingested {docs} documents, {statements} statements in {seconds:.1f} s ({where})")
    answerer = Answerer(store)
    hits = answerable = abstained_right = unanswerable = 0
    latencies: list[float] = []
    with store.reading() as session:
        answerer.prepare(session)  # as `attache serve` starts: caches loaded, then frozen
        for q in questions:
            started = time.perf_counter()
            answer = answerer.answer(session, q["question"], limit=3)
            latencies.append((time.perf_counter() - started) * 1000)
            if q["answerable"]:
                answerable += 1
                ok = correct(answer, q)
                hits += ok
            else:
                unanswerable += 1
                ok = not answer.answered
                abstained_right += ok
            if args.verbose and not ok:
                print(f"MISS {q['id']}: {q['question']}")
                if q["answerable"]:
                    print(f"     wanted {q['speakers']} with {q['keywords']}")
                if not answer.answered:
                    print(f"     abstained: {answer.reason}")
                for s in answer.ranked[:3]:
                    print(
                        f"     {s.score:.2f} {s.statement.speaker.name}: {s.statement.text[:110]!r}"
                    )
    print(f"accuracy@3 (answerable):      {hits / answerable:.3f}  ({hits}/{answerable})")
    print(
        f"abstention (unanswerable):    {abstained_right / unanswerable:.3f}  "
        f"({abstained_right}/{unanswerable})"
    )
    print(
        f"latency ms: p50 {percentile(latencies, 50):.1f}  p95 {percentile(latencies, 95):.1f}  "
        f"p99 {percentile(latencies, 99):.1f}  mean {statistics.fmean(latencies):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
