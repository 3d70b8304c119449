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
  the measurement): all stored, one item after another, so the time is about items x delay.

Peak memory is tracemalloc's peak for the case alone (Python allocations, which is where
inflated bytes live); time is wall-clock.

    python benchmarks/hostile.py [--items 8] [--delay 0.5] [--compare]

Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import sys
import time
import tracemalloc
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.ingest.fetch import FetchError, FetchPolicy, fetch  # noqa: E402
from bot.ingest.inputs import text_document  # noqa: E402
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


async def poll_once(store: Store, url: str, items: int) -> str:
    source = add_source(store, url, kind="feed", actor="benchmark")
    report = await poll_source(store, source.id, policy=POLICY, now=utcnow())
    failed = f", {len(report.item_errors)} failed" if report.item_errors else ""
    return f"{report.new_documents} of {items} items stored{failed}"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=8, help="items in the slow feed")
    parser.add_argument("--delay", type=float, default=0.5, help="seconds each item page waits")
    parser.add_argument(
        "--compare", action="store_true", help="also read the bomb through httpx's decoders"
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
        store = warm_store()
        cases.append(
            (
                f"feed of {args.items} items, {args.delay:g} s each",
                0,
                lambda: poll_once(store, feed_url, args.items),
            )
        )
        try:
            for name, wire, run in cases:
                outcome, peak, elapsed = await measured(run)
                rows.append((name, wire, outcome, peak, elapsed))
        finally:
            store.close()

    print(f"size cap {POLICY.max_bytes:,} bytes; peak = tracemalloc peak during the case\n")
    header = f"{'case':<34} {'on the wire':>12} {'peak MB':>9} {'time s':>8}  outcome"
    print(header)
    print("-" * len(header))
    for name, wire, outcome, peak, elapsed in rows:
        shown = f"{wire:,} B" if wire else "-"
        print(f"{name:<34} {shown:>12} {peak / 1e6:>9.1f} {elapsed:>8.2f}  {outcome[:90]}")


if __name__ == "__main__":
    asyncio.run(main())
