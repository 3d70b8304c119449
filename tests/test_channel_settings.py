"""Per-channel settings (issue 16): the store row, the `settings` command, and the core's
enforcement (allowed commands, private answers) — on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import inspect, select

from bot.app.dispatch import Core
from bot.core.types import Command, Context, Reply
from bot.store import repo
from bot.store.db import HEAD_REVISION, current_revision, migrate
from bot.store.models import AuditEntry, ChannelSetting, Speaker
from bot.store.store import Store
from tests.conftest import approve_said

USER = Context(platform="discord", workspace="G1", channel="C1", user_id="u1")
ADMIN = replace(USER, user_id="a1", is_admin=True)
ELSEWHERE = replace(USER, channel="C2")
CONSOLE = Context(platform="console", user_id="console", is_admin=True)
QUESTION = "what are Russia's conditions?"


async def run(core: Core, context: Context, name: str, text: str = "", **options: str) -> Reply:
    return await core.handle(Command(name, text, options=options, context=context))


def text_of(reply: Reply) -> str:
    return "\n".join((reply.title, *reply.lines))


def stored(store: Store) -> list[ChannelSetting]:
    with store.reading() as session:
        rows = list(session.scalars(select(ChannelSetting)))
        session.expunge_all()
        return rows


# --- the store ----------------------------------------------------------------------------


def test_migration_0011_adds_the_table_and_removes_it_on_the_way_down(empty_store: Store) -> None:
    assert "channel_setting" in inspect(empty_store.engine).get_table_names()
    with empty_store.transaction() as session:
        repo.update_channel_setting(
            session, "slack", "T1", "C1", "slack:T1:U1", answers_private=True
        )
    migrate(empty_store.engine, "0010")
    assert current_revision(empty_store.engine) == "0010"
    assert "channel_setting" not in inspect(empty_store.engine).get_table_names()
    migrate(empty_store.engine)
    assert current_revision(empty_store.engine) == HEAD_REVISION
    assert stored(empty_store) == []


def test_a_channels_row_is_made_once_updated_in_place_and_every_change_audited(
    empty_store: Store,
) -> None:
    with empty_store.reading() as session:
        assert repo.channel_setting(session, "slack", "T1", "C1") is None
    with empty_store.transaction() as session:
        repo.update_channel_setting(
            session, "slack", "T1", "C1", "slack:T1:U1", answers_private=True
        )
    with empty_store.transaction() as session:
        repo.update_channel_setting(
            session, "slack", "T1", "C1", "slack:T1:U2", allowed_commands=["ask"]
        )
    with empty_store.transaction() as session:  # another channel, all defaults kept
        repo.update_channel_setting(session, "slack", "T1", "C2", "slack:T1:U1")

    rows = {row.channel: row for row in stored(empty_store)}
    assert set(rows) == {"C1", "C2"}
    assert rows["C1"].answers_private is True and rows["C1"].allowed_commands == ["ask"]
    assert rows["C1"].updated_by == "slack:T1:U2"
    assert rows["C2"].answers_private is False and rows["C2"].allowed_commands is None
    with empty_store.reading() as session:
        audits = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(a.actor, a.action, a.target, a.details) for a in audits] == [
            ("slack:T1:U1", "settings.update", "channel:slack:T1:C1", {"answers_private": True}),
            (
                "slack:T1:U2",
                "settings.update",
                "channel:slack:T1:C1",
                {"allowed_commands": ["ask"]},
            ),
            ("slack:T1:U1", "settings.update", "channel:slack:T1:C2", {}),
        ]
    # Back to "every command": stored as NULL, read back as None.
    with empty_store.transaction() as session:
        repo.update_channel_setting(session, "slack", "T1", "C1", "x", allowed_commands=None)
    with empty_store.reading() as session:
        assert repo.channel_setting(session, "slack", "T1", "C1").allowed_commands is None


# --- showing ------------------------------------------------------------------------------


async def test_settings_shows_the_defaults_to_anyone(core: Core) -> None:
    reply = await run(core, USER, "settings")
    assert not reply.is_error and reply.ephemeral
    assert reply.title == "Settings for this channel"
    assert "Answers: public — everyone in the channel sees them (the default)." in reply.lines
    assert "Allowed commands: all (the default)." in reply.lines
    assert "settings answers public|private" in text_of(reply)


async def test_settings_on_the_terminal_explain_they_are_per_chat_channel(core: Core) -> None:
    shown = await run(core, CONSOLE, "settings")
    assert not shown.is_error and "per chat channel" in shown.title
    changed = await run(core, CONSOLE, "settings", "answers private")
    assert changed.is_error and changed.error_code == "invalid_input"
    assert "chat channel" in changed.title and "settings answers" in changed.title
    assert stored(core.services.store) == []


# --- answers public | private --------------------------------------------------------------


async def test_private_answers_make_this_channels_answers_private_and_no_other(core: Core) -> None:
    before = await run(core, USER, "ask", QUESTION)
    assert before.answered and not before.ephemeral

    confirmed = await run(core, ADMIN, "settings", "answers private")
    assert not confirmed.is_error and confirmed.ephemeral
    assert confirmed.title == "Answers in this channel are now private."

    after = await run(core, USER, "ask", QUESTION)
    assert after.answered and after.ephemeral
    assert after.items == before.items  # the same answer, only its audience changed
    listed = await run(core, USER, "statements", "lavrov")
    assert not listed.is_error and listed.ephemeral
    assert not (await run(core, ELSEWHERE, "ask", QUESTION)).ephemeral
    assert core.answers_private(USER) and not core.answers_private(ELSEWHERE)
    assert (
        "Answers: private — only the person who asked sees them."
        in (await run(core, USER, "settings")).lines
    )

    # The native option (Discord's /admin settings answers visibility:public) works alike.
    await run(core, ADMIN, "settings", action="answers", visibility="public")
    assert not (await run(core, USER, "ask", QUESTION)).ephemeral
    assert not core.answers_private(USER)


async def test_a_digest_posted_by_schedule_now_stays_public_in_a_private_channel(
    core: Core,
) -> None:
    store = core.services.store
    await run(core, ADMIN, "schedule", "set daily 09:00")
    with store.transaction() as session:
        lavrov = session.scalars(select(Speaker).where(Speaker.name == "Sergei Lavrov")).one()
        approve_said(store, session, lavrov, ["Talks can only resume on our terms."])
    await run(core, ADMIN, "settings", "answers private")

    digest = await run(core, ADMIN, "schedule", "now")
    assert not digest.is_error and digest.items
    assert not digest.ephemeral  # it is the channel's digest, not an answer to the admin


async def test_answers_needs_public_or_private_and_an_admin(core: Core) -> None:
    wrong = await run(core, ADMIN, "settings", "answers secret")
    assert wrong.is_error and wrong.error_code == "invalid_input"
    assert "public" in wrong.title and "private" in wrong.title and "“secret”" in wrong.title
    missing = await run(core, ADMIN, "settings", "answers")
    assert missing.is_error and "public" in missing.title
    refused = await run(core, USER, "settings", "answers private")
    assert refused.is_error and refused.error_code == "permission_denied" and refused.ephemeral
    assert "settings answers is for admins only" in refused.title
    unknown = await run(core, ADMIN, "settings", "colour blue")
    assert unknown.is_error and "“colour”" in unknown.title and "answers" in unknown.title
    assert stored(core.services.store) == []


# --- allowed commands ---------------------------------------------------------------------


async def test_allow_limits_the_channel_and_refuses_the_rest_privately_admins_included(
    core: Core,
) -> None:
    allowed = await run(core, ADMIN, "settings", "allow ask statements")
    assert not allowed.is_error
    assert (
        "Allowed commands: ask, help, settings, statements "
        "(help and settings are always allowed)." in allowed.lines
    )
    assert any("Every other command is now refused here" in line for line in allowed.lines)

    assert (await run(core, USER, "ask", QUESTION)).answered
    refused = await run(core, USER, "sources", "list")
    assert refused.is_error and refused.ephemeral and refused.error_code == "not_allowed_here"
    assert refused.title == (
        "“sources” is not allowed in this channel; allowed here: ask, help, settings, "
        "statements. An admin can change that with settings allow sources."
    )
    admin_refused = await run(core, ADMIN, "review", "list")
    assert admin_refused.error_code == "not_allowed_here"
    # help and settings always work, so anyone can find out what is allowed.
    assert not (await run(core, USER, "help")).is_error
    assert not (await run(core, USER, "settings")).is_error
    # Elsewhere nothing changed.
    assert not (await run(core, replace(ELSEWHERE, is_admin=True), "review", "list")).is_error

    # A further allow adds to the list; allow all lifts it.
    await run(core, ADMIN, "settings", action="allow", commands="sources")
    assert not (await run(core, USER, "sources", "list")).is_error
    everything = await run(core, ADMIN, "settings", "allow all")
    assert everything.title == "Every command is now allowed in this channel."
    assert not (await run(core, ADMIN, "review", "list")).is_error


async def test_deny_from_every_command_keeps_the_others(core: Core) -> None:
    denied = await run(core, ADMIN, "settings", "deny review, /sources")
    assert not denied.is_error
    (line,) = denied.lines
    assert "review" not in line and "sources" not in line and "ask" in line
    assert (await run(core, ADMIN, "review", "list")).error_code == "not_allowed_here"
    assert (await run(core, USER, "sources", "list")).error_code == "not_allowed_here"
    assert (await run(core, USER, "ask", QUESTION)).answered

    only = await run(core, ADMIN, "settings", "deny all")
    assert only.lines == (
        "Allowed commands: help, settings (help and settings are always allowed).",
    )
    assert (await run(core, USER, "ask", QUESTION)).error_code == "not_allowed_here"


async def test_help_and_settings_can_never_be_denied_and_names_must_be_known(core: Core) -> None:
    for text, expected in (
        ("deny help ask", "“help” cannot be denied"),
        ("deny settings", "“settings” cannot be denied"),
        ("deny frobnicate ask", "unknown command “frobnicate”; commands are: ask,"),
        ("allow ask nonsense", "unknown command “nonsense”"),
        ("allow", "settings allow needs command names, e.g. settings allow ask statements"),
        ("deny", "settings deny needs command names"),
        ("allow all ask", "give “all” alone"),
        ("allow " + "ask " * 200, "the limit is 500"),
    ):
        reply = await run(core, ADMIN, "settings", text)
        assert reply.is_error and reply.error_code == "invalid_input", text
        assert expected in reply.title, (text, reply.title)
    assert "always allowed" in (await run(core, ADMIN, "settings", "deny help")).title
    refused = await run(core, USER, "settings", "deny ask")
    assert refused.error_code == "permission_denied"
    assert stored(core.services.store) == []  # no error changed anything


async def test_allowing_help_or_settings_is_harmless(core: Core) -> None:
    reply = await run(core, ADMIN, "settings", "allow help ask")
    assert not reply.is_error
    (row,) = stored(core.services.store)
    assert row.allowed_commands == ["ask"]  # the always-allowed are never stored
