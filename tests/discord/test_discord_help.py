"""Issue 16, defect 3, on Discord: help and hints name the slash commands the bot registered
(`/admin sources add url:…`), never the console's `sources add URL`, and never claim that any
text is asked as a question (Discord sends the bot slash commands only).

End to end: the real discord.py client against the fake Discord.
"""

from __future__ import annotations

import re

from bot.app.dispatch import Core
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import running_bot, text_of


async def _said(fake: FakeDiscord, path: str, options: dict[str, str] | None = None) -> str:
    token = await fake.interact(fake.slash(path, options))
    messages = await fake.wait_for(lambda: fake.messages_for(token))
    return "\n".join(text_of(m) for m in messages)


async def test_help_lists_the_slash_commands_as_registered(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        listing = await _said(fake, "help")
        registered = {c["name"] for cs in fake.commands.values() for c in cs}

    assert "/admin sources add url:" in listing
    assert "/admin review approve ids:" in listing
    assert "/admin schedule set when:" in listing
    assert "/ask question:" in listing
    # Each admin action with its own description, not its group's.
    assert "Add a feed or page URL to poll for statements" in listing
    assert "Approve statements by number" in listing
    # Not the console's syntax, nor its promise that any text is a question.
    assert "sources add URL" not in listing
    assert "review approve ID" not in listing
    assert "Anything that is not a command" not in listing
    assert "To ask a question, use /ask question:" in listing
    # Every command it names is one the bot registered with Discord.
    named = set(re.findall(r"(?m)(?:^|\s)/([-_a-z0-9]+)", listing))
    assert named and named <= registered


async def test_help_on_one_command_shows_its_actions_and_examples_as_typed_on_discord(
    store,
) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        detail = await _said(fake, "help", {"command": "sources"})
        compare = await _said(fake, "help", {"command": "compare"})

    assert "/sources — List the sources and how their last poll went" in detail
    assert "/admin sources remove ids:<ids>" in detail
    assert "Remove sources by number" in detail
    assert (
        "Example: /admin sources add url:https://example.org/rss.xml kind:feed outlet:Example"
        in detail
    )
    assert "Example: sources add" not in detail
    assert "Example: /compare a:Russia b:Ukraine topic:neutrality" in compare


async def test_the_try_line_of_an_unanswered_question_is_a_slash_command(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        said = await _said(
            fake, "ask", {"question": "What did Angela Merkel say about the Olympics?"}
        )

    assert re.search(r"Try: “/ask question:What did [^”]+ say\?”", said), said


async def test_a_usage_error_names_the_discord_command(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        said = await _said(fake, "schedule")  # /schedule shows; this channel has none

    assert "/admin schedule set when:daily 09:00 Europe/Kyiv" in said
    assert "e.g. schedule set" not in said
