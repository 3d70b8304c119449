"""Issue 16, "Missing: Slack": an App Home tab with help (in Slack's syntax), the
workspace's digest schedules and the latest digest posted, published with `views.publish`
within Slack's 100 blocks."""

from __future__ import annotations

from datetime import datetime

from bot.app.dispatch import Core
from bot.store.models import DigestPost, Subscription
from bot.store.store import Store
from tests.slack.conftest import USER_ID, SlackHarness
from tests.slack.fakeslack import TEAM_ID


def subscribe(store: Store, team: str, channel: str, *, enabled: bool = True) -> int:
    with store.transaction() as session:
        sub = Subscription(
            platform="slack",
            workspace=team,
            channel=channel,
            cron="0 9 * * 1",
            timezone="Europe/Berlin",
            filters={},
            enabled=enabled,
            created_by="test:admin",
        )
        session.add(sub)
        session.flush()
        return sub.id


def posted(store: Store, subscription_id: int, at: datetime, count: int) -> None:
    with store.transaction() as session:
        session.add(
            DigestPost(
                subscription_id=subscription_id,
                period_start=datetime(2024, 6, 3, 7),
                period_end=datetime(2024, 6, 10, 7),
                status="posted",
                claimed_by="test",
                claim_token="t",
                claimed_at=at,
                posted_at=at,
                statement_count=count,
                updated_at=at,
            )
        )


def home_opened(tab: str = "home") -> dict:
    return {"type": "app_home_opened", "user": USER_ID, "channel": "D_HOME", "tab": tab}


def view_text(view: dict) -> str:
    return "\n".join(b["text"]["text"] for b in view["blocks"] if "text" in b)


async def open_home(slack: SlackHarness) -> dict:
    await slack.event(home_opened())
    await slack.fake.wait_for(lambda: USER_ID in slack.fake.home_views, "the home view")
    (call,) = slack.fake.calls_to("views.publish")
    assert call.body["user_id"] == USER_ID
    return slack.fake.home_views[USER_ID]


async def test_the_home_tab_shows_help_schedules_and_the_latest_digest(
    slack: SlackHarness, core: Core
) -> None:
    store = core.services.store
    weekly = subscribe(store, TEAM_ID, "C_WEEKLY")
    subscribe(store, TEAM_ID, "C_PAUSED", enabled=False)
    elsewhere = subscribe(store, "T_ELSEWHERE", "C_ELSEWHERE")
    posted(store, weekly, datetime(2024, 6, 10, 7, 0, 5), 7)
    posted(store, elsewhere, datetime(2024, 6, 11, 7), 2)  # another workspace's, later

    view = await open_home(slack)

    assert view["type"] == "home"
    text = view_text(view)
    for spec in core.registry:  # every command, as typed in Slack (the core's own help)
        assert f"/attache {spec.name}" in text
    assert "<#C_WEEKLY> `0 9 * * 1` (Europe/Berlin)" in text
    assert "<#C_PAUSED>" in text and "(paused)" in text
    assert "C_ELSEWHERE" not in text
    assert "7 statements posted in <#C_WEEKLY> at 2024-06-10 07:00 UTC" in text


async def test_an_empty_workspace_is_told_how_to_start(slack: SlackHarness) -> None:
    text = view_text(await open_home(slack))
    assert "No channel gets digests yet" in text
    assert "No digest has been posted in this workspace yet." in text


async def test_many_schedules_stay_within_100_blocks(slack: SlackHarness, core: Core) -> None:
    for n in range(120):
        subscribe(core.services.store, TEAM_ID, f"C{n:05d}")

    view = await open_home(slack)  # the fake refuses a view over 100 blocks, as Slack does

    assert len(view["blocks"]) <= 100
    text = view_text(view)
    listed = text.count("<#C")
    assert "<#C00000>" in text and 0 < listed < 120
    assert f"… and {120 - listed} more channels." in text


async def test_the_messages_tab_publishes_nothing(slack: SlackHarness) -> None:
    await slack.event(home_opened("messages"))
    await slack.event(home_opened())  # a later one, to know the first was handled
    await slack.fake.wait_for(lambda: slack.fake.calls_to("views.publish"), "the home view")
    await slack.runner.listeners.wait_idle()
    assert len(slack.fake.calls_to("views.publish")) == 1
