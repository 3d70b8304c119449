"""Issue 18 through the real slack-bolt app: a slash command is acknowledged while its
answer is still running, and with the pool full a question hears privately, at once, that
Attaché is busy. Nothing is lost or answered twice."""

from __future__ import annotations

import asyncio

from bot.app.dispatch import Core
from bot.app.workers import WorkerPool
from bot.store.store import Store
from tests.slack.conftest import blocks_text, serving
from tests.slack.fakeslack import FakeSlack
from tests.slow_handler import SLOW_TITLE, SlowAnswer, threaded_store  # noqa: F401


async def test_a_slash_command_is_acknowledged_while_its_answer_runs(
    threaded_store: Store,  # noqa: F811
    fake_slack: FakeSlack,
) -> None:
    slow = SlowAnswer()
    core = Core(threaded_store, slow.registry())
    async with serving(core, fake_slack) as slack:
        ack = await slack.slash("what now?")  # the HTTP response is the acknowledgement
        assert await asyncio.to_thread(slow.entered)  # the answer is running
        assert not fake_slack.posts
        slow.release.set()
        await fake_slack.wait_for(lambda: fake_slack.posts, "the answer")
        await slack.runner.listeners.wait_idle()

    assert ack.status == 200
    assert slow.released == [True]  # released by this test, after the acknowledgement
    (post,) = fake_slack.posts
    assert SLOW_TITLE + "what now?" in blocks_text(post)


async def test_with_the_pool_full_a_question_hears_privately_that_attache_is_busy(
    threaded_store: Store,  # noqa: F811
    fake_slack: FakeSlack,
) -> None:
    slow = SlowAnswer()
    core = Core(threaded_store, slow.registry(), pool=WorkerPool(workers=1, queue=1))
    async with serving(core, fake_slack) as slack:
        acks = [await slack.slash(f"question {i}", user=f"U{i}") for i in range(4)]
        # Two are admitted (one runs, one waits); the other two are refused while they wait.
        await fake_slack.wait_for(lambda: len(fake_slack.posts) == 2, "two busy replies")
        busy = list(fake_slack.posts)
        slow.release.set()
        await fake_slack.wait_for(lambda: len(fake_slack.posts) == 4, "two answers")
        await slack.runner.listeners.wait_idle()

    assert [a.status for a in acks] == [200] * 4
    for post in busy:
        assert post.body.get("response_type") == "ephemeral"  # seen only by the asker
        assert "busy answering other questions" in blocks_text(post)
        assert "try again in a moment" in blocks_text(post)
    answered = "\n".join(blocks_text(p) for p in fake_slack.posts[2:])
    assert all(SLOW_TITLE + f"question {i}" in answered for i in (0, 1))
    assert len(fake_slack.posts) == 4  # one reply each, none doubled
    assert sorted(slow.questions) == ["question 0", "question 1"]
