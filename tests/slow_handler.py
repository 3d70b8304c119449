"""A deliberately slow answer for the off-the-loop tests: the `ask` handler replaced by one
that blocks its thread until the test releases it, as a question costing seconds would.

`released` records, for each call, whether the test released it (True) or the safety
timeout ran out (False). A test releases only after seeing what must happen while the
answer runs (an acknowledgement, heartbeats, a busy reply), so with answering on the
event loop nothing can be seen, the timeout runs out, and the test fails instead of
hanging."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app.services import Services
from bot.commands import build_registry
from bot.core.registry import Registry
from bot.core.types import Command, Reply
from bot.store.db import temporary_schema
from bot.store.store import Store

SAFETY_TIMEOUT_S = 10.0
SLOW_TITLE = "Slow answer to: "


class SlowAnswer:
    def __init__(self) -> None:
        self.release = threading.Event()
        self.released: list[bool] = []
        self.questions: list[str] = []
        self._entered = threading.Semaphore(0)
        self._lock = threading.Lock()

    async def handler(self, command: Command, services: Services) -> Reply:
        question = command.option("question") or command.text
        with self._lock:
            self.questions.append(question)
        self._entered.release()
        released = self.release.wait(SAFETY_TIMEOUT_S)  # blocks the thread it runs in
        with self._lock:
            self.released.append(released)
        return Reply(title=SLOW_TITLE + question)

    def entered(self, count: int = 1) -> bool:
        """Whether `count` more calls have started (waits up to the safety timeout; called
        from a thread, never from the event loop)."""
        return all(self._entered.acquire(timeout=SAFETY_TIMEOUT_S) for _ in range(count))

    def registry(self) -> Registry:
        """The real registry, with `ask` answered by this slow handler."""
        registry = Registry()
        for spec in build_registry():
            registry.add(replace(spec, handler=self.handler) if spec.name == "ask" else spec)
        return registry


def open_file_store(tmp_path: Path) -> Store:
    """An SQLite file store: unlike an in-memory one, its connections may be used from
    worker threads, so the core answers off the loop."""
    return Store.open(f"sqlite:///{tmp_path / 'attache.sqlite3'}")


@pytest.fixture(params=["sqlite-file", "postgresql"])
def threaded_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store whose core answers in worker threads: an SQLite file, and PostgreSQL where
    ATTACHE_TEST_POSTGRES_URL is set."""
    if request.param == "sqlite-file":
        store = open_file_store(tmp_path)
        yield store
        store.close()
        return
    url = os.environ.get("ATTACHE_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("ATTACHE_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped")
    with temporary_schema(url, prefix="attache_test") as schema_url:
        store = Store.open(schema_url)
        yield store
        store.close()
