"""Per-channel settings through the real discord.py client and the fake Discord: /settings,
/admin settings …, private deferral in a private-answers channel, refusals of denied commands."""

from __future__ import annotations

from bot.app.dispatch import Core
from tests.discord.fake_discord import EPHEMERAL, MANAGE_GUILD, MEMBER_PERMISSIONS, FakeDiscord
from tests.discord.harness import embeds_of, running_bot, text_of

ADMIN = MEMBER_PERMISSIONS | MANAGE_GUILD
QUESTION = {"question": "What are Russia's conditions?"}


def _flags(callback: dict) -> int:
    return (callback.get("data") or {}).get("flags", 0)


async def test_private_answers_defer_ask_privately_and_answer_privately(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        before = await fake.interact(fake.slash("ask", QUESTION))
        await fake.wait_for(lambda: fake.messages_for(before))
        setting = await fake.interact(
            fake.slash("admin settings answers", {"visibility": "private"}, permissions=ADMIN)
        )
        (confirmation,) = await fake.wait_for(lambda: fake.messages_for(setting))
        after = await fake.interact(fake.slash("ask", QUESTION))
        answer = await fake.wait_for(lambda: fake.messages_for(after))
        shown = await fake.interact(fake.slash("settings"))
        (settings,) = await fake.wait_for(lambda: fake.messages_for(shown))

    (public_defer,) = fake.callbacks_for(before)
    assert public_defer["type"] == 5 and not _flags(public_defer) & EPHEMERAL
    assert "Answers in this channel are now private." in text_of(confirmation)
    (private_defer,) = fake.callbacks_for(after)
    assert private_defer["type"] == 5 and _flags(private_defer) & EPHEMERAL
    # The private "thinking…" response is edited into the answer: nothing public to delete.
    assert not fake.find("DELETE", rf"/webhooks/\d+/{after}/messages/@original")
    assert "expansion of NATO needs to stop" in embeds_of(answer)[0]["description"]
    assert "Answers: private — only the person who asked sees them." in text_of(settings)


async def test_a_denied_command_is_refused_privately_and_the_others_still_answer(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        setting = await fake.interact(
            fake.slash("admin settings deny", {"commands": "statements"}, permissions=ADMIN)
        )
        await fake.wait_for(lambda: fake.messages_for(setting))
        denied = await fake.interact(fake.slash("statements", {"who": "Lavrov"}))
        (refusal,) = await fake.wait_for(lambda: fake.messages_for(denied))
        deleted = fake.find("DELETE", rf"/webhooks/\d+/{denied}/messages/@original")
        asked = await fake.interact(fake.slash("ask", QUESTION))
        answer = await fake.wait_for(lambda: fake.messages_for(asked))

    assert deleted, "the public 'thinking…' response must not stay"
    assert refusal["flags"] & EPHEMERAL
    assert "“statements” is not allowed in this channel; allowed here: ask," in refusal["content"]
    # The way out is written as Discord takes it, not as typed in the console.
    assert "change that with /admin settings allow commands:statements." in refusal["content"]
    assert "expansion of NATO needs to stop" in embeds_of(answer)[0]["description"]


async def test_schedule_now_is_refused_where_the_channel_denies_schedule(store) -> None:
    # `/admin schedule now` posts through the Poster, not Core.handle; the list holds there too.
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        for path, options in (
            ("admin schedule set", {"when": "daily 09:00 UTC"}),
            ("admin settings deny", {"commands": "schedule"}),
        ):
            token = await fake.interact(fake.slash(path, options, permissions=ADMIN))
            await fake.wait_for(lambda token=token: fake.messages_for(token))
        now = await fake.interact(fake.slash("admin schedule now", permissions=ADMIN))
        (refusal,) = await fake.wait_for(lambda: fake.messages_for(now))

    (defer,) = fake.callbacks_for(now)
    assert defer["type"] == 5 and _flags(defer) & EPHEMERAL  # private throughout
    assert "“schedule” is not allowed in this channel" in refusal["content"]
    assert "/admin settings allow commands:schedule" in refusal["content"]
    assert not fake.find("POST", r"/channels/\d+/messages")  # nothing went to the channel


async def test_the_settings_commands_are_offered_with_their_required_options(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        await fake.wait_for(lambda: fake.commands.get("global"))

    commands = {c["name"]: c for c in fake.commands["global"]}
    assert not commands["settings"].get("options")  # /settings shows; nothing to choose
    (group,) = [o for o in commands["admin"]["options"] if o["name"] == "settings"]
    subcommands = {o["name"]: o.get("options", []) for o in group["options"]}
    assert set(subcommands) == {"answers", "allow", "deny", "show"}
    (visibility,) = subcommands["answers"]
    assert visibility["required"] and [c["value"] for c in visibility["choices"]] == [
        "public",
        "private",
    ]
    for action in ("allow", "deny"):
        (names,) = subcommands[action]
        assert names["name"] == "commands" and names["required"]
