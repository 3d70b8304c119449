"""Vector index benchmark (issue 14): the in-process index of statement vectors at 10k, 100k
and 1M statements, against an exact float search timed in the same process.

Vectors: WordLlama's vectors (bot/embed, the configured default) of every approved statement
of an ingested store (`--db`, read only; /tmp/qa_all.sqlite3 holds the whole corpus, built
by `python benchmarks/qa_eval.py --db FILE`), made realistic at any size by mixing: each
synthetic vector is a real statement's plus up to half of another's plus a little noise,
normalised, and it keeps the real statement's speaker and entity (so sides keep their real
shares). Questions: benchmarks/qa_questions.jsonl and the paraphrased development set.

For each size, an SQLite file holding `statement_vector` rows (and the `statement` rows
they need) is written to `--workdir`, and the index is loaded from it as a process starts
(`Vectors.refresh`), then measured:

- load: reading the rows and building the index (training its codes included);
- search p50/p99 (`Vectors.nearest`, k=300): every statement; a large side (the entity with
  most statements); a medium and a small side (speakers near 2% and 0.1% of statements);
  every statement but the largest speaker's; warm (the side asked before: its rows are
  kept until rows change) and cold; and the exact float baseline (numpy, every vector in
  memory: what a full scan costs);
- recall@100: the share of the exact top 100 (cosine over float32 vectors, limited to the
  same side) that the approximate top 100 / top 300 hold: the engine rescores the 300 with
  the stored vectors (`vectors_for`), so the second is what it can reach;
- vectors_for: reading 300 statements' stored vectors for that rescoring;
- refresh: one with nothing new (the query each refresh makes), and one reading 1,000 new
  vectors, 1,000 re-embedded and 100 removals another process wrote;
- RSS: a fresh process that loads the model and the index from the file and searches:
  its resident and peak memory, and the index's share.

Also, once: the embedding rate of `attache vectors rebuild` on a copy of `--db` (migrated
first, as any command does; the original is never written), against embedding the same
texts in this process.

    python benchmarks/vector_index.py [--db /tmp/qa_all.sqlite3] [--sizes 10000,100000,1000000]
                                      [--workdir DIR] [--no-rebuild]

Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from bot.embed import configured_embedder  # noqa: E402
from bot.store.models import StatementVector  # noqa: E402
from bot.store.vector_text import approved_page  # noqa: E402
from bot.store.vectors import Vectors  # noqa: E402

PARAPHRASED = REPO.parent / "shared" / "corpus" / "questions" / "paraphrased" / "paraphrased.jsonl"
QA_QUESTIONS = REPO / "benchmarks" / "qa_questions.jsonl"
K = 300
RECALL_AT = 100


@dataclass
class Base:
    vectors: np.ndarray  # float32, unit rows
    speakers: np.ndarray
    entities: np.ndarray  # -1: none
    texts: list[str]


def read_base(db: Path) -> Base:
    engine = create_engine(f"sqlite:///file:{db}?mode=ro&uri=true")
    rows = []
    with Session(engine) as session:
        after = 0
        while page := approved_page(session, after, 5_000):
            rows += page
            after = page[-1].id
    engine.dispose()
    model = configured_embedder()
    started = time.perf_counter()
    vectors = model.embed([r.text for r in rows])
    rate = len(rows) / (time.perf_counter() - started)
    print(f"{len(rows):,} approved statements in {db}; {model.name} embeds {rate:,.0f}/s here")
    return Base(
        vectors=vectors,
        speakers=np.array([r.speaker_id for r in rows]),
        entities=np.array([-1 if r.entity_id is None else r.entity_id for r in rows]),
        texts=[r.text for r in rows],
    )


def questions() -> list[str]:
    found = []
    for path in (QA_QUESTIONS, PARAPHRASED):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    found.append(json.loads(line)["question"])
    return found


def synthesise(base: Base, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n vectors: a real statement's plus up to half another's plus noise; its side."""
    rng = np.random.default_rng(seed)
    first = np.arange(n) % len(base.vectors) if n >= len(base.vectors) else rng.permutation(n)
    other = rng.integers(0, len(base.vectors), n)
    out = np.empty((n, base.vectors.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        part = slice(start, min(n, start + 100_000))
        weight = rng.uniform(0, 0.5, part.stop - part.start).astype(np.float32)[:, None]
        noise = rng.normal(0, 0.02, (part.stop - part.start, out.shape[1])).astype(np.float32)
        mixed = base.vectors[first[part]] + weight * base.vectors[other[part]] + noise
        out[part] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    return out, base.speakers[first], base.entities[first]


def write_store(path: Path, vectors: np.ndarray, speakers: np.ndarray, entities: np.ndarray,
                model: str) -> None:  # fmt: skip
    """An SQLite file with the tables `Vectors` reads (statement ids 1..n): the vectors'
    as the store's model makes it, and the columns of the others that it reads."""
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE statement (id INTEGER PRIMARY KEY, status TEXT NOT NULL);"
        "CREATE TABLE speaker (id INTEGER PRIMARY KEY, approved_count INTEGER);"
    )
    engine = create_engine(f"sqlite:///{path}")
    StatementVector.__table__.create(engine)
    engine.dispose()
    con.executemany(
        "INSERT INTO statement VALUES (?, 'approved')", ((i,) for i in range(1, len(vectors) + 1))
    )
    half = vectors.astype("<f2")
    con.executemany(
        "INSERT INTO statement_vector (statement_id, model, speaker_id, entity_id, vector) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            (
                i + 1,
                model,
                int(speakers[i]),
                None if entities[i] < 0 else int(entities[i]),
                half[i].tobytes(),
            )  # fmt: skip
            for i in range(len(vectors))
        ),
    )
    con.commit()
    con.close()


def vectors_on(path: Path) -> tuple[Vectors, sessionmaker]:
    engine = create_engine(f"sqlite:///{path}")
    sessions = sessionmaker(engine)
    return Vectors(sessions, "sqlite", configured_embedder()), sessions


def timed(fn, repeat: int = 1) -> list[float]:  # noqa: ANN001
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def ms(values: list[float]) -> str:
    return f"{np.percentile(values, 50) * 1e3:7.2f} {np.percentile(values, 99) * 1e3:7.2f}"


def sides(speakers: np.ndarray, entities: np.ndarray) -> dict[str, dict]:
    n = len(speakers)
    s_ids, s_counts = np.unique(speakers, return_counts=True)
    e_ids, e_counts = np.unique(entities[entities >= 0], return_counts=True)

    def speaker_near(share: float) -> int:
        return int(s_ids[np.argmin(np.abs(s_counts / n - share))])

    return {
        "all": {},
        "large entity": {"entity_ids": [int(e_ids[np.argmax(e_counts)])]},
        "medium speaker": {"speaker_ids": [speaker_near(0.02)]},
        "small speaker": {"speaker_ids": [speaker_near(0.001)]},
        "all but top speaker": {"exclude_speaker_ids": [int(s_ids[np.argmax(s_counts)])]},
    }


def allowed_rows(side: dict, speakers: np.ndarray, entities: np.ndarray) -> np.ndarray:
    mask = np.ones(len(speakers), dtype=bool)
    if "speaker_ids" in side:
        mask = np.isin(speakers, side["speaker_ids"])
    elif "entity_ids" in side:
        mask = np.isin(entities, side["entity_ids"])
    if "exclude_speaker_ids" in side:
        mask &= ~np.isin(speakers, side["exclude_speaker_ids"])
    return np.flatnonzero(mask)


def measure(n: int, base: Base, queries: np.ndarray, workdir: Path) -> None:
    model = configured_embedder()
    vectors, speakers, entities = synthesise(base, n)
    path = workdir / f"vectors_{n}.sqlite3"
    started = time.perf_counter()
    write_store(path, vectors, speakers, entities, model.name)
    print(f"\n== {n:,} statements (file written in {time.perf_counter() - started:.0f} s)")
    store, sessions = vectors_on(path)
    with sessions() as session:
        (load,) = timed(lambda: store.refresh(session))
        index = store.index(session)
        kind = f"IVF {index.nlist} lists, 4-bit PQ" if index.nlist else "flat float32"
        print(f"load: {load:.1f} s ({index.size:,} vectors, {kind})")
        print(f"{'search (ms)':<22}{'side rows':>10}  {'p50':>7} {'p99':>7}  {'cold p50':>8} "
              f"{'p99':>7}   {'exact p50':>9}  {'ratio':>6}   recall@100 in 100 / 300")  # fmt: skip
        for label, side in sides(speakers, entities).items():
            rows = allowed_rows(side, speakers, entities)
            side_vectors = vectors[rows] if len(rows) < n else vectors
            approx, cold, exact, got100, got300 = [], [], [], [], []
            for q in queries:
                # Cold: the side's rows worked out again, as after a refresh that changed any.
                index._sides.clear()
                cold += timed(lambda q=q, side=side: store.nearest(session, q, K, **side))
                approx += timed(lambda q=q, side=side: store.nearest(session, q, K, **side))
                started = time.perf_counter()
                scores = side_vectors @ q
                top = np.argpartition(-scores, min(RECALL_AT, len(scores) - 1))[:RECALL_AT]
                exact.append(time.perf_counter() - started)
                truth = set((rows[top] if len(rows) < n else top) + 1)
                found = [i for i, _ in store.nearest(session, q, K, **side)]
                got100.append(len(truth & set(found[:RECALL_AT])) / len(truth))
                got300.append(len(truth & set(found)) / len(truth))
            ratio = np.percentile(approx, 50) / np.percentile(exact, 50)
            print(
                f"{label:<22}{len(rows):>10,}  {ms(approx)}  {ms(cold)}   "
                f"{np.percentile(exact, 50) * 1e3:9.2f}  {ratio:6.3f}   "
                f"{np.mean(got100):.3f} / {np.mean(got300):.3f}"
            )
        ids = [[int(i) for i, _ in store.nearest(session, q, K)] for q in queries[:50]]
        reads = [t for some in ids for t in timed(partial(store.vectors_for, session, some))]
        print(f"vectors_for {K} ids: p50/p99 {ms(reads)} ms")
        idle = timed(lambda: store.refresh(session), 50)
        print(f"refresh, nothing new: p50/p99 {ms(idle)} ms")
        write_changes(path, n, base, model.name)
        (busy,) = timed(lambda: store.refresh(session))
        print(f"refresh reading 1,000 new + 1,000 re-embedded + 100 removed: {busy * 1e3:.0f} ms "
              f"(now {store.index(session).size:,} vectors)")  # fmt: skip
    rss(path)
    path.unlink()


def write_changes(path: Path, n: int, base: Base, model: str) -> None:
    """What another process writes: new statements, re-embedded and removed ones."""
    con = sqlite3.connect(path)
    rng = np.random.default_rng(9)
    fresh = synthesise(base, 1_000, seed=5)
    new_ids = range(n + 1, n + 1_001)
    con.executemany("INSERT INTO statement VALUES (?, 'approved')", ((i,) for i in new_ids))
    changed = rng.choice(np.arange(1, n + 1), 1_100, replace=False)
    con.executemany("DELETE FROM statement_vector WHERE statement_id = ?",
                    ((int(i),) for i in changed))  # fmt: skip
    rows = [(i, model, int(fresh[1][k]), None, fresh[0][k].astype("<f2").tobytes())
            for k, i in enumerate([*new_ids])]  # fmt: skip
    rows += [(int(i), model, 1, None, fresh[0][k].astype("<f2").tobytes())
             for k, i in enumerate(changed[:1_000])]  # fmt: skip
    rows += [(int(i), "", 1, None, None) for i in changed[1_000:]]
    con.executemany(
        "INSERT INTO statement_vector (statement_id, model, speaker_id, entity_id, vector) "
        "VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    con.commit()
    con.close()


_PROBE = """
import sys, time
sys.path.insert(0, {repo!r})
sys.path.insert(0, {bench!r})
def rss():
    status = open("/proc/self/status").read()
    return [int(status.split(k + ":")[1].split()[0]) // 1024 for k in ("VmRSS", "VmHWM")]
from vector_index import vectors_on, questions
from bot.embed import configured_embedder
from pathlib import Path
model = configured_embedder()
queries = model.embed(questions())
before = rss()[0]
store, sessions = vectors_on(Path({path!r}))
with sessions() as session:
    store.refresh(session)
    for q in queries:
        store.nearest(session, q, 300)
        store.nearest(session, q, 300, entity_ids=[1])
now, peak = rss()
print(before, now, peak)
"""


def rss(path: Path) -> None:
    code = _PROBE.format(repo=str(REPO), bench=str(REPO / "benchmarks"), path=str(path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        print(f"RSS probe failed: {done.stderr[-500:]}")
        return
    before, now, peak = map(int, done.stdout.split())
    print(f"RSS of a process with the model, then the index loaded and searched: "
          f"{before} MB -> {now} MB (peak {peak} MB; the index {now - before} MB)")  # fmt: skip


def rebuild_rate(db: Path, base: Base, workdir: Path) -> None:
    copy = workdir / "rebuild.sqlite3"
    shutil.copyfile(db, copy)
    model = configured_embedder()
    started = time.perf_counter()
    model.embed(base.texts)
    alone = len(base.texts) / (time.perf_counter() - started)
    runs = []
    for _ in range(2):  # the first writes every vector; the second finds them unchanged
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "--db", str(copy), "vectors", "rebuild"],
            capture_output=True, text=True, cwd=REPO,
        )  # fmt: skip
        runs.append(done.stdout.strip() or done.stderr.strip())
    print("\n`attache vectors rebuild` on a copy of", db)
    for label, line in zip(("first (writes all)", "second (unchanged)"), runs, strict=True):
        print(f"  {label}: {line}")
    rate = float(runs[0].split("(")[1].split()[0].replace(",", "")) if "(" in runs[0] else 0
    print(f"  embedding alone in this process: {alone:,.0f}/s; rebuild/alone {rate / alone:.2f}")
    copy.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/qa_all.sqlite3"))
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--no-rebuild", action="store_true", help="skip the rebuild rate")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="vector_index_"))
    workdir.mkdir(parents=True, exist_ok=True)
    base = read_base(args.db)
    asked = questions()
    queries = configured_embedder().embed(asked)
    print(f"{len(asked)} questions; k={K}")
    if not args.no_rebuild:
        rebuild_rate(args.db, base, workdir)
    for n in (int(s) for s in args.sizes.split(",")):
        measure(n, base, queries, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
