"""Hostile-input benchmark (issue 17): peak memory and time of fetching hostile bodies and
polling a feed of slow items, all served on 127.0.0.1 by the tests' local HTTP server.

Cases:

- stacked: a body sent as ``Content-Encoding: gzip, gzip`` whose inner layer inflates to
  1 GiB (the issue's 1,831-byte body): refused from its headers, before inflating anything;
- bomb: one gzip layer that inflates to 1 GiB: inflated in bounded steps and refused at the
  5 MB cap;
- bomb (httpx decoders): with ``--compare``, the same bomb read the way fetching did before,
  through httpx's ``aiter_bytes`` with the cap checked per chunk: what bounded decoding saves;
- slow feed: a feed of ``--items`` items whose pages each answer after ``--delay`` seconds,
  polled once into an in-memory store (opened, seeded and its extractor warmed first, outside
  the measurement): all stored, one item after another, so the time is about items x delay;
- slow feed, bounded: the same feed polled with a poll time bound of ``--poll-seconds``: the
  poll stops there and leaves the other items to the next poll;
- largest accepted file: a .txt and an .html file just under the one-document limit and a
  .jsonl file just under its limit (bot/ingest/limits.py), built in a temporary directory
  from the corpus's articles, each ingested by ``attache ingest`` in a child process into a
  fresh SQLite file. The target is under a minute. ``--no-files`` skips these rows.

Peak memory is tracemalloc's peak for the case alone (Python allocations, which is where
inflated bytes live), except for the file rows, where it is the child's peak RSS (the whole
process: interpreter, extractor, store); time is wall-clock.

    python benchmarks/hostile.py [--items 8] [--delay 0.5] [--poll-seconds 2] [--compare]
                                 [--no-files]

Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.ingest.fetch import FetchError, FetchPolicy, fetch  # noqa: E402
from bot.ingest.inputs import SUFFIXES, size_limit, text_document  # noqa: E402
from bot.ingest.poll_bounds import PollLimits  # noqa: E402
from bot.ingest.sources import add_source, poll_source, store_documents  # noqa: E402
from bot.store.models import utcnow  # noqa: E402
from bot.store.store import Store  # noqa: E402
from tests.ingest.httpserver import LocalHTTPServer  # noqa: E402

GIB = 1024**3
POLICY = FetchPolicy(allow_loopback=True)  # the default 5 MB cap and 15 s time limit


def gzip_zeros(size: int) -> bytes:
    """gzip of an HTML head and `size` zero bytes, built a megabyte at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    out = [packer.compress(b"<html><body><p>")]
    block = bytes(1024 * 1024)
    for _ in range(size // len(block)):
        out.append(packer.compress(block))
    out.append(packer.flush())
    return b"".join(out)


async def measured(run: Callable[[], Awaitable[str]]) -> tuple[str, int, float]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    try:
        outcome = await run()
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return outcome, peak, elapsed


async def refused(url: str) -> str:
    try:
        result = await fetch(url, policy=POLICY)
    except FetchError as exc:
        return "refused: " + str(exc).split(": ", 1)[1]
    return f"fetched {len(result.text):,} characters"


async def through_httpx_decoders(url: str) -> str:
    """The fetch of before: httpx inflates each network read whole, then the cap is checked."""
    import httpx

    size = 0
    async with httpx.AsyncClient() as client, client.stream("GET", url) as response:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > POLICY.max_bytes:
                return f"refused at {size:,} bytes"
    return f"read {size:,} bytes"


def serve_slow_feed(server: LocalHTTPServer, items: int, delay: float) -> str:
    """A feed of `items` items whose pages each answer after `delay` seconds; its URL."""
    links = []
    for n in range(items):
        words = f"We will keep talking, round {n}."
        body = (
            f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            f"<p>Estonia's prime minister, Kaja Kallas, said: “{words}”</p></article></body></html>"
        )
        server.route(
            f"/story/{n}", body=body.encode(), headers={"Content-Type": "text/html"}, delay_s=delay
        )
        links.append(
            f"<item><guid>s{n}</guid><title>Story {n}</title>"
            f"<link>{server.url(f'/story/{n}')}</link></item>"
        )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{"".join(links)}</channel></rss>'
    server.route("/feed.xml", body=feed.encode(), headers={"Content-Type": "application/rss+xml"})
    return server.url("/feed.xml")


def warm_store() -> Store:
    """An in-memory store with the extractor loaded, so the poll is measured alone."""
    store = Store.open("sqlite://")
    warm = text_document("The minister, Jane Roe, said: “We will stay.”", label="warm-up")
    store_documents(store, [warm], auto_approve=False, actor="benchmark")
    return store


async def poll_once(store: Store, url: str, items: int, limits: PollLimits | None = None) -> str:
    source = add_source(store, url, kind="feed", actor="benchmark")
    report = await poll_source(store, source.id, policy=POLICY, now=utcnow(), limits=limits)
    failed = f", {len(report.item_errors)} failed" if report.item_errors else ""
    left = f", {report.items_left} left ({report.stopped_by})" if report.items_left else ""
    return f"{report.new_documents} of {items} items stored{failed}{left}"


REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
# The file ends between 4 x this and this much under its limit (room for the HTML around).
MARGIN = 2_000


def corpus_texts() -> list[str]:
    """Real articles and briefings (quotes, speakers), so extraction works as it would."""
    texts = []
    for name in ("news/guardian-nato-2022.jsonl", "whitehouse/wh-press-briefings.jsonl"):
        with (CORPUS / name).open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def largest_file(directory: Path, suffix: str, texts: list[str]) -> Path:
    """A file of the corpus's texts just under the limit for its kind."""
    kind = SUFFIXES[suffix]
    target = size_limit(kind) - MARGIN
    parts, size, n = [], 0, 0
    while True:
        text = texts[n % len(texts)] + f"\n\n(copy {n})\n\n"
        if kind == "jsonl":
            part = json.dumps({"id": n, "title": f"Document {n}", "text": text}) + "\n"
        elif kind == "html":
            part = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
        else:
            part = text
        n += 1
        if size + len(part.encode()) > target:
            if size > target - 4 * MARGIN:
                break
            continue  # too long to fit: try a shorter text
        parts.append(part)
        size += len(part.encode())
    body = "".join(parts)
    if kind == "html":
        body = (
            f"<html><head><title>Large</title></head><body><article>{body}</article></body></html>"
        )
    elif kind == "text":
        body = "A large file\n\n" + body
    path = directory / f"largest{suffix}"
    path.write_text(body, encoding="utf-8")
    return path


def ingest_in_child(path: Path, directory: Path) -> tuple[str, int, float]:
    """`attache ingest PATH` into a fresh, already prepared SQLite file: its outcome, the
    child's peak RSS in bytes, and the wall-clock time."""
    database = directory / f"{path.stem}-{path.suffix[1:]}.sqlite3"
    Store.open(f"sqlite:///{database}").close()  # migrate and seed outside the measurement
    output = directory / "output.txt"
    started = time.perf_counter()
    with output.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "--db", str(database), "ingest", str(path)],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = output.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    outcome = (lines[-1] if lines else "") if child.returncode == 0 else f"exit {child.returncode}"
    verdict = "under a minute" if elapsed < 60 else "OVER a minute"
    summary = outcome.split(": ", 1)[-1]
    return f"{verdict}; {summary}", usage.ru_maxrss * 1024, elapsed


def file_rows() -> list[tuple[str, int, str, int, float]]:
    rows = []
    texts = corpus_texts()
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        for suffix in (".txt", ".html", ".jsonl"):
            path = largest_file(directory, suffix, texts)
            size = path.stat().st_size
            limit = size_limit(SUFFIXES[suffix]) / 1e6
            outcome, peak, elapsed = ingest_in_child(path, directory)
            name = f"largest {suffix} (limit {limit:g} MB), RSS"
            rows.append((name, size, outcome, peak, elapsed))
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=8, help="items in the slow feed")
    parser.add_argument("--delay", type=float, default=0.5, help="seconds each item page waits")
    parser.add_argument(
        "--poll-seconds", type=float, default=2.0, help="the bounded poll's time bound"
    )
    parser.add_argument(
        "--compare", action="store_true", help="also read the bomb through httpx's decoders"
    )
    parser.add_argument(
        "--no-files", action="store_true", help="skip the largest-accepted-file rows"
    )
    args = parser.parse_args()

    bomb = gzip_zeros(GIB)
    stacked = gzip.compress(bomb, compresslevel=9)
    rows: list[tuple[str, int, str, int, float]] = []
    with LocalHTTPServer() as server:
        server.route(
            "/stacked",
            body=stacked,
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"},
        )
        server.route(
            "/bomb", body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
        )
        cases: list[tuple[str, int, Callable[[], Awaitable[str]]]] = [
            ("stacked gzip, gzip -> 1 GiB", len(stacked), lambda: refused(server.url("/stacked"))),
            ("gzip -> 1 GiB", len(bomb), lambda: refused(server.url("/bomb"))),
        ]
        if args.compare:
            cases.append(
                (
                    "gzip -> 1 GiB, httpx decoders",
                    len(bomb),
                    lambda: through_httpx_decoders(server.url("/bomb")),
                )
            )
        feed_url = serve_slow_feed(server, args.items, args.delay)
        store, bounded_store = warm_store(), warm_store()
        bounded = PollLimits(seconds=args.poll_seconds)
        cases += [
            (
                f"feed of {args.items} items, {args.delay:g} s each",
                0,
                lambda: poll_once(store, feed_url, args.items),
            ),
            (
                f"same, poll bound {args.poll_seconds:g} s",
                0,
                lambda: poll_once(bounded_store, feed_url, args.items, bounded),
            ),
        ]
        try:
            for name, wire, run in cases:
                outcome, peak, elapsed = await measured(run)
                rows.append((name, wire, outcome, peak, elapsed))
        finally:
            store.close()
            bounded_store.close()
    if not args.no_files:
        rows += file_rows()

    print(
        f"size cap {POLICY.max_bytes:,} bytes; peak = tracemalloc peak during the case "
        "(file rows: the child's peak RSS)\n"
    )
    header = f"{'case':<34} {'on the wire':>12} {'peak MB':>9} {'time s':>8}  outcome"
    print(header)
    print("-" * len(header))
    for name, wire, outcome, peak, elapsed in rows:
        shown = f"{wire:,} B" if wire else "-"
        print(f"{name:<34} {shown:>12} {peak / 1e6:>9.1f} {elapsed:>8.2f}  {outcome[:90]}")


if __name__ == "__main__":
    asyncio.run(main())
