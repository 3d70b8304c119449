"""The fake Discord is as strict as Discord (issue 16, defect 7): each rule below fails an
adapter that breaks it, shown by driving the real discord.py client (and the real adapter,
or a copy of it with one behaviour broken) against the fake."""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import aiohttp
import discord
import pytest

import adapters.discord.client as client_module
from adapters.discord.replies import NO_MENTIONS
from bot.app.dispatch import Core
from bot.store.store import Store
from tests.discord.fake_discord import APP_ID, CHANNEL_ID, FakeDiscord
from tests.discord.harness import running_bot
from tests.discord.interaction_rules import DEADLINE

SYNC_FLUSH = b"\x00\x00\xff\xff"
Answer = Callable[..., Awaitable[None]]


@pytest.fixture
def store() -> Iterator[Store]:
    # The rules tested here are Discord's, not the store's: one backend is enough.
    s = Store.open("sqlite://")
    yield s
    s.close()


def _replace_answer(monkeypatch: pytest.MonkeyPatch, make: Callable[[Answer], Answer]) -> None:
    """A copy of the adapter whose `answer` (defer, ask the core, reply) is changed."""
    monkeypatch.setattr(client_module, "answer", make(client_module.answer))


# --- the interaction life cycle -------------------------------------------------------


async def test_a_response_after_the_deadline_is_refused_and_the_user_sees_nothing(
    store, monkeypatch
) -> None:
    deadline = 0.3  # Discord's 3 s, shrunk to keep the test short

    def slow(answer: Answer) -> Answer:
        async def answer_late(*args: Any, **kwargs: Any) -> None:
            await asyncio.sleep(deadline * 2)  # work done before acknowledging
            await answer(*args, **kwargs)

        return answer_late

    _replace_answer(monkeypatch, slow)
    async with FakeDiscord(deadline=deadline) as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("help"))
        # The late deferral, then the error handler's attempt to tell the user.
        await fake.wait_for(lambda: len(fake.requests_for(token)) >= 2)

    refused = fake.requests_for(token)
    assert [r.status for r in refused] == [404, 404]
    assert all(r.response["code"] == 10062 for r in refused)
    assert refused[0].at - fake.interactions.states[token].dispatched_at > deadline
    assert fake.messages_for(token) == [] and fake.callbacks_for(token) == []


async def test_the_adapter_acknowledges_every_interaction_within_discords_deadline(
    store,
) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        assert fake.interactions.deadline == DEADLINE == 3.0
        tokens = [
            await fake.interact(fake.slash("help")),
            await fake.interact(fake.slash("ask", {"question": "What are Russia's conditions?"})),
            await fake.interact(fake.slash("show", {"ids": "twelve"})),  # an error reply
            await fake.interact(fake.click("attache:show:1")),
        ]
        await fake.wait_for(lambda: all(fake.messages_for(t) for t in tokens))

    for token in tokens:
        first, *_ = fake.requests_for(token)
        assert first.path.endswith("/callback") and first.status < 300, first
        waited = first.at - fake.interactions.states[token].dispatched_at
        assert waited < DEADLINE
        assert all(r.status < 300 for r in fake.requests_for(token))


async def test_a_second_acknowledgement_is_refused_with_40060(store, monkeypatch) -> None:
    outcome: asyncio.Future[discord.HTTPException | None] = asyncio.Future()

    def twice(answer: Answer) -> Answer:
        async def acknowledge_twice(interaction: discord.Interaction, *_: Any, **__: Any) -> None:
            await interaction.response.defer(thinking=True)
            interaction.response._response_type = None  # a copy that forgot it had deferred
            try:
                await interaction.response.defer(thinking=True)
            except discord.HTTPException as error:
                outcome.set_result(error)
            else:
                outcome.set_result(None)

        return acknowledge_twice

    _replace_answer(monkeypatch, twice)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("help"))
        error = await asyncio.wait_for(outcome, 10)

    assert error is not None, "Discord refuses a second acknowledgement"
    assert (error.status, error.code) == (400, 40060)
    assert "already been acknowledged" in error.text
    assert [r.status for r in fake.requests_for(token)] == [200, 400]


async def test_follow_ups_and_edits_before_the_acknowledgement_are_refused(
    store, monkeypatch
) -> None:
    early: list[discord.HTTPException] = []

    def eager(answer: Answer) -> Answer:
        async def follow_up_first(interaction: discord.Interaction, *args: Any, **kw: Any) -> None:
            attempts = (
                lambda: interaction.followup.send("too early", allowed_mentions=NO_MENTIONS),
                lambda: interaction.edit_original_response(content="too early"),
            )
            for attempt in attempts:
                try:
                    await attempt()
                except discord.HTTPException as error:
                    early.append(error)
            await answer(interaction, *args, **kw)  # the adapter's own way still works after

        return follow_up_first

    _replace_answer(monkeypatch, eager)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("help"))
        messages = await fake.wait_for(lambda: fake.messages_for(token))

    assert [(e.status, e.code) for e in early] == [(404, 10015), (404, 10015)]
    assert all("Unknown Webhook" in e.text for e in early)
    assert "Attaché commands" in messages[0]["content"]
    first, second, *after = fake.requests_for(token)
    assert [(first.method, first.status), (second.method, second.status)] == [
        ("POST", 404),
        ("PATCH", 404),
    ]
    assert after[0].path.endswith("/callback") and all(r.status < 300 for r in after)


async def test_follow_ups_after_the_token_expired_are_refused(store, monkeypatch) -> None:
    lifetime = 0.3  # Discord's 15 minutes, shrunk
    outcome: asyncio.Future[discord.HTTPException | None] = asyncio.Future()

    def slow_follow_up(answer: Answer) -> Answer:
        async def follow_up_late(interaction: discord.Interaction, *_: Any, **__: Any) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(lifetime * 2)
            try:
                await interaction.followup.send("late", allowed_mentions=NO_MENTIONS)
            except discord.HTTPException as error:
                outcome.set_result(error)
            else:
                outcome.set_result(None)

        return follow_up_late

    _replace_answer(monkeypatch, slow_follow_up)
    async with FakeDiscord(token_lifetime=lifetime) as fake, running_bot(fake, Core(store)):
        await fake.interact(fake.slash("help"))
        error = await asyncio.wait_for(outcome, 10)

    assert error is not None and (error.status, error.code) == (401, 50027)


# --- messages -------------------------------------------------------------------------


async def test_a_refused_response_is_no_acknowledgement_and_names_the_field(
    store, monkeypatch
) -> None:
    outcome: asyncio.Future[discord.HTTPException | None] = asyncio.Future()

    def oversized(answer: Answer) -> Answer:
        async def too_long_then_fine(interaction: discord.Interaction, *_: Any, **__: Any) -> None:
            try:
                await interaction.response.send_message("x" * 2001, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException as error:
                outcome.set_result(error)
            else:
                outcome.set_result(None)
            await interaction.response.send_message("fits", allowed_mentions=NO_MENTIONS)

        return too_long_then_fine

    _replace_answer(monkeypatch, oversized)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        token = await fake.interact(fake.slash("help"))
        error = await asyncio.wait_for(outcome, 10)
        (message,) = await fake.wait_for(lambda: fake.messages_for(token))

    assert error is not None and (error.status, error.code) == (400, 50035)
    assert "In data.content: Must be 2000 or fewer in length." in error.text
    assert message["content"] == "fits"


async def test_an_edit_that_leaves_the_deferred_response_empty_is_refused(
    store, monkeypatch
) -> None:
    outcome: asyncio.Future[discord.HTTPException | None] = asyncio.Future()

    def blank(answer: Answer) -> Answer:
        async def edit_to_nothing(interaction: discord.Interaction, *_: Any, **__: Any) -> None:
            await interaction.response.defer(thinking=True)
            try:
                await interaction.edit_original_response(content="", embeds=[])
            except discord.HTTPException as error:
                outcome.set_result(error)
            else:
                outcome.set_result(None)

        return edit_to_nothing

    _replace_answer(monkeypatch, blank)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        await fake.interact(fake.slash("help"))
        error = await asyncio.wait_for(outcome, 10)

    assert error is not None and (error.status, error.code) == (400, 50006)


async def test_channel_messages_over_a_limit_are_refused_through_discord_py(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        assert runner.client is not None
        channel = runner.client.get_channel(CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        attempts = {
            "content": dict(content="x" * 2001),
            "description": dict(embed=discord.Embed(description="d" * 4097)),
            "total": dict(embeds=[discord.Embed(description="d" * 3001) for _ in range(2)]),
            "field": dict(embed=discord.Embed(title="t").add_field(name="n", value="v" * 1025)),
        }
        errors = {}
        for name, kwargs in attempts.items():
            with pytest.raises(discord.HTTPException) as raised:
                await channel.send(allowed_mentions=NO_MENTIONS, **kwargs)
            errors[name] = raised.value
        sent = await channel.send("within every limit", allowed_mentions=NO_MENTIONS)

    assert {e.code for e in errors.values()} == {50035}
    assert "In content: Must be 2000 or fewer in length." in errors["content"].text
    assert "In embeds.0.description: Must be 4096 or fewer" in errors["description"].text
    assert "In embeds: Embed size exceeds maximum size of 6000" in errors["total"].text
    assert "In embeds.0.fields.0.value: Must be 1024 or fewer" in errors["field"].text
    assert sent.content == "within every limit"


def _row(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(buttons)}


def _button(custom_id: str, **extra: Any) -> dict[str, Any]:
    return {"type": 2, "style": 2, "label": "More", "custom_id": custom_id, **extra}


def _embed(**extra: Any) -> dict[str, Any]:
    return {"title": "t", **extra}


@pytest.mark.parametrize(
    ("body", "path", "code"),
    [
        ({"embeds": [_embed()] * 11}, ("embeds",), "BASE_TYPE_MAX_LENGTH"),
        ({"embeds": [_embed(title="t" * 257)]}, ("embeds", "0", "title"), "BASE_TYPE_MAX_LENGTH"),
        (
            {"embeds": [_embed(fields=[{"name": "n", "value": "v"}] * 26)]},
            ("embeds", "0", "fields"),
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            {"embeds": [_embed(fields=[{"name": "", "value": "v"}])]},
            ("embeds", "0", "fields", "0", "name"),
            "BASE_TYPE_REQUIRED",
        ),
        (
            {"embeds": [_embed(footer={"text": "f" * 2049})]},
            ("embeds", "0", "footer", "text"),
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            {"embeds": [_embed(author={"name": "a" * 257})]},
            ("embeds", "0", "author", "name"),
            "BASE_TYPE_MAX_LENGTH",
        ),
        ({"embeds": [_embed(url="example.org/x")]}, ("embeds", "0", "url"), "URL_TYPE_INVALID_URL"),
        (
            {"components": [_row(_button(f"b{n}")) for n in range(6)]},
            ("components",),
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            {"components": [_row(*(_button(f"b{n}") for n in range(6)))]},
            ("components", "0", "components"),
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            {"components": [_row(_button("b", label="l" * 81))]},
            ("components", "0", "components", "0", "label"),
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            {"components": [_row(_button("c" * 101))]},
            ("components", "0", "components", "0", "custom_id"),
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            {"components": [_row(_button("same")), _row(_button("same"))]},
            ("components", "1", "components", "0", "custom_id"),
            "COMPONENT_CUSTOM_ID_DUPLICATED",
        ),
        (
            {"components": [_row({"type": 2, "style": 5, "label": "Go", "custom_id": "x"})]},
            ("components", "0", "components", "0", "url"),
            "BUTTON_COMPONENT_URL_REQUIRED",
        ),
        (
            {"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}},
            ("allowed_mentions",),
            "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
        ),
        (
            {"content": "hi", "allowed_mentions": {"parse": ["channels"]}},
            ("allowed_mentions", "parse", "0"),
            "ENUM_TYPE_COERCE",
        ),
    ],
)
async def test_each_documented_message_limit_is_refused_naming_its_field(
    body: dict[str, Any], path: tuple[str, ...], code: str
) -> None:
    async with FakeDiscord() as fake, aiohttp.ClientSession() as http:
        url = f"{fake.api_base}/channels/{CHANNEL_ID}/messages"
        async with http.post(url, json=body) as response:
            status, answer = response.status, await response.json()

    assert (status, answer["code"], answer["message"]) == (400, 50035, "Invalid Form Body")
    node = answer["errors"]
    for key in path:
        node = node[key]
    assert code in [e["code"] for e in node["_errors"]], answer["errors"]


async def test_an_empty_message_is_refused_and_a_full_one_accepted() -> None:
    valid = {
        "content": "c" * 2000,
        "embeds": [_embed(description="d" * 4096, footer={"text": "Direct quote"})],
        "components": [_row(*(_button(f"b{n}") for n in range(5)))],
        "allowed_mentions": {"parse": []},
    }
    async with FakeDiscord() as fake, aiohttp.ClientSession() as http:
        url = f"{fake.api_base}/channels/{CHANNEL_ID}/messages"
        async with http.post(url, json={"content": "", "embeds": []}) as empty:
            refused = (empty.status, await empty.json())
        async with http.post(url, json=valid) as full:
            accepted = full.status

    assert refused == (400, {"message": "Cannot send an empty message", "code": 50006})
    assert accepted == 200


# --- command definitions --------------------------------------------------------------


async def test_command_definitions_breaking_discords_rules_are_refused_at_sync(store) -> None:
    long_choices = [{"name": f"{n:03d}" + "c" * 97, "value": "v" * 100} for n in range(25)]
    commands = [
        {"name": "fine", "description": "A valid command", "type": 1},
        {"name": "Shouting", "description": "", "type": 1},
        {
            "name": "ordered",
            "description": "Required after optional",
            "type": 1,
            "options": [
                {"name": "maybe", "description": "optional", "type": 3},
                {"name": "needed", "description": "required", "type": 3, "required": True},
            ],
        },
        {
            "name": "huge",
            "description": "Over 8000 characters in all",
            "type": 1,
            "options": [
                {"name": f"o{n}", "description": "d", "type": 3, "choices": long_choices}
                for n in range(2)
            ],
        },
    ]
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        assert runner.client is not None
        with pytest.raises(discord.HTTPException) as raised:
            await runner.client.http.bulk_upsert_global_commands(APP_ID, payload=commands)
        accepted = await runner.client.http.bulk_upsert_global_commands(APP_ID, commands[:1])

    error = raised.value
    assert (error.status, error.code) == (400, 50035)
    assert set(error._errors or {}) == {"1", "2", "3"}  # by index: not the valid "fine"
    assert "In 1: Shouting: name 'Shouting' is not lower case" in error.text
    assert "description of 0 characters (1-100)" in error.text
    assert "In 2: ordered needed: required option after an optional one" in error.text
    assert "In 3: huge: 10" in error.text and "(at most 8000)" in error.text
    assert [c["name"] for c in accepted] == ["fine"]
    assert fake.commands["global"][0]["name"] == "fine"


# --- the gateway ----------------------------------------------------------------------


async def test_gateway_frames_are_one_zlib_stream_and_heartbeats_keep_the_interval(
    store,
) -> None:
    interval = 0.25
    async with (
        FakeDiscord(heartbeat_interval=interval) as fake,
        running_bot(fake, Core(store)),
    ):
        (session,) = fake.identified
        await fake.wait_for(lambda: len(session.heartbeats) >= 4)
        token = await fake.interact(fake.slash("help"))
        await fake.wait_for(lambda: fake.messages_for(token))  # dispatches still understood

    assert session.query["compress"] == "zlib-stream"  # what discord.py 2.7 asks for
    assert session.sent[0]["d"] == {"heartbeat_interval": 250}
    assert all(isinstance(w, bytes) and w.endswith(SYNC_FLUSH) for w in session.wire)
    stream = zlib.decompressobj()
    decoded = [json.loads(stream.decompress(w)) for w in session.wire]
    assert decoded == session.sent
    with pytest.raises(zlib.error):  # a later frame means nothing outside the stream
        zlib.decompressobj().decompress(session.wire[-1])

    beats = session.heartbeats
    gaps = [later - earlier for earlier, later in zip(beats[1:], beats[2:], strict=False)]
    # The first beat comes at HELLO; the client then waits the interval between beats.
    assert all(gap >= interval * 0.5 for gap in gaps), gaps
    acks = [f for f in session.sent if f["op"] == 11]
    assert len(acks) >= len(beats) - 1  # each heartbeat answered (the last may be on its way)


async def test_an_uncompressed_client_gets_text_and_may_send_binary_frames() -> None:
    async with (
        FakeDiscord(heartbeat_interval=0.5) as fake,
        aiohttp.ClientSession() as http,
        http.ws_connect(f"{fake.gateway_url}?v=10&encoding=json") as ws,
    ):
        hello = await ws.receive(timeout=5)
        await ws.send_bytes(b'{"op": 1, "d": null}')
        ack = await ws.receive(timeout=5)

    assert hello.type == aiohttp.WSMsgType.TEXT
    assert hello.json() == {"op": 10, "d": {"heartbeat_interval": 500}, "s": None, "t": None}
    assert ack.type == aiohttp.WSMsgType.TEXT and ack.json()["op"] == 11
    assert len(fake.sessions[0].heartbeats) == 1


async def test_a_session_that_stops_heartbeating_is_closed() -> None:
    async with (
        FakeDiscord(heartbeat_interval=0.1, heartbeat_timeout=0.3) as fake,
        aiohttp.ClientSession() as http,
        http.ws_connect(f"{fake.gateway_url}?v=10&encoding=json") as ws,
    ):
        await ws.receive(timeout=5)  # HELLO; no heartbeat follows
        closed = await ws.receive(timeout=5)

    assert closed.type == aiohttp.WSMsgType.CLOSE
    assert ws.close_code == 4009


# --- rate limits ----------------------------------------------------------------------


async def test_a_429_is_retried_once_after_retry_after_and_not_before(store) -> None:
    async with FakeDiscord() as fake:
        global_commands = rf"/applications/{APP_ID}/commands"
        fake.rate_limit_once("PUT", global_commands)  # the REST client's path
        async with running_bot(fake, Core(store)):
            # …and the webhook client's, which answers interactions.
            fake.rate_limit_once("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
            token = await fake.interact(fake.slash("ask", {"question": "Lavrov's conditions?"}))
            await fake.wait_for(lambda: fake.messages_for(token))

    syncs = fake.find("PUT", global_commands)
    edits = fake.find("PATCH", rf"/webhooks/\d+/{token}/messages/@original")
    for limited, retried in (syncs, edits):
        assert (limited.status, retried.status) == (429, 200)
        assert limited.response["retry_after"] == 1.0
        assert retried.at - limited.at >= limited.response["retry_after"]
        assert retried.body == limited.body
