"""Escaping, Slack's size limits, rate limits and the More button, through the real adapter."""

from __future__ import annotations

import json

from adapters.slack.delivery import RESPONSE_URL_USES, Target, deliver, make_web_client
from bot.app.dispatch import Core
from bot.core.types import Reply, SourceRef, StatementItem
from tests.slack.conftest import (
    CHANNEL_ID,
    CONDITION_2,
    USER_ID,
    SlackHarness,
    add_statements,
    blocks_text,
)
from tests.slack.fakeslack import BOT_TOKEN, BOT_USER_ID, TEAM_ID, Call, FakeSlack


def text_objects(call: Call) -> list[dict]:
    found = []
    for block in call.body.get("blocks", []):
        if "text" in block:
            found.append(block["text"])
        found.extend(e for e in block.get("elements", []) if e.get("type") == "mrkdwn")
    return found


async def test_mentions_in_quoted_words_are_escaped_and_never_fire(
    slack: SlackHarness, core: Core
) -> None:
    add_statements(
        core,
        "Pat Example",
        ["Attention <!channel> and <!here>: ask <@U123> about A&B > C."],
        url="https://example.org/story?id=1&page=2",
    )

    await slack.slash("statements Pat Example")
    await slack.fake.wait_for(lambda: slack.fake.posts, "the statements")
    (post,) = slack.fake.posts
    dump = json.dumps(post.body, ensure_ascii=False)
    escaped = "Attention &lt;!channel&gt; and &lt;!here&gt;: ask &lt;@U123&gt; about A&amp;B &gt; C"
    assert escaped in blocks_text(post)
    for raw in ("<!channel>", "<!here>", "<@U123>", "A&B"):
        assert raw not in dump
    # The one link is the statement's own source, with `&` escaped as Slack expects.
    assert "<https://example.org/story?id=1&amp;page=2|" in blocks_text(post)
    assert all(t["verbatim"] for t in text_objects(post) if t["type"] == "mrkdwn")


async def test_an_answer_beyond_slacks_limits_arrives_split_within_them(
    slack: SlackHarness, core: Core
) -> None:
    points = tuple(f"Point {n}: " + "a considered clause " * 20 for n in range(1, 13))
    texts = [f"Statement {i}: " + " ".join(f"w{i}x{j}" for j in range(900)) for i in range(10)]
    add_statements(core, "Pat Example", texts, points=points, url="https://example.org/long")

    await slack.slash("statements Pat Example")
    await slack.fake.wait_for(lambda: len(slack.fake.posts) >= 2, "several messages")
    await slack.runner.listeners.wait_idle()

    posts = slack.fake.posts
    assert 2 <= len(posts) <= RESPONSE_URL_USES
    for post in posts:
        assert post.method == "response_url" and post.body["response_type"] == "in_channel"
        assert len(post.body["blocks"]) <= 50
        for block in post.body["blocks"]:
            if block["type"] == "section":
                assert 0 < len(block["text"]["text"]) <= 3000
            if block["type"] == "context":
                assert len(block["elements"]) <= 10
    everything = "\n".join(blocks_text(p) for p in posts)
    # Nothing was lost: every statement (its start; the rest is behind the source link),
    # every point of every statement, each with its citation.
    positions = [everything.index(f"Statement {i}: w{i}x0 w{i}x1") for i in range(10)]
    assert positions == sorted(positions) or positions == sorted(positions, reverse=True)
    assert everything.count("shortened; the full text is at the source") == 10
    assert everything.count("<https://example.org/long|") == 10
    assert everything.count("Point 12: a considered clause") == 10
    assert everything.count("Pat Example · date unknown") == 10


async def test_a_429_with_retry_after_is_waited_out_and_the_message_arrives(
    slack: SlackHarness,
) -> None:
    slack.fake.rate_limit_next("chat.postMessage", retry_after=1)

    await slack.event(
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> what are Russia's conditions?",
            "ts": "1700000000.000500",
            "channel": CHANNEL_ID,
        }
    )
    await slack.fake.wait_for(
        lambda: [c.status for c in slack.fake.calls_to("chat.postMessage")] == [429, 200],
        "a rate-limited post followed by its retry",
    )
    limited, delivered = slack.fake.calls_to("chat.postMessage")
    assert delivered.at - limited.at >= 1.0  # Retry-After was honoured, not guessed
    assert delivered.body == limited.body  # the same message, sent once more
    assert CONDITION_2 in blocks_text(delivered)
    assert delivered.body["thread_ts"] == "1700000000.000500"  # a new thread under the mention


async def test_more_button_shows_the_statements_it_carries(slack: SlackHarness, core: Core) -> None:
    ids = add_statements(core, "Pat Example", [f"Remark number {i} on tariffs." for i in range(5)])
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": USER_ID, "username": "user", "team_id": TEAM_ID},
        "api_app_id": "A_ATTACHE",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000900",
            "channel_id": CHANNEL_ID,
            "is_ephemeral": False,
        },
        "channel": {"id": CHANNEL_ID, "name": "general"},
        "message": {"type": "message", "ts": "1700000000.000900", "text": "…"},
        "response_url": slack.fake.response_url("action"),
        "trigger_id": "1.2.3",
        "actions": [
            {
                "action_id": "attache_more",
                "block_id": "attache_more",
                "type": "button",
                "value": ",".join(map(str, ids)),
                "action_ts": "1700000001.0",
            }
        ],
    }

    answer = await slack.action(payload)

    assert answer.status == 200
    await slack.fake.wait_for(lambda: slack.fake.posts, "the statements behind More")
    (post,) = slack.fake.posts
    assert post.path.endswith("/action") and post.body["replace_original"] is False
    text = blocks_text(post)
    assert all(f"Remark number {i} on tariffs." in text for i in range(3))
    assert "Remark number 3" not in text  # three at a time; the rest behind a new More
    button = post.body["blocks"][-1]["elements"][0]
    assert button["action_id"] == "attache_more"
    assert button["value"] == ",".join(map(str, ids[3:]))


async def test_more_than_five_messages_continue_through_the_web_api(
    fake_slack: FakeSlack,
) -> None:
    sources = (SourceRef(outlet="Example Wire", url="https://example.org/x"),)
    items = tuple(
        StatementItem(
            i, "Pat Example", None, None, f"Words {i} " + "x " * 1400, True, None, None, sources
        )
        for i in range(1, 150)
    )
    target = Target(CHANNEL_ID, USER_ID, response_url=fake_slack.response_url("long"))

    await deliver(
        Reply(title="Many", items=items), target, make_web_client(BOT_TOKEN, fake_slack.base_url)
    )

    methods = [c.method for c in fake_slack.posts]
    assert methods[:RESPONSE_URL_USES] == ["response_url"] * RESPONSE_URL_USES
    assert set(methods[RESPONSE_URL_USES:]) == {"chat.postMessage"}
    everything = "\n".join(blocks_text(c) for c in fake_slack.posts)
    assert all(f"Words {i} x" in everything for i in range(1, 150))
