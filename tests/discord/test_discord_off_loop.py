"""Issue 18 through the real discord.py client: while an answer is still running, the
deferral goes out and the gateway heartbeat keeps its beat; with the pool full, a question
is told privately, at once, that Attaché is busy. Nothing is lost or answered twice."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from bot.app.dispatch import Core
from bot.app.workers import WorkerPool
from bot.store.store import Store
from tests.discord.fake_discord import (
    CHANNEL_ID,
    EPHEMERAL,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    FakeDiscord,
)
from tests.discord.harness import add_statements, embeds_of, running_bot, text_of
from tests.slow_handler import SLOW_TITLE, SlowAnswer, threaded_store  # noqa: F401

HEARTBEAT_S = 0.1


def shown(messages: list[dict]) -> str:
    return "\n".join([text_of(m) for m in messages] + [str(e) for e in embeds_of(messages)])


async def test_the_deferral_and_heartbeats_go_out_while_an_answer_runs(
    threaded_store: Store,  # noqa: F811
) -> None:
    slow = SlowAnswer()
    core = Core(threaded_store, slow.registry())
    async with FakeDiscord(heartbeat_interval=HEARTBEAT_S) as fake, running_bot(fake, core):
        session = fake.identified[-1]
        token = await fake.interact(fake.slash("ask", {"question": "what now?"}))
        (defer,) = await fake.wait_for(lambda: fake.callbacks_for(token))
        assert await asyncio.to_thread(slow.entered)  # the answer is running now
        beats = len(session.heartbeats)
        await fake.wait_for(lambda: len(session.heartbeats) >= beats + 3)
        assert not fake.messages_for(token)  # still nothing but the deferral
        slow.release.set()
        messages = await fake.wait_for(lambda: fake.messages_for(token))
        await fake.wait_for(lambda: len(session.heartbeats) >= beats + 4)  # and after it

    assert defer["type"] == 5  # deferred ("thinking…") before the answer
    assert slow.released == [True]  # released by this test, not by the safety timeout
    assert len(messages) == 1 and SLOW_TITLE + "what now?" in shown(messages)


async def test_with_the_pool_full_a_question_hears_privately_that_attache_is_busy(
    threaded_store: Store,  # noqa: F811
) -> None:
    slow = SlowAnswer()
    core = Core(threaded_store, slow.registry(), pool=WorkerPool(workers=1, queue=1))
    async with FakeDiscord() as fake, running_bot(fake, core):
        tokens = [
            await fake.interact(fake.slash("ask", {"question": f"question {i}"})) for i in range(4)
        ]
        # Two are admitted (one runs, one waits); the other two are refused while they wait.
        busy = await fake.wait_for(
            lambda: [t for t in tokens[2:] if fake.messages_for(t)] == tokens[2:]
        )
        assert busy and not fake.messages_for(tokens[0]) and not fake.messages_for(tokens[1])
        slow.release.set()
        answered = await fake.wait_for(
            lambda: [t for t in tokens[:2] if fake.messages_for(t)] == tokens[:2]
        )
        assert answered

    for i, token in enumerate(tokens):
        assert len(fake.callbacks_for(token)) == 1  # one deferral each
        messages = fake.messages_for(token)
        assert len(messages) == 1, messages  # answered once, nothing doubled
        if i < 2:
            assert SLOW_TITLE + f"question {i}" in shown(messages)
        else:
            assert "busy answering other questions" in shown(messages)
            assert "try again in a moment" in shown(messages)
            assert messages[0]["flags"] & EPHEMERAL  # seen only by the one who asked
    assert sorted(slow.questions) == ["question 0", "question 1"]
    assert slow.released == [True, True]


async def test_schedule_now_composes_the_digest_in_a_worker_and_posts_it_from_the_loop(
    threaded_store: Store,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from adapters.discord import digest_now

    composed_in: list[int] = []
    compose = digest_now.window_digest

    def recording(*args: Any, **kwargs: Any) -> Any:
        composed_in.append(threading.get_ident())
        return compose(*args, **kwargs)

    monkeypatch.setattr(digest_now, "window_digest", recording)
    admin = MEMBER_PERMISSIONS | MANAGE_GUILD
    async with FakeDiscord() as fake, running_bot(fake, Core(threaded_store)):
        token = await fake.interact(
            fake.slash("admin schedule set", {"when": "daily 09:00 UTC"}, permissions=admin)
        )
        await fake.wait_for(lambda: fake.messages_for(token))
        add_statements(threaded_store, "Digest Person", ["A point made off the loop."])
        token = await fake.interact(fake.slash("admin schedule now", permissions=admin))
        (reply,) = await fake.wait_for(lambda: fake.messages_for(token))
        posts = fake.find("POST", rf"/channels/{CHANNEL_ID}/messages")

    assert reply["content"].startswith("Posted the digest to #general")
    assert any("A point made off the loop." in text_of(p.body) for p in posts)
    assert composed_in and threading.get_ident() not in composed_in
