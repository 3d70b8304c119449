"""The adapter in HTTP mode, end to end: signed requests in, fake Web API calls out."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select

from bot.app.dispatch import Core
from bot.core.types import Reply
from bot.store.models import AuditEntry, Source, Statement
from tests.slack.conftest import (
    ADMIN_ID,
    CHANNEL_ID,
    CONDITION_1,
    CONDITION_2,
    USER_ID,
    SlackHarness,
    blocks_text,
)
from tests.slack.fakeslack import BOT_TOKEN, BOT_USER_ID, TEAM_ID


async def test_slash_question_is_acknowledged_then_answered_with_cited_conditions(
    slack: SlackHarness,
) -> None:
    answer = await slack.slash("what are Russia's conditions?")

    assert answer.status == 200 and answer.text == ""  # the bare acknowledgement
    await slack.fake.wait_for(lambda: slack.fake.posts, "the answer")
    await slack.runner.listeners.wait_idle()
    (post,) = slack.fake.posts
    assert post.method == "response_url" and post.path.endswith(f"cmd-{USER_ID}")
    assert post.body["response_type"] == "in_channel"
    text = blocks_text(post)
    assert "Sergei Lavrov" in text
    assert CONDITION_1 in text and CONDITION_2 in text
    # Each condition is followed by its citation: speaker, date and outlet chain.
    blocks = post.body["blocks"]
    for condition in (CONDITION_1, CONDITION_2):
        at = next(i for i, b in enumerate(blocks) if condition in b.get("text", {}).get("text", ""))
        citation = blocks[at + 1]
        assert citation["type"] == "context"
        cited = " ".join(e["text"] for e in citation["elements"])
        assert "Sergei Lavrov" in cited and "date unknown" in cited
        assert "RIA Novosti" in cited and "Newsweek" in cited
        assert "(no link known)" in cited and "<http" not in cited  # the seed has no URL


async def test_bad_signature_and_stale_timestamp_get_401_and_reach_no_handler(
    slack: SlackHarness, core: Core, monkeypatch
) -> None:
    handled = []
    original = core.handle

    async def counting(command):
        handled.append(command)
        return await original(command)

    monkeypatch.setattr(core, "handle", counting)

    forged = await slack.slash("what are Russia's conditions?", secret="not-the-secret")
    six_minutes_ago = int(time.time()) - 6 * 60
    stale = await slack.slash("what are Russia's conditions?", timestamp=six_minutes_ago)

    assert forged.status == 401 and stale.status == 401
    await slack.runner.listeners.wait_idle()
    assert handled == [] and slack.fake.calls == []
    # The same request, signed now, is handled: the refusals above were about the signature.
    assert (await slack.slash("help")).status == 200
    await slack.fake.wait_for(lambda: slack.fake.posts, "the help reply")
    assert len(handled) == 1


async def test_mention_in_a_thread_is_answered_in_that_thread(slack: SlackHarness) -> None:
    thread = "1700000000.000100"
    answer = await slack.event(
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> what are Russia's conditions?",
            "ts": "1700000000.000200",
            "thread_ts": thread,
            "channel": CHANNEL_ID,
            "event_ts": "1700000000.000200",
        }
    )

    assert answer.status == 200
    await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postMessage"), "the answer")
    (post,) = slack.fake.calls_to("chat.postMessage")
    assert post.body["channel"] == CHANNEL_ID and post.body["thread_ts"] == thread
    assert post.token == BOT_TOKEN
    assert "Sergei Lavrov" in blocks_text(post) and CONDITION_2 in blocks_text(post)


async def test_direct_message_is_answered_in_the_direct_message(slack: SlackHarness) -> None:
    answer = await slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "user": USER_ID,
            "text": "what are Russia's conditions?",
            "ts": "1700000000.000300",
            "channel": "D_DM",
            "event_ts": "1700000000.000300",
        }
    )

    assert answer.status == 200
    await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postMessage"), "the answer")
    (post,) = slack.fake.calls_to("chat.postMessage")
    assert post.body["channel"] == "D_DM" and "thread_ts" not in post.body
    assert CONDITION_1 in blocks_text(post)


async def test_own_messages_and_channel_chatter_are_not_answered(slack: SlackHarness) -> None:
    await slack.event(  # the bot's own answer echoed back as a DM event
        {
            "type": "message",
            "channel_type": "im",
            "user": BOT_USER_ID,
            "bot_id": "B_BOT",
            "text": "Conditions stated by…",
            "ts": "1.1",
            "channel": "D_DM",
        }
    )
    await slack.event(  # an edit
        {
            "type": "message",
            "subtype": "message_changed",
            "channel_type": "im",
            "ts": "1.2",
            "channel": "D_DM",
        }
    )
    await slack.event(  # a channel message without a mention
        {
            "type": "message",
            "channel_type": "channel",
            "user": USER_ID,
            "text": "help",
            "ts": "1.3",
            "channel": CHANNEL_ID,
        }
    )
    await slack.runner.listeners.wait_idle()
    assert slack.fake.posts == []


async def test_non_admin_admin_command_is_refused_ephemerally_and_changes_nothing(
    slack: SlackHarness, core: Core
) -> None:
    def counts() -> tuple[int, int]:
        with core.services.store.reading() as session:
            return (
                session.scalar(select(func.count()).select_from(Source)),
                session.scalar(select(func.count()).select_from(AuditEntry)),
            )

    before = counts()
    await slack.slash("admin sources add https://example.org/feed.xml feed")
    await slack.slash("review approve 1", user="U_OTHER")
    await slack.fake.wait_for(lambda: len(slack.fake.posts) == 2, "both refusals")
    await slack.runner.listeners.wait_idle()

    for post in slack.fake.posts:
        assert post.method == "response_url"
        assert post.body["response_type"] == "ephemeral"
        assert "admins only" in blocks_text(post)
    # Whether they are workspace admins was asked of Slack, once per user.
    asked = sorted(c.body["user"] for c in slack.fake.calls_to("users.info"))
    assert asked == ["U_OTHER", USER_ID]
    # Nothing changed but the audit log, which records both refusals (issue 17, item 5).
    assert counts() == (before[0], before[1] + 2)
    with core.services.store.reading() as session:
        refused = session.scalars(select(AuditEntry).where(AuditEntry.action == "refused"))
        assert sorted(r.details["asked"] for r in refused) == ["review", "sources add"]


async def test_admins_act_and_are_audited_as_slack_users(slack: SlackHarness, core: Core) -> None:
    slack.fake.users["U_OWNER"] = {"is_owner": True}
    with core.services.store.reading() as session:
        first, second = session.scalars(select(Statement.id).order_by(Statement.id).limit(2))

    await slack.slash(f"review reject {first}", user=ADMIN_ID)  # configured admin id
    await slack.slash(f"admin review reject {second}", user="U_OWNER")  # workspace owner
    await slack.fake.wait_for(lambda: len(slack.fake.posts) == 2, "both confirmations")
    await slack.runner.listeners.wait_idle()

    assert all(p.body["response_type"] == "ephemeral" for p in slack.fake.posts)
    # The configured admin needed no users.info call; the owner did.
    assert [c.body["user"] for c in slack.fake.calls_to("users.info")] == ["U_OWNER"]
    with core.services.store.reading() as session:
        statuses = select(Statement.status).where(Statement.id.in_([first, second]))
        assert set(session.scalars(statuses)) == {"rejected"}
        actors = set(session.scalars(select(AuditEntry.actor)))
    assert {f"slack:{TEAM_ID}:{ADMIN_ID}", f"slack:{TEAM_ID}:U_OWNER"} <= actors


async def test_help_lists_every_registered_command(slack: SlackHarness, core: Core) -> None:
    await slack.slash("help")
    await slack.fake.wait_for(lambda: slack.fake.posts, "the help reply")
    text = blocks_text(slack.fake.posts[0])
    for spec in core.registry:
        assert spec.name in text
    assert slack.fake.posts[0].body["response_type"] == "ephemeral"


async def test_tokens_never_appear_in_what_is_sent_or_logged(slack: SlackHarness, caplog) -> None:
    caplog.set_level("DEBUG")
    await slack.slash("what are Russia's conditions?")
    await slack.slash("frobnicate now")
    await slack.fake.wait_for(lambda: len(slack.fake.posts) == 2, "both replies")
    await slack.runner.listeners.wait_idle()
    assert all(BOT_TOKEN not in json.dumps(p.body) for p in slack.fake.posts)
    assert BOT_TOKEN not in caplog.text and "test-signing-secret" not in caplog.text


async def test_the_acknowledgement_does_not_wait_for_the_answer(
    slack: SlackHarness, core: Core, monkeypatch
) -> None:
    release = asyncio.Event()
    original = core.handle

    async def slow(command):
        await release.wait()  # a core that takes as long as the test says
        return await original(command)

    monkeypatch.setattr(core, "handle", slow)

    answer = await slack.slash("what are Russia's conditions?")

    assert answer.status == 200 and slack.fake.posts == []
    release.set()
    await slack.fake.wait_for(lambda: slack.fake.posts, "the answer after the core finished")
    assert CONDITION_1 in blocks_text(slack.fake.posts[0])


async def test_the_digest_poster_posts_with_the_bot_token_and_raises_on_failure(
    slack: SlackHarness,
) -> None:
    poster = slack.runner.poster
    assert poster.platform == "slack"
    await poster.post(CHANNEL_ID, Reply(title="Weekly digest: <!channel> nothing new"))
    (post,) = slack.fake.calls_to("chat.postMessage")
    assert post.token == BOT_TOKEN and post.body["channel"] == CHANNEL_ID
    assert "&lt;!channel&gt;" in post.body["text"]

    slack.fake.workspaces.clear()  # the token was revoked
    with pytest.raises(SlackApiError):
        await poster.post(CHANNEL_ID, Reply(title="Weekly digest"))
