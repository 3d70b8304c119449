"""More, Previous / Next and Source buttons: the real discord.py client against the fake.

A click never posts a new public message: the asker's message changes in place, anyone
else gets the answer privately, and "no longer available" is always private.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from adapters.discord.render import (
    BUTTON_LABEL_LIMIT,
    BUTTON_URL_LIMIT,
    BUTTONS_PER_ROW,
    CUSTOM_ID_LIMIT,
    ROWS_PER_MESSAGE,
    page_custom_id,
    parse_page_custom_id,
    render,
)
from bot.app.dispatch import Core
from bot.core.types import Paging, Reply, SourceRef, StatementItem
from bot.store import repo
from bot.store.store import Store
from tests.discord.fake_discord import EPHEMERAL, USER_ID, FakeDiscord
from tests.discord.harness import add_statements, embeds_of, running_bot, text_of
from tests.discord.test_discord_answers import assert_within_discord_limits

SOMEONE_ELSE = USER_ID + 7
URL = "https://example.org/article"


def _acting(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Buttons that ask the bot (More, Previous, Next), in order."""
    rows = message.get("components") or []
    return [c for row in rows for c in row["components"] if "custom_id" in c]


def _links(message: dict[str, Any]) -> list[dict[str, Any]]:
    rows = message.get("components") or []
    return [c for row in rows for c in row["components"] if c.get("style") == 5]


def _descriptions(message: dict[str, Any]) -> list[str]:
    return [e["description"] for e in message.get("embeds") or []]


def _said(texts: list[str]) -> list[str]:
    return [f"“{t}”" for t in texts]


async def _asked(fake: FakeDiscord, path: str, options: dict[str, Any]) -> tuple[str, dict]:
    """Run a slash command; its token and its response message as Discord then holds it."""
    token = await fake.interact(fake.slash(path, options))
    await fake.wait_for(lambda: fake.messages_for(token))
    return token, fake.original_message(token)


async def _clicked(fake: FakeDiscord, payload: dict[str, Any]) -> str:
    token = await fake.interact(payload)
    await fake.wait_for(
        lambda: fake.messages_for(token) or fake.find("POST", rf"/webhooks/\d+/{token}")
    )
    return token


def _new_public_messages(fake: FakeDiscord, token: str) -> list[dict[str, Any]]:
    """Messages the click created that everyone in the channel sees."""
    made = [c.get("data") or {} for c in fake.callbacks_for(token) if c["type"] in (4, 5)]
    made += [r.body for r in fake.find("POST", rf"/webhooks/\d+/{token}") if r.status < 300]
    return [m for m in made if not int(m.get("flags") or 0) & EPHEMERAL]


# --- More -------------------------------------------------------------------------------


async def test_more_clicked_by_the_asker_adds_the_next_statements_in_place(store) -> None:
    texts = [f"Pat says thing number {i}." for i in range(5)]
    ids = add_statements(store, "Pat Example", texts)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        asked, message = await _asked(fake, "show", {"ids": " ".join(map(str, ids))})
        assert message["interaction_metadata"]["user"]["id"] == str(USER_ID)
        click = await _clicked(fake, fake.click(_acting(message)[0]["custom_id"], message))

    assert fake.callbacks_for(click) == [{"type": 6}]  # a deferred update: no new message
    assert not _new_public_messages(fake, click)
    (edit,) = fake.find("PATCH", rf"/webhooks/\d+/{click}/messages/@original")
    shown = edit.response
    assert shown["id"] == message["id"]  # the asker's own message, changed
    assert _descriptions(shown) == _said(texts)  # the first three, then the next two
    assert shown["content"] == message["content"]
    assert not _acting(shown)  # nothing further: the More button is gone
    assert [b["label"] for b in _links(shown)] == [
        f"Source {n} · Example Times" for n in range(1, 6)
    ]
    assert all(b["url"] == URL and "custom_id" not in b for b in _links(shown))
    assert edit.body["allowed_mentions"] == {"parse": []}
    assert_within_discord_limits(edit.body)


async def test_more_clicked_by_someone_else_is_answered_privately(store) -> None:
    texts = [f"Quinn point {i}." for i in range(5)]
    ids = add_statements(store, "Quinn Example", texts)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        _, message = await _asked(fake, "show", {"ids": " ".join(map(str, ids))})
        more = _acting(message)[0]["custom_id"]
        click = await _clicked(fake, fake.click_by(SOMEONE_ELSE, more, message))
        (private,) = await fake.wait_for(lambda: fake.messages_for(click))

    (defer,) = fake.callbacks_for(click)
    assert defer["type"] == 5 and defer["data"]["flags"] & EPHEMERAL
    assert not _new_public_messages(fake, click)
    assert _descriptions(private) == _said(texts[3:])
    # The asker's message is not touched: the click's @original is the private one.
    assert fake.original_message(click)["id"] != message["id"]
    assert fake.original_message(click)["flags"] & EPHEMERAL


async def test_no_longer_available_is_private_even_for_the_asker(store) -> None:
    ids = add_statements(store, "Rae Example", [f"Rae point {i}." for i in range(4)])
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        _, message = await _asked(fake, "show", {"ids": " ".join(map(str, ids))})
        _withdraw(store, ids[3])
        click = await _clicked(fake, fake.click(_acting(message)[0]["custom_id"], message))
        (notice,) = await fake.wait_for(
            lambda: [r.body for r in fake.find("POST", rf"/webhooks/\d+/{click}")]
        )

    assert notice["flags"] & EPHEMERAL
    assert "Those statements are no longer available." in notice["content"]
    assert not _new_public_messages(fake, click)
    assert not fake.find("PATCH", rf"/webhooks/\d+/{click}/messages/@original")


async def test_more_that_would_not_fit_in_the_message_goes_privately_to_the_asker(
    store,
) -> None:
    texts = [f"Long {i}. " + "The envoy spoke of the talks again. " * 40 for i in range(6)]
    ids = add_statements(store, "Long Speaker", texts)  # ~1,500 characters a card
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        _, message = await _asked(fake, "show", {"ids": " ".join(map(str, ids))})
        click = await _clicked(fake, fake.click(_acting(message)[0]["custom_id"], message))
        await fake.wait_for(lambda: len(fake.find("POST", rf"/webhooks/\d+/{click}")) >= 1)
        private = [r.body for r in fake.find("POST", rf"/webhooks/\d+/{click}")]

    assert fake.callbacks_for(click) == [{"type": 6}]
    assert not fake.find("PATCH", rf"/webhooks/\d+/{click}/messages/@original")
    assert all(m["flags"] & EPHEMERAL for m in private)
    assert len(embeds_of(private)) == 3 and "Long 3." in text_of(private[0])


def _withdraw(store: Store, statement_id: int) -> None:
    with store.transaction() as session:
        (statement,) = repo.statements_by_ids(session, [statement_id])
        repo.set_status(session, store.indexer, [statement], "rejected", "test")


# --- Previous / Next --------------------------------------------------------------------


async def test_statements_pages_through_next_and_previous_in_place(store) -> None:
    texts = [f"Page point {i:02d}." for i in range(23)]
    add_statements(store, "Pager Person", texts)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        _, first = await _asked(fake, "statements", {"who": "Pager Person"})
        (next_page,) = _acting(first)
        assert next_page["label"] == "Next: page 2 of 3 ▶"
        assert next_page["custom_id"] == "attache:page:statements:2:who=Pager+Person"
        click = await _clicked(fake, fake.click(next_page["custom_id"], first))
        (edit,) = fake.find("PATCH", rf"/webhooks/\d+/{click}/messages/@original")
        second = edit.response
        back = _acting(second)[0]["custom_id"]
        other = await _clicked(fake, fake.click_by(SOMEONE_ELSE, back, second))
        (private,) = await fake.wait_for(lambda: fake.messages_for(other))

    assert fake.callbacks_for(click) == [{"type": 6}] and not _new_public_messages(fake, click)
    assert second["id"] == first["id"]
    # Newest first: page 1 showed points 22 to 13, page 2 shows 12 to 3.
    assert _descriptions(first) == _said([f"Page point {i:02d}." for i in range(22, 12, -1)])
    assert _descriptions(second) == _said([f"Page point {i:02d}." for i in range(12, 2, -1)])
    assert [b["label"] for b in _acting(second)] == [
        "◀ Previous: page 1",
        "Next: page 3 of 3 ▶",
    ]
    assert "Showing 20 of 23" in second["content"]
    # Previous clicked by someone else: page 1, privately; the asker's message stays page 2.
    assert fake.callbacks_for(other)[0]["data"]["flags"] & EPHEMERAL
    assert _descriptions(private) == _descriptions(first)
    assert fake.original_message(other)["id"] != first["id"]
    assert fake.original_message(other)["flags"] & EPHEMERAL


async def test_a_page_button_works_in_a_fresh_process_after_a_restart(store) -> None:
    add_statements(store, "Restart Person", [f"Restart point {i:02d}." for i in range(12)])
    async with FakeDiscord() as fake:
        async with running_bot(fake, Core(store)):
            _, first = await _asked(fake, "statements", {"who": "Restart Person"})
        # A new process: nothing of the first client survives but the message on Discord.
        async with running_bot(fake, Core(store)):
            (next_page,) = _acting(first)
            click = await _clicked(fake, fake.click(next_page["custom_id"], first))
            (edit,) = fake.find("PATCH", rf"/webhooks/\d+/{click}/messages/@original")

    assert _descriptions(edit.response) == _said(["Restart point 01.", "Restart point 00."])
    assert [b["label"] for b in _acting(edit.response)] == ["◀ Previous: page 1"]


def test_page_ids_round_trip_and_stay_within_100_characters() -> None:
    paging = Paging("statements", (("who", "Sergei Lavrov"), ("topic", "NATO & talks")), 2, 5)
    custom_id = page_custom_id(paging, 3)
    assert custom_id is not None and len(custom_id) <= CUSTOM_ID_LIMIT
    assert parse_page_custom_id(custom_id) == (
        "statements",
        {"who": "Sergei Lavrov", "topic": "NATO & talks", "page": "3"},
    )
    # Options too long for a custom id: no buttons; the notice still names the next page.
    long = Paging("statements", (("who", "x" * 90),), 1, 2)
    assert page_custom_id(long, 2) is None
    reply = Reply(title="Statements", notices=("ask for page 2",), paging=long)
    assert not any(m.buttons for m in render(reply))


# --- Source -----------------------------------------------------------------------------


async def test_one_statement_has_a_source_button_linking_its_document(store) -> None:
    (linked,) = add_statements(store, "Sam Example", ["We will talk."])
    (unlinked,) = add_statements(store, "Sam Example", ["We will not."], url=None)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        _, one = await _asked(fake, "show", {"ids": str(linked)})
        _, none = await _asked(fake, "show", {"ids": str(unlinked)})

    (button,) = _links(one)
    assert (button["style"], button["label"], button["url"]) == (5, "Source · Example Times", URL)
    assert "custom_id" not in button  # a link: Discord opens it, the bot is not asked
    assert not (none.get("components") or [])  # no link known: no button invented


def test_buttons_stay_within_discords_limits_on_any_reply() -> None:
    rng = random.Random(16)
    for _ in range(60):
        items = tuple(
            StatementItem(
                statement_id=n,
                speaker="Speaker",
                role=None,
                entity=None,
                text="words " * rng.randint(1, 50),
                direct=True,
                kind=None,
                date=date(2024, 1, 1),
                sources=(
                    SourceRef(
                        outlet="Outlet " * rng.randint(0, 30),
                        url=rng.choice(
                            (None, f"https://x.example/{n}", "https://x.example/" + "a" * 600)
                        ),
                    ),
                ),
            )
            for n in range(rng.randint(1, 40))
        )
        paging = Paging("statements", (("who", "w" * rng.randint(1, 80)),), 2, 3)
        reply = Reply(
            title="T",
            items=items,
            more=tuple(range(rng.randint(0, 5))),
            paging=rng.choice((None, paging)),
        )
        for message in render(reply):
            rows = -(-len(message.links) // BUTTONS_PER_ROW) + bool(message.buttons)
            assert rows <= ROWS_PER_MESSAGE and len(message.buttons) <= BUTTONS_PER_ROW
            assert len(message.links) <= len(message.embeds)
            for link in message.links:
                assert len(link.label) <= BUTTON_LABEL_LIMIT and len(link.url) <= BUTTON_URL_LIMIT
            for button in message.buttons:
                assert len(button.label) <= BUTTON_LABEL_LIMIT
                assert len(button.custom_id) <= CUSTOM_ID_LIMIT
