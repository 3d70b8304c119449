"""`attache serve`: the platform adapters, the feed poller and the digest scheduler.

The adapters run on the main asyncio loop, which only moves messages: commands run in the
core's worker pool (bot/app/workers.py), and the poller and the scheduler each run on a
loop thread of their own, so neither a burst of questions nor an ingest nor a digest holds
up an acknowledgement or a gateway heartbeat. (An in-memory SQLite store has one
connection that threads must not share: there everything stays on the main loop.) Only
this module imports the platform libraries, and only when their adapter is enabled."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Mapping
from typing import Protocol

from bot.app.dispatch import Core
from bot.app.workers import LoopThread, PostOnLoop, favour_the_loop, shares_one_connection
from bot.core.errors import ConfigurationError
from bot.store.store import Store

log = logging.getLogger(__name__)

POLL_EVERY_S = 60.0
POLL_ENV = "ATTACHE_POLL_EVERY_S"


class Runner(Protocol):
    """One platform adapter, run until cancelled."""

    async def run(self) -> None: ...


def _runner_class(platform: str):
    if platform == "console":
        from adapters.console.runner import ConsoleRunner

        return ConsoleRunner
    if platform == "discord":
        from adapters.discord.runner import DiscordRunner

        return DiscordRunner
    from adapters.slack.runner import SlackRunner

    return SlackRunner


def _configured(platform: str, env: Mapping[str, str]) -> bool:
    if platform == "discord":
        return bool(env.get("DISCORD_TOKEN"))
    return bool(env.get("SLACK_BOT_TOKEN") or env.get("SLACK_CLIENT_ID"))


def build_runners(
    core: Core, env: Mapping[str, str], *, discord: bool, slack: bool, console: bool = False
) -> list[Runner]:
    """The adapters to run: those asked for, or, with no flag, those whose tokens are set.

    Raises ConfigurationError naming every missing setting.
    """
    wanted = [p for p, on in (("discord", discord), ("slack", slack), ("console", console)) if on]
    if not wanted:
        wanted = [p for p in ("discord", "slack") if _configured(p, env)]
    if not wanted:
        raise ConfigurationError(
            "nothing to serve: set DISCORD_TOKEN for Discord, or SLACK_BOT_TOKEN with "
            "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) for Slack, "
            "or pass --console to post digests to this terminal"
        )
    runners = []
    for platform in wanted:
        try:
            cls = _runner_class(platform)
        except ImportError as exc:
            raise ConfigurationError(
                f"the {platform.capitalize()} adapter cannot be loaded ({exc})"
            ) from None
        missing = cls.missing_settings(env)
        if missing:
            raise ConfigurationError(
                f"cannot start the {platform.capitalize()} adapter: set "
                + " and ".join(missing)
                + " in the environment"
            )
        runners.append(cls(core, env))
    return runners


async def poll_forever(core: Core, every_s: float | None = None) -> None:
    """Poll due sources now and then every `every_s` (ATTACHE_POLL_EVERY_S, default 60)."""
    import os

    if every_s is None:
        raw = os.environ.get(POLL_ENV, "")
        every_s = float(raw) if raw.replace(".", "", 1).isdigit() else POLL_EVERY_S
    from bot.ingest.sources import poll_due

    while True:
        try:
            await poll_due(core.services.store, policy=core.services.fetch_policy)
        except Exception:  # one bad round must not stop polling for good
            log.exception("polling sources failed; retrying in %s s", every_s)
        await asyncio.sleep(every_s)


async def refresh_vectors_forever(store: Store, every_s: float | None = None) -> None:
    """Keep this process's statement-vector index up to date off the question path: what
    other processes approve, edit or reject is read in every few seconds, and a rebuild
    (seconds at a million statements) never holds a question up."""
    from bot.store.vectors import REFRESH_S

    every_s = REFRESH_S if every_s is None else every_s
    while True:
        try:
            await asyncio.to_thread(store.vectors.refresh_now)
        except Exception:  # one failed refresh must not stop refreshing for good
            log.exception("refreshing the statement vectors failed; retrying in %s s", every_s)
        await asyncio.sleep(every_s)


async def serve(core: Core, runners: list[Runner]) -> int:
    store = core.services.store
    with store.reading() as session:
        # The vector index too: loading it at a million statements takes seconds that the
        # first question should not wait for.
        core.services.answerer.prepare(session)
    loop = asyncio.get_running_loop()
    if not core.pool.is_inline:
        favour_the_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(r.run(), name=type(r).__name__) for r in runners]
    # Digest scheduler (bot/schedule): posts due digests through each runner's `poster`.
    from bot.review.notifier import notifier_for
    from bot.schedule.scheduler import scheduler_for

    scheduler = scheduler_for(core.services.store, runners)
    background: list[LoopThread] = []
    if shares_one_connection(store):
        tasks.append(asyncio.create_task(poll_forever(core), name="poller"))
        tasks.append(asyncio.create_task(scheduler.run_forever(), name="scheduler"))
        notices = notifier_for(store, scheduler.posters.values())
        tasks.append(asyncio.create_task(notices.run_forever(), name="review notices"))
    else:
        tasks.append(asyncio.create_task(refresh_vectors_forever(store), name="vectors"))
        # A thread each, so a long ingest never delays a digest; posts go back to the
        # adapters' loop, where their clients live.
        poller, digests = LoopThread("attache-poller"), LoopThread("attache-digests")
        background += [poller, digests]
        scheduler.posters = {k: PostOnLoop(p, loop) for k, p in scheduler.posters.items()}
        tasks.append(asyncio.create_task(poller.run(poll_forever(core)), name="poller"))
        tasks.append(asyncio.create_task(digests.run(scheduler.run_forever()), name="scheduler"))
        # The review channels' notices: the same posters, on the digests' thread.
        notices = notifier_for(store, scheduler.posters.values())
        tasks.append(asyncio.create_task(digests.run(notices.run_forever()), name="review notices"))
    stopper = asyncio.create_task(stop.wait(), name="stop")
    done, _ = await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
    for task in [*tasks, stopper]:
        task.cancel()
    await asyncio.gather(*tasks, stopper, return_exceptions=True)
    for thread in background:
        await thread.aclose()
    failed = [t for t in done if t is not stopper and not t.cancelled() and t.exception()]
    for task in failed:
        log.error("%s stopped: %s", task.get_name(), task.exception())
    return 1 if failed else 0
