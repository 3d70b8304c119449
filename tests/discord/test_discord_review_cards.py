"""Review cards on Discord: the real discord.py client against the fake Discord.

`/admin review next` shows a card with buttons; a click acts through the core and the card
changes in place (no new message); Edit opens a modal whose submission updates the card;
a non-admin's click is refused privately and changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.app.dispatch import Core
from bot.store.models import AuditEntry, Statement
from bot.store.store import Store
from tests.discord.fake_discord import EPHEMERAL, FakeDiscord
from tests.discord.fake_payloads import MANAGE_GUILD, MEMBER_PERMISSIONS
from tests.discord.harness import add_statements, running_bot, text_of

ADMIN = MEMBER_PERMISSIONS | MANAGE_GUILD
TEXTS = [
    "We will never accept these terms.",
    "The talks can resume next week.",
    "Our border must be respected.",
]


def _buttons(message: dict[str, Any]) -> dict[str, str]:
    rows = message.get("components") or []
    return {c["label"]: c["custom_id"] for r in rows for c in r["components"] if "custom_id" in c}


def _as(payload: dict[str, Any], permissions: int) -> dict[str, Any]:
    payload["member"] = {**payload["member"], "permissions": str(permissions)}
    return payload


async def _card(fake: FakeDiscord) -> dict[str, Any]:
    token = await fake.interact(fake.slash("admin review next", permissions=ADMIN))
    await fake.wait_for(lambda: fake.find("PATCH", rf"/webhooks/\d+/{token}/messages/@original"))
    return fake.original_message(token)


async def _click(fake: FakeDiscord, label: str, message: dict, permissions: int = ADMIN) -> str:
    token = await fake.interact(_as(fake.click(_buttons(message)[label], message), permissions))
    await fake.wait_for(lambda: fake.callbacks_for(token))
    return token


async def _edited(fake: FakeDiscord, token: str) -> dict[str, Any]:
    (edit,) = await fake.wait_for(
        lambda: fake.find("PATCH", rf"/webhooks/\d+/{token}/messages/@original")
    )
    return edit.response


def _status(store: Store, statement_id: int) -> str:
    with store.reading() as session:
        return session.get(Statement, statement_id).status


async def test_approve_updates_the_card_in_place_and_next_shows_the_next(store) -> None:
    ids = add_statements(store, "Pat Example", TEXTS, status="pending")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        card = await _card(fake)
        assert "We will never accept these terms." in card["embeds"][0]["description"]
        assert list(_buttons(card)) == [
            "Approve",
            "Reject",
            "Edit",
            "Approve all 3 from this document",
            "Next",
        ]
        first = int(_buttons(card)["Approve"].rsplit(":", 1)[1])
        approve = await _click(fake, "Approve", card)
        approved = await _edited(fake, approve)
        nxt = await _click(fake, "Next", approved)
        following = await _edited(fake, nxt)

    assert fake.callbacks_for(approve) == [{"type": 6}]  # a deferred update, no new message
    assert approved["id"] == card["id"]
    assert f"Approved #{first} by member" in text_of(approved)
    assert list(_buttons(approved)) == ["Next"]
    assert _status(store, first) == "approved"
    assert following["id"] == card["id"]
    shown = int(_buttons(following)["Approve"].rsplit(":", 1)[1])
    assert shown in ids and shown != first
    with store.reading() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "review.approve"))
        assert [(a.target, a.actor.split(":")[0]) for a in audit] == [(str(first), "discord")]


async def test_a_non_admins_click_is_refused_privately_and_nothing_changes(store) -> None:
    ids = add_statements(store, "Pat Example", TEXTS, status="pending")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        card = await _card(fake)
        refused = await _click(fake, "Reject", card, MEMBER_PERMISSIONS)
        edit = await _click(fake, "Edit", card, MEMBER_PERMISSIONS)

    for token in (refused, edit):
        (callback,) = fake.callbacks_for(token)
        assert callback["type"] == 4 and callback["data"]["flags"] & EPHEMERAL
        assert "admins only" in callback["data"]["content"]
        assert not fake.find("PATCH", rf"/webhooks/\d+/{token}/messages/@original")
    assert {_status(store, i) for i in ids} == {"pending"}


async def test_edit_opens_a_form_and_its_submission_updates_the_card(store) -> None:
    ids = add_statements(store, "Pat Example", TEXTS, status="pending")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        card = await _card(fake)
        target = int(_buttons(card)["Edit"].rsplit(":", 1)[1])
        opened = await _click(fake, "Edit", card)
        (form,) = fake.modals_for(opened)
        fields = {
            row["components"][0]["custom_id"]: row["components"][0].get("value", "")
            for row in form["components"]
        }
        assert form["title"] == f"Edit statement #{target}"
        assert fields == {
            "speaker": "Pat Example",
            "role": "",
            "kind": "none",
            "date": "unknown",
            "points": "",
        }
        values = {**fields, "kind": "rejection", "date": "2024-03-01"}
        submit = await fake.interact(_as(fake.modal_submit(form["custom_id"], values, card), ADMIN))
        edited = await _edited(fake, submit)

    assert fake.callbacks_for(submit) == [{"type": 6}]
    assert edited["id"] == card["id"]
    assert f"Edited #{target} by member" in text_of(edited)
    assert "Kind: rejection" in text_of(edited) and "Date: 2024-03-01" in text_of(edited)
    with store.reading() as session:
        st = session.get(Statement, target)
        assert (st.kind, str(st.said_on), st.text, st.status) == (
            "rejection",
            "2024-03-01",
            TEXTS[ids.index(target)],
            "pending",
        )


async def test_a_form_opened_before_a_restart_is_answered_after_it(store) -> None:
    """discord.py keeps a form object only in the process that opened it; the submission
    is read from the interaction, so a restarted bot still edits the card."""
    ids = add_statements(store, "Pat Example", TEXTS, status="pending")
    async with FakeDiscord() as fake:
        async with running_bot(fake, Core(store)):
            card = await _card(fake)
            target = int(_buttons(card)["Edit"].rsplit(":", 1)[1])
            (form,) = fake.modals_for(await _click(fake, "Edit", card))
        values = {"speaker": "Pat Example", "role": "", "kind": "warning"}
        values |= {"date": "2024-05-02", "points": ""}
        async with running_bot(fake, Core(store)):  # the restart
            submit = await fake.interact(
                _as(fake.modal_submit(form["custom_id"], values, card), ADMIN)
            )
            edited = await _edited(fake, submit)

    assert fake.callbacks_for(submit) == [{"type": 6}]
    assert f"Edited #{target} by member" in text_of(edited)
    with store.reading() as session:
        st = session.get(Statement, target)
        assert (st.kind, str(st.said_on), st.text) == (
            "warning",
            "2024-05-02",
            TEXTS[ids.index(target)],
        )


async def test_approve_all_from_the_document(store) -> None:
    ids = add_statements(store, "Pat Example", TEXTS, status="pending")
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        card = await _card(fake)
        token = await _click(fake, "Approve all 3 from this document", card)
        shown = await _edited(fake, token)

    assert "Approved 3 statements from this document by member" in text_of(shown)
    assert {_status(store, i) for i in ids} == {"approved"}
