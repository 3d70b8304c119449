"""Multi-workspace installs: slack-bolt's OAuth flow with its stores on the bot's own database.

slack-bolt's AsyncApp needs `AsyncInstallationStore` / `AsyncOAuthStateStore`. slack_sdk's
async SQLAlchemy stores need an `AsyncEngine`, that is an async driver (aiosqlite, which the
project does not ship, or psycopg's async mode) and a second engine, and an in-memory SQLite
database could not be shared between the two. So the adapter wraps slack_sdk's *sync*
SQLAlchemy stores, built on the store's own engine (`core.services.store.engine`), and runs
each call in a worker thread: same database, same pool, the event loop never blocks, and every
worker behind the load balancer sees every installation and every OAuth state.

Tables (created at start-up if absent, outside the bot's Alembic migrations because slack_sdk
owns their schema): slack_installations, slack_bots, slack_oauth_states.
"""

from __future__ import annotations

import asyncio
import logging
from logging import Logger

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.slack.settings import SCOPES, SlackSettings

log = logging.getLogger(__name__)
STATE_EXPIRATION_S = 600


class ThreadedInstallationStore(AsyncInstallationStore):
    """slack_sdk's SQLAlchemy installation store, called from asyncio through threads."""

    def __init__(self, sync_store: SQLAlchemyInstallationStore) -> None:
        self.sync_store = sync_store

    @property
    def logger(self) -> Logger:
        return self.sync_store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.sync_store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.sync_store.save_bot, bot)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        return await asyncio.to_thread(
            self.sync_store.find_bot,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await asyncio.to_thread(
            self.sync_store.find_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(
            self.sync_store.delete_bot, enterprise_id=enterprise_id, team_id=team_id
        )

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await asyncio.to_thread(
            self.sync_store.delete_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
        )


class ThreadedOAuthStateStore(AsyncOAuthStateStore):
    """slack_sdk's SQLAlchemy OAuth state store: a state issued by one worker is consumed
    by whichever worker Slack's redirect reaches."""

    def __init__(self, sync_store: SQLAlchemyOAuthStateStore) -> None:
        self.sync_store = sync_store

    @property
    def logger(self) -> Logger:
        return self.sync_store.logger

    async def async_issue(self, *args, **kwargs) -> str:
        return await asyncio.to_thread(self.sync_store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.sync_store.consume, state)


def installation_store(settings: SlackSettings, engine: Engine) -> ThreadedInstallationStore:
    assert settings.client_id is not None
    return ThreadedInstallationStore(
        SQLAlchemyInstallationStore(client_id=settings.client_id, engine=engine, logger=log)
    )


def oauth_settings(
    settings: SlackSettings, installations: ThreadedInstallationStore, engine: Engine
) -> AsyncOAuthSettings:
    states = ThreadedOAuthStateStore(
        SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_S, engine=engine, logger=log)
    )
    return AsyncOAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(SCOPES),
        redirect_uri=settings.redirect_uri,
        installation_store=installations,
        state_store=states,
        state_expiration_seconds=STATE_EXPIRATION_S,
    )


async def create_tables(installations: ThreadedInstallationStore, settings: AsyncOAuthSettings):
    """Create slack_sdk's tables if absent. `create_all` checks first, but two workers starting
    together can both find a table missing; the loser's error is followed by one more look."""
    creators = [installations.sync_store.create_tables]
    if isinstance(settings.state_store, ThreadedOAuthStateStore):
        creators.append(settings.state_store.sync_store.create_tables)
    for create in creators:
        try:
            await asyncio.to_thread(create)
        except SQLAlchemyError:
            log.info("another worker was creating the Slack tables; checking again")
            await asyncio.to_thread(create)
