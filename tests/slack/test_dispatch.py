"""The in-process dispatch: Slack text to commands, contexts and admin status."""

from __future__ import annotations

from adapters.slack.dispatch import AdminResolver, Dispatcher, Origin, needs_admin_check
from adapters.slack.mrkdwn import plain_text, strip_leading_mentions
from bot.app.dispatch import Core
from bot.commands import build_registry

REGISTRY = build_registry()
ORIGIN = Origin(team_id="T1", channel_id="C1", user_id="U1", user_name="pat")


def test_only_commands_with_admin_parts_ask_slack_who_is_admin() -> None:
    # Read off the registry's data; whether the user may is the core's decision.
    assert needs_admin_check("review", REGISTRY) and needs_admin_check("sources", REGISTRY)
    assert not needs_admin_check("ask", REGISTRY) and not needs_admin_check("nope", REGISTRY)


def test_slack_formatting_in_input_is_undone() -> None:
    assert (
        plain_text("sources add <https://e.org/f?a=1&amp;b=2>")
        == "sources add https://e.org/f?a=1&b=2"
    )
    assert plain_text("see <https://e.org|e.org> &lt;3") == "see https://e.org <3"
    assert plain_text("ask <@U123|pat> in <#C1|general> <!here>") == "ask @pat in #general @here"
    assert plain_text("&amp;lt;") == "&lt;"
    assert strip_leading_mentions("<@UBOT> <@UBOT|attache> hi <@U2>") == "hi <@U2>"


def test_context_carries_slack_identity() -> None:
    context = Origin("T1", "C1", "U1", "pat", thread_ts="1.2").context(is_admin=True)
    assert (context.platform, context.workspace, context.channel, context.thread) == (
        "slack",
        "T1",
        "C1",
        "1.2",
    )
    assert context.actor == "slack:T1:U1" and context.display_name == "pat" and context.is_admin


class Lookup:
    def __init__(self, user: dict | None = None, fail: bool = False) -> None:
        self.user, self.fail, self.calls = user or {}, fail, 0

    async def __call__(self, user_id: str) -> dict:
        self.calls += 1
        if self.fail:
            raise RuntimeError("missing_scope")
        return self.user


async def test_admin_resolution() -> None:
    configured = AdminResolver(["U1"])
    never_called = Lookup(fail=True)
    assert await configured.is_admin(ORIGIN, never_called) and never_called.calls == 0

    resolver = AdminResolver([])
    for user, verdict in (({"is_admin": True}, True), ({"is_owner": True}, True), ({}, False)):
        assert await AdminResolver([]).is_admin(ORIGIN, Lookup(user)) is verdict
    cached = Lookup({"is_admin": True})
    assert await resolver.is_admin(ORIGIN, cached) and await resolver.is_admin(ORIGIN, cached)
    assert cached.calls == 1
    # A failed lookup refuses (and is not cached as a verdict).
    assert not await AdminResolver([]).is_admin(ORIGIN, Lookup(fail=True))


async def test_only_commands_with_admin_parts_ask_slack(core: Core) -> None:
    lookup = Lookup({"is_admin": True})
    dispatcher = Dispatcher(core, AdminResolver([]))
    asked = await dispatcher.handle("what are Russia's conditions?", ORIGIN, lookup)
    assert asked.answered and lookup.calls == 0
    listed = await dispatcher.handle("review list", ORIGIN, lookup)
    assert not listed.is_error and lookup.calls == 1
    helped = await dispatcher.handle("help", ORIGIN, lookup)
    assert any("/attache" in n for n in helped.notices)
