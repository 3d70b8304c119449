"""The core registry -> the shape of Discord's app-command tree. Pure: no discord.py.

Rules (so commands the core adds later appear without touching the adapter):

- a spec anyone may use becomes a top-level command (`/ask`, `/statements`, …);
- a spec with `admin=True` goes under `/admin`; if it has an "action" option with choices,
  each action becomes a subcommand (`/admin review approve`), else the spec is one
  subcommand (`/admin ingest`);
- a mixed spec (`admin_actions`) keeps its public actions at top level (`/sources`; a single
  remaining action needs no option) and gets an `/admin <spec>` group of its actions;
- an option whose description starts with "<action>: " (e.g. "add: the feed URL") belongs to
  that action only;
- a command that is one action (`/admin sources add`, or `/sources` when listing is all
  anyone may do) is described by that action's own summary (`CommandSpec.actions`), never
  by repeating its group's.

Everything is cut to Discord's published limits here, before discord.py ever sees it:
names `^[-_\\p{L}\\p{N}]{1,32}$` in lower case, descriptions 1-100, at most 25 options,
choices and subcommands, string values at most 6,000 characters, required options first.
An option a handler cannot do without is required: one the spec marks `required` (if it is
scoped to an action, on that action's command only), or one whose `required_for` names the
command's action (`ids` on `/admin review approve`). A spec that cannot be expressed is skipped
and named in `TreePlan.skipped` (logged by the runner), never sent to Discord to fail there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from bot.core.registry import CommandSpec, Option, Registry
from bot.core.shorten import shorten

NAME_LIMIT = 32
DESCRIPTION_LIMIT = 100
OPTIONS_LIMIT = 25
CHOICES_LIMIT = 25
CHOICE_LIMIT = 100  # characters of a choice's name and of a string value
SUBCOMMANDS_LIMIT = 25
TOP_LEVEL_LIMIT = 100  # chat-input commands per application (globally, and per guild)
STRING_LIMIT = 6000  # a string option's max_length

ADMIN_GROUP = "admin"
ADMIN_DESCRIPTION = "Admin commands: Manage Server permission or a configured admin role"
ACTION = "action"
_SCOPED = re.compile(r"^(?P<action>\w[\w-]*):\s+(?P<rest>.+)$", re.DOTALL)


@dataclass(frozen=True)
class OptionPlan:
    name: str  # the Discord option name
    core_name: str  # its key in `Command.options`
    description: str
    required: bool
    kind: str  # the core's OptionKind: text, speaker, entity, integer, date
    choices: tuple[str, ...] = ()  # fixed choices (at most 25)
    # Autocomplete source: "speaker"/"entity" from the store, or "choices" when a spec has
    # more choices than Discord's 25 (they are then offered as you type).
    suggest: str | None = None
    suggestions: tuple[str, ...] = ()
    max_length: int | None = None  # string options: Discord refuses longer values


@dataclass(frozen=True)
class CommandPlan:
    path: tuple[str, ...]  # ("ask",) or ("admin", "review", "approve")
    description: str
    spec_name: str
    options: tuple[OptionPlan, ...] = ()
    fixed: tuple[tuple[str, str], ...] = ()  # core options the command itself sets
    admin: bool = False

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def qualified_name(self) -> str:
        return " ".join(self.path)

    def core_options(self, values: Mapping[str, object]) -> dict[str, str]:
        """Discord option values (by Discord name) -> the core's string options."""
        by_name = {o.name: o for o in self.options}
        options = {}
        for name, value in values.items():
            if value is None or name not in by_name:
                continue
            options[by_name[name].core_name] = str(value)
        options.update(self.fixed)
        return options


@dataclass(frozen=True)
class GroupPlan:
    name: str
    description: str
    commands: tuple[CommandPlan, ...]


@dataclass(frozen=True)
class TreePlan:
    commands: tuple[CommandPlan, ...]
    admin: tuple[CommandPlan | GroupPlan, ...]
    skipped: tuple[str, ...] = ()

    def leaves(self) -> Iterator[CommandPlan]:
        yield from self.commands
        for child in self.admin:
            yield from child.commands if isinstance(child, GroupPlan) else (child,)

    def find(self, path: Iterable[str]) -> CommandPlan | None:
        wanted = tuple(path)
        return next((c for c in self.leaves() if c.path == wanted), None)


def plan_commands(registry: Registry) -> TreePlan:
    top: list[CommandPlan] = []
    admin: list[CommandPlan | GroupPlan] = []
    skipped: list[str] = []
    taken = {ADMIN_GROUP}
    for spec in registry:
        name = discord_name(spec.name)
        if name is None or name in taken:
            skipped.append(f"{spec.name}: no usable Discord name (or taken)")
            continue
        taken.add(name)
        if not spec.admin:
            public = _public_command(spec, name)
            if public is not None:
                top.append(public)
        if spec.admin or spec.admin_actions:
            child = _admin_child(spec, name)
            if child is None:
                skipped.append(f"{spec.name}: admin actions without an “action” option")
            else:
                admin.append(child)
    if len(top) > TOP_LEVEL_LIMIT - (1 if admin else 0):
        keep = TOP_LEVEL_LIMIT - (1 if admin else 0)
        skipped += [f"{c.spec_name}: over Discord's {TOP_LEVEL_LIMIT} commands" for c in top[keep:]]
        top = top[:keep]
    if len(admin) > SUBCOMMANDS_LIMIT:
        skipped += [f"admin {c.name}: over {SUBCOMMANDS_LIMIT}" for c in admin[SUBCOMMANDS_LIMIT:]]
        admin = admin[:SUBCOMMANDS_LIMIT]
    return TreePlan(tuple(top), tuple(admin), tuple(skipped))


# --- top level and admin ------------------------------------------------------------------


def _public_command(spec: CommandSpec, name: str) -> CommandPlan | None:
    action = _action_option(spec)
    if action is None:
        return CommandPlan((name,), _description(spec.summary, name), spec.name, _options(spec))
    actions = [a for a in action.choices if a not in spec.admin_actions]
    if not actions:
        return None
    if len(actions) == 1:  # nothing to choose: the command is that action
        options = _options(spec, actions=actions)
        own = spec.action(actions[0])  # a spec that declares no actions keeps its summary
        description = _description(own.summary if own else spec.summary, name)
        return CommandPlan((name,), description, spec.name, options, ((ACTION, actions[0]),))
    action_plan = _option(action, choices=tuple(actions))
    options = _options(spec, actions=actions)
    if action_plan is not None:
        options = (action_plan, *options)
    return CommandPlan((name,), _description(spec.summary, name), spec.name, _order(options))


def _admin_child(spec: CommandSpec, name: str) -> CommandPlan | GroupPlan | None:
    action = _action_option(spec)
    if action is None:
        if not spec.admin:
            return None
        options = _options(spec)
        return CommandPlan(
            (ADMIN_GROUP, name), _description(spec.summary, name), spec.name, options, admin=True
        )
    # Admin actions first; a mixed spec's public actions follow so admins find them all here.
    actions = [a for a in action.choices if spec.admin or a in spec.admin_actions]
    actions += [a for a in action.choices if a not in actions]
    commands: list[CommandPlan] = []
    seen: set[str] = set()
    for value in actions[:SUBCOMMANDS_LIMIT]:
        sub = discord_name(value)
        if sub is None or sub in seen:
            continue
        seen.add(sub)
        commands.append(
            CommandPlan(
                (ADMIN_GROUP, name, sub),
                _action_description(spec, value, sub),
                spec.name,
                _options(spec, actions=[value]),
                ((ACTION, value),),
                admin=True,
            )
        )
    return GroupPlan(name, _description(spec.summary, name), tuple(commands))


def _action_option(spec: CommandSpec) -> Option | None:
    return next((o for o in spec.options if o.name == ACTION and o.choices), None)


def _action_description(spec: CommandSpec, value: str, fallback: str) -> str:
    """A subcommand's description: its action's own summary; for a spec that declares none,
    the action's name before the spec's (still not its group's description word for word)."""
    action = spec.action(value)
    summary = action.summary if action else f"{value.capitalize()} — {spec.summary}"
    return _description(summary, fallback)


# --- options ----------------------------------------------------------------------------


def _options(spec: CommandSpec, actions: list[str] | None = None) -> tuple[OptionPlan, ...]:
    """The spec's options except "action"; with `actions`, only those that apply to them."""
    action_option = _action_option(spec)
    all_actions = set(action_option.choices) if action_option else set()
    plans: list[OptionPlan] = []
    seen: set[str] = set()
    for option in spec.options:
        if option.name == ACTION and all_actions:
            continue
        description = option.description
        one_action = actions[0] if actions is not None and len(actions) == 1 else None
        required = option.required or (one_action is not None and one_action in option.required_for)
        scoped = _SCOPED.match(description)
        if scoped and scoped["action"] in all_actions:
            if actions is not None and scoped["action"] not in actions:
                continue
            if one_action is not None:
                description = scoped["rest"]
            else:  # offered beside other actions, which do without it
                required = False
        plan = _option(option, description=description, required=required)
        if plan is None or plan.name in seen:
            continue
        seen.add(plan.name)
        plans.append(plan)
    return _order(plans)


def _option(
    option: Option,
    *,
    description: str | None = None,
    choices: tuple[str, ...] | None = None,
    required: bool | None = None,
) -> OptionPlan | None:
    name = discord_name(option.name)
    if name is None:
        return None
    values = tuple(c for c in (option.choices if choices is None else choices) if _fits(c))
    suggest: str | None = option.kind if option.kind in ("speaker", "entity") else None
    suggestions: tuple[str, ...] = ()
    if len(values) > CHOICES_LIMIT:
        suggest, suggestions, values = "choices", values, ()
    return OptionPlan(
        name=name,
        core_name=option.name,
        description=_description(description or option.description, name),
        required=option.required if required is None else required,
        kind=option.kind,
        choices=values,
        suggest=suggest,
        suggestions=suggestions,
        max_length=_max_length(option),
    )


def _max_length(option: Option) -> int | None:
    """A text option's limit as Discord's max_length (1-6000): Discord refuses longer values
    before the bot sees them. Integers and fixed choices need none."""
    if option.kind == "integer" or option.choices or option.max_length is None:
        return None
    return max(1, min(option.max_length, STRING_LIMIT))


def _order(options: Iterable[OptionPlan]) -> tuple[OptionPlan, ...]:
    """Required options first (Discord's rule), keeping the spec's order; at most 25."""
    ordered = sorted(options, key=lambda o: not o.required)
    return tuple(ordered[:OPTIONS_LIMIT])


def _fits(choice: str) -> bool:
    return 1 <= len(choice) <= CHOICE_LIMIT


# --- names and descriptions ---------------------------------------------------------------


def valid_name(name: str) -> bool:
    """Discord's rule for chat-input command and option names."""
    return (
        1 <= len(name) <= NAME_LIMIT
        and all(ch.isalnum() or ch in "-_" for ch in name)
        and name == name.lower()
    )


def discord_name(raw: str) -> str | None:
    """A core name as a Discord name: lower case, other characters as "_", 32 at most."""
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in raw.strip().lower())
    name = name.strip("_")[:NAME_LIMIT]
    return name if valid_name(name) else None


def _description(text: str, fallback: str) -> str:
    text = " ".join(text.split())
    if not text:
        text = fallback
    return shorten(text[0].upper() + text[1:], DESCRIPTION_LIMIT)
