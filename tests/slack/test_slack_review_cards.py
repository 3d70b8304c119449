"""Review cards on Slack: the real slack-bolt app against the fake Slack.

`/attache review next` posts a card; `block_actions` clicks act through the core and
replace the card in place (response_url, replace_original) showing who acted; Edit opens
a modal through `views.open` whose `view_submission` updates the card; a non-admin's click
is answered privately and changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select, update

from bot.app.dispatch import Core
from bot.store.models import AuditEntry, Statement
from tests.slack.conftest import ADMIN_ID, USER_ID, SlackHarness, add_statements
from tests.slack.fakeslack import Message

TEXTS = [
    "We will never accept these terms.",
    "The talks can resume next week.",
    "Our border must be respected.",
]


def _pending(core: Core) -> list[int]:
    ids = add_statements(core, "Pat Example", TEXTS)
    with core.services.store.transaction() as session:
        session.execute(update(Statement).where(Statement.id.in_(ids)).values(status="pending"))
    return ids


def _text(message: Message) -> str:
    parts = []
    for block in message.blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [f["text"] for f in block.get("fields", [])]
        parts += [e.get("text", "") for e in block.get("elements", []) if e.get("type") == "mrkdwn"]
    return "\n".join(parts)


def _buttons(message: Message) -> dict[str, str]:
    return {
        e["action_id"]: e["value"]
        for b in message.blocks
        if b.get("type") == "actions"
        for e in b["elements"]
    }


async def _card(slack: SlackHarness) -> Message:
    await slack.slash("review next", user=ADMIN_ID)
    await slack.fake.wait_for(lambda: slack.fake.messages, "the card")
    await slack.runner.listeners.wait_idle()
    (card,) = slack.fake.messages
    assert not card.ephemeral
    return card


async def _click(slack: SlackHarness, card: Message, user: str, action: str) -> None:
    answer = await slack.action(slack.fake.click_button(card, user, f"attache_review_{action}"))
    assert answer.status == 200
    await slack.runner.listeners.wait_idle()


def _status(core: Core, statement_id: int) -> str:
    with core.services.store.reading() as session:
        return session.get(Statement, statement_id).status


async def test_approve_replaces_the_card_in_place_and_next_moves_on(
    slack: SlackHarness, core: Core
) -> None:
    ids = _pending(core)
    card = await _card(slack)
    assert list(_buttons(card)) == [
        "attache_review_approve",
        "attache_review_reject",
        "attache_review_edit",
        "attache_review_document",
        "attache_review_next",
    ]
    assert "*We will never accept these terms.*" in _text(card)
    first = int(_buttons(card)["attache_review_approve"])
    await _click(slack, card, ADMIN_ID, "approve")
    assert slack.fake.messages == [card] and card.replaced == 1  # in place, nothing new
    assert f"Approved #{first} by u_admin" in _text(card)
    assert list(_buttons(card)) == ["attache_review_next"]
    assert _status(core, first) == "approved"
    await _click(slack, card, ADMIN_ID, "next")
    assert card.replaced == 2 and slack.fake.messages == [card]
    shown = int(_buttons(card)["attache_review_approve"])
    assert shown in ids and shown != first
    with core.services.store.reading() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "review.approve"))
        assert [(a.target, a.actor) for a in audit] == [(str(first), f"slack:T_TEST:{ADMIN_ID}")]


async def test_a_non_admins_click_is_refused_privately(slack: SlackHarness, core: Core) -> None:
    ids = _pending(core)
    card = await _card(slack)
    before = list(card.blocks)
    await _click(slack, card, USER_ID, "reject")
    await _click(slack, card, USER_ID, "edit")
    await slack.fake.wait_for(lambda: len(slack.fake.messages) == 3, "two refusals")
    assert card.blocks == before and card.replaced == 0
    refusals = [m for m in slack.fake.messages if m is not card]
    assert len(refusals) == 2 and all(m.visible_to == USER_ID for m in refusals)
    assert all("admins only" in m.text for m in refusals)
    assert not slack.fake.calls_to("views.open")
    assert {_status(core, i) for i in ids} == {"pending"}


async def test_edit_opens_a_modal_and_its_submission_updates_the_card(
    slack: SlackHarness, core: Core
) -> None:
    _pending(core)
    card = await _card(slack)
    target = int(_buttons(card)["attache_review_edit"])
    await _click(slack, card, ADMIN_ID, "edit")
    await slack.fake.wait_for(lambda: slack.fake.calls_to("views.open"), "views.open")
    (view,) = slack.fake.opened_views
    assert view["title"]["text"] == f"Edit #{target}"
    fields = {b["block_id"]: b["element"].get("initial_value", "") for b in view["blocks"]}
    assert fields == {
        "speaker": "Pat Example",
        "role": "",
        "kind": "none",
        "date": "unknown",
        "points": "",
    }
    values = {**fields, "kind": "warning", "date": "2024-03-01"}
    answer = await slack.action(slack.fake.view_submission(view, ADMIN_ID, values))
    assert answer.status == 200
    await slack.runner.listeners.wait_idle()
    assert card.replaced == 1 and f"Edited #{target} by u_admin" in _text(card)
    with core.services.store.reading() as session:
        st = session.get(Statement, target)
        assert (st.kind, str(st.said_on), st.status) == ("warning", "2024-03-01", "pending")


async def test_views_open_needs_a_fresh_trigger(slack: SlackHarness, core: Core) -> None:
    """The fake refuses an unknown trigger, as Slack does (so the test above proves the
    adapter used the click's own trigger_id)."""
    _pending(core)
    card = await _card(slack)
    payload = slack.fake.click_button(card, ADMIN_ID, "attache_review_edit")
    payload["trigger_id"] = "made-up"
    await slack.action(payload)
    await slack.fake.wait_for(lambda: slack.fake.calls_to("views.open"), "views.open")
    (call,) = slack.fake.calls_to("views.open")
    assert not getattr(slack.fake, "opened_views", [])
    assert call.status == 200  # answered ok=false invalid_trigger_id; nothing opened
