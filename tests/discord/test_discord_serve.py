"""`attache serve --discord`: settings, sharding, clean shutdown, digests, no token leaks."""

from __future__ import annotations

import logging

import pytest

from adapters.discord.runner import DiscordRunner
from adapters.discord.settings import DiscordSettings
from bot.app.dispatch import Core
from bot.cli import main
from bot.core.types import Reply
from tests.discord.fake_discord import CHANNEL_ID, GUILD_ID, FakeDiscord, shard_for
from tests.discord.harness import TOKEN, add_statements, embeds_of, running_bot, text_of


def test_serve_without_a_token_exits_naming_the_variable(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    status = main(["--db", str(tmp_path / "attache.db"), "serve", "--discord"])
    assert status == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err


def test_serve_names_a_malformed_shard_setting(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DISCORD_SHARD_IDS", "0,1")
    monkeypatch.delenv("DISCORD_SHARD_COUNT", raising=False)
    status = main(["--db", str(tmp_path / "attache.db"), "serve", "--discord"])
    err = capsys.readouterr().err
    assert status == 2
    assert "DISCORD_SHARD_COUNT" in err and TOKEN not in err


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({}, "DISCORD_TOKEN"),
        ({"DISCORD_TOKEN": "  "}, "DISCORD_TOKEN"),
        ({"DISCORD_TOKEN": "t", "DISCORD_GUILD_ID": "abc"}, "DISCORD_GUILD_ID"),
        ({"DISCORD_TOKEN": "t", "DISCORD_SHARD_COUNT": "0"}, "DISCORD_SHARD_COUNT"),
        (
            {"DISCORD_TOKEN": "t", "DISCORD_SHARD_IDS": "0,4", "DISCORD_SHARD_COUNT": "4"},
            "DISCORD_SHARD_IDS",
        ),
        (
            {"DISCORD_TOKEN": "t", "ATTACHE_DISCORD_ADMIN_ROLE_IDS": "admins"},
            "ATTACHE_DISCORD_ADMIN_ROLE_IDS",
        ),
    ],
)
def test_missing_settings_names_each_problem(env: dict, problem: str) -> None:
    (found,) = DiscordRunner.missing_settings(env)
    assert found.startswith(problem)


def test_settings_read_shards_guild_and_roles_and_hide_the_token() -> None:
    settings = DiscordSettings.from_env(
        {
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_GUILD_ID": str(GUILD_ID),
            "DISCORD_SHARD_IDS": "2, 3",
            "DISCORD_SHARD_COUNT": "4",
            "ATTACHE_DISCORD_ADMIN_ROLE_IDS": "11,12",
        }
    )
    assert settings.shard_ids == (2, 3) and settings.shard_count == 4
    assert settings.guild_id == GUILD_ID and settings.admin_role_ids == {11, 12}
    assert not settings.syncs_commands  # shard 0 lives in another process
    assert TOKEN not in repr(settings)
    assert DiscordRunner.missing_settings({"DISCORD_TOKEN": TOKEN}) == []


async def test_shards_from_the_environment(store) -> None:
    ours = shard_for(GUILD_ID, 2)  # the shard Discord routes the test guild's events to
    env = {"DISCORD_SHARD_IDS": str(ours), "DISCORD_SHARD_COUNT": "2"}
    async with FakeDiscord() as fake, running_bot(fake, Core(store), env):
        token = await fake.interact(
            fake.slash("ask", {"question": "What are Russia's conditions?"})
        )
        messages = await fake.wait_for(lambda: fake.messages_for(token))

    identify = [f["d"] for f in fake.received if f.get("op") == 2]
    assert [i["shard"] for i in identify] == [[ours, 2]]
    assert not fake.find("GET", "/gateway/bot")  # the count is given: no need to ask
    assert bool(fake.find("PUT", r"/applications/\d+/commands")) == (ours == 0)
    assert "Sergei Lavrov" in embeds_of(messages)[0]["title"]


async def test_cancelling_the_runner_closes_the_client(store) -> None:
    async with FakeDiscord() as fake:
        async with running_bot(fake, Core(store)) as runner:
            assert runner.client is not None
        await fake.wait_for(lambda: any(f.get("op") == "closed" for f in fake.received))
        assert runner.client is None


async def test_the_poster_sends_a_digest_to_a_channel(store) -> None:
    ids = add_statements(store, "Digest Person", [f"Point {i} @here" for i in range(5)])
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        with pytest.raises(ValueError):
            await runner.poster.post("general", Reply(title="x"))
        await runner.poster.post(str(CHANNEL_ID), Reply(title="Your digest", more=tuple(ids)))
        (post,) = fake.find("POST", rf"/channels/{CHANNEL_ID}/messages")

    assert runner.poster.platform == "discord"
    assert post.body["content"] == "Your digest"
    assert post.body["allowed_mentions"] == {"parse": []}
    assert post.body["components"][0]["components"][0]["custom_id"].startswith("attache:show:")


async def test_posting_before_connecting_fails_clearly(store) -> None:
    runner = DiscordRunner(Core(store), {"DISCORD_TOKEN": TOKEN})
    with pytest.raises(RuntimeError, match="not connected"):
        await runner.poster.post(str(CHANNEL_ID), Reply(title="x"))


async def test_the_token_never_appears_in_logs_or_replies(store, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("help"))
        messages = await fake.wait_for(lambda: fake.messages_for(token))

    assert fake.requests[0].authorization == f"Bot {TOKEN}"  # it was used…
    assert TOKEN not in caplog.text  # …and never logged
    assert all(TOKEN not in text_of(m) for m in messages)
