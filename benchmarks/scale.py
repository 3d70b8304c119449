"""Scale benchmark: `ask` latency, full-text floor, LIKE baseline, RSS, digest and ingest
rates on stores of 10k, 100k and 1M statements, on SQLite and PostgreSQL.

    python benchmarks/scale.py [--sizes 10000,100000,1000000] [--backends sqlite,postgresql]
                               [--seed-db FILE] [--pg-url URL] [--keep] [--rounds 5]
    python benchmarks/scale.py --answer-only URL     (the question mix in this process only)
    python benchmarks/scale.py --sizes 1000000 --reuse --workdir DIR --pg-schema NAME
                                                     (measure stores kept by --keep again)

Stores are synthesized from the real statements of the dev corpus (../shared/corpus, read at
run time): see benchmarks/scale_data.py for exactly how. Each backend gets one store, grown
10k -> 100k -> 1M and measured at each size:

- ask: `Answerer.answer(session, q)` over QUESTIONS after `Answerer.prepare` (as `attache
  serve` starts), each question warmed once, then `--rounds` rounds,
  in one read session; p50/p99 over all timings.
- floor: per question, the one full-text query the engine's retrieval runs (the same
  `store.search.search(session, words, limit, parties, counts=…)` call
  `Answerer.retrieve` makes: the question's terms and their synonyms, plus entity/alias
  terms, restricted to the named side), timed the same way. Also shown: the terms-only
  variant (no party restriction).
- LIKE: `SELECT id FROM statement WHERE status='approved' AND (lower(text) LIKE '%w%' OR …)
  LIMIT 150` over the same words (the question's content stems when it has no topic words).
- RSS: this process's peak (it also builds the store), and a fresh
  `--answer-only` subprocess's peak after running the question mix: a bot answering.
- digest: `bot.schedule.digest.compose` as the scheduler's `_prepare` calls it, for a
  subscription with no filter and one limited to Russia, over a week holding ~1% of the store.
- ingest: the bulk path's statements/s (Core executemany, search rows included), and the
  real pipeline's documents/s from the one-time corpus ingestion (`ingest_inputs`).

Each size's new statements are embedded too (as `attache vectors rebuild` does; the rate is
printed), so the answers measured are the fused engine's (ATTACHE_EMBEDDER=none measures
words alone). Building a million-statement store takes minutes; `--keep` keeps each (the
SQLite file in `--workdir`, the PostgreSQL schema it names), and `--reuse` measures such a
store again without building when it already holds the one size asked for (after migrating
it, as a bot would on start-up; bulk-load and ingest rates are then not measured).

Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.answer.engine import Answerer  # noqa: E402
from bot.answer.question import expand, parse  # noqa: E402
from bot.store.db import temporary_schema  # noqa: E402
from bot.store.models import Citation, Document, Source, Subscription  # noqa: E402
from bot.store.store import Store  # noqa: E402
from bot.text.analysis import terms as analyse  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LIKE_LIMIT = 150

# A fixed, chat-style mix: named speakers, entities, offices, topics with no party, and
# questions the store cannot answer.
QUESTIONS = (
    # named speakers
    "what did lavrov say about neutrality",
    "what did peskov say about the sanctions",
    "stoltenberg on finland and sweden joining nato",
    "kuleba on eu candidate status",
    "what did zelensky say about a no-fly zone",
    "podolyak on security guarantees",
    "putin on the minsk agreements",
    "what did blinken say about china",
    "latest from zelenskyy",
    # entities
    "what does moscow want",
    "is ukraine ready to negotiate",
    "what does russia say about nato expansion",
    "what does washington say about weapons for ukraine",
    "what is the kremlin's position on grain exports",
    "what does kyiv say about humanitarian corridors",
    "what are russia's conditions",
    "what does germany say about gas",
    # offices
    "nato chief on finland",
    "kremlin spokesman on peacekeepers",
    "russian foreign minister on the iron curtain",
    "what weapons is ukraine's foreign minister asking for",
    "us secretary of state on negotiations",
    # topics, no party
    "who said posturing",
    "who said washington has a deciding vote",
    "who talked about a new iron curtain",
    "what was said about the grain blockade",
    "who mentioned nuclear weapons",
    # unanswerable
    "what did lavrov say about cryptocurrency regulation",
    "who said the moon landing was staged",
    "what does brazil think about football",
    "recipes for borscht with mushrooms",
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def peak_rss_mb() -> float:
    """This process's peak RSS (ru_maxrss, KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def own_peak_rss_mb() -> float:
    """Peak RSS of this process image alone. A child's ru_maxrss keeps the high-water mark
    of the parent it was forked from (Linux carries it across exec), so a fresh process
    reads VmHWM, which counts only its own memory since exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def timed(fn, rounds: int) -> list[float]:  # noqa: ANN001
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


# --- the three ways of answering ----------------------------------------------------------


def engine_search_args(
    answerer: Answerer, session, q
) -> tuple[list[str], int, list[str], dict, int]:
    """The (words, limit, parties, counts, budget) `Answerer.retrieve` passes to the
    search backend, built with the engine's own helpers (its word list, then common words
    pruned by their document frequency, within the budget it ranks: smaller with vectors
    on); the frequency look-up itself is not part of the floor."""
    from bot.answer import retrieve

    search, weights = answerer.store.search, answerer.weights
    primary, extra = retrieve.search_words(q)
    df = search.document_frequency(session, primary + extra)
    size = search.size(session)
    budget = retrieve.lexical_budget(search, answerer.vectors, weights)
    words = retrieve.selective(primary, extra, df, size, budget, weights)
    pool = q.pool or weights.candidates_from_search
    return words, pool, retrieve.sides(q).parties, df, budget


def fetch_all(session, sql, params) -> list:  # noqa: ANN001
    return session.execute(sql, params).all()


def like_sql(dialect: str, words: list[str]):  # noqa: ANN201
    safe = sorted({w for w in words if w.isalnum()})
    clause = " OR ".join(f"lower(text) LIKE :w{k}" for k in range(len(safe))) or "1=1"
    sql = text(
        f"SELECT id FROM statement WHERE status = 'approved' AND ({clause}) LIMIT {LIKE_LIMIT}"
    )
    return sql, {f"w{k}": f"%{w}%" for k, w in enumerate(safe)}


def measure_answering(store: Store, rounds: int, like_rounds: int, per_question: bool) -> dict:
    answerer = Answerer(store)
    search = store.search
    dialect = store.engine.dialect.name
    ask, floor, floor_terms, like = [], [], [], []
    rows = []
    with store.reading() as session:
        answerer.prepare(session)  # as `attache serve` starts: caches loaded, then frozen
        resolver = answerer.resolver(session)
        for question in QUESTIONS:
            q = parse(question, resolver)
            words, limit, parties, counts, budget = engine_search_args(answerer, session, q)
            floor_search = partial(
                search.search, session, words, limit, parties, counts=counts, budget=budget
            )
            terms_only = [t for term in q.terms for t in expand(term)]
            like_words = words or analyse(question)
            sql, params = like_sql(dialect, like_words)
            answer = answerer.answer(session, question)  # warm this question once
            floor_search()
            a = timed(partial(answerer.answer, session, question), rounds)
            f = timed(floor_search, rounds)
            pool = answerer.weights.candidates_from_search
            ft = timed(partial(search.search, session, terms_only, pool), rounds)
            lk = timed(partial(fetch_all, session, sql, params), like_rounds)
            ask += a
            floor += f
            floor_terms += ft
            like += lk
            rows.append(
                {
                    "question": question,
                    "answered": answer.answered,
                    "ask": percentile(a, 50),
                    "floor": percentile(f, 50),
                    "floor_terms": percentile(ft, 50),
                    "like": percentile(lk, 50),
                    "hits": len(floor_search()),
                }
            )
        stages = breakdown(store, answerer, session)
    out = {
        "ask": (percentile(ask, 50), percentile(ask, 99)),
        "floor": (percentile(floor, 50), percentile(floor, 99)),
        "floor_terms": (percentile(floor_terms, 50), percentile(floor_terms, 99)),
        "like": (percentile(like, 50), percentile(like, 99)),
        "answered": sum(r["answered"] for r in rows),
        "stages": stages,
    }
    if per_question:
        out["questions"] = rows
    return out


STAGES = (
    ("resolver", "Answerer", "resolver"),
    ("parse", "engine", "parse"),
    ("search", "backend", "search"),
    ("recent", "retrieve", "recent_by_party"),
    ("light", "reads", "light_rows"),
    ("fields", "backend", "fields"),
    ("size", "backend", "size"),
    ("df", "backend", "document_frequency"),
    ("load", "repo", "statements_by_ids"),
    ("known", "repo", "approved_counts_by_speaker"),
)


@contextmanager
def stage_timers(store: Store, spent: dict[str, float]):  # noqa: ANN201
    """Wrap the engine's steps (module functions, backend methods) with timers, for one
    extra pass: where an answer's time goes. Nothing in bot/ is changed."""
    from bot.answer import engine, retrieve
    from bot.store import reads, repo

    owners = {
        "Answerer": Answerer,
        "engine": engine,
        "retrieve": retrieve,
        "reads": reads,
        "backend": store.search,
        "repo": repo,
    }
    saved = []
    for stage, owner_name, attr in STAGES:
        owner = owners[owner_name]
        original = getattr(owner, attr)

        def wrapper(*a, _f=original, _stage=stage, **k):  # noqa: ANN002, ANN003, ANN202
            started = time.perf_counter()
            try:
                return _f(*a, **k)
            finally:
                spent[_stage] = spent.get(_stage, 0.0) + (time.perf_counter() - started) * 1000

        saved.append((owner, attr, owner.__dict__.get(attr)))
        setattr(owner, attr, wrapper)
    try:
        yield
    finally:
        for owner, attr, before in saved:
            if before is None:
                delattr(owner, attr)
            else:
                setattr(owner, attr, before)


def breakdown(store: Store, answerer: Answerer, session) -> list[dict]:  # noqa: ANN001
    """Per question: ms per engine step (median of 3), and the slowest single df term."""
    out = []
    resolver = answerer.resolver(session)
    for question in QUESTIONS:
        runs = []
        for _ in range(3):
            spent: dict[str, float] = {}
            with stage_timers(store, spent):
                started = time.perf_counter()
                answerer.answer(session, question)
                spent["total"] = (time.perf_counter() - started) * 1000
            runs.append(spent)
        keys = {k for r in runs for k in r}
        med = {k: sorted(r.get(k, 0.0) for r in runs)[1] for k in keys}
        q = parse(question, resolver)
        worst = ("", 0.0)
        for term in q.terms:
            t = min(timed(partial(store.search.document_frequency, session, [term]), 2))
            worst = max(worst, (term, t), key=lambda w: w[1])
        out.append({"question": question, "stages": med, "df_worst": worst})
    return out


def answer_only(url: str, rounds: int) -> int:
    """A fresh process that opens the store like a bot and answers the mix (for its RSS)."""
    started = time.perf_counter()
    store = Store.open(url)
    answerer = Answerer(store)
    timings = []
    with store.reading() as session:
        answerer.prepare(session)  # as `attache serve` starts: caches loaded, then frozen
        for _ in range(rounds):
            for question in QUESTIONS:
                t = time.perf_counter()
                answerer.answer(session, question)
                timings.append((time.perf_counter() - t) * 1000)
    store.close()
    print(
        json.dumps(
            {
                "rss_mb": own_peak_rss_mb(),
                "ask": [percentile(timings, 50), percentile(timings, 99)],
                "seconds": time.perf_counter() - started,
            }
        )
    )
    return 0


def answer_in_subprocess(url: str, rounds: int) -> dict:
    proc = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--answer-only",
            url,
            "--rounds",
            str(rounds),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"--answer-only failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- digest -------------------------------------------------------------------------------


def create_subscriptions(store: Store) -> dict[str, int]:
    from scale_data import CREATED_AT, DIGEST_PERIOD

    ids = {}
    with store.engine.begin() as conn:
        for name, filters in (("all", {}), ("russia", {"entities": ["russia"]})):
            ids[name] = conn.execute(
                insert(Subscription)
                .values(
                    platform="console",
                    workspace="",
                    channel=f"scale-{name}",
                    cron="0 9 * * 1",
                    timezone="UTC",
                    filters=filters,
                    enabled=True,
                    post_when_empty=False,
                    last_period_end=DIGEST_PERIOD[0],
                    created_by="scale",
                    created_at=CREATED_AT,
                )
                .returning(Subscription.id)
            ).scalar_one()
    return ids


def measure_digest(store: Store, sub_id: int, repeats: int = 3) -> tuple[float, int]:
    """Build the digest the scheduler would post for the period (`Scheduler._prepare`)."""
    from datetime import UTC

    from scale_data import DIGEST_PERIOD

    from bot.schedule.digest import compose
    from bot.schedule.subscriptions import filters_of, window_start

    until = DIGEST_PERIOD[1].replace(tzinfo=UTC)
    times, total = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        with store.reading() as session:
            sub = session.get(Subscription, sub_id)
            digest = compose(
                session,
                since=window_start(sub, until),
                until=until,
                filters=filters_of(sub),
                tz=sub.timezone,
            )
            digest.reply()
            total = digest.total
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[len(times) // 2], total


# --- stores -------------------------------------------------------------------------------


@contextmanager
def postgres_schema(base_url: str, keep: bool, reuse: str | None = None):  # noqa: ANN201
    """A fresh schema (dropped afterwards unless `keep`), or the kept schema `reuse`."""
    if reuse:
        yield schema_url(base_url, reuse)
        return
    with temporary_schema(base_url, prefix="attache_scale", keep=keep) as url:
        if keep:
            name = make_url(url).query["options"].split("=", 1)[1]
            print(f"the PostgreSQL schema {name} is kept (measure it again: --pg-schema {name})")
        yield url


def schema_url(base_url: str, schema: str) -> str:
    return (
        make_url(base_url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def kept_size(store: Store) -> int:
    """How many statements the synthesizer put in a kept store (each has one citation of a
    synthetic document); 0 when it holds none."""
    from scale_data import SYNTHETIC_SOURCE

    with store.engine.connect() as conn:
        return int(
            conn.scalar(
                select(func.count())
                .select_from(Citation)
                .join(Document, Document.id == Citation.document_id)
                .join(Source, Source.id == Document.source_id)
                .where(Source.name == SYNTHETIC_SOURCE)
            )
            or 0
        )


def kept_subscriptions(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(Subscription.channel, Subscription.id).where(
                Subscription.channel.in_(["scale-all", "scale-russia"])
            )
        )
        return {channel.removeprefix("scale-"): sid for channel, sid in rows}


def store_size(store: Store) -> str:
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            pages = conn.scalar(text("PRAGMA page_count")) * conn.scalar(text("PRAGMA page_size"))
        else:
            pages = conn.scalar(
                text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                )
            )
    return f"{float(pages or 0) / 1e6:.0f} MB"


def embed_vectors(store: Store):  # noqa: ANN201
    """The bulk loader writes no vectors: embed every approved statement as `attache vectors
    rebuild` does (unchanged vectors are not written again), so the fused engine is what
    is measured. None when dense vectors are off (ATTACHE_EMBEDDER=none)."""
    from bot.store.vector_admin import rebuild

    if store.vectors.embedder is None:
        return None
    return rebuild(store)


def run_backend(backend: str, url: str, get_pool, sizes: list[int], args) -> list[dict]:  # noqa: ANN001
    from scale_data import Synthesizer

    results = []
    store = Store.open(url)
    kept = kept_size(store) if args.reuse else 0
    if kept:
        if sizes != [kept]:
            store.close()
            raise SystemExit(f"--reuse: the kept {backend} store holds {kept:,} statements")
        synth = None
        subs = kept_subscriptions(store)
    else:
        synth = Synthesizer(store, get_pool())
        synth.prepare()
        subs = create_subscriptions(store)
    for size in sizes:
        if synth is None:
            loaded, finish, rate = {"seconds": 0.0}, 0.0, float("nan")
        else:
            loaded = synth.load(size)
            finish = synth.finish()
            rate = loaded["statements"] / loaded["seconds"] if loaded["seconds"] else 0.0
            embedded = embed_vectors(store)
            if embedded is not None:
                print(
                    f"[{backend} {size:,}] vectors: {embedded.statements:,} statements embedded "
                    f"({embedded.written:,} written) in {embedded.seconds:.1f} s = "
                    f"{embedded.rate:,.0f}/s",
                    flush=True,
                )
        with store.reading() as session:
            indexed = store.search.size(session)
        if synth is None:
            print(
                f"[{backend} {size:,}] kept store reused: {indexed:,} indexed; {store_size(store)}",
                flush=True,
            )
        else:
            print(
                f"[{backend} {size:,}] +{loaded['statements']:,} statements "
                f"(+{loaded.get('documents', 0):,} documents) in {loaded['seconds']:.1f} s = "
                f"{rate:,.0f}/s; analyze/optimize {finish:.1f} s; {indexed:,} indexed; "
                f"{store_size(store)}",
                flush=True,
            )
        answering = measure_answering(store, args.rounds, args.like_rounds, args.verbose)
        digest_all, n_all = measure_digest(store, subs["all"])
        digest_ru, n_ru = measure_digest(store, subs["russia"])
        main_rss = peak_rss_mb()
        sub = answer_in_subprocess(url, args.rounds)
        row = {
            "backend": backend,
            "size": size,
            "indexed": indexed,
            "rate": rate,
            "finish_s": finish,
            "load_s": loaded["seconds"],
            **answering,
            "digest_ms": digest_all,
            "digest_n": n_all,
            "digest_ru_ms": digest_ru,
            "digest_ru_n": n_ru,
            "rss_main": main_rss,
            "rss_answer": sub["rss_mb"],
            "ask_sub": tuple(sub["ask"]),
        }
        results.append(row)
        print_row(row)
        print_stages(answering["stages"])
        if args.verbose:
            for r in answering["questions"]:
                print(
                    f"    {r['ask']:7.1f} {r['floor']:7.1f} {r['floor_terms']:7.1f} "
                    f"{r['like']:8.1f}  {r['hits']:3d} {'A' if r['answered'] else '-'} "
                    f"{r['question']}"
                )
        sys.stdout.flush()
    if synth is not None:
        print(
            f"[{backend}] bulk-load split: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in synth.timings.items())
        )
    store.close()
    return results


HEADER = (
    f"{'backend':<10} {'statements':>10} {'load/s':>8} {'ask p50':>8} {'p99':>7} "
    f"{'floor p50':>9} {'p99':>7} {'LIKE p50':>9} {'p99':>8} {'ask/floor':>9} "
    f"{'LIKE/ask':>8} {'RSS main':>8} {'RSS ask':>7} {'digest':>7} {'dig RU':>7}"
)


def format_row(r: dict) -> str:
    ratio = r["ask"][0] / r["floor"][0] if r["floor"][0] else float("inf")
    ratio99 = r["ask"][1] / r["floor"][1] if r["floor"][1] else float("inf")
    like = r["like"][0] / r["ask"][0] if r["ask"][0] else float("inf")
    rate = "kept" if math.isnan(r["rate"]) else f"{r['rate']:,.0f}"  # a reused store
    return (
        f"{r['backend']:<10} {r['size']:>10,} {rate:>8} {r['ask'][0]:>8.1f} "
        f"{r['ask'][1]:>7.1f} {r['floor'][0]:>9.2f} {r['floor'][1]:>7.1f} "
        f"{r['like'][0]:>9.1f} {r['like'][1]:>8.1f} {ratio:>4.1f}/{ratio99:<4.1f} "
        f"{like:>8.1f} {r['rss_main']:>8.0f} {r['rss_answer']:>7.0f} "
        f"{r['digest_ms']:>7.0f} {r['digest_ru_ms']:>7.0f}"
    )


def print_row(r: dict) -> None:
    print(HEADER)
    print(format_row(r))
    print(
        f"    floor terms-only p50/p99 {r['floor_terms'][0]:.2f}/{r['floor_terms'][1]:.1f} ms; "
        f"answered {r['answered']}/{len(QUESTIONS)}; subprocess ask p50/p99 "
        f"{r['ask_sub'][0]:.1f}/{r['ask_sub'][1]:.1f} ms; digest {r['digest_n']} statements "
        f"(RU {r['digest_ru_n']}); {r['indexed']:,} indexed"
    )


def print_stages(stages: list[dict]) -> None:
    names = [name for name, _, _ in STAGES]
    sums = {n: sum(s["stages"].get(n, 0.0) for s in stages) for n in [*names, "total"]}
    print(
        "    where ask time goes (ms summed over the mix, one pass): "
        + ", ".join(f"{n} {sums[n]:.0f}" for n in [*names, "total"] if sums[n] >= 0.5)
    )
    slow = sorted(stages, key=lambda s: -s["stages"].get("total", 0.0))[:6]
    for s in slow:
        parts = sorted(((n, s["stages"].get(n, 0.0)) for n in names), key=lambda kv: -kv[1])[:3]
        worst = s["df_worst"]
        print(
            f"      {s['stages'].get('total', 0.0):7.1f} ms {s['question']!r}: "
            + ", ".join(f"{n} {v:.1f}" for n, v in parts)
            + (f"; slowest df term {worst[0]!r} {worst[1]:.1f} ms" if worst[0] else "")
        )


def targets(results: list[dict]) -> list[str]:
    lines = []
    for r in results:
        if r["size"] < 1_000_000:
            continue
        if r["backend"] == "sqlite":
            checks = [
                ("ask p50 <= 20 ms", r["ask"][0] <= 20, f"{r['ask'][0]:.1f}"),
                ("ask p99 <= 50 ms", r["ask"][1] <= 50, f"{r['ask'][1]:.1f}"),
                (
                    "ask p50 <= 3x floor p50",
                    r["ask"][0] <= 3 * r["floor"][0],
                    f"{r['ask'][0] / r['floor'][0]:.1f}x",
                ),
                (
                    "ask p99 <= 3x floor p99",
                    r["ask"][1] <= 3 * r["floor"][1],
                    f"{r['ask'][1] / r['floor'][1]:.1f}x",
                ),
                ("answering RSS <= 300 MB", r["rss_answer"] <= 300, f"{r['rss_answer']:.0f}"),
            ]
        else:
            checks = [("ask p99 <= 100 ms", r["ask"][1] <= 100, f"{r['ask'][1]:.1f}")]
        for name, ok, value in checks:
            lines.append(f"  {r['backend']} 1M: {name}: {'MET' if ok else 'MISSED'} ({value})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument(
        "--seed-db",
        type=Path,
        help="an SQLite store with the corpus ingested "
        "(auto-approved); made in a temp dir when not given",
    )
    parser.add_argument("--pg-url", default=os.environ.get("ATTACHE_SCALE_PG_URL", DEFAULT_PG))
    parser.add_argument("--workdir", type=Path, help="where the SQLite store goes (temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the stores built")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the kept stores (SQLite: --workdir; PostgreSQL: --pg-schema) without "
        "building, when they hold the one size asked for",
    )
    parser.add_argument("--pg-schema", help="the kept PostgreSQL schema --reuse measures")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--like-rounds", type=int, default=2)
    parser.add_argument("--verbose", "-v", action="store_true", help="per-question timings")
    parser.add_argument("--answer-only", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.answer_only:
        return answer_only(args.answer_only, args.rounds)

    from scale_data import ingest_pool, load_pool

    begun = time.perf_counter()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if args.reuse and (not args.workdir or len(sizes) != 1):
        print(
            "--reuse needs --workdir (where --keep left the stores) and one size", file=sys.stderr
        )
        return 2
    if args.reuse and "postgresql" in backends and not args.pg_schema:
        print("--reuse needs --pg-schema for PostgreSQL (--keep prints it)", file=sys.stderr)
        return 2
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="attache-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs; sizes {sizes}; backends {backends}", flush=True)
    pool: list = []

    def get_pool() -> list:
        """The corpus statements to synthesize from: ingested only when a store is built."""
        if pool:
            return pool
        seed_db = args.seed_db
        if seed_db is None or not seed_db.exists():
            if not args.corpus.is_dir():
                raise SystemExit(f"corpus not found at {args.corpus}")
            seed_db = seed_db or workdir / "pool.sqlite3"
            # A pool kept in --workdir by an earlier run would ingest nothing new, and its
            # "rate" would be that of finding every document already there.
            for stale in (
                seed_db,
                *(seed_db.with_name(seed_db.name + x) for x in ("-wal", "-shm")),
            ):
                stale.unlink(missing_ok=True)
            info = ingest_pool(args.corpus, seed_db)
            print(
                f"pipeline ingest (ingest_inputs, auto-approve): {info['documents']} documents, "
                f"{info['statements']} statements in {info['seconds']:.1f} s = "
                f"{info['documents'] / info['seconds']:.1f} documents/s, "
                f"{info['statements'] / info['seconds']:.0f} statements/s "
                f"({info['errors']} errors)"
            )
        else:
            print(f"pool from {seed_db} (pipeline ingest rate: not measured in this run)")
        pool.extend(load_pool(seed_db))
        print(f"pool: {len(pool):,} distinct approved statements", flush=True)
        return pool

    results = []
    try:
        for backend in backends:
            if backend == "sqlite":
                db = workdir / "scale.sqlite3"
                if not args.reuse:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{db}{suffix}").unlink(missing_ok=True)
                results += run_backend(backend, f"sqlite:///{db}", get_pool, sizes, args)
            elif backend == "postgresql":
                reuse = args.pg_schema if args.reuse else None
                with postgres_schema(args.pg_url, args.keep, reuse) as url:
                    results += run_backend(backend, url, get_pool, sizes, args)
            else:
                print(f"unknown backend {backend}", file=sys.stderr)
                return 2
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.keep:
            print(f"kept {workdir} (measure it again: --reuse --workdir {workdir})")

    print(
        "\nms unless stated; load/s = bulk statements/s; RSS in MB (main: this process, "
        "building included; ask: a fresh --answer-only process); digest: all / Russia"
    )
    print(HEADER)
    for r in results:
        print(format_row(r))
    lines = targets(results)
    if lines:
        print("targets at 1M:")
        print("\n".join(lines))
    print(f"total run time {time.perf_counter() - begun:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
