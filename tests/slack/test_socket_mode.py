"""Socket Mode: the adapter opens a connection through apps.connections.open, receives
envelopes over the fake's WebSocket, acknowledges them there and answers as in HTTP mode."""

from __future__ import annotations

from adapters.slack.runner import SlackRunner
from bot.app.dispatch import Core
from tests.slack.conftest import CHANNEL_ID, CONDITION_1, USER_ID, blocks_text, running
from tests.slack.fakeslack import BOT_TOKEN, TEAM_ID, FakeSlack

APP_TOKEN = "xapp-1-test-app-token"


async def test_slash_command_over_socket_mode(core: Core, fake_slack: FakeSlack) -> None:
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "ATTACHE_SLACK_API_URL": fake_slack.base_url,
    }
    runner = SlackRunner(core, env)
    assert runner.settings.mode == "socket"
    async with running(runner):
        (opened,) = fake_slack.calls_to("apps.connections.open")
        assert opened.token == APP_TOKEN
        await fake_slack.socket_outbox.put(
            {
                "envelope_id": "envelope-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "team_id": TEAM_ID,
                    "channel_id": CHANNEL_ID,
                    "user_id": USER_ID,
                    "user_name": "user",
                    "command": "/attache",
                    "text": "what are Russia's conditions?",
                    "response_url": fake_slack.response_url("socket"),
                    "trigger_id": "1.2.3",
                },
            }
        )
        await fake_slack.wait_for(
            lambda: any(m.get("envelope_id") == "envelope-1" for m in fake_slack.socket_inbox),
            "the acknowledgement over the socket",
        )
        await fake_slack.wait_for(lambda: fake_slack.posts, "the answer")
        await runner.listeners.wait_idle()
    (post,) = fake_slack.posts
    assert post.path.endswith("/socket") and CONDITION_1 in blocks_text(post)
