"""How a command is written where the user is, so help, examples and hints show what can be
typed there: `sources add URL` in the console, `/attache sources add URL` in Slack,
`/admin sources add url:<url>` on Discord.

Help and handlers keep writing examples in the console's form (the form the registry's
usage strings and examples are in); the adapter puts its syntax on each `Command` and the
syntax turns them into its own. Discord's lives with its command plan
(adapters/discord/syntax.py), the one source of its slash paths and option names; the
command line's (`attache sources add URL`) with the CLI (bot/cli/syntax.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.registry import CommandSpec, Example

ASKS_FREE_TEXT = "Anything that is not a command is asked as a question."


class CommandSyntax(Protocol):
    @property
    def free_text(self) -> str:
        """Help's last line: how a question is asked here."""
        ...

    @property
    def lists_actions(self) -> bool:
        """Whether help lists each action of a command on a line of its own (where each is
        typed as a command of its own), or the command's usage once (the console)."""
        ...

    def usage(self, spec: CommandSpec, action: str | None = None, *, brief: bool = False) -> str:
        """The command, or one action of it, with placeholders for its arguments; `brief`
        leaves out optional ones where the platform writes each (help's listing)."""
        ...

    def example(self, example: str | Example) -> str:
        """An example written in the console's form ("sources add https://…"), as typed here."""
        ...

    def question(self, text: str) -> str:
        """How to ask `text`."""
        ...


def example_text(example: str | Example) -> str:
    return example.text if isinstance(example, Example) else example


def console_usage(spec: CommandSpec, action: str | None) -> str:
    """The registry's own usage: the action's where it has one, else the command's."""
    found = spec.action(action) if action is not None else None
    return found.usage if found is not None else spec.usage


@dataclass(frozen=True)
class TypedSyntax:
    """Commands typed as text after a prefix: nothing in `attache chat` (the default),
    "/attache " after Slack's slash command. A text that is not a command is a question."""

    prefix: str = ""
    free_text: str = ASKS_FREE_TEXT
    lists_actions: bool = False

    def usage(self, spec: CommandSpec, action: str | None = None, *, brief: bool = False) -> str:
        # Typed text shows its usage whole (`brief` is for native options). In "schedule
        # filter … | schedule filter clear" the prefix goes before each alternative.
        alternatives = console_usage(spec, action).split(" | ")
        return " | ".join(self.prefix + alternative for alternative in alternatives)

    def example(self, example: str | Example) -> str:
        return self.prefix + example_text(example)

    def question(self, text: str) -> str:
        return self.prefix + text


CONSOLE = TypedSyntax()
SLACK_COMMAND = "/attache"


def slack_syntax(slash_command: str = SLACK_COMMAND) -> TypedSyntax:
    """Slack: the app's slash command (configurable, e.g. /attache-dev) before the text, as
    adapters/slack/dispatch.py parses it; mentions and direct messages take the same text."""
    return TypedSyntax(prefix=f"{slash_command} ", lists_actions=True)
