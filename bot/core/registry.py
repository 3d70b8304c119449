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
class ActionSpec:
    """One action of a command (`sources add`): what it does in a line of its own, so help
    and Discord's subcommands describe each action instead of repeating the command's
    summary. Its name is one of the "action" option's choices."""

    name: str
    summary: str  # one line, at most 100 characters (a Discord subcommand's description)
    usage: str  # as typed in the console: "sources add URL [feed|page] …"
    admin: bool = False


@dataclass(frozen=True)
class Example:
    """An example as typed in the console, and the options it sets where its words do not
    map onto the command's options one by one ("compare Russia and Ukraine on neutrality":
    a, b and topic), so platforms with native options (Discord) show it as typed there."""

    text: str
    options: tuple[tuple[str, str], ...] = ()


def example(text: str, **options: str) -> Example:
    return Example(text, tuple(options.items()))


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
    examples: tuple[str | Example, ...] = ()
    # One per choice of the "action" option, in the same order (the registry checks).
    actions: tuple[ActionSpec, ...] = ()

    def action(self, name: str) -> ActionSpec | None:
        return next((a for a in self.actions if a.name == name), None)

    def is_admin(self, action: str | None = None) -> bool:
        """Whether the command, or that action of it, is for admins only."""
        return self.admin or (action is not None and action in self.admin_actions)


class Registry:
    def __init__(self) -> None:
        self._specs: dict[str, CommandSpec] = {}

    def add(self, spec: CommandSpec) -> None:
        if spec.name in self._specs:
            raise ValueError(f"command {spec.name!r} registered twice")
        if not 1 <= len(spec.summary) <= 100:
            raise ValueError(f"command {spec.name!r}: summary must be 1-100 characters")
        _check_actions(spec)
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


def _check_actions(spec: CommandSpec) -> None:
    """A spec's actions agree with its "action" option and admin marks: adapters read both."""
    if not spec.actions:
        return
    names = tuple(a.name for a in spec.actions)
    choices = next((o.choices for o in spec.options if o.name == "action"), ())
    if names != choices:
        raise ValueError(
            f"command {spec.name!r}: actions {names} differ from the action option's {choices}"
        )
    for action in spec.actions:
        if not 1 <= len(action.summary) <= 100:
            raise ValueError(
                f"command {spec.name!r} {action.name}: summary must be 1-100 characters"
            )
    admin = tuple(a.name for a in spec.actions if a.admin)
    if not spec.admin and admin != spec.admin_actions:
        raise ValueError(
            f"command {spec.name!r}: admin actions {admin} differ from admin_actions "
            f"{spec.admin_actions}"
        )
