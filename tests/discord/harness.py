"""Run the real Discord runner against the fake server, and read what it sent."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, TypeVar

from adapters.discord.runner import DiscordRunner
from bot.app.dispatch import Core
from bot.store.store import Store
from tests.discord.fake_discord import FakeDiscord, pointed_at

T = TypeVar("T")
TOKEN = "fake-token.NEVER-LOGGED.abc123"
START_TIMEOUT = 10.0


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord, core: Core, env: Mapping[str, str] | None = None
) -> AsyncIterator[DiscordRunner]:
    """Start `attache serve --discord`'s runner; yield once the gateway session is READY.

    On exit the runner task is cancelled, as `attache serve` does on SIGTERM, and must end.
    """
    with pointed_at(fake):
        runner = DiscordRunner(core, {"DISCORD_TOKEN": TOKEN, **(env or {})})
        first_new = len(fake.sessions)  # sessions of an earlier run (a restart) do not count
        task = asyncio.create_task(runner.run(), name="discord-runner")
        ready = asyncio.create_task(
            fake.wait_for(lambda: any(s.identified for s in fake.sessions[first_new:]))
        )
        try:
            done, _ = await asyncio.wait(
                {task, ready}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
            )
            if task in done:
                task.result()  # raises what stopped the runner
                raise AssertionError("the runner stopped before connecting")
            if ready not in done:
                raise AssertionError("the bot did not connect to the fake gateway in time")
            yield runner
        finally:
            ready.cancel()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=START_TIMEOUT)


async def in_store(predicate: Callable[[], T], timeout: float = START_TIMEOUT) -> T:
    """Poll until `predicate` gives a truthy value: for what the bot writes to the store,
    which (unlike the fake Discord's requests) wakes no one waiting. A failure after
    `timeout` seconds, not a speed test."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (found := predicate()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"the store never showed it within {timeout:.0f} s")
        await asyncio.sleep(0.02)
    return found


def embeds_of(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for m in messages for e in m.get("embeds") or []]


def text_of(message: dict[str, Any]) -> str:
    """Everything a user reads in a message: content, embed titles, descriptions, fields."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def add_statements(
    store: Store,
    speaker_name: str,
    texts: list[str],
    *,
    url: str | None = "https://example.org/article",
    status: str = "approved",
) -> list[int]:
    """Store `texts` as statements by one speaker, cited to one document; their ids."""
    from bot.store import repo
    from bot.store.models import Document

    with store.transaction() as session:
        speaker = repo.upsert_speaker(session, speaker_name)
        body = "\n".join(texts)
        doc = Document(
            text=body, content_hash=repo.content_hash(body), url=url, outlet="Example Times"
        )
        session.add(doc)
        session.flush()
        statements, at = [], 0
        for text in texts:
            st, _ = repo.add_statement(
                session, doc, repo.NewStatement(speaker, text, at, at + len(text))
            )
            statements.append(st)
            at += len(text) + 1
        if status != "pending":
            repo.set_status(session, store.indexer, statements, status, "test")
        return [st.id for st in statements]
