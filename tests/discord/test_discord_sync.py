"""Command sync on start: the registry's commands, within Discord's published rules."""

from __future__ import annotations

from bot.app.dispatch import Core
from bot.commands import build_registry
from bot.core.registry import ActionSpec, CommandSpec, Option, Registry
from bot.core.types import Command, Reply
from tests.discord.discord_rules import command_problems
from tests.discord.fake_discord import (
    APP_ID,
    GUILD_ID,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    FakeDiscord,
)
from tests.discord.harness import running_bot

GLOBAL = rf"/applications/{APP_ID}/commands"


async def _echo(command: Command, services) -> Reply:
    options = ", ".join(f"{k}={v}" for k, v in sorted(command.options.items()))
    return Reply(title=f"{command.name}: {options} (admin={command.context.is_admin})")


def _spec(name: str, *options: Option, **kwargs) -> CommandSpec:
    return CommandSpec(name, f"The {name} command", name, f"{name} help", _echo, options, **kwargs)


def _grown_registry() -> Registry:
    """What the core adds over time (conditions, timeline, compare, whosaid, digest, schedule;
    the ones it has not added yet are stand-ins), plus specs that fit Discord only after
    cutting, under names the core will not take."""
    registry = build_registry()
    for spec in (
        _spec("conditions", Option("who", "Speaker or entity", kind="entity")),
        _spec("timeline", Option("who", "Speaker", True, kind="speaker")),
        _spec(
            "compare",
            Option("first", "First speaker or entity", True, kind="speaker"),
            Option("second", "Second speaker or entity", True, kind="speaker"),
        ),
        _spec("whosaid", Option("words", "Words to look for", True)),
        _spec("digest", Option("since", "YYYY-MM-DD", kind="date")),
        _spec(
            "schedule",
            Option("action", "show, set or off", choices=("show", "set", "off")),
            actions=(
                ActionSpec("show", "Show it", "schedule show"),
                ActionSpec(
                    "set",
                    "Set it",
                    "schedule set CRON",
                    admin=True,
                    options=(Option("when", "a cron expression"),),
                ),
                ActionSpec("off", "Turn it off", "schedule off", admin=True),
            ),
        ),
        _spec(
            "zz-rota",
            Option("action", "set, show or off", choices=("set", "show", "off")),
            admin=True,
            actions=(
                ActionSpec(
                    "set",
                    "Set the rota",
                    "zz-rota set CRON TZ",
                    options=(
                        Option("cron", "a cron expression, e.g. 0 9 * * 1"),
                        Option("timezone", "an IANA time zone, e.g. Europe/Berlin"),
                    ),
                ),
                ActionSpec("show", "Show the rota", "zz-rota show"),
                ActionSpec("off", "Stop the rota", "zz-rota off"),
            ),
        ),
        _spec(
            "ZZ Odd Name",
            Option("optional first", "x" * 300),
            Option("needed", "A required option listed after an optional one", True),
            Option("topic", "One of many topics", choices=tuple(f"topic-{n}" for n in range(40))),
            *(Option(f"extra{n}", f"Extra option {n}") for n in range(30)),
        ),
    ):
        if spec.name not in registry:
            registry.add(spec)
    return registry


async def test_start_syncs_global_commands_within_discords_rules(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        (sync,) = fake.find("PUT", GLOBAL)

    assert sync.status == 200
    assert command_problems(sync.body) == []
    by_name = {c["name"]: c for c in sync.body}
    assert {"ask", "statements", "sources", "show", "help", "admin"} <= set(by_name)
    assert by_name["ask"]["options"][0] | {"required": True} == by_name["ask"]["options"][0]
    admin = by_name["admin"]
    assert str(admin["default_member_permissions"]) == str(MANAGE_GUILD)
    assert admin["contexts"] == [0]  # servers only
    groups = {o["name"]: o for o in admin["options"]}
    assert {o["name"] for o in groups["review"]["options"]} >= {"list", "approve", "reject"}
    assert {o["name"] for o in groups["sources"]["options"]} >= {"add", "remove", "list"}
    assert "ingest" in groups
    # Public commands carry no admin-only actions.
    assert not by_name["sources"].get("options")
    assert all(c.get("default_member_permissions") is None for c in sync.body if c is not admin)


async def test_commands_the_core_adds_appear_and_still_pass_the_rules(store) -> None:
    registry = _grown_registry()
    async with FakeDiscord() as fake, running_bot(fake, Core(store, registry)):
        (sync,) = fake.find("PUT", GLOBAL)
        token = await fake.interact(
            fake.slash(
                "admin zz-rota set",
                {"cron": "0 9 * * 1", "timezone": "Europe/Berlin"},
                permissions=MEMBER_PERMISSIONS | MANAGE_GUILD,
            )
        )
        (message,) = await fake.wait_for(lambda: fake.messages_for(token))
        suggest = await fake.interact(fake.slash("zz_odd_name", {"topic": "3"}, focused="topic"))
        (choices,) = await fake.wait_for(lambda: fake.callbacks_for(suggest))

    assert command_problems(sync.body) == []
    by_name = {c["name"]: c for c in sync.body}
    admin = {o["name"]: o for o in by_name["admin"]["options"]}
    for spec in registry:  # every spec is offered: at top level, under /admin, or both
        name = spec.name.lower().replace(" ", "_")
        assert name in by_name or name in admin, spec.name
        if spec.has_admin_parts:
            assert name in admin, spec.name
        if spec.admin:
            assert name not in by_name, spec.name
    assert {"conditions", "timeline", "compare", "whosaid", "digest"} <= set(by_name)
    rota = admin["zz-rota"]
    assert [o["name"] for o in rota["options"]] == ["set", "show", "off"]
    set_options = {o["name"]: o for o in rota["options"][0]["options"]}
    assert set_options["cron"]["description"] == "A cron expression, e.g. 0 9 * * 1"
    assert not rota["options"][1].get("options")  # "show" takes none of set's options
    odd = {o["name"]: o for o in by_name["zz_odd_name"]["options"]}
    assert odd["needed"]["required"] and len(odd) == 25
    assert odd["topic"].get("autocomplete") and not odd["topic"].get("choices")
    assert by_name["timeline"]["options"][0]["autocomplete"]

    assert message["content"] == (
        "zz-rota: action=set, cron=0 9 \\* \\* 1, timezone=Europe/Berlin (admin=True)"
    )
    offered = [c["value"] for c in choices["data"]["choices"]]
    assert offered[0] == "topic-3" and "topic-30" in offered and len(offered) <= 25


async def test_a_development_guild_gets_the_commands_fast(store) -> None:
    env = {"DISCORD_GUILD_ID": str(GUILD_ID)}
    async with FakeDiscord() as fake, running_bot(fake, Core(store), env):
        token = await fake.interact(fake.slash("help"))
        messages = await fake.wait_for(lambda: fake.messages_for(token))

    assert not fake.find("PUT", GLOBAL)
    (sync,) = fake.find("PUT", rf"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    assert command_problems(sync.body) == []
    assert "ask" in {c["name"] for c in sync.body}
    assert "Attaché commands" in messages[0]["content"]


async def test_a_429_on_the_sync_is_waited_out(store) -> None:
    async with FakeDiscord() as fake:
        fake.rate_limit_once("PUT", GLOBAL, retry_after=0.05)
        async with running_bot(fake, Core(store)):
            syncs = fake.find("PUT", GLOBAL)

    assert [s.status for s in syncs] == [429, 200]
    assert syncs[0].body == syncs[1].body


def _leaf(commands: list[dict], path: str) -> dict:
    """A synced command or subcommand by its path ("admin sources remove")."""
    first, *rest = path.split()
    node = next(c for c in commands if c["name"] == first)
    for name in rest:
        node = next(o for o in node["options"] if o["name"] == name)
    return node


async def test_options_a_handler_needs_are_required_and_limited_on_discord(store) -> None:
    from bot.ingest.sources import add_source, list_sources

    source = add_source(store, "https://example.org/feed.xml", kind="feed", actor="test")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        (sync,) = fake.find("PUT", GLOBAL)
        token = await fake.interact(
            fake.slash(
                "admin sources remove",
                {"ids": str(source.id)},
                permissions=MEMBER_PERMISSIONS | MANAGE_GUILD,
            )
        )
        (message,) = await fake.wait_for(lambda: fake.messages_for(token))

    assert command_problems(sync.body) == []  # required options first, among others
    needed = {
        "admin sources add": "url",
        "admin sources remove": "ids",
        "admin review approve": "ids",
        "admin review reject": "ids",
        "admin review edit": "ids",
        "admin schedule set": "when",
    }
    for path, name in needed.items():
        options = _leaf(sync.body, path)["options"]
        assert options[0]["name"] == name and options[0]["required"] is True, path
        assert not any(o.get("required") for o in options[1:]), path
    # Actions that do without them do not require them.
    review_list = {o["name"]: o for o in _leaf(sync.body, "admin review list")["options"]}
    assert not review_list["ids"].get("required")
    assert not _leaf(sync.body, "admin schedule now").get("options")
    (question,) = _leaf(sync.body, "ask")["options"]
    assert question["required"] is True and question["max_length"] == 1000
    # …and the source number reaches the handler.
    assert message["content"].startswith(f"Removed #{source.id} ")
    assert list_sources(store) == []
