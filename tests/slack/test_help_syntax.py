"""Issue 16, defect 3, on Slack: help and hints are written after the app's slash command
(`/attache sources add URL`, or the configured `/attache-dev …`), each action with its own
description. End to end: signed requests into the real slack-bolt app, the fake Web API out.
"""

from __future__ import annotations

import re

from bot.app.dispatch import Core
from tests.slack.conftest import SlackHarness, blocks_text, serving
from tests.slack.fakeslack import FakeSlack


async def _said(slack: SlackHarness, text: str, command: str = "/attache") -> str:
    before = len(slack.fake.posts)
    await slack.slash(text, command=command)
    await slack.fake.wait_for(lambda: len(slack.fake.posts) > before, f"the reply to {text!r}")
    await slack.runner.listeners.wait_idle()
    return blocks_text(slack.fake.posts[before])


async def test_help_lists_each_action_after_the_slash_command(slack: SlackHarness) -> None:
    listing = await _said(slack, "help")

    assert "/attache sources add URL" in listing
    assert "/attache sources remove ID" in listing
    assert "/attache review approve ID" in listing
    assert "/attache schedule set WHEN" in listing
    assert "| /attache schedule filter clear" in listing  # each alternative typed in full
    assert "/attache ask QUESTION" in listing
    # Each action described on its own, not by its command's summary.
    assert "Add a feed or page URL to poll for statements" in listing
    assert "Reject statements by number" in listing
    assert "/admin" not in listing and "url:" not in listing  # not Discord's syntax
    # True on Slack: the slash command's text, a mention and a direct message are all asked.
    assert "Anything that is not a command is asked as a question." in listing
    # No console line that a Slack user could not type as shown.
    assert not re.search(r"(?m)^sources (list|add)", listing)


async def test_help_on_one_command_and_its_examples_use_the_slash_command(
    slack: SlackHarness,
) -> None:
    detail = await _said(slack, "help schedule")

    assert "/attache schedule now — Post this channel's digest now" in detail
    assert "Example: /attache schedule set daily 09:00 Europe/Kyiv" in detail
    assert "Example: schedule" not in detail


async def test_the_try_line_of_an_unanswered_question_uses_the_slash_command(
    slack: SlackHarness,
) -> None:
    said = await _said(slack, "What did Angela Merkel say about the Olympics?")

    assert re.search(r"Try: “/attache What did [^”]+ say\?”", said), said


async def test_a_configured_command_name_is_the_one_help_and_hints_show(
    core: Core, fake_slack: FakeSlack
) -> None:
    async with serving(core, fake_slack, ATTACHE_SLACK_COMMAND="/attache-dev") as slack:
        listing = await _said(slack, "help", command="/attache-dev")
        hinted = await _said(slack, "schedule", command="/attache-dev")

    assert "/attache-dev sources add URL" in listing
    assert "/attache sources" not in listing
    assert "/attache-dev schedule set daily 09:00 Europe/Kyiv" in hinted
