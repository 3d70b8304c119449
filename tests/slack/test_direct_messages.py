"""Issue 16, defect 4: a slash command typed in a direct message stays private.

A `D…` channel is not the bot's conversation with one user: a direct message (or group
DM) between two people has a `D` id too, and both read whatever is posted in it. Replies
meant to be private (admin commands, refusals) stay ephemeral there, through the
response_url or chat.postEphemeral, never chat.postMessage; only `message.im` events
(someone writing to the bot itself) are answered in the conversation.
"""

from __future__ import annotations

from tests.slack.conftest import ADMIN_ID, SlackHarness, blocks_text

SHARED_DM = "D_SHARED"  # a direct message between two people, where /attache was typed


async def test_review_list_typed_in_a_direct_message_is_shown_to_the_admin_only(
    slack: SlackHarness,
) -> None:
    answer = await slack.slash("review list", user=ADMIN_ID, channel=SHARED_DM)

    assert answer.status == 200 and answer.text == ""
    await slack.fake.wait_for(lambda: slack.fake.posts, "the review list")
    await slack.runner.listeners.wait_idle()
    assert slack.fake.posts
    for post in slack.fake.posts:
        assert post.method == "response_url"
        assert post.body["response_type"] == "ephemeral"
    assert slack.fake.calls_to("chat.postMessage") == []


async def test_a_refusal_in_a_direct_message_is_ephemeral_too(slack: SlackHarness) -> None:
    await slack.slash("admin sources add https://example.org/feed.xml", channel=SHARED_DM)

    await slack.fake.wait_for(lambda: slack.fake.posts, "the refusal")
    await slack.runner.listeners.wait_idle()
    (post,) = slack.fake.posts
    assert post.method == "response_url" and post.body["response_type"] == "ephemeral"
    assert "admins only" in blocks_text(post)


async def test_with_the_response_url_expired_the_reply_is_posted_ephemerally(
    slack: SlackHarness,
) -> None:
    slack.fake.fail_next("response_url", 404)

    await slack.slash("review list", user=ADMIN_ID, channel=SHARED_DM)

    await slack.fake.wait_for(
        lambda: slack.fake.calls_to("chat.postEphemeral"), "the ephemeral fallback"
    )
    await slack.runner.listeners.wait_idle()
    assert slack.fake.calls_to("chat.postMessage") == []
    for post in slack.fake.calls_to("chat.postEphemeral"):
        assert post.body["channel"] == SHARED_DM and post.body["user"] == ADMIN_ID


async def test_writing_to_the_bot_itself_is_answered_in_that_conversation(
    slack: SlackHarness,
) -> None:
    """`message.im`: the bot's own conversation with one user, where ephemeral adds nothing."""
    await slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "user": ADMIN_ID,
            "text": "review list",
            "ts": "1700000000.000400",
            "channel": "D_BOT",
            "event_ts": "1700000000.000400",
        }
    )

    await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postMessage"), "the list")
    await slack.runner.listeners.wait_idle()
    assert {p.body["channel"] for p in slack.fake.calls_to("chat.postMessage")} == {"D_BOT"}
    assert slack.fake.calls_to("chat.postEphemeral", "response_url") == []
