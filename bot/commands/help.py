"""`help`: what every command does."""

from __future__ import annotations

from bot.core.registry import CommandSpec, Option
from bot.core.services import Services
from bot.core.types import Command, Reply


async def help_command(command: Command, services: Services) -> Reply:
    topic = (command.option("command") or command.text).strip().lower()
    registry = services.registry
    if topic:
        spec = registry.get(topic)
        lines = [f"Usage: {spec.usage}", spec.help]
        lines += [f"Example: {e}" for e in spec.examples]
        if spec.admin:
            lines.append("Admins only.")
        return Reply(title=f"{spec.name}: {spec.summary}", lines=tuple(lines), ephemeral=True)
    lines = [f"{spec.usage:<40} {spec.summary}" for spec in registry]
    lines.append("Anything that is not a command is asked as a question.")
    return Reply(title="Attaché commands", lines=tuple(lines), ephemeral=True)


SPECS = [
    CommandSpec(
        name="help",
        summary="List the commands, or explain one",
        usage="help [COMMAND]",
        help="Without a command name, lists every command with a one-line summary.",
        handler=help_command,
        options=(Option("command", "The command to explain"),),
        examples=("help", "help ask"),
    )
]
