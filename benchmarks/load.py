"""Load benchmark: N concurrent questions through the real discord.py and slack-bolt
adapters, against the fake Discord and Slack servers of the tests, on a large store.

    python benchmarks/load.py --db /work/scale-stores/scale.sqlite3 [--counts 10,100,500]
                              [--adapters discord,slack] [--workers 2] [--queue 150]
                              [--no-baseline]

The store is opened as it is (no migration, no seeding) and only read: build a
million-statement one with `python benchmarks/scale.py --sizes 1000000 --backends sqlite
--keep --workdir DIR` (DIR/scale.sqlite3). The answer engine is prepared once, as
`attache serve` does at start, and shared by every run.

Each run sends N questions at once (the scale benchmark's question mix, in turn):

- Discord: N INTERACTION_CREATE events on the gateway, back to back. First response: from
  sending the event to the fake receiving the deferral (the interaction callback). Answer:
  to the edit of the deferred response (or, for a private busy reply, its follow-up).
- Slack: N signed slash-command requests at once over HTTP. First response: from sending
  the request to its HTTP response (the acknowledgement). Answer: to the response_url post.

It prints, per adapter and N, first-response and answer latency (p50, p99, max, in ms),
questions per second (N over the time from the first question sent to the last reply),
how many were refused as busy, how many got no reply or more than one, and for Discord the
longest gap between gateway heartbeats (sent every 500 ms here). Every run is
made twice: with answering on the event loop (`WorkerPool.inline()`, the baseline: what
`attache serve` did before) and with the worker pool `attache serve` uses.

Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import aiohttp  # noqa: E402

from bot.app.dispatch import Core  # noqa: E402
from bot.app.workers import (  # noqa: E402
    DEFAULT_QUEUE,
    DEFAULT_WORKERS,
    SWITCH_INTERVAL_S,
    WorkerPool,
)
from bot.store.db import create_store_engine  # noqa: E402
from bot.store.store import Store  # noqa: E402

BUSY_WORDS = "busy answering other questions"
HEARTBEAT_S = 0.5  # the fake gateway's heartbeat interval: a longer gap is a late heartbeat
# A run stops waiting when no reply has come for this long: what is missing then is lost
# (on the loop, a deferral later than Discord's 3 s is refused, and that question with it).
STALL_S = 15.0


@dataclass
class Run:
    adapter: str
    mode: str  # "loop" (baseline) or "pool"
    count: int
    first_ms: list[float] = field(default_factory=list)
    answer_ms: list[float] = field(default_factory=list)
    busy: int = 0
    lost: int = 0
    doubled: int = 0
    seconds: float = 0.0
    load: float = 0.0  # the machine's 1-minute load average when the run started
    heartbeat_gap_ms: float | None = None  # Discord: the longest wait between heartbeats


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def questions(count: int) -> list[str]:
    from scale import QUESTIONS

    return [QUESTIONS[i % len(QUESTIONS)] for i in range(count)]


async def until_replied(replied: Callable[[], int], count: int) -> None:
    """Until `replied()` reaches `count`, or stops growing for STALL_S."""
    seen, since = -1, time.monotonic()
    while (now := replied()) < count and time.monotonic() - since < STALL_S:
        if now != seen:
            seen, since = now, time.monotonic()
        await asyncio.sleep(0.05)


# --- Discord ---------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def discord_bot(core: Core) -> AsyncIterator[object]:
    from tests.discord.fake_discord import FakeDiscord
    from tests.discord.harness import running_bot

    async with FakeDiscord(heartbeat_interval=HEARTBEAT_S) as fake, running_bot(fake, core):
        yield fake


@dataclass
class Outcome:
    """What the fake Discord received for one interaction."""

    deferred: float | None = None  # when the deferral arrived
    replied: float | None = None  # when the first reply message arrived
    replies: int = 0  # edits of the deferred response, or its removal for a private reply
    busy: bool = False


INTERACTION_PATH = re.compile(
    r"/(?:interactions/\d+|webhooks/\d+)/(?P<token>[^/]+)(?P<rest>/callback|/messages/@original)?"
)


class DiscordLog:
    """Reads the fake's request log once, incrementally: scanning it all for each of 500
    interactions on every poll would take the loop from the bot being measured."""

    def __init__(self, fake: object) -> None:
        self.fake = fake
        self.read = 0
        self.outcomes: dict[str, Outcome] = {}

    def update(self) -> dict[str, Outcome]:
        requests = self.fake.requests  # type: ignore[attr-defined]
        for r in requests[self.read :]:
            match = INTERACTION_PATH.fullmatch(r.path)
            if r.status >= 300 or match is None:
                continue
            outcome = self.outcomes.setdefault(match["token"], Outcome())
            if match["rest"] == "/callback":
                outcome.deferred = outcome.deferred or r.at
                continue
            if r.method in ("PATCH", "DELETE") and match["rest"]:
                outcome.replies += 1
            if r.method in ("PATCH", "POST"):
                outcome.replied = outcome.replied or r.at
                outcome.busy = outcome.busy or BUSY_WORDS in str(r.body)
        self.read = len(requests)
        return self.outcomes


async def discord_run(fake: object, run: Run, asked: list[str]) -> None:
    sent: dict[str, float] = {}
    log = DiscordLog(fake)
    session = fake.identified[-1]  # type: ignore[attr-defined]
    start = time.monotonic()
    for question in asked:
        payload = fake.slash("ask", {"question": question})  # type: ignore[attr-defined]
        sent[payload["token"]] = time.monotonic()
        await fake.interact(payload)  # type: ignore[attr-defined]

    def replied() -> int:
        outcomes = log.update()
        return sum(outcomes.get(t, Outcome()).replied is not None for t in sent)

    await until_replied(replied, len(sent))
    last = start
    outcomes = log.update()
    for token, at in sent.items():
        outcome = outcomes.get(token, Outcome())
        if outcome.deferred is not None:
            run.first_ms.append((outcome.deferred - at) * 1000)
        if outcome.replied is None:
            run.lost += 1
            continue
        last = max(last, outcome.replied)
        run.answer_ms.append((outcome.replied - at) * 1000)
        run.busy += outcome.busy
        run.doubled += outcome.replies > 1
    run.seconds = last - start
    beats = [b for b in session.heartbeats if b <= start][-1:]
    beats += [b for b in session.heartbeats if start < b <= last] + [last]
    run.heartbeat_gap_ms = max(b - a for a, b in zip(beats, beats[1:], strict=False)) * 1000


# --- Slack -----------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def slack_app(core: Core) -> AsyncIterator[object]:
    from adapters.slack.runner import SlackRunner
    from tests.slack.conftest import SlackHarness, running, slack_env
    from tests.slack.fakeslack import FakeSlack

    fake = FakeSlack()
    await fake.start()
    try:
        runner = SlackRunner(core, slack_env(fake))
        connector = aiohttp.TCPConnector(limit=0)  # N requests really at once
        async with running(runner), aiohttp.ClientSession(connector=connector) as session:
            yield SlackHarness(runner, fake, session)
    finally:
        await fake.close()


async def slack_run(slack: object, run: Run, asked: list[str], offset: int) -> None:
    fake = slack.fake  # type: ignore[attr-defined]
    users = [f"U{offset + i:06d}" for i in range(len(asked))]
    sent: dict[str, float] = {}
    acked: dict[str, float] = {}

    async def one(user: str, question: str) -> None:
        sent[user] = time.monotonic()
        answer = await slack.slash(question, user=user)  # type: ignore[attr-defined]
        if answer.status == 200:
            acked[user] = time.monotonic()

    start = time.monotonic()
    await asyncio.gather(*(one(u, q) for u, q in zip(users, asked, strict=True)))

    posted: dict[str, list] = {}
    read = 0

    def replied() -> int:
        # Incrementally: rescanning every call for each of 500 users on every poll would
        # take the loop from the bot being measured.
        nonlocal read
        calls = fake.calls
        for call in calls[read:]:
            if call.method == "response_url" and call.status == 200:
                posted.setdefault(call.path.rsplit("/cmd-", 1)[-1], []).append(call)
        read = len(calls)
        return sum(u in posted for u in users)

    await until_replied(replied, len(users))
    replied()
    last = start
    for user in users:
        if user in acked:
            run.first_ms.append((acked[user] - sent[user]) * 1000)
        posts = posted.get(user, [])
        if not posts:
            run.lost += 1
            continue
        last = max(last, posts[0].at)
        run.answer_ms.append((posts[0].at - sent[user]) * 1000)
        run.busy += BUSY_WORDS in posts[0].text_dump
        run.doubled += len(posts) > 1
    run.seconds = last - start


# --- the runs --------------------------------------------------------------------------


async def measure(core: Core, args: argparse.Namespace) -> list[Run]:
    modes = [("loop", WorkerPool.inline())] if args.baseline else []
    modes.append(("pool", WorkerPool(args.workers, args.queue)))
    default_interval = sys.getswitchinterval()
    runs: list[Run] = []
    offset = 0
    for adapter in args.adapters:
        for mode, pool in modes:
            core.pool = pool
            # As `attache serve` runs each: the baseline with Python's default interval.
            sys.setswitchinterval(default_interval if pool.is_inline else args.switch_interval)
            opened: Callable[[Core], contextlib.AbstractAsyncContextManager] = (
                discord_bot if adapter == "discord" else slack_app
            )
            async with opened(core) as platform:
                for count in [3, *args.counts]:  # 3: a warm-up, not reported
                    run = Run(adapter, mode, count, load=os.getloadavg()[0])
                    asked = questions(count)
                    if adapter == "discord":
                        await discord_run(platform, run, asked)
                    else:
                        await slack_run(platform, run, asked, offset)
                        offset += count
                    if count != 3 or 3 in args.counts:
                        runs.append(run)
                        print_run(run)
                    await asyncio.sleep(1.0)  # let the last replies' work settle
    return runs


def _ms(values: list[float]) -> str:
    return " / ".join(f"{percentile(values, p):,.0f}" for p in (50, 99, 100))


HEADER = (
    "| adapter | N | answering | first response p50 / p99 / max ms | answer p50 / p99 / max ms "
    "| questions/s | busy | lost | doubled | heartbeat gap ms | load |\n"
    "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def row(run: Run) -> str:
    mode = "on the loop (baseline)" if run.mode == "loop" else "worker pool"
    rate = run.count / run.seconds if run.seconds else float("nan")
    gap = "" if run.heartbeat_gap_ms is None else f"{run.heartbeat_gap_ms:,.0f}"
    return (
        f"| {run.adapter} | {run.count} | {mode} | {_ms(run.first_ms)} | {_ms(run.answer_ms)} "
        f"| {rate:,.1f} | {run.busy} | {run.lost} | {run.doubled} | {gap} | {run.load:.1f} |"
    )


def print_run(run: Run) -> None:
    print(row(run), flush=True)


def targets(runs: list[Run]) -> list[str]:
    """The issue's targets, for the worker pool at N=100."""
    lines = []
    for run in runs:
        if run.mode != "pool" or run.count != 100:
            continue
        first_max = max(run.first_ms, default=float("nan"))
        p99 = percentile(run.answer_ms, 99)
        ok = first_max < 500 and p99 < 3000 and not run.lost and not run.doubled
        lines.append(
            f"{run.adapter}, 100 at once: every first response < 500 ms (max {first_max:,.0f}); "
            f"p99 answer < 3 s ({p99:,.0f} ms); lost {run.lost}, doubled {run.doubled}: "
            + ("met" if ok else "NOT met")
        )
    return lines


def open_store(path: Path) -> Store:
    """The kept store as it is: no migration, no seeding, nothing written."""
    if not path.exists():
        raise SystemExit(f"no store at {path} (build one: benchmarks/scale.py --keep)")
    return Store(create_store_engine(f"sqlite:///{path}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a kept SQLite store file")
    parser.add_argument("--counts", default="10,100,500", help="questions at once, per run")
    parser.add_argument("--adapters", default="discord,slack")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--queue", type=int, default=DEFAULT_QUEUE)
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=SWITCH_INTERVAL_S,
        help="the GIL switch interval with the pool, in seconds (serve's by default)",
    )
    parser.add_argument(
        "--no-baseline", dest="baseline", action="store_false", help="skip answering on the loop"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show the bot's log")
    args = parser.parse_args()
    # The baseline's refused deferrals log a traceback each: counted in "lost" instead.
    logging.basicConfig(level=logging.WARNING if args.verbose else logging.CRITICAL + 1)
    args.counts = [int(c) for c in args.counts.split(",")]
    args.adapters = [a.strip() for a in args.adapters.split(",")]

    store = open_store(args.db)
    started = time.monotonic()
    with store.reading() as session:
        size = store.search.size(session)
    core = Core(store, pool=WorkerPool.inline())
    with store.reading() as session:
        core.services.answerer.prepare(session)  # as `attache serve` does at start
    print(
        f"store {args.db}: {size:,} statements indexed; answer engine prepared in "
        f"{time.monotonic() - started:.1f} s; {os.cpu_count()} CPUs; workers {args.workers}, "
        f"queue {args.queue}, switch interval {args.switch_interval * 1000:g} ms",
        flush=True,
    )
    print(HEADER, flush=True)
    runs = asyncio.run(measure(core, args))
    print()
    print(HEADER)
    for run in runs:
        print(row(run))
    print()
    for line in targets(runs):
        print(line)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
