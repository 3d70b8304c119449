"""Fixtures for the Slack adapter: the fake Slack, and the real adapter in HTTP mode on
127.0.0.1, receiving requests signed exactly as Slack signs them."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from adapters.slack.runner import EVENTS_PATH, SlackRunner
from bot.app.dispatch import Core
from tests.slack.fakeslack import BOT_TOKEN, BOT_USER_ID, TEAM_ID, Call, FakeSlack

SIGNING_SECRET = "test-signing-secret"
ADMIN_ID = "U_ADMIN"  # configured through ATTACHE_SLACK_ADMIN_IDS
USER_ID = "U_USER"
CHANNEL_ID = "C_GENERAL"

CONDITION_1 = "the expansion of NATO needs to stop and Ukraine’s neutrality must be confirmed"
CONDITION_2 = "the West would have to come up with a serious proposal to defuse tensions"


def blocks_text(call: Call) -> str:
    """Every text the recipient would read in one posted message."""
    texts = []
    for block in call.body.get("blocks", []):
        if "text" in block:
            texts.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text", "")
            texts.append(text["text"] if isinstance(text, dict) else text)
    return "\n".join(texts)


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Slack's v0 signature: HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    text: str


class SlackHarness:
    """Sends Slack's three kinds of request to the running adapter."""

    def __init__(self, runner: SlackRunner, fake: FakeSlack, session: aiohttp.ClientSession):
        self.runner = runner
        self.fake = fake
        self.session = session
        self.url = f"http://127.0.0.1:{runner.port}{EVENTS_PATH}"

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Answer:
        timestamp = int(time.time()) if timestamp is None else timestamp
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": sign(body, timestamp, secret),
            **(extra_headers or {}),
        }
        async with self.session.post(self.url, data=body.encode(), headers=headers) as response:
            return Answer(response.status, await response.text())

    async def slash(
        self,
        text: str,
        *,
        user: str = USER_ID,
        channel: str = CHANNEL_ID,
        command: str = "/attache",
        **post: Any,
    ) -> Answer:
        body = urlencode(
            {
                "token": "deprecated-verification-token",
                "team_id": TEAM_ID,
                "team_domain": "test",
                "channel_id": channel,
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": command,
                "text": text,
                "api_app_id": "A_ATTACHE",
                "response_url": self.fake.response_url(f"cmd-{user}", user=user, channel=channel),
                "trigger_id": "1.2.3",
            }
        )
        return await self.post(body, "application/x-www-form-urlencoded", **post)

    async def event(
        self,
        event: Mapping[str, Any],
        team: str = TEAM_ID,
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> Answer:
        """One event delivery; a redelivery repeats the `event_id` with `retry_num` (Slack's
        X-Slack-Retry-Num and X-Slack-Retry-Reason headers)."""
        body = json.dumps(
            {
                "token": "deprecated-verification-token",
                "team_id": team,
                "api_app_id": "A_ATTACHE",
                "event": dict(event),
                "type": "event_callback",
                "event_id": event_id or f"Ev{time.monotonic_ns()}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": team, "user_id": BOT_USER_ID, "is_bot": True}],
            }
        )
        retry = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else None
        )
        return await self.post(body, "application/json", extra_headers=retry)

    async def action(self, payload: Mapping[str, Any]) -> Answer:
        body = urlencode({"payload": json.dumps(dict(payload))})
        return await self.post(body, "application/x-www-form-urlencoded")


def slack_env(fake: FakeSlack, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ATTACHE_SLACK_HOST": "127.0.0.1",
        "ATTACHE_SLACK_PORT": "0",
        "ATTACHE_SLACK_API_URL": fake.base_url,
        "ATTACHE_SLACK_ADMIN_IDS": ADMIN_ID,
        **extra,
    }


@contextlib.asynccontextmanager
async def running(runner: SlackRunner) -> AsyncIterator[SlackRunner]:
    """Run the adapter as `attache serve` would, and cancel it (cleanly) afterwards."""
    task = asyncio.create_task(runner.run())
    started = asyncio.create_task(runner.started.wait())
    await asyncio.wait({task, started}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if not runner.started.is_set():
        started.cancel()
        task.cancel()
        raise AssertionError(f"the Slack adapter did not start: {task}")
    try:
        yield runner
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.close()


@contextlib.asynccontextmanager
async def serving(core: Core, fake: FakeSlack, **env: str) -> AsyncIterator[SlackHarness]:
    """The adapter running on `core` against `fake` (`env`: settings besides `slack_env`'s),
    and a harness that sends it requests."""
    runner = SlackRunner(core, slack_env(fake, **env))
    async with running(runner), aiohttp.ClientSession() as session:
        yield SlackHarness(runner, fake, session)


@pytest.fixture
async def slack(core: Core, fake_slack: FakeSlack) -> AsyncIterator[SlackHarness]:
    async with serving(core, fake_slack) as harness:
        yield harness


def add_statements(
    core: Core,
    speaker: str,
    texts: list[str],
    *,
    points: tuple[str, ...] = (),
    url: str | None = None,
    said_on: date | None = None,
) -> list[int]:
    """Approved statements by `speaker`, found in one document (as tests/test_core.py does)."""
    from bot.store import repo
    from bot.store.models import Document

    store = core.services.store
    body = "\n".join(texts)
    with store.transaction() as session:
        person = repo.upsert_speaker(session, speaker)
        doc = Document(
            text=body,
            url=url,
            outlet="Example Wire",
            title="Example article",
            content_hash=hashlib.sha256(body.encode()).hexdigest(),
        )
        session.add(doc)
        session.flush()
        new = []
        for text in texts:
            start = body.index(text)
            statement, _ = repo.add_statement(
                session,
                doc,
                repo.NewStatement(
                    person,
                    text,
                    start,
                    start + len(text),
                    said_on=said_on,
                    points=[(p, None, None) for p in points],
                ),
            )
            new.append(statement)
        repo.set_status(session, store.indexer, new, "approved", "test")
        return [s.id for s in new]
