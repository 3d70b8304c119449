"""Issue 16, "Missing: Slack": a question addressed with a greeting or a mention is still the
question ("hey @Attaché who called it posturing?"), command words after the greeting still
run the command, and a slash-command answer posted in the channel repeats its question."""

from __future__ import annotations

import pytest

from adapters.slack.addressing import addressed_text
from tests.slack.conftest import CHANNEL_ID, USER_ID, SlackHarness, blocks_text
from tests.slack.fakeslack import BOT_USER_ID

# Words of the answers themselves: present only when the question was answered (a "no
# answer" lists the speakers the store knows, Ned Price among them).
POSTURING = "We see this as posturing"  # the State Department's reply (the founding article)
DECIDING_VOTE = "deciding vote"  # Peskov on Washington


def mention(text: str, ts: str = "1700000000.000700") -> dict:
    return {"type": "app_mention", "user": USER_ID, "text": text, "ts": ts, "channel": CHANNEL_ID}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (f"hey <@{BOT_USER_ID}> who called it posturing?", POSTURING),
        (f"<@{BOT_USER_ID}>, please tell me who called it posturing?", POSTURING),
        (f"hi <@{BOT_USER_ID}> — what did Peskov say about Washington?", DECIDING_VOTE),
        (
            f"Good morning <@{BOT_USER_ID}|attache>! Can you tell me who called it posturing?",
            POSTURING,
        ),
    ],
)
async def test_a_mention_with_a_greeting_is_answered_as_the_question(
    slack: SlackHarness, text: str, words: str
) -> None:
    await slack.event(mention(text))
    await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postMessage"), "the answer")
    (post,) = slack.fake.calls_to("chat.postMessage")
    assert words in blocks_text(post), blocks_text(post)


@pytest.mark.parametrize(
    "text",
    ["hey @Attaché who called it posturing?", "please, tell me who called it posturing?"],
)
async def test_a_slash_command_with_a_greeting_is_answered_as_the_question(
    slack: SlackHarness, text: str
) -> None:
    await slack.slash(text)
    await slack.fake.wait_for(lambda: slack.fake.posts, "the answer")
    (post,) = slack.fake.posts
    assert post.body["response_type"] == "in_channel"
    assert POSTURING in blocks_text(post), blocks_text(post)


async def test_command_words_after_a_greeting_still_run_the_command(
    slack: SlackHarness,
) -> None:
    await slack.slash("hi @Attaché help")
    await slack.event(mention(f"hello <@{BOT_USER_ID}>, statements lavrov"))
    await slack.fake.wait_for(lambda: len(slack.fake.posts) == 2, "both replies")
    await slack.runner.listeners.wait_idle()
    helped = slack.fake.calls_to("response_url")[0]
    assert "Attaché commands" in blocks_text(helped)
    (listed,) = slack.fake.calls_to("chat.postMessage")
    assert "Sergei Lavrov" in blocks_text(listed) and "asked" not in blocks_text(listed)


def test_only_the_address_is_taken_off() -> None:
    # Greetings go only from the start; a word that merely begins like one stays.
    assert addressed_text("So-called guarantees: who offered them?", "U_BOT") == (
        "So-called guarantees: who offered them?"
    )
    assert addressed_text("what did Lavrov say, hey?", "U_BOT") == "what did Lavrov say, hey?"
    # A request frame goes only where an embedded question follows it.
    assert addressed_text("tell me about Lavrov", "U_BOT") == "tell me about Lavrov"
    assert addressed_text("hi <@U_BOT>\nsources add\nhttps://a.example", "U_BOT") == (
        "sources add\nhttps://a.example"
    )
    # Someone else's mention is part of the question.
    assert addressed_text("hey <@U_BOT> what did <@U_ANA> say?", "U_BOT") == (
        "what did <@U_ANA> say?"
    )
    assert addressed_text("hello <@U_BOT>", "U_BOT") == ""


async def test_a_public_slash_answer_repeats_the_question_without_pinging_anyone(
    slack: SlackHarness,
) -> None:
    question = "what are Russia's conditions? &lt;!channel&gt; <!here> <@U_OTHER>"
    await slack.slash(question)
    await slack.fake.wait_for(lambda: slack.fake.posts, "the answer")
    (post,) = slack.fake.posts
    assert post.body["response_type"] == "in_channel"
    first = post.body["blocks"][0]["text"]
    assert first["text"].startswith(f"<@{USER_ID}> asked: “what are Russia's conditions?")
    assert first["verbatim"] is True
    # The question's own control sequences reach Slack escaped or as plain words.
    assert "<!channel>" not in post.text_dump and "<!here>" not in post.text_dump
    assert "<@U_OTHER>" not in post.text_dump
    assert "&lt;!channel&gt;" in first["text"]
    # Everyone in the channel now sees the question with its answer.
    (shown,) = slack.fake.visible()
    assert shown.blocks == post.body["blocks"] and shown.visible_to is None


async def test_private_replies_and_mentions_do_not_repeat_the_question(
    slack: SlackHarness,
) -> None:
    await slack.slash("help")  # ephemeral: the asker sees their own command
    await slack.event(mention(f"<@{BOT_USER_ID}> what are Russia's conditions?"))
    await slack.fake.wait_for(lambda: len(slack.fake.posts) == 2, "both replies")
    await slack.runner.listeners.wait_idle()
    assert all("asked:" not in blocks_text(p) for p in slack.fake.posts)
