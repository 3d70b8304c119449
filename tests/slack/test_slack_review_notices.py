"""The review channel on Slack: the real slack-bolt app against the fake Slack.

`/attache review channel` makes the channel the workspace's review channel; after a real
poll (a feed on 127.0.0.1) the notifier posts one summary there through the SlackPoster
(chat.postMessage), with a Review button whose click posts the first card of that source's
queue; a failing source is told once and its recovery once, each posted once however
often, and by however many notifiers, the outbox is drained.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from bot.app.dispatch import Core
from bot.ingest.fetch import FetchPolicy
from bot.ingest.sources import add_source, poll_due
from bot.review.notifier import ReviewNotifier
from bot.store.outbox import FAILING_AFTER
from tests.ingest.httpserver import LocalHTTPServer
from tests.ingest.test_sources import serve_feed
from tests.slack.conftest import ADMIN_ID, CHANNEL_ID, USER_ID, SlackHarness
from tests.slack.fakeslack import Message

LOCAL = FetchPolicy(allow_loopback=True)
T0 = datetime(2026, 11, 28, 9, 0)
HOUR = timedelta(hours=1)


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


def _text(message: Message) -> str:
    parts = []
    for block in message.blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [f["text"] for f in block.get("fields", [])]
        parts += [e.get("text", "") for e in block.get("elements", []) if e.get("type") == "mrkdwn"]
    return "\n".join(parts)


def _buttons(message: Message) -> dict[str, str]:
    return {
        e["action_id"]: e["value"]
        for b in message.blocks
        if b.get("type") == "actions"
        for e in b["elements"]
    }


def _public(slack: SlackHarness) -> list[Message]:
    return [m for m in slack.fake.messages if not m.ephemeral]


async def _set_review_channel(slack: SlackHarness) -> None:
    await slack.slash("review channel", user=ADMIN_ID)
    await slack.fake.wait_for(lambda: slack.fake.messages, "the answer")
    await slack.runner.listeners.wait_idle()
    (answer,) = slack.fake.messages
    assert answer.ephemeral and "review channel" in _text(answer)


async def _drain(slack: SlackHarness, core: Core) -> None:
    """Two notifiers on their own sessions race, then one runs again."""
    store, poster = core.services.store, slack.runner.poster
    one = ReviewNotifier(store, {"slack": poster}, owner="one")
    two = ReviewNotifier(store, {"slack": poster}, owner="two")
    await asyncio.gather(one.run_once(), two.run_once())
    assert await one.run_once() == []


async def test_new_pending_statements_are_summarised_once_and_review_posts_the_card(
    slack: SlackHarness, core: Core, server: LocalHTTPServer
) -> None:
    store = core.services.store
    serve_feed(server)
    source = add_source(store, server.url("/feed.xml"), kind="feed", actor="t", name="Example")
    await _set_review_channel(slack)
    await poll_due(store, policy=LOCAL, now=T0)
    await _drain(slack, core)
    (notice,) = _public(slack)
    assert notice.channel == CHANNEL_ID
    assert (
        f"Source #{source.id} Example: 3 new statements from 3 documents wait for review"
        in _text(notice)
    )
    assert _buttons(notice) == {"attache_review_open": f"source={source.id}"}

    refused = await slack.action(slack.fake.click_button(notice, USER_ID, "attache_review_open"))
    assert refused.status == 200
    await slack.runner.listeners.wait_idle()
    answer = await slack.action(slack.fake.click_button(notice, ADMIN_ID, "attache_review_open"))
    assert answer.status == 200
    await slack.runner.listeners.wait_idle()

    refusal = [m for m in slack.fake.messages if m.visible_to == USER_ID]
    assert len(refusal) == 1 and "admins only" in _text(refusal[0])
    notice_now, card = _public(slack)
    assert notice_now.replaced == 0 and notice_now.blocks == notice.blocks  # left as it was
    assert card.channel == CHANNEL_ID and "Kaja Kallas" in _text(card)
    assert {"attache_review_approve", "attache_review_next"} <= set(_buttons(card))


async def test_a_failing_source_is_told_once_and_its_recovery_once(
    slack: SlackHarness, core: Core, server: LocalHTTPServer
) -> None:
    store = core.services.store
    server.route("/feed.xml", status=404)
    source = add_source(
        store, server.url("/feed.xml"), kind="feed", actor="t", name="Gone <!channel>"
    )
    await _set_review_channel(slack)
    at = T0
    for _ in range(FAILING_AFTER + 2):
        await poll_due(store, policy=LOCAL, now=at)
        await _drain(slack, core)
        at += HOUR
    (failing,) = _public(slack)
    serve_feed(server)
    for _ in range(2):
        await poll_due(store, policy=LOCAL, now=at)
        await _drain(slack, core)
        at += HOUR
    failing_again, recovered, pending = _public(slack)

    assert failing_again is failing
    name = f"Source #{source.id} Gone &lt;!channel&gt;"  # escaped: it can never ping
    assert f"{name} is failing: its last 3 polls failed" in _text(failing)
    assert "404" in _text(failing) and "until it recovers" in _text(failing)
    assert _buttons(failing) == {}
    assert f"{name} has recovered: polled successfully after 5 failed polls" in _text(recovered)
    assert "3 new statements" in _text(pending)
    assert "<!channel>" not in "".join(_text(m) for m in _public(slack))
