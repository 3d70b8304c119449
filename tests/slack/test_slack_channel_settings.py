"""Per-channel settings through slack-bolt and the fake Slack: slash answers and mentions turn
ephemeral in a private-answers channel; a denied command is refused to the asker only."""

from __future__ import annotations

from tests.slack.conftest import (
    ADMIN_ID,
    CHANNEL_ID,
    CONDITION_1,
    USER_ID,
    SlackHarness,
    blocks_text,
)
from tests.slack.fakeslack import BOT_USER_ID

QUESTION = "what are Russia's conditions?"


async def _settle(slack: SlackHarness, posts: int) -> None:
    await slack.fake.wait_for(lambda: len(slack.fake.posts) >= posts, f"{posts} posts")
    await slack.runner.listeners.wait_idle()


async def test_private_answers_make_slash_answers_and_mentions_ephemeral(
    slack: SlackHarness,
) -> None:
    await slack.slash(QUESTION)
    await _settle(slack, 1)
    await slack.slash("settings answers private", user=ADMIN_ID)
    await _settle(slack, 2)
    await slack.slash(QUESTION)
    await _settle(slack, 3)
    await slack.event(
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> {QUESTION}",
            "ts": "1700000000.000200",
            "channel": CHANNEL_ID,
            "event_ts": "1700000000.000200",
        }
    )
    await _settle(slack, 4)

    public, confirmation, private, mention = slack.fake.posts
    assert public.body["response_type"] == "in_channel" and CONDITION_1 in blocks_text(public)
    assert confirmation.body["response_type"] == "ephemeral"
    assert "Answers in this channel are now private." in confirmation.body["text"]
    assert private.method == "response_url" and private.body["response_type"] == "ephemeral"
    assert CONDITION_1 in blocks_text(private)
    # A mention gets its answer as an ephemeral message to the asker, in the thread.
    assert mention.method == "chat.postEphemeral"
    assert mention.body["user"] == USER_ID and mention.body["channel"] == CHANNEL_ID
    assert mention.body["thread_ts"] == "1700000000.000200"
    assert CONDITION_1 in blocks_text(mention)
    assert not slack.fake.calls_to("chat.postMessage")


async def test_a_denied_command_is_refused_ephemerally_and_naming_what_is_allowed(
    slack: SlackHarness,
) -> None:
    await slack.slash("admin settings allow ask", user=ADMIN_ID)
    await _settle(slack, 1)
    await slack.slash("statements lavrov")
    await _settle(slack, 2)
    refusal_to_admin = await slack.slash("sources list", user=ADMIN_ID)
    await _settle(slack, 3)
    await slack.slash(QUESTION)
    await _settle(slack, 4)

    assert refusal_to_admin.status == 200
    confirmation, refusal, admin_refusal, answer = slack.fake.posts
    assert "Allowed commands: ask, help, settings" in blocks_text(confirmation)
    assert refusal.body["response_type"] == "ephemeral"
    assert refusal.body["text"].startswith(
        "“statements” is not allowed in this channel; allowed here: ask, help, settings."
    )
    assert admin_refusal.body["response_type"] == "ephemeral"
    assert "“sources” is not allowed in this channel" in admin_refusal.body["text"]
    assert answer.body["response_type"] == "in_channel" and CONDITION_1 in blocks_text(answer)
