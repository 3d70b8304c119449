"""The command registry: every command, its actions, options and help, in one explicit list.

Adapters build their native command trees (Discord app commands, Slack's /attache text,
the console, the `attache` command line) from these specs, so a command added to the core
appears everywhere. A command's actions (`sources add`) are data too: `Core.handle` picks
one, checks admin once and runs its handler; no handler switches on its action.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from bot.core.errors import UnknownCommand

if TYPE_CHECKING:
    from bot.core.types import Command, Reply

# A handler takes the command and the application's services (bot.app.services.Services,
# a layer up: named here as Any so the contract does not depend on what implements it;
# each handler's own signature names the type).
Handler = Callable[["Command", Any], Awaitable["Reply"]]
OptionKind = Literal["text", "speaker", "entity", "integer", "date"]
# The option a command's action is chosen by (`CommandSpec.actions` are its choices).
ACTION = "action"


@dataclass(frozen=True)
class Option:
    name: str
    description: str
    # Platforms with native options (Discord) refuse to run without it; on an action's
    # option, only that action's command. Typed text is checked by the handler, which says
    # what is missing with an example.
    required: bool = False
    kind: OptionKind = "text"
    choices: tuple[str, ...] = ()
    max_length: int | None = None  # for text: the longest value the handler accepts


@dataclass(frozen=True)
class ActionSpec:
    """One action of a command (`sources add`): what it does in a line of its own, who may
    do it, what runs it and the options it takes. `Core.handle` picks the action, refuses a
    non-admin an admin action and runs its handler; adapters build their commands from the
    same fields (Discord: one subcommand an action, under /admin where `admin`)."""

    name: str
    summary: str  # one line, at most 100 characters (a Discord subcommand's description)
    usage: str  # as typed in the console: "sources add URL [feed|page] …"
    # What runs the action; None: the command's own handler (it reads options["action"]).
    handler: Handler | None = None
    admin: bool = False
    # The options this action takes beside the command's own (`CommandSpec.options`), in
    # the order a platform with native options offers them; `required` means required for
    # this action.
    options: tuple[Option, ...] = ()


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
    # What runs the command; a command whose every action has a handler needs none.
    handler: Handler | None
    # Options every action takes (with actions, also the "action" option itself).
    options: tuple[Option, ...] = ()
    admin: bool = False
    examples: tuple[str | Example, ...] = ()
    # One per choice of the "action" option, in the same order (the registry checks); the
    # first is the one run when none is given ("sources" lists them).
    actions: tuple[ActionSpec, ...] = ()

    def action(self, name: str) -> ActionSpec | None:
        return next((a for a in self.actions if a.name == name), None)

    @property
    def has_admin_parts(self) -> bool:
        """Whether the command or any action of it is for admins: adapters that pay to learn
        whether someone is an admin (Slack's users.info) ask only then."""
        return self.admin or any(a.admin for a in self.actions)

    def is_admin(self, action: str | None = None) -> bool:
        """Whether the command, or that action of it, is for admins only."""
        found = self.action(action) if action is not None else None
        return self.admin or (found is not None and found.admin)

    def options_of(self, action: ActionSpec) -> tuple[Option, ...]:
        """What a platform offers on one action: the command's options (but "action", which
        the action itself stands for), then the action's own. An action's option named as
        one of the command's takes its place (`ids`, required where it is needed)."""
        own = {o.name: o for o in action.options}
        shared = [own.pop(o.name, o) for o in self.options if o.name != ACTION]
        return (*shared, *own.values())


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
    """A spec's actions agree with its "action" option, and something runs each."""
    names = tuple(a.name for a in spec.actions)
    choices = next((o.choices for o in spec.options if o.name == ACTION), ())
    if names != choices:
        raise ValueError(
            f"command {spec.name!r}: actions {names} differ from the action option's {choices}"
        )
    for action in spec.actions:
        if not 1 <= len(action.summary) <= 100:
            raise ValueError(
                f"command {spec.name!r} {action.name}: summary must be 1-100 characters"
            )
        if action.handler is None and spec.handler is None:
            raise ValueError(f"command {spec.name!r} {action.name}: nothing handles it")
    if not spec.actions and spec.handler is None:
        raise ValueError(f"command {spec.name!r}: nothing handles it")
