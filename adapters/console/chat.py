"""`attache chat`: type commands or questions, get the same replies as in Discord or Slack."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from adapters.console.render import render, wants_underline
from bot.app.dispatch import Core
from bot.core.parse import split_command
from bot.core.types import Command, Context

PROMPT = "attache> "
CONTEXT = Context(platform="console", user_id="console", display_name="console user", is_admin=True)


def to_command(line: str, core: Core) -> Command:
    """A line that starts with a command name runs it; anything else is a question."""
    name, text = split_command(line, core.registry)
    return Command(name=name, text=text, context=CONTEXT)


async def chat(core: Core, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    interactive = stdin.isatty()
    underline = wants_underline(stdout)
    if interactive:
        stdout.write("Attaché console. Ask a question, or type “help”. Ctrl-D quits.\n")
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        if line.strip().lower() in {"quit", "exit"}:
            return 0
        reply = await core.handle(to_command(line, core))
        stdout.write(render(reply, underline=underline) + "\n\n")
        stdout.flush()


def run(core: Core) -> int:
    return asyncio.run(chat(core))
