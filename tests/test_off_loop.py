"""Issue 18: commands run off the event loop, in a bounded pool that says "busy" when full.

Each test holds an answer in a worker thread (tests/slow_handler.py) and shows what the
loop does meanwhile; no assertion is about speed."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from bot.app.dispatch import Core
from bot.app.workers import LoopThread, PostOnLoop, WorkerPool
from bot.core.types import Command, Context, Reply
from bot.store.store import Store
from tests.slow_handler import SLOW_TITLE, SlowAnswer, threaded_store  # noqa: F401

CONTEXT = Context(platform="test", workspace="W1", channel="C1", user_id="U1")


def ask(question: str) -> Command:
    return Command("ask", question, context=CONTEXT)


async def until(condition: Any) -> None:
    """Poll (the pool's counters have no event to wait on); the test's timeout bounds it."""
    while not condition():
        await asyncio.sleep(0.01)


async def test_a_slow_answer_leaves_the_loop_free(threaded_store: Store) -> None:  # noqa: F811
    slow = SlowAnswer()
    core = Core(threaded_store, slow.registry())
    assert not core.pool.is_inline
    answering = asyncio.create_task(core.handle(ask("what now?")))

    # The loop runs this thread hop while the answer blocks its worker: on the loop, the
    # answer would hold it until the safety timeout and `released` would say False.
    assert await asyncio.to_thread(slow.entered)
    assert not answering.done()
    slow.release.set()
    reply = await answering

    assert reply.title == SLOW_TITLE + "what now?"
    assert slow.released == [True]


async def test_a_full_pool_answers_busy_at_once_and_privately(
    threaded_store: Store,  # noqa: F811
) -> None:
    slow = SlowAnswer()
    core = Core(threaded_store, slow.registry(), pool=WorkerPool(workers=1, queue=1))
    first = asyncio.create_task(core.handle(ask("first")))
    second = asyncio.create_task(core.handle(ask("second")))  # waits for the one worker
    assert await asyncio.to_thread(slow.entered)
    await until(lambda: core.pool.admitted == 2)

    busy = await core.handle(ask("third"))  # returns while the other two still wait

    assert not first.done() and not second.done()
    assert busy.error_code == "busy" and busy.status == "error" and busy.ephemeral
    assert "busy answering other questions" in busy.title
    assert "2 at once" in busy.title and "try again in a moment" in busy.title
    slow.release.set()
    answers = await asyncio.gather(first, second)
    assert [a.title for a in answers] == [SLOW_TITLE + "first", SLOW_TITLE + "second"]
    assert slow.questions == ["first", "second"]  # the refused one never ran
    assert slow.released == [True, True]
    assert core.pool.admitted == 0


async def test_a_burst_is_answered_once_each_or_refused_never_lost(
    threaded_store: Store,  # noqa: F811
) -> None:
    slow = SlowAnswer()
    core = Core(threaded_store, slow.registry(), pool=WorkerPool(workers=2, queue=3))
    questions = [f"question {i}" for i in range(10)]
    tasks = [asyncio.create_task(core.handle(ask(q))) for q in questions]
    # The five beyond the pool's capacity are refused while the admitted five wait.
    await until(lambda: sum(t.done() for t in tasks) == 5)
    slow.release.set()
    replies = await asyncio.gather(*tasks)

    answered = [r.title.removeprefix(SLOW_TITLE) for r in replies if r.error_code is None]
    refused = [q for q, r in zip(questions, replies, strict=True) if r.error_code == "busy"]
    assert answered == questions[:5] and refused == questions[5:]
    assert sorted(slow.questions) == questions[:5]  # each admitted question ran once
    assert core.pool.admitted == 0


async def test_an_in_memory_store_keeps_answering_on_the_loop(store: Store) -> None:
    # Its one connection must not be shared between threads.
    if store.engine.dialect.name == "sqlite":
        assert Core(store).pool.is_inline
    else:
        assert not Core(store).pool.is_inline


async def test_the_inline_pool_runs_on_the_callers_thread_without_a_limit() -> None:
    pool = WorkerPool.inline()
    threads = set()

    async def where() -> int:
        threads.add(threading.get_ident())
        await asyncio.sleep(0)
        return 1

    assert sum(await asyncio.gather(*(pool.run(where) for _ in range(50)))) == 50
    assert threads == {threading.get_ident()}


async def test_background_work_runs_on_its_own_thread_and_stops_when_cancelled() -> None:
    background = LoopThread("test-background")
    started = asyncio.Event()
    loop = asyncio.get_running_loop()
    seen: dict[str, int] = {}

    async def forever() -> None:
        seen["thread"] = threading.get_ident()
        loop.call_soon_threadsafe(started.set)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            seen["cancelled"] = 1
            raise

    task = asyncio.create_task(background.run(forever()))
    await started.wait()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await background.aclose()

    assert seen["thread"] != threading.get_ident()
    assert seen.get("cancelled") == 1


async def test_a_digest_posted_from_a_background_thread_goes_out_on_the_adapters_loop() -> None:
    posted: list[tuple[str, int]] = []

    class Recorder:
        platform = "test"

        async def post(self, channel_ref: str, reply: Reply) -> None:
            posted.append((channel_ref, threading.get_ident()))

    background = LoopThread("test-digests")
    poster = PostOnLoop(Recorder(), asyncio.get_running_loop())
    await background.run(poster.post("C1", Reply(title="digest")))
    await background.aclose()

    assert posted == [("C1", threading.get_ident())]


async def test_serve_polls_and_schedules_off_the_adapters_loop(
    threaded_store: Store,  # noqa: F811
    monkeypatch: Any,
) -> None:
    from bot import serve as serve_module

    main = threading.get_ident()
    seen: dict[str, int] = {}

    async def poll_due(store: Store, policy: object) -> None:
        seen.setdefault("poller", threading.get_ident())

    class Scheduler:
        posters: dict[str, Any] = {}

        async def run_forever(self) -> None:
            seen["digests"] = threading.get_ident()
            await asyncio.Event().wait()

    class Runner:
        async def run(self) -> None:
            await until(lambda: len(seen) == 2)

    monkeypatch.setattr("bot.ingest.sources.poll_due", poll_due)
    monkeypatch.setattr("bot.schedule.scheduler.scheduler_for", lambda store, runners: Scheduler())
    core = Core(threaded_store)

    assert await serve_module.serve(core, [Runner()]) == 0
    assert seen["poller"] != main and seen["digests"] != main
    assert seen["poller"] != seen["digests"]  # a long ingest never delays a digest
