"""Multi-workspace installs: bolt's OAuth flow, its stores on the bot's own database, and two
HTTP workers sharing that database as they would behind a load balancer."""

from __future__ import annotations

import re

import aiohttp
import pytest
from sqlalchemy import text

from bot.app.dispatch import Core
from bot.core.types import Reply
from tests.slack.conftest import USER_ID, SlackHarness, running, slack_env
from tests.slack.fakeslack import FakeSlack, Workspace

# slack_sdk's SQLAlchemy stores import sqlalchemy.ext.asyncio, which needs greenlet.
pytest.importorskip("greenlet")

INSTALLED = Workspace(team_id="T_NEW", bot_token="xoxb-installed-token", bot_user_id="U_BOT2")


def oauth_env(fake: FakeSlack) -> dict[str, str]:
    env = slack_env(fake, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="client-secret")
    del env["SLACK_BOT_TOKEN"]  # each workspace's token comes from its installation
    return env


async def test_install_on_one_worker_complete_on_another_then_answer_in_that_workspace(
    core: Core, fake_slack: FakeSlack
) -> None:
    from adapters.slack.runner import SlackRunner

    fake_slack.oauth_grant = INSTALLED
    worker_a, worker_b = (
        SlackRunner(core, oauth_env(fake_slack)),
        SlackRunner(core, oauth_env(fake_slack)),
    )
    async with running(worker_a), running(worker_b), aiohttp.ClientSession() as session:
        # The install page (worker A) issues a state kept in the database …
        async with session.get(f"http://127.0.0.1:{worker_a.port}/slack/install") as page:
            assert page.status == 200
            state = re.search(r"state=([\w-]+)", await page.text()).group(1)
        # … which the redirect, reaching worker B, consumes.
        callback = (
            f"http://127.0.0.1:{worker_b.port}/slack/oauth_redirect?code=one-time-code"
            f"&state={state}"
        )
        headers = {"Cookie": f"slack-app-oauth-state={state}"}
        async with session.get(callback, headers=headers, allow_redirects=False) as done:
            assert done.status == 200, await done.text()
        (access,) = fake_slack.calls_to("oauth.v2.access")
        assert access.body["code"] == "one-time-code"

        with core.services.store.engine.connect() as connection:
            bots = connection.execute(text("SELECT team_id, bot_token FROM slack_bots")).all()
        assert bots == [("T_NEW", "xoxb-installed-token")]

        # An event from the new workspace is answered with that workspace's token.
        harness = SlackHarness(worker_a, fake_slack, session)
        await harness.event(
            {
                "type": "app_mention",
                "user": USER_ID,
                "channel": "C_NEW",
                "ts": "1.5",
                "text": "<@U_BOT2> what are Russia's conditions?",
            },
            team="T_NEW",
        )
        await fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"), "the answer")
        (post,) = fake_slack.calls_to("chat.postMessage")
        assert post.token == "xoxb-installed-token" and post.body["channel"] == "C_NEW"

        # The digest poster finds the same installation.
        await worker_b.poster.post("T_NEW/C_DIGEST", Reply(title="Weekly digest"))
        digest = fake_slack.calls_to("chat.postMessage")[-1]
        assert digest.token == "xoxb-installed-token" and digest.body["channel"] == "C_DIGEST"
        with pytest.raises(LookupError, match="T_UNKNOWN"):
            await worker_b.poster.post("T_UNKNOWN/C1", Reply(title="x"))


async def test_a_forged_state_installs_nothing(core: Core, fake_slack: FakeSlack) -> None:
    from adapters.slack.runner import SlackRunner

    fake_slack.oauth_grant = INSTALLED
    worker = SlackRunner(core, oauth_env(fake_slack))
    async with running(worker), aiohttp.ClientSession() as session:
        callback = f"http://127.0.0.1:{worker.port}/slack/oauth_redirect?code=c&state=forged"
        headers = {"Cookie": "slack-app-oauth-state=forged"}
        async with session.get(callback, headers=headers) as response:
            assert response.status >= 400
    assert fake_slack.calls_to("oauth.v2.access") == []
