"""The registry -> Discord command tree plan (pure)."""

from __future__ import annotations

import re

from adapters.discord.command_plan import GroupPlan, discord_name, plan_commands, valid_name
from adapters.discord.syntax import DiscordSyntax
from bot.commands import build_registry
from bot.core.registry import ActionSpec, CommandSpec, Example, Option, Registry
from bot.core.types import Reply
from tests.discord.discord_rules import valid_name as discord_rule


async def _noop(command, services) -> Reply:
    return Reply(title="ok")


def _registry(*specs: CommandSpec) -> Registry:
    registry = Registry()
    for spec in specs:
        registry.add(spec)
    return registry


def _spec(name: str, *options: Option, **kwargs) -> CommandSpec:
    return CommandSpec(name, f"{name} summary", name, "help", _noop, options, **kwargs)


ACTIONS = Option(
    "action", "list, add, remove or rename", choices=("list", "add", "remove", "rename")
)


def _actions(*names: str, admin: tuple[str, ...] = (), **options: tuple[Option, ...]):  # noqa: ANN202
    """One ActionSpec a name, admin where named, with the options given for it."""
    return tuple(
        ActionSpec(
            n, f"{n.capitalize()} them", f"x {n}", admin=n in admin, options=options.get(n, ())
        )
        for n in names
    )


def test_a_mixed_command_keeps_public_actions_on_top_and_admin_actions_in_admin() -> None:
    spec = _spec(
        "feeds",
        ACTIONS,
        Option("verbose", "Say more"),
        actions=_actions(
            "list",
            "add",
            "remove",
            "rename",
            admin=("add", "remove"),
            add=(Option("url", "the URL", required=True),),
            remove=(Option("id", "the number", kind="integer"),),
        ),
    )
    plan = plan_commands(_registry(spec))
    (top,) = plan.commands
    action, *rest = top.options
    assert action.name == "action" and action.choices == ("list", "rename")
    assert [o.name for o in rest] == ["verbose"]  # add:/remove: options are not for these
    (group,) = plan.admin
    assert isinstance(group, GroupPlan)
    assert [c.name for c in group.commands] == ["add", "remove", "list", "rename"]
    add = plan.find(("admin", "feeds", "add"))
    assert add is not None and add.admin and dict(add.fixed) == {"action": "add"}
    assert [(o.name, o.description, o.required) for o in add.options] == [
        ("url", "The URL", True),
        ("verbose", "Say more", False),
    ]
    remove = plan.find(("admin", "feeds", "remove"))
    assert remove.core_options({"id": 7, "verbose": None}) == {"id": "7", "action": "remove"}


def test_a_single_public_action_needs_no_option() -> None:
    actions = _actions("list", "add", "remove", "rename", admin=("add", "remove", "rename"))
    spec = _spec("things", ACTIONS, actions=actions)
    (top,) = plan_commands(_registry(spec)).commands
    assert top.options == () and dict(top.fixed) == {"action": "list"}


def test_an_admin_command_without_actions_is_one_admin_subcommand() -> None:
    plan = plan_commands(
        _registry(_spec("purge", Option("days", "Days", kind="integer"), admin=True))
    )
    assert plan.commands == ()
    (purge,) = plan.admin
    assert purge.path == ("admin", "purge") and purge.admin


def test_names_are_made_valid_or_the_spec_is_skipped() -> None:
    plan = plan_commands(
        _registry(_spec("Who Said"), _spec("!!!"), _spec("admin"), _spec("x" * 40))
    )
    assert [c.name for c in plan.commands] == ["who_said", "x" * 32]
    assert len(plan.skipped) == 2
    for name in ("ask", "who_said", "вопрос", "質問"):
        assert valid_name(name) and discord_rule(name)
    assert not valid_name("Ask") and not valid_name("a b") and not valid_name("")
    assert discord_name("Über Cool!") == "über_cool"


def test_limits_choices_options_and_descriptions() -> None:
    spec = _spec(
        "many",
        Option("topic", "d" * 300, choices=tuple(f"t{n}" for n in range(30))),
        *(Option(f"o{n}", "") for n in range(30)),
        Option("needed", "Needed", required=True),
    )
    (many,) = plan_commands(_registry(spec)).commands
    assert len(many.options) == 25 and many.options[0].name == "needed"
    topic = many.options[1]
    assert topic.choices == () and topic.suggest == "choices" and len(topic.suggestions) == 30
    assert len(topic.description) == 100 and topic.description.endswith("…")
    assert many.options[2].description == "O0"  # empty description: the name stands in


def test_at_most_100_top_level_commands() -> None:
    specs = [_spec(f"c{n}") for n in range(120)] + [_spec("z", admin=True)]
    plan = plan_commands(_registry(*specs))
    assert len(plan.commands) == 99  # and /admin makes 100
    assert len(plan.skipped) == 21


def test_an_option_is_required_on_the_actions_that_need_it_and_limited() -> None:
    spec = _spec(
        "queue",
        Option("action", "list, approve or drop", choices=("list", "approve", "drop")),
        Option("note", "A note"),
        Option("ids", "Numbers"),
        Option("text", "Words", max_length=1000),
        Option("long", "Words", max_length=10_000),
        admin=True,
        actions=_actions(
            "list",
            "approve",
            "drop",
            approve=(Option("ids", "Numbers", required=True),),
            drop=(Option("ids", "Numbers", required=True),),
        ),
    )
    plan = plan_commands(_registry(spec))
    approve = plan.find(("admin", "queue", "approve"))
    assert [(o.name, o.required) for o in approve.options] == [
        ("ids", True),  # required first, as Discord demands
        ("note", False),
        ("text", False),
        ("long", False),
    ]
    assert {o.name: o.max_length for o in approve.options} == {
        "ids": None,
        "note": None,
        "text": 1000,
        "long": 6000,  # Discord's own ceiling
    }
    listed = plan.find(("admin", "queue", "list"))
    assert not any(o.required for o in listed.options)


def test_a_required_scoped_option_is_optional_beside_other_actions() -> None:
    spec = _spec(
        "feeds",
        Option("action", "list or add", choices=("list", "add")),
        actions=_actions("list", "add", add=(Option("url", "the URL", required=True),)),
    )
    (top,) = plan_commands(_registry(spec)).commands
    assert [(o.name, o.required) for o in top.options] == [("action", False), ("url", False)]


# --- issue 16, defect 3: each action described on its own; help written from the plan ----


def test_each_subcommand_is_described_by_its_action_not_by_its_group() -> None:
    registry = build_registry()
    plan = plan_commands(registry)
    groups = [g for g in plan.admin if isinstance(g, GroupPlan)]
    assert {g.name for g in groups} >= {"sources", "review", "schedule"}
    for group in groups:
        spec = registry.get(group.name)
        for command in group.commands:
            assert group.description not in command.description, command.qualified_name
            action = spec.action(command.name)
            assert action is not None and command.description == action.summary
            assert 1 <= len(command.description) <= 100
    # A public command that is one action says what that action does.
    sources = plan.find(("sources",))
    assert (
        sources is not None
        and sources.description == registry.get("sources").action("list").summary
    )
    assert plan.find(("admin", "review", "approve")).description.startswith("Approve statements")


def test_every_example_is_written_as_a_registered_command_with_its_own_options() -> None:
    registry = build_registry()
    plan = plan_commands(registry)
    syntax = DiscordSyntax(plan)
    for spec in registry:
        for example in spec.examples:
            written = syntax.example(example)
            path, leaf = _leaf_of(plan, written)
            assert leaf is not None and leaf.spec_name == spec.name, written
            given = dict(_options_of(written[len(path) + 1 :], leaf))
            assert set(given) <= {o.name for o in leaf.options}, written
            if isinstance(example, Example):
                expected = {discord_name(k): v for k, v in example.options if k != "action"}
                assert given == expected, written
            else:  # every word of the console's example is in an option, none lost
                words = example.split()[1:]
                shown = " ".join([*leaf.path, *dict(leaf.fixed).values(), *given.values()])
                assert all((w.partition("=")[2] or w) in shown for w in words), written


def test_usage_names_the_plans_path_and_options() -> None:
    registry = build_registry()
    syntax = DiscordSyntax(plan_commands(registry))
    sources = registry.get("sources")
    assert syntax.usage(sources, "add", brief=True) == "/admin sources add url:<url>"
    assert syntax.usage(sources, "add").startswith(
        "/admin sources add url:<url> [kind:<feed|page>] [name:<name>]"
    )
    assert syntax.usage(sources, "list") == "/sources"
    assert syntax.example("review approve 12 13") == "/admin review approve ids:12 13"
    assert syntax.question("Who said it?") == "/ask question:Who said it?"
    assert "/ask question:" in syntax.free_text


def _leaf_of(plan, written: str):  # noqa: ANN001, ANN202
    words = written.lstrip("/").split()
    for size in (3, 2, 1):
        found = plan.find(words[:size])
        if found is not None:
            return " ".join(["/" + words[0], *words[1:size]]), found
    return written, None


def _options_of(text: str, leaf) -> list[tuple[str, str]]:  # noqa: ANN001
    """ "url:https://x kind:feed" -> [("url", "https://x"), ("kind", "feed")]."""
    names = "|".join(re.escape(o.name) for o in leaf.options)
    parts = re.split(rf"(?:^|\s)({names}):", text.strip())
    return list(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))


# --- issue 21: actions are data; the plan reads them, not description prefixes -------------


def test_an_actions_options_come_from_its_spec_not_from_description_prefixes() -> None:
    spec = _spec(
        "feeds",
        Option("action", "list or add", choices=("list", "add")),
        Option("note", "add: words that merely start like a scope"),
        actions=_actions(
            "list", "add", admin=("add",), add=(Option("url", "the URL", required=True),)
        ),
    )
    plan = plan_commands(_registry(spec))
    listing = plan.find(("feeds",))
    assert [(o.name, o.description) for o in listing.options] == [
        ("note", "Add: words that merely start like a scope")
    ]
    add = plan.find(("admin", "feeds", "add"))
    assert [(o.name, o.required) for o in add.options] == [("url", True), ("note", False)]


def test_every_shipped_action_offers_exactly_its_spec_options() -> None:
    registry = build_registry()
    plan = plan_commands(registry)
    for spec in registry:
        for action in spec.actions:
            leaf = plan.find(("admin", spec.name, action.name)) or plan.find((spec.name,))
            assert leaf is not None and dict(leaf.fixed).get("action") == action.name
            wanted = {(discord_name(o.name), o.required) for o in spec.options_of(action)}
            assert {(o.name, o.required) for o in leaf.options} == wanted, action.name
            if not (spec.admin or action.admin):  # anyone's action is at top level too
                public = plan.find((spec.name,))
                assert public is not None and dict(public.fixed).get("action") == action.name
