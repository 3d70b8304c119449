"""Where command handlers run: a small, bounded pool of worker threads, off the event loop.

Answering is synchronous SQL plus Python (5-35 ms of CPU a question at a million
statements). Run on the adapters' event loop, a burst of a hundred questions would hold it
for seconds: acknowledgements (Slack's 3 s, Discord's deferral) and gateway heartbeats
would wait behind answers. So `Core.handle` submits each handler to `WorkerPool`:

- a fixed number of worker threads (ATTACHE_WORKERS, default 2). The engine's time is
  mostly Python under the GIL, so on two cores 1, 2 and 4 workers answer at the same rate
  (measured); what the threads buy is a free loop, which gets the GIL back at least every
  switch interval (`favour_the_loop`: 1 ms), all an acknowledgement needs. Two, so one
  slow question does not hold up a quick one;
- a bounded admission count: the workers plus ATTACHE_QUEUE waiting questions. When it is
  full, `run` raises `Busy` at once, and the user gets a polite "busy" reply instead of an
  answer so late it fails.

A handler is a coroutine function; each worker thread runs it on an event loop of its own
(kept for the thread's life), so the few handlers that await something (fetching a source)
work unchanged. Each call opens its own database session (`Store.reading()` /
`transaction()`), so no session crosses threads.

An in-memory SQLite store has one connection, which two threads must not share: there
the pool runs handlers inline on the caller's loop, as the baseline does (`inline()`).

Background work (feed polling, scheduled digests) runs on `LoopThread`s of its own, so a
burst of questions does not starve digests and a long ingest does not hold questions up.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import sys
import threading
from collections.abc import Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from bot.core.errors import AttacheError

if TYPE_CHECKING:
    from bot.core.poster import Poster
    from bot.core.types import Reply
    from bot.store.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

WORKERS_ENV = "ATTACHE_WORKERS"
QUEUE_ENV = "ATTACHE_QUEUE"
DEFAULT_WORKERS = 2
# Questions that may wait for a worker. At a million statements this machine answers about
# 55 a second, so 100 waiting is two seconds of work: a burst of a hundred is answered
# within 3 s, and a flood gets "busy" at once rather than answers 5 s late (150 waiting
# let the 99th percentile of 500 at once reach 4-5 s; README, "Measuring").
DEFAULT_QUEUE = 100


# How long a thread may hold the GIL while another waits for it. Python's default, 5 ms,
# is paid by the event loop each time it comes back from waiting on its sockets while a
# worker computes an answer; a millisecond keeps acknowledgements and heartbeats prompt
# at little cost to the workers.
SWITCH_INTERVAL_S = 0.001


def favour_the_loop(interval_s: float = SWITCH_INTERVAL_S) -> None:
    """Shorten the GIL's switch interval for a process whose loop shares it with workers."""
    if sys.getswitchinterval() > interval_s:
        sys.setswitchinterval(interval_s)


class Busy(AttacheError):
    """Every worker is busy and the queue of waiting questions is full."""

    code = "busy"


def shares_one_connection(store: Store) -> bool:
    """An in-memory SQLite store has one connection, which two threads must not share."""
    url = store.engine.url
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


_thread_loop = threading.local()


def _run_in_thread_loop(work: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
    """Run a coroutine function on this worker thread's own event loop."""
    loop: asyncio.AbstractEventLoop | None = getattr(_thread_loop, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _thread_loop.loop = loop
    return loop.run_until_complete(work(*args))


class WorkerPool:
    """Runs coroutine functions in `workers` threads, admitting at most workers + `queue`
    at once. `workers=0` runs them inline on the caller's loop, without a limit (the
    baseline: answering on the loop)."""

    def __init__(self, workers: int = DEFAULT_WORKERS, queue: int = DEFAULT_QUEUE) -> None:
        if workers < 0 or queue < 0:
            raise ValueError("workers and queue must not be negative")
        self.workers = workers
        self.capacity = workers + queue
        self._admitted = 0
        self._lock = threading.Lock()
        self._executor = (
            concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="attache-worker")
            if workers
            else None
        )

    @classmethod
    def inline(cls) -> WorkerPool:
        return cls(workers=0, queue=0)

    @classmethod
    def for_store(cls, store: Store, env: Mapping[str, str] | None = None) -> WorkerPool:
        """The pool `Core` uses by default: threads, sized by ATTACHE_WORKERS and
        ATTACHE_QUEUE, unless the store's one connection cannot be shared."""
        if shares_one_connection(store):
            return cls.inline()
        env = os.environ if env is None else env
        return cls(
            workers=_setting(env, WORKERS_ENV, DEFAULT_WORKERS, least=1),
            queue=_setting(env, QUEUE_ENV, DEFAULT_QUEUE, least=0),
        )

    @property
    def is_inline(self) -> bool:
        return self._executor is None

    @property
    def admitted(self) -> int:
        """Calls running or waiting now."""
        return self._admitted

    async def run(self, work: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        """`await work(*args)` in a worker thread; raises `Busy` at once when full."""
        if self._executor is None:
            return await work(*args)
        with self._lock:
            if self._admitted >= self.capacity:
                raise Busy(
                    f"Attaché is busy answering other questions ({self.capacity} at once is "
                    "its limit); please try again in a moment."
                )
            self._admitted += 1
        try:
            future = self._executor.submit(_run_in_thread_loop, work, *args)
        except BaseException:
            self._release(None)
            raise
        # Released when the work ends, not when its caller stops waiting: a cancelled
        # caller (a shutdown) leaves the thread busy until the handler returns.
        future.add_done_callback(self._release)
        return await asyncio.wrap_future(future)

    def _release(self, _future: concurrent.futures.Future[Any] | None) -> None:
        with self._lock:
            self._admitted -= 1

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


def _setting(env: Mapping[str, str], name: str, default: int, *, least: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if raw.isdigit() and int(raw) >= least:
        return int(raw)
    log.error(
        "%s must be a whole number of at least %d, not %r; using %d", name, least, raw, default
    )
    return default


class LoopThread:
    """A thread running an event loop of its own, for background coroutines (the feed
    poller, the digest scheduler) whose synchronous database work must not hold the
    adapters' loop. Cancelling the awaiting task cancels the coroutine in the thread."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        future = asyncio.run_coroutine_threadsafe(work, self.loop)
        return await asyncio.wrap_future(future)

    async def aclose(self, timeout_s: float = 5.0) -> None:
        """Cancel what still runs there, give it `timeout_s` to finish, stop the thread."""

        async def cancel_all() -> None:
            current = asyncio.current_task()
            pending = [t for t in asyncio.all_tasks() if t is not current]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        if self.loop.is_closed():
            return
        done = asyncio.run_coroutine_threadsafe(cancel_all(), self.loop)
        try:
            await asyncio.wait_for(asyncio.wrap_future(done), timeout_s)
        except TimeoutError:  # a blocking call still running: the daemon thread ends with us
            log.warning("%s: background work did not stop within %s s", self.name, timeout_s)
        self.loop.call_soon_threadsafe(self.loop.stop)
        await asyncio.to_thread(self._thread.join, timeout_s)
        if not self._thread.is_alive():
            self.loop.close()


class PostOnLoop:
    """A `Poster` for code on a `LoopThread`: each post runs on the adapter's own loop
    (its HTTP client belongs there), and the caller waits for it where it is."""

    def __init__(self, poster: Poster, loop: asyncio.AbstractEventLoop) -> None:
        self.inner = poster
        self.platform: str = poster.platform
        self.loop = loop

    async def post(self, channel_ref: str, reply: Reply) -> None:
        future = asyncio.run_coroutine_threadsafe(self.inner.post(channel_ref, reply), self.loop)
        await asyncio.wrap_future(future)
