"""The review channel on Discord: the real discord.py client against the fake Discord.

`/admin review channel` makes the channel the server's review channel; after a real poll
(a feed on 127.0.0.1) the notifier posts one summary there through the DiscordPoster, with
a Review button that opens the first card of that source's queue as a new message; a
failing source is told once, and its recovery once — each posted once however often, and
by however many notifiers, the outbox is drained.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.app.dispatch import Core
from bot.ingest.fetch import FetchPolicy
from bot.ingest.sources import add_source, poll_due
from bot.review.notifier import ReviewNotifier
from bot.store.outbox import FAILING_AFTER
from bot.store.store import Store
from tests.discord.fake_discord import CHANNEL_ID, EPHEMERAL, FakeDiscord
from tests.discord.fake_payloads import MANAGE_GUILD, MEMBER_PERMISSIONS
from tests.discord.harness import running_bot, text_of
from tests.ingest.httpserver import LocalHTTPServer
from tests.ingest.test_sources import serve_feed

ADMIN = MEMBER_PERMISSIONS | MANAGE_GUILD
LOCAL = FetchPolicy(allow_loopback=True)
T0 = datetime(2026, 11, 28, 9, 0)
HOUR = timedelta(hours=1)
CHANNEL_POSTS = rf"/channels/{CHANNEL_ID}/messages"


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


def _buttons(message: dict[str, Any]) -> dict[str, str]:
    rows = message.get("components") or []
    return {c["label"]: c["custom_id"] for r in rows for c in r["components"] if "custom_id" in c}


def _as(payload: dict[str, Any], permissions: int) -> dict[str, Any]:
    payload["member"] = {**payload["member"], "permissions": str(permissions)}
    return payload


async def _set_review_channel(fake: FakeDiscord) -> None:
    token = await fake.interact(fake.slash("admin review channel", permissions=ADMIN))
    (answer,) = await fake.wait_for(lambda: fake.messages_for(token))
    assert "review channel" in answer["content"]


async def _drain(store: Store, runner: Any) -> None:
    """Two notifiers on their own sessions race, then one runs again."""
    one = ReviewNotifier(store, {"discord": runner.poster}, owner="one")
    two = ReviewNotifier(store, {"discord": runner.poster}, owner="two")
    await asyncio.gather(one.run_once(), two.run_once())
    assert await one.run_once() == []


def _posted(fake: FakeDiscord) -> list[dict[str, Any]]:
    return [r.response for r in fake.find("POST", CHANNEL_POSTS) if r.status < 300]


async def test_new_pending_statements_are_summarised_once_and_review_opens_the_card(
    store: Store, server: LocalHTTPServer
) -> None:
    serve_feed(server)
    source = add_source(store, server.url("/feed.xml"), kind="feed", actor="t", name="Example")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        await _set_review_channel(fake)
        await poll_due(store, policy=LOCAL, now=T0)
        await _drain(store, runner)
        (notice,) = _posted(fake)
        assert notice["embeds"][0]["title"] == (
            f"Source #{source.id} Example: 3 new statements from 3 documents wait for review"
        )
        assert _buttons(notice) == {"Review": f"attache:review:open:source={source.id}"}

        refused = await fake.interact(fake.click(_buttons(notice)["Review"], notice))
        await fake.wait_for(lambda: fake.messages_for(refused))
        opened = await fake.interact(_as(fake.click(_buttons(notice)["Review"], notice), ADMIN))
        await fake.wait_for(
            lambda: fake.find("PATCH", rf"/webhooks/\d+/{opened}/messages/@original")
        )
        card = fake.original_message(opened)

    (deferred,) = fake.callbacks_for(refused)  # a non-admin's click is answered privately
    assert deferred["type"] == 5 and deferred["data"]["flags"] & EPHEMERAL
    (refusal,) = fake.messages_for(refused)
    assert "admins only" in refusal["content"]
    # The card is a message of its own (the notice stays as posted), with the card's buttons.
    assert card["id"] != notice["id"]
    assert not fake.find("PATCH", rf"{CHANNEL_POSTS}/{notice['id']}")
    assert not (card.get("flags") or 0) & EPHEMERAL
    assert "Kaja Kallas" in text_of(card)
    assert {"Approve", "Reject", "Edit", "Next"} <= set(_buttons(card))
    assert len(_posted(fake)) == 1


async def test_a_failing_source_is_told_once_and_its_recovery_once(
    store: Store, server: LocalHTTPServer
) -> None:
    server.route("/feed.xml", status=404)
    source = add_source(store, server.url("/feed.xml"), kind="feed", actor="t", name="Gone")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        await _set_review_channel(fake)
        at = T0
        for _ in range(FAILING_AFTER + 2):
            await poll_due(store, policy=LOCAL, now=at)
            await _drain(store, runner)
            at += HOUR
        (failing,) = _posted(fake)
        serve_feed(server)
        for _ in range(2):
            await poll_due(store, policy=LOCAL, now=at)
            await _drain(store, runner)
            at += HOUR
        failing_again, recovered, pending = _posted(fake)

    assert failing_again == failing
    embed = failing["embeds"][0]
    assert embed["title"] == f"Source #{source.id} Gone is failing: its last 3 polls failed"
    assert "404" in embed["description"] and "until it recovers" in embed["description"]
    assert not failing.get("components")  # nothing to review: no button
    assert recovered["embeds"][0]["title"] == (
        f"Source #{source.id} Gone has recovered: polled successfully after 5 failed polls"
    )
    assert "3 new statements" in pending["embeds"][0]["title"]
    for sent in fake.find("POST", CHANNEL_POSTS):  # an error's text can never ping anyone
        assert sent.body["allowed_mentions"] == {"parse": []}
