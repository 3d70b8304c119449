"""Core dispatch: one entry point, one error hierarchy, permission checks, help."""

from __future__ import annotations

import pytest

from bot.app.dispatch import Core
from bot.commands import build_registry
from bot.core.errors import InvalidInput
from bot.core.registry import ActionSpec, CommandSpec, Option, Registry
from bot.core.syntax import example_text
from bot.core.types import Command, Context, Reply

USER = Context(platform="test", user_id="u1")
ADMIN = Context(platform="test", user_id="a1", is_admin=True)


async def _boom(command: Command, services) -> Reply:
    raise RuntimeError("database exploded")


async def _bad_input(command: Command, services) -> Reply:
    raise InvalidInput("the widget is too long; the limit is 3")


async def _admin_only(command: Command, services) -> Reply:
    return Reply(title="done")


def _core_with(store, *specs: CommandSpec) -> Core:
    registry = build_registry()
    for spec in specs:
        registry.add(spec)
    return Core(store, registry)


async def test_unknown_command_is_an_error_reply_listing_commands(core: Core) -> None:
    reply = await core.handle(Command("frobnicate", context=USER))
    assert reply.is_error and reply.error_code == "unknown_command"
    assert "ask" in reply.title and "frobnicate" in reply.title


async def test_expected_errors_become_ephemeral_error_replies(store) -> None:
    core = _core_with(store, CommandSpec("bad", "Raises", "bad", "h", _bad_input))
    reply = await core.handle(Command("bad", context=USER))
    assert reply.is_error and reply.ephemeral
    assert reply.title == "the widget is too long; the limit is 3"


async def test_unexpected_errors_are_logged_and_hidden(store, caplog) -> None:
    core = _core_with(store, CommandSpec("boom", "Raises", "boom", "h", _boom))
    reply = await core.handle(Command("boom", context=USER))
    assert reply.is_error and reply.error_code == "internal"
    assert "database exploded" not in reply.title
    assert "database exploded" in caplog.text


async def test_admin_commands_refuse_non_admins(store) -> None:
    core = _core_with(store, CommandSpec("secret", "Admin", "secret", "h", _admin_only, admin=True))
    refused = await core.handle(Command("secret", context=USER))
    assert refused.is_error and refused.error_code == "permission_denied" and refused.ephemeral
    allowed = await core.handle(Command("secret", context=ADMIN))
    assert allowed.title == "done"


async def test_help_lists_every_command_and_explains_each(core: Core) -> None:
    listing = await core.handle(Command("help", context=USER))
    assert listing.lines[-1] == "Anything that is not a command is asked as a question."
    for spec in core.registry:
        assert f"{spec.usage:<40} {spec.summary}" in listing.lines  # the console's own line
        detail = await core.handle(Command("help", spec.name, context=USER))
        assert not detail.is_error
        if spec.actions:  # each action on a line of its own, with what it does
            for action, line in zip(spec.actions, detail.lines[: len(spec.actions)], strict=True):
                assert line.startswith(f"{action.usage} — {action.summary}")
        else:
            assert detail.lines[0] == f"Usage: {spec.usage}"
        for example in spec.examples:  # as typed in the console
            assert f"Example: {example_text(example)}" in detail.lines


def test_every_command_has_help_and_a_platform_safe_name() -> None:
    import re

    for spec in build_registry():
        assert re.fullmatch(r"[-_a-z0-9]{1,32}", spec.name)
        assert 1 <= len(spec.summary) <= 100 and spec.help and spec.usage
        action_options = [o for action in spec.actions for o in action.options]
        for option in (*spec.options, *action_options):
            assert re.fullmatch(r"[-_a-z0-9]{1,32}", option.name)
            assert 1 <= len(option.description) <= 100


def test_registry_rejects_duplicates_and_long_summaries() -> None:
    registry = Registry()
    spec = CommandSpec("x", "ok", "x", "h", _admin_only)
    registry.add(spec)
    with pytest.raises(ValueError, match="twice"):
        registry.add(spec)
    with pytest.raises(ValueError, match="1-100"):
        registry.add(CommandSpec("y", "s" * 101, "y", "h", _admin_only))


def test_registry_rejects_actions_that_disagree_with_the_action_option() -> None:
    option = Option("action", "list or add", choices=("list", "add"))
    listing = ActionSpec("list", "List them", "z list")
    adding = ActionSpec("add", "Add one", "z add X", admin=True)

    def spec(*actions: ActionSpec, handler=_admin_only) -> CommandSpec:  # noqa: ANN001
        return CommandSpec("z", "Zs", "z", "h", handler, (option,), actions=actions)

    with pytest.raises(ValueError, match="differ from the action option"):
        Registry().add(spec(listing))
    with pytest.raises(ValueError, match="add: summary must be 1-100"):
        Registry().add(spec(listing, ActionSpec("add", "a" * 101, "z add X", admin=True)))
    # Something runs every action: its own handler, else the command's.
    with pytest.raises(ValueError, match="list: nothing handles it"):
        Registry().add(spec(listing, adding, handler=None))
    Registry().add(spec(listing, adding))
    # Which actions are for admins is said once, on each action.
    mixed = spec(listing, adding)
    assert [a.name for a in mixed.actions if mixed.is_admin(a.name)] == ["add"]
    assert spec(listing, adding).has_admin_parts and not spec(listing).has_admin_parts


async def test_console_hints_are_written_as_typed_in_the_console(core: Core) -> None:
    asked = await core.handle(
        Command("ask", "What did Angela Merkel say about the Olympics?", context=USER)
    )
    assert any(line.startswith("Try: “What did ") for line in asked.lines), asked.lines
    sources = await core.handle(Command("sources", context=USER))
    assert "“sources add URL”" in sources.title
    refused = await core.handle(Command("sources", "add", context=ADMIN))
    assert "e.g. sources add https://example.org/feed.xml" in refused.title


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * 20_000, "20,000 characters long; the limit is 1,000"),
        ("what\x00 now", "control character (U+0000"),
        ("bell\x07", "control character (U+0007"),
    ],
)
async def test_bad_questions_get_clear_messages(core: Core, text: str, message: str) -> None:
    reply = await core.handle(Command("ask", text, context=USER))
    assert reply.is_error and reply.error_code == "invalid_input"
    assert message in reply.title


async def test_statements_by_speaker_alias_and_entity(core: Core) -> None:
    by_alias = await core.handle(Command("statements", "lavrov", context=USER))
    assert {i.speaker for i in by_alias.items} == {"Sergei Lavrov"} and len(by_alias.items) == 3
    by_entity = await core.handle(Command("statements", "the US", context=USER))
    assert {i.speaker for i in by_entity.items} == {"Ned Price"}
    unknown = await core.handle(Command("statements", "nobody-at-all", context=USER))
    assert unknown.is_error and "Sergei Lavrov" in unknown.title
    known_but_silent = await core.handle(Command("statements", "Angela Merkel", context=USER))
    assert known_but_silent.status == "no_answer" and not known_but_silent.items
    bad_page = await core.handle(
        Command("statements", "lavrov", options={"page": "zero"}, context=USER)
    )
    assert bad_page.is_error and "page must be" in bad_page.title


async def test_statements_pages(store) -> None:
    from bot.store import repo
    from bot.store.models import Document

    with store.transaction() as session:
        speaker = repo.upsert_speaker(session, "Pat Example")
        doc = Document(text="x" * 100, content_hash="h" * 64)
        session.add(doc)
        session.flush()
        new = []
        for i in range(12):
            st, _ = repo.add_statement(
                session, doc, repo.NewStatement(speaker, f"Statement number {i}", i, i + 1)
            )
            new.append(st)
        repo.set_status(session, store.indexer, new, "approved", "test")
    core = Core(store)
    first = await core.handle(Command("statements", "Pat Example", context=USER))
    assert len(first.items) == 10 and "page 2" in first.notices[0]
    second = await core.handle(
        Command("statements", "Pat Example", options={"page": "2"}, context=USER)
    )
    assert len(second.items) == 2 and not second.notices
