"""`help`: what every command does, written as it is typed where the user asked
(`Command.syntax`: the console, Slack's slash command, Discord's slash commands)."""

from __future__ import annotations

from bot.app.services import Services
from bot.core.registry import CommandSpec, Option
from bot.core.syntax import CommandSyntax
from bot.core.types import Command, Reply

ADMINS = " (admins)"


async def help_command(command: Command, services: Services) -> Reply:
    topic = (command.option("command") or command.text).strip().lower()
    registry = services.registry
    syntax = command.syntax
    if topic:
        spec = registry.get(topic)
        return Reply(
            title=f"{spec.name}: {spec.summary}", lines=_explained(spec, syntax), ephemeral=True
        )
    lines = [line for spec in registry for line in _listed(spec, syntax)]
    lines.append(syntax.free_text)
    return Reply(title="Attaché commands", lines=tuple(lines), ephemeral=True)


def _listed(spec: CommandSpec, syntax: CommandSyntax) -> list[str]:
    """One line a command; one an action where the platform writes actions apart."""
    if not spec.actions or not syntax.lists_actions:
        return [_row(syntax.usage(spec, brief=True), spec.summary)]
    return [
        _row(syntax.usage(spec, a.name, brief=True), _summary(spec, a.name, a.summary))
        for a in spec.actions
    ]


def _explained(spec: CommandSpec, syntax: CommandSyntax) -> tuple[str, ...]:
    if spec.actions:
        lines = [
            f"{syntax.usage(spec, a.name)} — {_summary(spec, a.name, a.summary)}"
            for a in spec.actions
        ]
    else:
        lines = [f"Usage: {syntax.usage(spec)}"]
    lines.append(spec.help)
    lines += [f"Example: {syntax.example(e)}" for e in spec.examples]
    if spec.admin:
        lines.append("Admins only.")
    return tuple(lines)


def _row(usage: str, summary: str) -> str:
    return f"{usage:<40} {summary}"


def _summary(spec: CommandSpec, action: str, summary: str) -> str:
    needs_mark = spec.is_admin(action) and not summary.endswith(ADMINS)
    return summary + ADMINS if needs_mark else summary


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
