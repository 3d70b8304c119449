"""The /admin group: Manage Server (or a configured role) is checked at run time, too."""

from __future__ import annotations

from bot.app.dispatch import Core
from bot.store import repo
from bot.store.store import Store
from tests.discord.fake_discord import (
    ADMIN_ROLE_ID,
    EPHEMERAL,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    FakeDiscord,
)
from tests.discord.harness import add_statements, in_store, running_bot


def _status(store: Store, statement_id: int) -> str:
    with store.reading() as session:
        (statement,) = repo.statements_by_ids(session, [statement_id])
        return statement.status


def _refusals(store: Store) -> list[tuple[str, str]]:
    """(command, what was asked) of each audited refusal."""
    from sqlalchemy import select

    from bot.store.models import AuditEntry

    with store.reading() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "refused")).all()
        return [(row.target, row.details["asked"]) for row in rows]


def _source_count(store: Store) -> int:
    from bot.ingest.sources import list_sources

    return len(list_sources(store))


async def test_a_member_without_manage_server_is_refused_privately_and_nothing_changes(
    store,
) -> None:
    (pending,) = add_statements(store, "Queue Person", ["Awaiting review."], status="pending")
    sources_before = _source_count(store)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        approve = await fake.interact(
            fake.slash(
                "admin review approve", {"ids": str(pending)}, permissions=MEMBER_PERMISSIONS
            )
        )
        add = await fake.interact(
            fake.slash("admin sources add", {"url": "https://example.org/feed.xml"})
        )
        refusals = await fake.wait_for(
            lambda: (
                [fake.callbacks_for(approve), fake.callbacks_for(add)]
                if fake.callbacks_for(approve) and fake.callbacks_for(add)
                else None
            )
        )
        # Turned away before the core, each refusal is audited all the same.
        audited = await in_store(lambda: _refusals(store) if len(_refusals(store)) == 2 else None)

    for (callback,) in refusals:
        assert callback["type"] == 4  # refused at once, never deferred to the core
        assert callback["data"]["flags"] & EPHEMERAL
        assert "Manage Server" in callback["data"]["content"]
        assert callback["data"]["allowed_mentions"] == {"parse": []}
    assert _status(store, pending) == "pending"
    assert _source_count(store) == sources_before
    assert sorted(audited) == [("review", "review approve"), ("sources", "sources add")]


async def test_manage_server_approves_with_a_private_confirmation(store) -> None:
    (pending,) = add_statements(store, "Queue Person", ["Awaiting review."], status="pending")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(
            fake.slash(
                "admin review approve",
                {"ids": str(pending)},
                permissions=MEMBER_PERMISSIONS | MANAGE_GUILD,
            )
        )
        (message,) = await fake.wait_for(lambda: fake.messages_for(token))

    (defer,) = fake.callbacks_for(token)
    assert defer["type"] == 5 and defer["data"]["flags"] & EPHEMERAL  # private from the start
    assert message["content"] == f"Approved #{pending}."
    assert _status(store, pending) == "approved"


async def test_a_configured_admin_role_counts_as_admin(store) -> None:
    (pending,) = add_statements(store, "Queue Person", ["Awaiting review."], status="pending")
    env = {"ATTACHE_DISCORD_ADMIN_ROLE_IDS": str(ADMIN_ROLE_ID)}
    async with FakeDiscord() as fake, running_bot(fake, Core(store), env):
        token = await fake.interact(
            fake.slash("admin review reject", {"ids": str(pending)}, roles=(ADMIN_ROLE_ID,))
        )
        (message,) = await fake.wait_for(lambda: fake.messages_for(token))

    assert message["content"] == f"Rejected #{pending}."
    assert _status(store, pending) == "rejected"


async def test_the_review_list_shows_statement_numbers_privately(store) -> None:
    (pending,) = add_statements(store, "Queue Person", ["Awaiting review."], status="pending")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(
            fake.slash("admin review list", permissions=MEMBER_PERMISSIONS | MANAGE_GUILD)
        )
        messages = await fake.wait_for(lambda: fake.messages_for(token))

    titles = [e.get("title") for m in messages for e in m.get("embeds", [])]
    assert f"#{pending} \\[pending\\] Queue Person" in titles
    (defer,) = fake.callbacks_for(token)
    assert defer["data"]["flags"] & EPHEMERAL  # the edited response stays private
