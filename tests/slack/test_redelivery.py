"""Issue 16, defect 5: an event Slack delivers again (X-Slack-Retry-Num, the same event_id)
is acknowledged and answered once, also when the retry reaches another process sharing the
store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app.dispatch import Core
from bot.store import repo
from bot.store.models import SlackEvent, utcnow
from bot.store.store import Store
from tests.slack.conftest import CHANNEL_ID, USER_ID, SlackHarness, serving
from tests.slack.fakeslack import BOT_USER_ID

MENTION = {
    "type": "app_mention",
    "user": USER_ID,
    "text": f"<@{BOT_USER_ID}> what are Russia's conditions?",
    "ts": "1700000000.000500",
    "channel": CHANNEL_ID,
    "event_ts": "1700000000.000500",
}
DIRECT = {
    "type": "message",
    "channel_type": "im",
    "user": USER_ID,
    "text": "what are Russia's conditions?",
    "ts": "1700000000.000600",
    "channel": "D_BOT",
    "event_ts": "1700000000.000600",
}


@pytest.fixture
async def other_slack(store: Store, slack: SlackHarness) -> AsyncIterator[SlackHarness]:
    """A second `attache serve --slack` process on the same store (its own engine on
    PostgreSQL; the one in-memory database on SQLite), talking to the same fake Slack."""
    shared = store
    if store.engine.dialect.name == "postgresql":
        shared = Store.open(store.engine.url.render_as_string(hide_password=False), prepare=False)
    try:
        async with serving(Core(shared), slack.fake) as other:
            yield other
    finally:
        if shared is not store:
            shared.close()


async def settle(*harnesses: SlackHarness) -> None:
    await harnesses[0].fake.wait_for(lambda: harnesses[0].fake.posts, "the answer")
    await asyncio.sleep(0.2)  # time for a duplicate to be spawned, were there one
    for harness in harnesses:
        await harness.runner.listeners.wait_idle()


@pytest.mark.parametrize("event", [MENTION, DIRECT], ids=["mention", "direct message"])
async def test_a_retried_event_is_acknowledged_and_answered_once(
    slack: SlackHarness, event: dict
) -> None:
    first = await slack.event(event, event_id="Ev_ONCE")
    await slack.fake.wait_for(lambda: slack.fake.posts, "the answer")
    retry = await slack.event(event, event_id="Ev_ONCE", retry_num=1)
    await settle(slack)

    assert first.status == 200 and retry.status == 200  # both acknowledged: no more retries
    assert len(slack.fake.calls_to("chat.postMessage")) == 1
    # A different event with the same words is a new question, answered again.
    await slack.event(event, event_id="Ev_OTHER")
    await slack.fake.wait_for(lambda: len(slack.fake.calls_to("chat.postMessage")) == 2)


async def test_a_retry_reaching_another_process_is_not_answered_again(
    slack: SlackHarness, other_slack: SlackHarness
) -> None:
    await slack.event(MENTION, event_id="Ev_SHARED")
    await slack.fake.wait_for(lambda: slack.fake.posts, "the answer")
    retry = await other_slack.event(MENTION, event_id="Ev_SHARED", retry_num=1)
    await settle(slack, other_slack)

    assert retry.status == 200
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


async def test_simultaneous_deliveries_to_two_processes_answer_once(
    slack: SlackHarness, other_slack: SlackHarness
) -> None:
    answers = await asyncio.gather(
        slack.event(DIRECT, event_id="Ev_RACE"),
        other_slack.event(DIRECT, event_id="Ev_RACE", retry_num=1),
    )
    await settle(slack, other_slack)

    assert [a.status for a in answers] == [200, 200]
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


async def test_the_retry_is_acknowledged_before_the_store_is_asked(
    slack: SlackHarness, monkeypatch
) -> None:
    events = slack.runner.listeners.events
    order: list[str] = []
    original = events.first_delivery

    def recording(event_id: str | None) -> bool:
        order.append("claim")
        return original(event_id)

    monkeypatch.setattr(events, "first_delivery", recording)
    await slack.event(MENTION, event_id="Ev_ACK")
    order.append("acknowledged")
    await slack.event(MENTION, event_id="Ev_ACK", retry_num=1)
    order.append("acknowledged")
    await settle(slack)

    assert order[0] == "acknowledged" and order.count("claim") == 2
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


def test_events_are_claimed_once_and_old_ones_pruned(store: Store) -> None:
    now = utcnow()
    with store.transaction() as session:
        assert repo.claim_event(session, "Ev_OLD", now - timedelta(days=2)) is True
        assert repo.claim_event(session, "Ev_NEW", now) is True
    with store.transaction() as session:
        assert repo.claim_event(session, "Ev_NEW", now) is False
        repo.prune_events(session, now - timedelta(days=1))
    with store.reading() as session:
        assert list(session.scalars(select(SlackEvent.event_id))) == ["Ev_NEW"]
    with store.transaction() as session:  # a pruned id may be claimed again
        assert repo.claim_event(session, "Ev_OLD", now) is True
