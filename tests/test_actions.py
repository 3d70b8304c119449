"""Actions as data: `Core.handle` picks a command's action, refuses a non-admin an admin
action once (with the usual message, audited) and runs the action's handler."""

from __future__ import annotations

from sqlalchemy import select

from bot.app.dispatch import Core
from bot.commands import build_registry
from bot.core.registry import ActionSpec, CommandSpec, Option
from bot.core.types import Command, Context, Reply
from bot.store.models import AuditEntry
from tests.conftest import REPO_ROOT

USER = Context(platform="test", user_id="u1")
ADMIN = Context(platform="test", user_id="a1", is_admin=True)


async def _said(command: Command, services) -> Reply:  # noqa: ANN001
    return Reply(title=f"{command.option('action')}: {command.text}")


async def _added(command: Command, services) -> Reply:  # noqa: ANN001
    return Reply(title=f"added {command.text} as {command.option('name')}")


THINGS = CommandSpec(
    "things",
    "Things",
    "things list | things add X",
    "h",
    _said,  # runs the actions that have no handler of their own
    (Option("action", "list or add", choices=("list", "add")),),
    actions=(
        ActionSpec("list", "List them", "things list"),
        ActionSpec(
            "add", "Add one", "things add X", _added, admin=True, options=(Option("name", "A"),)
        ),
    ),
)


def _core(store) -> Core:  # noqa: ANN001
    registry = build_registry()
    registry.add(THINGS)
    return Core(store, registry)


async def test_the_action_is_picked_and_its_handler_runs(store) -> None:
    core = _core(store)
    assert (await core.handle(Command("things", context=USER))).title == "list: "  # the first
    listed = await core.handle(Command("things", "list all", context=USER))
    assert listed.title == "list: all"  # the action's word is no argument
    added = await core.handle(Command("things", "add  gizmo", options={"name": "g"}, context=ADMIN))
    assert added.title == "added gizmo as g"
    native = await core.handle(Command("things", "gizmo", options={"action": "add"}, context=ADMIN))
    assert native.title == "added gizmo as None"


async def test_an_admin_action_is_refused_to_a_non_admin_and_audited(store) -> None:
    core = _core(store)
    refused = await core.handle(Command("things", "add gizmo", context=USER))
    assert refused.is_error and refused.error_code == "permission_denied" and refused.ephemeral
    assert refused.title.startswith("things add is for admins only; ask someone with the admin")
    with store.reading() as session:
        audited = session.scalars(select(AuditEntry).where(AuditEntry.actor == USER.actor)).all()
        rows = [(row.action, row.target, row.details.get("asked")) for row in audited]
    assert rows == [("refused", "things", "things add")]


async def test_an_unknown_action_names_the_known_ones(store) -> None:
    reply = await _core(store).handle(Command("things", "frobnicate", context=ADMIN))
    assert reply.is_error and reply.error_code == "invalid_input"
    assert reply.title == "unknown things action “frobnicate”; use one of: list, add"


async def test_the_real_commands_check_admin_from_their_actions(store) -> None:
    core = Core(store)
    for text in ("add https://example.org/feed.xml", "remove 1"):
        refused = await core.handle(Command("sources", text, context=USER))
        assert refused.title.startswith(f"sources {text.split()[0]} is for admins only")
    for name, text in (("schedule", "set daily 09:00"), ("settings", "deny ask")):
        user = Context(platform="discord", workspace="g", channel="c", user_id="u")
        refused = await core.handle(Command(name, text, context=user))
        assert refused.title.startswith(f"{name} {text.split()[0]} is for admins only")
    listed = await core.handle(Command("sources", "list", context=USER))
    assert not listed.is_error


def test_no_handler_switches_on_its_action_or_checks_admin() -> None:
    """Every action of the shipped commands has a handler of its own, and no command module
    checks admin itself: `Core.handle` does, from the specs."""
    for spec in build_registry():
        for action in spec.actions:
            assert action.handler is not None, f"{spec.name} {action.name}"
    modules = sorted((REPO_ROOT / "bot" / "commands").glob("*.py"))
    assert len(modules) > 5
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert "context.is_admin" not in text and "AdminOnly" not in text, path.name
