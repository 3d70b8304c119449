"""How commands are written in a shell, so help, examples and hints printed by `attache …`
read as they are typed there: `attache review next`, a question as `attache ask '…'`.

(`attache chat` is the console: its commands are typed without the prefix, bot.core.syntax.)
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from bot.core.registry import CommandSpec, Example
from bot.core.syntax import TypedSyntax

PROGRAM = "attache"


@dataclass(frozen=True)
class CommandLineSyntax:
    """The registry's console form after "attache "; each action is a subcommand of its own
    (`attache sources add`), so help lists them one a line."""

    # Usage and examples as the console writes them, after "attache ".
    typed: TypedSyntax = field(default_factory=lambda: TypedSyntax(prefix=f"{PROGRAM} "))
    free_text: str = f"A question is asked with {PROGRAM} ask QUESTION."
    lists_actions: bool = True

    def usage(self, spec: CommandSpec, action: str | None = None, *, brief: bool = False) -> str:
        return self.typed.usage(spec, action, brief=brief)

    def example(self, example: str | Example) -> str:
        return self.typed.example(example)

    def question(self, text: str) -> str:
        # Quoted for the shell: questions hold apostrophes and question marks.
        return f"{PROGRAM} ask {shlex.quote(text)}"


COMMAND_LINE = CommandLineSyntax()
