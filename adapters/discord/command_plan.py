"""The core registry -> the shape of Discord's app-command tree. Pure: no discord.py.

Rules (so commands the core adds later appear without touching the adapter):

- a spec anyone may use becomes a top-level command (`/ask`, `/statements`, …);
- a spec with `admin=True` goes under `/admin`; if it has actions (`CommandSpec.actions`),
  each action becomes a subcommand (`/admin review approve`), else the spec is one
  subcommand (`/admin ingest`);
- a mixed spec (some `ActionSpec.admin`) keeps its public actions at top level (`/sources`;
  a single remaining action needs no option) and gets an `/admin <spec>` group of its actions;
- an action's command offers the spec's options and the action's own
  (`CommandSpec.options_of`); a top-level command standing for several actions offers the
  own options of each, optional there and described with their action's name first;
- a command that is one action (`/admin sources add`, or `/sources` when listing is all
  anyone may do) is described by that action's own summary, never by repeating its group's.

Everything is cut to Discord's published limits here, before discord.py ever sees it:
names `^[-_\\p{L}\\p{N}]{1,32}$` in lower case, descriptions 1-100, at most 25 options,
choices and subcommands, string values at most 6,000 characters, required options first.
An option a handler cannot do without is required: one the spec or the command's action
marks `required` (`ids` on `/admin review approve`), except beside other actions. A spec that
cannot be expressed is skipped and named in `TreePlan.skipped` (logged by the runner), never
sent to Discord to fail there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from bot.core.registry import ACTION, ActionSpec, CommandSpec, Option, Registry
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
        if spec.has_admin_parts:
            admin.append(_admin_child(spec, name))
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
    if not spec.actions:
        return CommandPlan((name,), _description(spec.summary, name), spec.name, _options(spec))
    actions = [a for a in spec.actions if not a.admin]
    if not actions:
        return None
    if len(actions) == 1:  # nothing to choose: the command is that action
        (only,) = actions
        options = _options(spec, only)
        description = _description(only.summary, name)
        return CommandPlan((name,), description, spec.name, options, ((ACTION, only.name),))
    options = _options_beside(spec, actions)
    action_plan = _action_option(spec, actions)
    if action_plan is not None:
        options = (action_plan, *options)
    return CommandPlan((name,), _description(spec.summary, name), spec.name, _order(options))


def _admin_child(spec: CommandSpec, name: str) -> CommandPlan | GroupPlan:
    if not spec.actions:
        options = _options(spec)
        return CommandPlan(
            (ADMIN_GROUP, name), _description(spec.summary, name), spec.name, options, admin=True
        )
    # Admin actions first; a mixed spec's public actions follow so admins find them all here.
    actions = [a for a in spec.actions if spec.admin or a.admin]
    actions += [a for a in spec.actions if a not in actions]
    commands: list[CommandPlan] = []
    seen: set[str] = set()
    for action in actions[:SUBCOMMANDS_LIMIT]:
        sub = discord_name(action.name)
        if sub is None or sub in seen:
            continue
        seen.add(sub)
        commands.append(
            CommandPlan(
                (ADMIN_GROUP, name, sub),
                _description(action.summary, sub),
                spec.name,
                _options(spec, action),
                ((ACTION, action.name),),
                admin=True,
            )
        )
    return GroupPlan(name, _description(spec.summary, name), tuple(commands))


def _action_option(spec: CommandSpec, actions: list[ActionSpec]) -> OptionPlan | None:
    """The "action" option of a command standing for several actions: those actions only."""
    option = next((o for o in spec.options if o.name == ACTION), None)
    if option is None:
        return None
    return _option(option, choices=tuple(a.name for a in actions))


# --- options ----------------------------------------------------------------------------


def _options(spec: CommandSpec, action: ActionSpec | None = None) -> tuple[OptionPlan, ...]:
    """What one command offers: the spec's options, or those of one of its actions."""
    options = spec.options_of(action) if action is not None else spec.options
    return _plans(options)


def _options_beside(spec: CommandSpec, actions: list[ActionSpec]) -> tuple[OptionPlan, ...]:
    """A command standing for several actions: the spec's options, then each action's own,
    optional (the other actions do without them) and described as whose they are."""
    shared = [o for o in spec.options if o.name != ACTION]
    own = [
        replace(o, description=f"{a.name}: {o.description}", required=False)
        for a in actions
        for o in a.options
        if all(o.name != s.name for s in shared)
    ]
    return _plans([*shared, *own])


def _plans(options: Iterable[Option]) -> tuple[OptionPlan, ...]:
    plans: list[OptionPlan] = []
    seen: set[str] = set()
    for option in options:
        plan = _option(option)
        if plan is None or plan.name in seen:
            continue
        seen.add(plan.name)
        plans.append(plan)
    return _order(plans)


def _option(option: Option, *, choices: tuple[str, ...] | None = None) -> OptionPlan | None:
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
        description=_description(option.description, name),
        required=option.required,
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
