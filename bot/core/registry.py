"""The command registry: every command, its options and help, in one explicit list.

Adapters build their native command trees (Discord app commands, Slack's /attache text,
the console) from these specs, so a command added to the core appears everywhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bot.core.errors import UnknownCommand

if TYPE_CHECKING:
    from bot.core.services import Services
    from bot.core.types import Command, Reply

Handler = Callable[["Command", "Services"], Awaitable["Reply"]]
OptionKind = Literal["text", "speaker", "entity", "integer", "date"]


@dataclass(frozen=True)
class Option:
    name: str
    description: str
    required: bool = False
    kind: OptionKind = "text"
    choices: tuple[str, ...] = ()
    # Values of the "action" option that cannot do without this option: adapters with
    # native options (Discord) make it required on those actions' commands.
    required_for: tuple[str, ...] = ()
    max_length: int | None = None  # for text: the longest value the handler accepts


@dataclass(frozen=True)
class CommandSpec:
    name: str
    summary: str  # one line, at most 100 characters (Discord's description limit)
    usage: str
    help: str
    handler: Handler
    options: tuple[Option, ...] = ()
    admin: bool = False
    # For commands anyone may use whose *some* actions are for admins (e.g. `sources add`):
    # the values of the "action" option that need admin. Adapters put these under their
    # admin group; the handler checks again at run time.
    admin_actions: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


class Registry:
    def __init__(self) -> None:
        self._specs: dict[str, CommandSpec] = {}

    def add(self, spec: CommandSpec) -> None:
        if spec.name in self._specs:
            raise ValueError(f"command {spec.name!r} registered twice")
        if not 1 <= len(spec.summary) <= 100:
            raise ValueError(f"command {spec.name!r}: summary must be 1-100 characters")
        self._specs[spec.name] = spec

    def get(self, name: str) -> CommandSpec:
        try:
            return self._specs[name]
        except KeyError:
            known = ", ".join(sorted(self._specs))
            raise UnknownCommand(f"unknown command “{name}”; commands are: {known}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self._specs.values())
