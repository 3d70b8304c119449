"""Question-answering benchmark over the development corpus.

Ingests ../shared/corpus (news, press and whitehouse JSON Lines) with auto-approval into a
fresh SQLite database, asks every question of benchmarks/qa_questions.jsonl and of the
corpus's paraphrased questions (../shared/corpus/questions/paraphrased/paraphrased.jsonl;
`--questions FILE …` for others), and prints for each set:

- accuracy@3 on answerable questions: one of the top three statements is by a listed
  speaker and contains one of the listed keywords (case-insensitive, in its words or points);
- abstention accuracy on unanswerable questions: the bot says it has no statement;
- the accuracy/abstention trade-off at a few confidence thresholds (bot/answer/model.py:
  a statement is shown when its fitted confidence reaches the threshold), and the shipped one;
- answer latency (p50/p95/p99, in-process, warm) and ingest time;
- with `--causes`, where each missed answerable question was lost: no stored statement
  could answer it (the extractor lost it), the searches never found it, the ranking put it
  4th-10th, 11th-50th or lower, the diversity rule dropped it, or the engine abstained
  with it in the first three.

    python benchmarks/qa_eval.py [--corpus PATH] [--db FILE] [--verbose] [--causes]
    python benchmarks/qa_eval.py --pg-url postgresql+psycopg://postgres@127.0.0.1/test

Not part of the test run. `--weight NAME=VALUE` (repeatable) varies one of the engine's
hand-set numbers (bot/answer/weights.py), e.g. `--weight per_speaker=3`, by giving the
engine a changed `Weights`. `--db FILE` reuses an already ingested database. `--pg-url`
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
from collections import Counter
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARAPHRASED = REPO.parent / "shared" / "corpus" / "questions" / "paraphrased" / "paraphrased.jsonl"
TRADE_OFF = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
sys.path.insert(0, str(REPO))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bot.answer.engine import Answerer  # noqa: E402
from bot.answer.question import parse  # noqa: E402
from bot.answer.weights import DEFAULT, varied  # noqa: E402
from bot.ingest.batch import ingest_inputs  # noqa: E402
from bot.ingest.inputs import read_path  # noqa: E402
from bot.store import repo  # noqa: E402
from bot.store.db import temporary_schema  # noqa: E402
from bot.store.models import Speaker, Statement  # noqa: E402
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
        "--questions",
        type=Path,
        nargs="+",
        default=[REPO / "benchmarks" / "qa_questions.jsonl", PARAPHRASED],
    )
    parser.add_argument("--db", help="SQLite file to use (ingested once, reused when present)")
    parser.add_argument("--pg-url", help="ingest into a fresh schema of this PostgreSQL database")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every miss")
    parser.add_argument(
        "--causes", action="store_true", help="count where each answerable miss was lost"
    )
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="vary a hand-set number of bot/answer/weights.py (repeatable)",
    )
    args = parser.parse_args()
    try:
        args.weights = varied(DEFAULT, args.weight)
    except ValueError as e:
        parser.error(str(e))
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    questions = {
        path.stem: [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        for path in args.questions
    }
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


def _share(part: int, whole: int) -> str:
    """A share to three places, or "n/a" for a set with none of the kind (a question file of
    answerable questions only has no abstention to score)."""
    return f"{part / whole:.3f}" if whole else "  n/a"


def evaluate(
    store: Store,
    args: argparse.Namespace,
    questions: dict[str, list[dict]],
    fresh: bool,
    where: str,
) -> int:
    if fresh:
        seconds, docs, statements = ingest_corpus(store, args.corpus)
        print(f"ingested {docs} documents, {statements} statements in {seconds:.1f} s ({where})")
    weights = args.weights
    shipped = Answerer(store).model
    for name, asked in questions.items():
        print(f"\n{name} ({len(asked)} questions)")
        answerer = Answerer(store, model=shipped, weights=weights)
        hits, answerable, right_abstentions, unanswerable, latencies = ask_all(
            answerer, asked, verbose=args.verbose
        )
        print(f"accuracy@3 (answerable):      {_share(hits, answerable)}  ({hits}/{answerable})")
        print(
            f"abstention (unanswerable):    {_share(right_abstentions, unanswerable)}  "
            f"({right_abstentions}/{unanswerable})"
        )
        print(
            f"latency ms: p50 {percentile(latencies, 50):.1f}  "
            f"p95 {percentile(latencies, 95):.1f}  p99 {percentile(latencies, 99):.1f}  "
            f"mean {statistics.fmean(latencies):.1f}"
        )
        print("trade-off by confidence threshold (accuracy@3 / abstention):")
        for t in sorted({*TRADE_OFF, shipped.answer_at}):
            model = replace(shipped, answer_at=t, also_show_at=min(t, shipped.also_show_at))
            h, a, r, u, _ = ask_all(
                Answerer(store, model=model, weights=weights), asked, verbose=False
            )
            mark = "  <- shipped" if t == shipped.answer_at else ""
            print(f"  {t:5.3f}  {_share(h, a)} / {_share(r, u)}{mark}")
        if args.causes:
            diagnosing = Answerer(store, model=shipped, weights=weights)
            lost = Counter(lost_where(diagnosing, q) for q in asked if q["answerable"])
            print("where the answerable questions were lost:")
            for cause in CAUSES:
                print(f"  {cause:<36} {lost.get(cause, 0):>3}")
    return 0


CAUSES = (
    "shown",
    "no stored statement answers it",
    "never retrieved",
    "ranked 4th-10th",
    "ranked 11th-50th",
    "ranked below 50th",
    "dropped by diversity",
    "abstained, though in the first three",
)


def lost_where(answerer: Answerer, q: dict) -> str:
    """Which of CAUSES a question's right statement met: the engine's own passes, run again
    to see its whole ranking (bot.answer.engine.Answerer.rank)."""
    with answerer.store.reading() as session:
        answer = answerer.answer(session, q["question"], limit=3)
        if correct(answer, q):
            return "shown"
        if not answerable_from(session, q):
            return "no stored statement answers it"
        ranked = answerer.rank(session, parse(q["question"], answerer.resolver(session)))
        ids = [r.candidate.id for r in ranked]
        rows = {st.id: st for st in repo.statements_by_ids(session, ids)}
        right = [i for i, cid in enumerate(ids) if cid in rows and says(rows[cid], q)]
    if not right:
        return "never retrieved"
    if right[0] >= 50:
        return "ranked below 50th"
    if right[0] >= 10:
        return "ranked 11th-50th"
    if right[0] >= 3:
        return "ranked 4th-10th"
    return "dropped by diversity" if answer.answered else "abstained, though in the first three"


def says(statement: Statement, q: dict) -> bool:
    """The scoring rule of `correct`, for one statement."""
    words = " ".join([statement.text, *(p.text for p in statement.points)]).casefold()
    return statement.speaker.name.casefold() in {s.casefold() for s in q["speakers"]} and any(
        k.casefold() in words for k in q["keywords"]
    )


def answerable_from(session: Session, q: dict) -> bool:
    """Whether an approved statement of a listed speaker says one of the keywords."""
    names = [s.casefold() for s in q["speakers"]]
    query = (
        select(Statement)
        .join(Speaker, Speaker.id == Statement.speaker_id)
        .where(func.lower(Speaker.name).in_(names), Statement.status == "approved")
    )
    return any(says(st, q) for st in session.scalars(query))


def ask_all(
    answerer: Answerer, questions: list[dict], *, verbose: bool
) -> tuple[int, int, int, int, list[float]]:
    """(right answers, answerable, right abstentions, unanswerable, latencies in ms)."""
    hits = answerable = abstained_right = unanswerable = 0
    latencies: list[float] = []
    with answerer.store.reading() as session:
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
            if verbose and not ok:
                print(f"MISS {q['id']}: {q['question']}")
                if q["answerable"]:
                    print(f"     wanted {q['speakers']} with {q['keywords']}")
                if not answer.answered:
                    print(f"     abstained: {answer.reason}")
                for s in answer.ranked[:3]:
                    print(
                        f"     {s.score:.2f} {s.statement.speaker.name}: {s.statement.text[:110]!r}"
                    )
    return hits, answerable, abstained_right, unanswerable, latencies


if __name__ == "__main__":
    sys.exit(main())
