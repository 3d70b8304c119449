"""Sending rendered replies: through `response_url` or the Web API, and the digest Poster.

Every client built here retries only on HTTP 429, after waiting the `Retry-After` Slack sent
(slack_sdk's rate-limit retry handler); other failures are logged or raised, never retried
blindly, because a retried POST after a lost response could post a message twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.render import Message, render
from bot.core.poster import PartlyPosted
from bot.core.types import Reply

log = logging.getLogger(__name__)

# Slack accepts up to 5 posts to one response_url (within 30 minutes); later parts of a long
# answer go through the Web API.
RESPONSE_URL_USES = 5
RATE_LIMIT_RETRIES = 3
API_TIMEOUT_S = 15


def retry_handlers() -> list[AsyncRetryHandler]:
    return [AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]


def make_web_client(token: str | None, base_url: str | None = None) -> AsyncWebClient:
    """The one way this adapter builds a Web API client (bolt copies it for every request)."""
    return AsyncWebClient(
        token=token,
        base_url=base_url or AsyncWebClient.BASE_URL,
        timeout=API_TIMEOUT_S,
        retry_handlers=retry_handlers(),
    )


@dataclass(frozen=True)
class Target:
    """Where a reply goes. `private`: the bot's own conversation with the user (a `message.im`
    event), where "ephemeral" adds nothing. Never set from a channel id: a slash command in a
    direct message between two people is seen by both."""

    channel_id: str | None
    user_id: str | None
    thread_ts: str | None = None
    response_url: str | None = None
    private: bool = False


async def deliver(
    reply: Reply, target: Target, client: AsyncWebClient, *, preface: str | None = None
) -> None:
    """Post every message of the rendered reply, in order; failures are logged, not raised
    (the user's request is already acknowledged and there is no one to raise to).

    `preface`: mrkdwn to stand first in the first message (see `render`)."""
    ephemeral = reply.ephemeral and not target.private
    if reply.thread and target.channel_id and not ephemeral:
        # A digest posted as a thread (`schedule now`): its headline's ts is needed for
        # the stories, and only the Web API returns one.
        try:
            await post_with_thread(client, target.channel_id, reply, target.thread_ts)
        except (SlackApiError, PartlyPosted) as error:
            log.error("posting the digest to %s failed: %s", target.channel_id, error)
        return
    messages = render(reply, asker=target.user_id, preface=preface)
    for number, message in enumerate(messages):
        try:
            if (
                target.response_url
                and number < RESPONSE_URL_USES
                and await _via_response_url(target, message, ephemeral)
            ):
                continue
            await _via_web_api(client, target, message, ephemeral)
        except SlackApiError as error:
            log.error("posting to %s failed: %s", target.channel_id, error.response.get("error"))
            return


async def _via_response_url(target: Target, message: Message, ephemeral: bool) -> bool:
    assert target.response_url is not None
    payload = {
        **message,
        "response_type": "ephemeral" if ephemeral else "in_channel",
        "replace_original": False,
    }
    if target.thread_ts:
        payload["thread_ts"] = target.thread_ts
    # Expired or used up: fall back to the Web API rather than lose the answer.
    return await _send_to_response_url(
        target.response_url, payload, otherwise="posting through the Web API"
    )


async def replace_original(response_url: str, message: Message) -> bool:
    """Replace the message a button was clicked in (its `response_url`); False when Slack
    refused (expired, too big) or could not be reached, so the caller can answer otherwise."""
    payload = {**message, "replace_original": True}
    return await _send_to_response_url(
        response_url, payload, otherwise="the message stays as it was"
    )


async def _send_to_response_url(url: str, payload: dict[str, Any], *, otherwise: str) -> bool:
    """POST `payload` to a response_url; False (logged, with what happens `otherwise`) when
    Slack could not be reached or refused it."""
    webhook = AsyncWebhookClient(url=url, timeout=API_TIMEOUT_S, retry_handlers=retry_handlers())
    try:
        response = await webhook.send_dict(payload)
    except (OSError, aiohttp.ClientError, TimeoutError) as error:
        log.warning("response_url unreachable (%s); %s", error, otherwise)
        return False
    if response.status_code == 200:
        return True
    log.warning("response_url answered %s (%s); %s", response.status_code, response.body, otherwise)
    return False


async def _via_web_api(
    client: AsyncWebClient, target: Target, message: Message, ephemeral: bool
) -> None:
    if not target.channel_id:
        raise ValueError("no channel to post to")
    if ephemeral and target.user_id:
        await client.chat_postEphemeral(
            channel=target.channel_id,
            user=target.user_id,
            thread_ts=target.thread_ts,
            text=message["text"],
            blocks=message["blocks"],
        )
        return
    await client.chat_postMessage(
        channel=target.channel_id,
        thread_ts=target.thread_ts,
        text=message["text"],
        blocks=message["blocks"],
        unfurl_links=False,
        unfurl_media=False,
    )


# Returns the Web API client holding the bot token for a workspace (team id, or None when
# the app serves one workspace).
ClientForTeam = Callable[[str | None], Awaitable[AsyncWebClient]]


def parse_channel_ref(channel_ref: str) -> tuple[str | None, str]:
    """ "T123/C456" (workspace and channel, needed with several workspaces) or "C456"."""
    team, sep, channel = channel_ref.replace(":", "/").rpartition("/")
    if not channel:
        raise ValueError(f"not a Slack channel reference: {channel_ref!r}")
    return (team or None) if sep else None, channel


class SlackPoster:
    """The scheduler's way into Slack: `post` raises on failure so it can record and retry,
    and raises `PartlyPosted` once any message of the digest is in the channel."""

    platform = "slack"

    def __init__(self, client_for_team: ClientForTeam) -> None:
        self._client_for_team = client_for_team

    async def post(self, channel_ref: str, reply: Reply) -> None:
        team, channel = parse_channel_ref(channel_ref)
        client = await self._client_for_team(team)
        await post_with_thread(client, channel, reply)


async def post_with_thread(
    client: AsyncWebClient, channel: str, reply: Reply, thread_ts: str | None = None
) -> None:
    """The reply's messages in the channel (or in the thread `thread_ts`), then its `thread`
    replies (a digest's stories) in the thread of its first message. A failure after the
    first message is in Slack is raised as `PartlyPosted`: posting again would repeat it."""
    parts = [(m, False) for m in render(reply)]
    parts += [(m, True) for part in reply.thread for m in render(part)]
    under = thread_ts
    for posted, (message, in_thread) in enumerate(parts):
        try:
            response = await client.chat_postMessage(
                channel=channel,
                thread_ts=under if in_thread or thread_ts else None,
                text=message["text"],
                blocks=message["blocks"],
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception as exc:
            if posted:
                raise PartlyPosted(posted, exc) from exc
            raise
        if posted == 0 and under is None:
            under = response.get("ts")  # the headline: its stories go in its thread
