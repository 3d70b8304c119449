"""Issue 16, defect 6 (Slack): More no longer posts a new public message per click. The
asker's click expands their answer in place; anyone else's is answered privately; "no
longer available" is private; under an ephemeral answer the click replaces it in place;
an expansion past Slack's 50 blocks goes to the clicker privately."""

from __future__ import annotations

from sqlalchemy import update

from adapters.slack.delivery import Target, deliver, make_web_client
from bot.app.dispatch import Core
from bot.core.types import Reply, SourceRef, StatementItem
from bot.store.models import Statement
from tests.slack.conftest import CHANNEL_ID, USER_ID, SlackHarness, add_statements
from tests.slack.fakeslack import BOT_TOKEN, Message

OTHER = "U_OTHER"
REMARKS = [f"Remark number {i} on tariffs and duties." for i in range(8)]


async def asked(slack: SlackHarness, core: Core) -> tuple[Message, list[int]]:
    """A public answer to a slash-command question, with a More button."""
    ids = add_statements(core, "Pat Example", REMARKS)
    await slack.slash("what did Pat Example say about tariffs?")
    await slack.fake.wait_for(lambda: slack.fake.messages, "the answer")
    await slack.runner.listeners.wait_idle()
    (answer,) = slack.fake.messages
    assert not answer.ephemeral and more_button(answer) is not None
    return answer, ids


def more_button(message: Message) -> dict | None:
    actions = [b for b in message.blocks if b.get("type") == "actions"]
    return actions[0] if actions else None


def shown(message: Message) -> set[str]:
    text = "\n".join(b["text"]["text"] for b in message.blocks if "text" in b)
    return {r for r in REMARKS if r in text}


async def click(slack: SlackHarness, message: Message, user: str) -> None:
    answer = await slack.action(slack.fake.block_action(message, user))
    assert answer.status == 200
    await slack.runner.listeners.wait_idle()


async def test_the_askers_click_expands_the_answer_in_place(
    slack: SlackHarness, core: Core
) -> None:
    answer, _ = await asked(slack, core)
    before = shown(answer)
    assert more_button(answer)["block_id"] == f"attache_more:{USER_ID}"

    await click(slack, answer, USER_ID)

    assert slack.fake.messages == [answer]  # nothing new was posted, for anyone
    assert answer.replaced == 1
    assert len(before) == 3 and before < shown(answer) and len(shown(answer)) == 6
    # One More button: the used one is gone; the new one still knows the asker.
    (button,) = [b for b in answer.blocks if b.get("type") == "actions"]
    assert button["block_id"] == f"attache_more:{USER_ID}"

    await click(slack, answer, USER_ID)

    assert answer.replaced == 2 and slack.fake.messages == [answer]
    assert shown(answer) == set(REMARKS) and more_button(answer) is None


async def test_someone_elses_click_is_answered_to_them_alone(
    slack: SlackHarness, core: Core
) -> None:
    answer, _ = await asked(slack, core)
    blocks = list(answer.blocks)

    await click(slack, answer, OTHER)

    assert answer.replaced == 0 and answer.blocks == blocks
    assert slack.fake.visible() == [answer]  # the channel sees no new message
    (private,) = [m for m in slack.fake.visible(OTHER) if m is not answer]
    assert private.visible_to == OTHER
    assert shown(private) and not shown(private) & shown(answer)


async def test_no_longer_available_is_told_to_the_clicker_alone(
    slack: SlackHarness, core: Core
) -> None:
    answer, ids = await asked(slack, core)
    with core.services.store.transaction() as session:
        session.execute(update(Statement).where(Statement.id.in_(ids)).values(status="rejected"))

    await click(slack, answer, USER_ID)

    assert answer.replaced == 0
    assert slack.fake.visible() == [answer]
    (notice,) = [m for m in slack.fake.visible(USER_ID) if m is not answer]
    assert notice.visible_to == USER_ID
    assert "no longer available" in "\n".join(b["text"]["text"] for b in notice.blocks)


async def test_under_an_ephemeral_answer_the_click_replaces_it(
    slack: SlackHarness, core: Core
) -> None:
    ids = add_statements(core, "Pat Example", REMARKS)
    client = make_web_client(BOT_TOKEN, slack.fake.base_url)
    reply = Reply(title="Private answer", ephemeral=True, more=tuple(ids))
    await deliver(reply, Target(CHANNEL_ID, USER_ID), client)
    (answer,) = slack.fake.messages
    assert answer.visible_to == USER_ID

    await click(slack, answer, USER_ID)

    assert slack.fake.messages == [answer] and answer.replaced == 1
    assert shown(answer) == set(REMARKS[:3])  # Slack does not send an ephemeral's blocks back
    await click(slack, answer, USER_ID)  # its new More pages on, in place again
    assert slack.fake.messages == [answer] and shown(answer) == set(REMARKS[3:6])


async def test_an_expansion_past_50_blocks_goes_to_the_asker_privately(
    slack: SlackHarness, core: Core
) -> None:
    ids = add_statements(core, "Pat Example", REMARKS)
    source = (SourceRef(outlet="Example Wire", url="https://example.org/x"),)
    items = tuple(
        StatementItem(1000 + n, "Ana Example", None, None, f"Point {n}.", True, None, None, source)
        for n in range(24)
    )  # a title, 24 statements of two blocks and a More button: 50 blocks
    client = make_web_client(BOT_TOKEN, slack.fake.base_url)
    await deliver(
        Reply(title="Full", items=items, more=tuple(ids)), Target(CHANNEL_ID, USER_ID), client
    )
    (answer,) = slack.fake.messages
    assert len(answer.blocks) == 50
    blocks = list(answer.blocks)

    await click(slack, answer, USER_ID)

    assert answer.replaced == 0 and answer.blocks == blocks
    assert slack.fake.visible() == [answer]
    (rest,) = [m for m in slack.fake.visible(USER_ID) if m is not answer]
    assert rest.visible_to == USER_ID and shown(rest) == set(REMARKS[:3])
    # Nothing Slack refused along the way.
    assert all(c.status == 200 for c in slack.fake.calls_to("response_url"))


async def test_a_digests_more_is_answered_privately(slack: SlackHarness, core: Core) -> None:
    ids = add_statements(core, "Pat Example", REMARKS)
    await slack.runner.poster.post(CHANNEL_ID, Reply(title="Weekly digest", more=tuple(ids)))
    (digest,) = slack.fake.messages
    assert more_button(digest)["block_id"] == "attache_more"  # nobody asked for a digest

    await click(slack, digest, USER_ID)

    assert digest.replaced == 0 and slack.fake.visible() == [digest]
    (private,) = [m for m in slack.fake.visible(USER_ID) if m is not digest]
    assert "Remark number 0" in blocks_text_of(private)


def blocks_text_of(message: Message) -> str:
    return "\n".join(b["text"]["text"] for b in message.blocks if "text" in b)
