"""Slash commands end to end: the real discord.py client against the fake Discord."""

from __future__ import annotations

from bot.app.dispatch import Core
from tests.discord.fake_discord import CHANNEL_ID, EPHEMERAL, FakeDiscord
from tests.discord.harness import add_statements, embeds_of, running_bot, text_of


async def test_ask_answers_with_lavrovs_two_conditions_and_their_sources(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(
            fake.slash("ask", {"question": "What are Russia's conditions?"})
        )
        messages = await fake.wait_for(lambda: fake.messages_for(token))

    (defer,) = fake.callbacks_for(token)
    assert defer["type"] == 5  # deferred first, answered by editing the response
    assert not (defer.get("data") or {}).get("flags", 0) & EPHEMERAL
    embed = embeds_of(messages)[0]
    assert "Sergei Lavrov" in embed["title"]
    assert "expansion of NATO needs to stop" in embed["description"]
    assert "serious proposal to defuse tensions" in embed["description"]
    sources = [f for f in embed["fields"] if f["name"].startswith("Source")]
    assert sources and "Newsweek" in sources[0]["value"]
    assert "no link known" in sources[0]["value"]  # the seed has no URL: none is invented
    assert "url" not in embed
    dates = [f["value"] for f in embed["fields"] if f["name"] == "Date"]
    assert dates == ["date unknown"]
    assert "Conditions stated by Sergei Lavrov" in text_of(messages[0])
    assert all(m["allowed_mentions"] == {"parse": []} for m in messages)


async def test_more_button_is_answered_by_a_fresh_client_after_a_restart(store) -> None:
    ids = add_statements(store, "Pat Example", [f"Pat says thing number {i}." for i in range(5)])
    core = Core(store)
    async with FakeDiscord() as fake:
        async with running_bot(fake, core):
            token = await fake.interact(fake.slash("show", {"ids": " ".join(map(str, ids))}))
            (first,) = await fake.wait_for(lambda: fake.messages_for(token))
        assert [e["description"] for e in first["embeds"]] == [
            f"“Pat says thing number {i}.”" for i in range(3)
        ]
        (button,) = _acting_buttons(first)  # beside the Source links
        assert button["custom_id"] == f"attache:show:{ids[3]},{ids[4]}"

        # A new process: nothing of the first client survives but the message on Discord.
        async with running_bot(fake, Core(store)):
            message = {**fake.message(CHANNEL_ID, first, webhook=True)}
            click = await fake.interact(fake.click(button["custom_id"], message))
            (more,) = await fake.wait_for(lambda: fake.messages_for(click))

    (defer,) = fake.callbacks_for(click)
    # No interaction made the clicked message here, so its asker is unknown: the next
    # statements go privately to the clicker, never as a new public message.
    assert defer["type"] == 5 and defer["data"]["flags"] & EPHEMERAL
    assert [e["description"] for e in more["embeds"]] == [
        f"“Pat says thing number {i}.”" for i in (3, 4)
    ]
    assert not _acting_buttons(more)  # nothing further: no More button
    assert more["allowed_mentions"] == {"parse": []}


async def test_autocomplete_offers_speaker_names_from_the_store(store) -> None:
    add_statements(store, "Lavinia Testperson", ["Something on the record."])
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("statements", {"who": "lav"}, focused="who"))
        (response,) = await fake.wait_for(lambda: fake.callbacks_for(token))

    assert response["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    names = [c["name"] for c in response["data"]["choices"]]
    assert "Sergei Lavrov" in names and "Lavinia Testperson" in names
    assert all(c["name"] == c["value"] for c in response["data"]["choices"])
    assert len(names) <= 25


async def test_mentions_in_a_statement_are_shown_and_ping_nobody(store) -> None:
    words = "Tell @everyone and <@123> and <@&456> that talks are off."
    (statement_id,) = add_statements(store, "Mention Tester", [words])
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("show", {"ids": str(statement_id)}))
        messages = await fake.wait_for(lambda: fake.messages_for(token))
        bad = await fake.interact(fake.slash("statements", {"who": "@everyone <@123>"}))
        errors = await fake.wait_for(lambda: fake.messages_for(bad))

    shown = "\n".join(text_of(m) for m in messages)
    assert "@everyone" in shown and "<@123>" in shown and "<@&456>" in shown
    assert "@everyone" in "\n".join(text_of(m) for m in errors)  # echoed in the error, too
    for message in messages + errors:
        assert message["allowed_mentions"] == {"parse": []}


async def test_an_error_to_a_public_command_replaces_the_public_response_privately(
    store,
) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("show", {"ids": "twelve"}))
        (message,) = await fake.wait_for(lambda: fake.messages_for(token))
        deleted = fake.find("DELETE", rf"/webhooks/\d+/{token}/messages/@original")

    assert deleted, "the public 'thinking…' response must not stay"
    assert message["flags"] & EPHEMERAL
    assert "not a statement number" in message["content"]
    assert not message.get("embeds")


async def test_an_answer_too_large_for_one_message_is_split_and_survives_a_429(store) -> None:
    long_texts = [
        f"Statement {i} begins. " + ("The delegation repeated its position at length. " * 110)
        for i in range(3)
    ]  # each over 5000 characters: beyond an embed description
    medium = [f"Medium {i}. " + "word " * 300 for i in range(7)]
    ids = add_statements(store, "Verbose Envoy", long_texts + medium)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        # Discord answers the first edit of the response with a 429 once.
        fake.rate_limit_once("PATCH", r"/webhooks/\d+/[^/]+/messages/@original", 0.05)
        token = await fake.interact(fake.slash("statements", {"who": "Verbose Envoy"}))
        messages = await fake.wait_for(
            lambda: _all_shown(fake.messages_for(token), len(ids)) and fake.messages_for(token)
        )

    edits = fake.find("PATCH", rf"/webhooks/\d+/{token}/messages/@original")
    assert [e.status for e in edits] == [429, 200]  # waited out, then sent again
    assert edits[0].body == edits[1].body
    assert len(messages) > 1
    for message in messages:
        assert_within_discord_limits(message)
        assert message["allowed_mentions"] == {"parse": []}
    descriptions = [e["description"] for e in embeds_of(messages)]
    assert len(descriptions) == len(ids)
    shortened = [d for d in descriptions if "…" in d]
    assert len(shortened) == 3  # the three long ones, cut at a word boundary
    assert all("source link below" in d for d in shortened)
    assert all(e.get("url") == "https://example.org/article" for e in embeds_of(messages))


def _all_shown(messages: list[dict], count: int) -> bool:
    return len(embeds_of(messages)) >= count


def assert_within_discord_limits(message: dict) -> None:
    assert len(message.get("content") or "") <= 2000
    embeds = message.get("embeds") or []
    assert len(embeds) + bool(message.get("content")) >= 1 and len(embeds) <= 10
    total = 0
    for embed in embeds:
        assert len(embed.get("title", "")) <= 256
        assert len(embed.get("description", "")) <= 4096
        assert len(embed.get("fields", [])) <= 25
        for f in embed.get("fields", []):
            assert 1 <= len(f["name"]) <= 256 and 1 <= len(f["value"]) <= 1024
        assert len(embed.get("footer", {}).get("text", "")) <= 2048
        total += len(embed.get("title", "")) + len(embed.get("description", ""))
        total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
        total += len(embed.get("footer", {}).get("text", ""))
        assert len(embed.get("author", {}).get("name", "")) <= 256
        total += len(embed.get("author", {}).get("name", ""))
    assert total <= 6000


async def test_the_more_button_rides_on_the_last_follow_up(store) -> None:
    texts = [f"Long {i}. " + "The envoy spoke of the talks again. " * 150 for i in range(5)]
    ids = add_statements(store, "Long Speaker", texts)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("show", {"ids": ",".join(map(str, ids))}))
        messages = await fake.wait_for(
            lambda: len(embeds_of(fake.messages_for(token))) == 3 and fake.messages_for(token)
        )

    assert len(messages) == 3  # each shortened to ~4,100 characters: two would pass 6,000
    assert [bool(_acting_buttons(m)) for m in messages] == [False, False, True]
    follow_ups = fake.find("POST", rf"/webhooks/\d+/{token}")
    assert len(follow_ups) == 2 and follow_ups[-1].body["components"]
    (button,) = _acting_buttons(messages[-1])
    assert button["custom_id"] == f"attache:show:{ids[3]},{ids[4]}"


def _acting_buttons(message: dict) -> list[dict]:
    """The message's buttons that ask the bot (not its Source links)."""
    rows = message.get("components") or []
    return [c for row in rows for c in row["components"] if "custom_id" in c]
