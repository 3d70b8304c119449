"""Issue 16, "Missing: Slack": `app_uninstalled` and `tokens_revoked` remove the workspace's
installation and stop its digests; other workspaces keep theirs."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest
from sqlalchemy import select, text

from bot.app.dispatch import Core
from bot.schedule.periods import to_db
from bot.schedule.scheduler import Scheduler
from bot.store.models import AuditEntry, Subscription
from bot.store.store import Store
from tests.schedule.conftest import VirtualClock, approve, neutralise_seeds, utc
from tests.slack.conftest import SlackHarness, running, slack_env
from tests.slack.fakeslack import TEAM_ID, FakeSlack, Workspace

DAY1, DAY2 = utc(2024, 6, 1, 9), utc(2024, 6, 2, 9)
GONE = Workspace(team_id="T_GONE", bot_token="xoxb-gone-token", bot_user_id="U_BOT_G")
STAYS = Workspace(team_id="T_STAYS", bot_token="xoxb-stays-token", bot_user_id="U_BOT_S")


@pytest.fixture(autouse=True)
def listener_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="adapters.slack.listeners")


def subscribe(store: Store, team: str, channel: str) -> None:
    with store.transaction() as session:
        session.add(
            Subscription(
                platform="slack",
                workspace=team,
                channel=channel,
                cron="0 9 * * *",
                timezone="UTC",
                filters={},
                enabled=True,
                last_period_end=to_db(DAY1),
                created_by="test:admin",
                created_at=to_db(utc(2024, 5, 1)),
            )
        )


def enabled(store: Store) -> dict[str, bool]:
    with store.reading() as session:
        return {s.workspace: s.enabled for s in session.scalars(select(Subscription))}


def removal(kind: str, team: str, tokens: dict | None = None) -> dict:
    event: dict = {"type": kind, "event_ts": "1700000000.000100"}
    if tokens is not None:
        event["tokens"] = tokens
    return event


async def digests_posted(store: Store, runner, fake: FakeSlack) -> list[str]:  # noqa: ANN001
    """The channels the scheduler posts a day's digest to, through the real Slack poster."""
    scheduler = Scheduler(store, {"slack": runner.poster}, clock=VirtualClock(DAY2), owner="t")
    before = len(fake.calls_to("chat.postMessage"))
    await scheduler.run_once(DAY2)
    return sorted(c.body["channel"] for c in fake.calls_to("chat.postMessage")[before:])


async def handled(caplog: pytest.LogCaptureFixture, kind: str, runner) -> None:  # noqa: ANN001
    """Bolt runs event listeners after acknowledging: wait (within a limit) for the line the
    listener logs when done. Not by polling the store: an in-memory SQLite store has one
    connection, which the installation store's worker threads use too."""
    for _ in range(600):
        if any(kind in r.getMessage() and "forgot" in r.getMessage() for r in caplog.records):
            await runner.listeners.wait_idle()
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the {kind} event was never handled")


def oauth_env(fake: FakeSlack) -> dict[str, str]:
    env = slack_env(fake, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="client-secret")
    del env["SLACK_BOT_TOKEN"]
    return env


async def install(runner, fake: FakeSlack, workspace: Workspace) -> None:  # noqa: ANN001
    from slack_sdk.oauth.installation_store import Installation

    fake.workspaces[workspace.bot_token] = workspace
    await runner.installations.async_save(
        Installation(
            app_id="A_ATTACHE",
            team_id=workspace.team_id,
            user_id="U_INSTALLER",
            bot_token=workspace.bot_token,
            bot_id="B_" + workspace.team_id,
            bot_user_id=workspace.bot_user_id,
            bot_scopes="chat:write,commands",
        )
    )


def installed_teams(store: Store) -> tuple[list[str], list[str]]:
    with store.engine.connect() as connection:
        bots = connection.execute(text("SELECT team_id FROM slack_bots ORDER BY team_id"))
        users = connection.execute(
            text("SELECT DISTINCT team_id FROM slack_installations ORDER BY team_id")
        )
        return [r[0] for r in bots], [r[0] for r in users]


@pytest.mark.parametrize("kind", ["app_uninstalled", "tokens_revoked"])
async def test_removal_forgets_the_installation_and_stops_its_digests(
    core: Core, fake_slack: FakeSlack, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("greenlet")
    from adapters.slack.runner import SlackRunner

    store = core.services.store
    neutralise_seeds(store)
    subscribe(store, GONE.team_id, "C_GONE")
    subscribe(store, STAYS.team_id, "C_STAYS")
    approve(store, "Ned Price", "Something new was said.", utc(2024, 6, 1, 12))
    runner = SlackRunner(core, oauth_env(fake_slack))
    async with running(runner), aiohttp.ClientSession() as session:
        await install(runner, fake_slack, GONE)
        await install(runner, fake_slack, STAYS)
        assert installed_teams(store) == (["T_GONE", "T_STAYS"], ["T_GONE", "T_STAYS"])
        slack = SlackHarness(runner, fake_slack, session)
        tokens = {"oauth": ["U_INSTALLER"], "bot": [GONE.bot_user_id]}
        answer = await slack.event(
            removal(kind, GONE.team_id, tokens if kind == "tokens_revoked" else None),
            team=GONE.team_id,
        )
        assert answer.status == 200
        await handled(caplog, kind, runner)

        assert installed_teams(store) == (["T_STAYS"], ["T_STAYS"])
        assert enabled(store) == {"T_GONE": False, "T_STAYS": True}
        assert await digests_posted(store, runner, fake_slack) == ["C_STAYS"]
    (post,) = fake_slack.calls_to("chat.postMessage")
    assert post.token == STAYS.bot_token and post.body["channel"] == "C_STAYS"
    with store.reading() as session:
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "slack.uninstall"))
    assert entry.target == "T_GONE" and entry.details["reason"] == kind
    assert entry.details["disabled"] == ["C_GONE"]


async def test_a_revoked_user_token_alone_keeps_the_bot_and_its_digests(
    core: Core, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("greenlet")
    from adapters.slack.runner import SlackRunner

    store = core.services.store
    subscribe(store, GONE.team_id, "C_GONE")
    runner = SlackRunner(core, oauth_env(fake_slack))
    async with running(runner), aiohttp.ClientSession() as session:
        await install(runner, fake_slack, GONE)
        slack = SlackHarness(runner, fake_slack, session)
        await slack.event(
            removal("tokens_revoked", GONE.team_id, {"oauth": ["U_INSTALLER"]}),
            team=GONE.team_id,
        )
        await handled(caplog, "tokens_revoked", runner)
    bots, _ = installed_teams(store)
    assert bots == ["T_GONE"] and enabled(store) == {"T_GONE": True}


async def test_single_workspace_uninstall_stops_the_digests(
    slack: SlackHarness, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    store = core.services.store
    neutralise_seeds(store)
    subscribe(store, TEAM_ID, "C_DIGEST")
    approve(store, "Ned Price", "Something new was said.", utc(2024, 6, 1, 12))

    await slack.event(removal("app_uninstalled", TEAM_ID))
    await handled(caplog, "app_uninstalled", slack.runner)

    assert await digests_posted(store, slack.runner, slack.fake) == []
    assert slack.fake.calls_to("chat.postMessage") == []
