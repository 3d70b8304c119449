"""Issue 16, "Missing: Slack": the slash command's name comes from configuration (a staging
app uses /attache-dev), and a name Slack would refuse is named with the rule it breaks."""

from __future__ import annotations

import pytest

from adapters.slack.runner import SlackRunner
from adapters.slack.settings import missing_settings
from bot.app.dispatch import Core
from tests.slack.conftest import blocks_text, serving
from tests.slack.fakeslack import FakeSlack


async def test_the_configured_command_is_the_one_answered(
    core: Core, fake_slack: FakeSlack
) -> None:
    async with serving(core, fake_slack, ATTACHE_SLACK_COMMAND="/attache-dev") as slack:
        other = await slack.slash("help", command="/attache")
        await slack.slash("", command="/attache-dev")
        await slack.slash("hey @attache-dev who called it posturing?", command="/attache-dev")
        await slack.event({"type": "app_home_opened", "user": "U_USER", "tab": "home"})
        await fake_slack.wait_for(lambda: len(fake_slack.posts) == 2, "both replies")
        await fake_slack.wait_for(lambda: fake_slack.home_views, "the home view")
        await slack.runner.listeners.wait_idle()

    assert other.status == 404  # bolt: no listener for another app's command
    helped, answered = fake_slack.posts
    # Help speaks of the command as this app names it.
    assert "/attache-dev COMMAND" in blocks_text(helped)
    assert "In Slack: /attache " not in blocks_text(helped)
    assert "We see this as posturing" in blocks_text(answered)
    blocks = fake_slack.home_views["U_USER"]["blocks"]
    home = "\n".join(b["text"]["text"] for b in blocks if "text" in b)
    assert "/attache-dev ask QUESTION" in home and "/attache " not in home


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("attache-dev", "must start with “/”"),
        ("/Attache", "lower-case letters, digits"),
        ("/attache dev", "lower-case letters, digits"),
        ("/" + "a" * 32, "33 characters long; the limit is 32"),
    ],
)
def test_a_bad_command_name_is_named_with_its_rule(name: str, rule: str) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "ATTACHE_SLACK_COMMAND": name}
    (problem,) = missing_settings(env)
    assert problem.startswith("ATTACHE_SLACK_COMMAND to a slash command name")
    assert rule in problem and name in problem
    with pytest.raises(ValueError, match="ATTACHE_SLACK_COMMAND"):
        SlackRunner(None, env)  # type: ignore[arg-type]


def test_the_default_and_a_staging_name_are_accepted() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
    assert missing_settings(env) == []
    assert missing_settings({**env, "ATTACHE_SLACK_COMMAND": "/attache_dev-2"}) == []
