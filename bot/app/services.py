"""What command handlers work with: the store, the registry, the answer engine, the fetch
policy and the settings of the channel a command came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.answer.engine import Answerer
from bot.app import channel_settings
from bot.app.channel_settings import ChannelSettings
from bot.core.registry import Registry
from bot.core.types import Context
from bot.store.store import Store

if TYPE_CHECKING:
    from bot.ingest.fetch import FetchPolicy


@dataclass
class Services:
    store: Store
    registry: Registry
    # None: the default policy (public addresses only), built when first needed.
    policy: FetchPolicy | None = None
    answerer: Answerer = field(init=False)

    def __post_init__(self) -> None:
        self.answerer = Answerer(self.store)

    @property
    def fetch_policy(self) -> FetchPolicy:
        if self.policy is None:
            from bot.ingest.fetch import FetchPolicy

            self.policy = FetchPolicy()
        return self.policy

    def channel_settings(self, context: Context) -> ChannelSettings:
        """The settings of the channel a command came from (one indexed read)."""
        return channel_settings.read(self.store, context)

    def answers_private(self, context: Context) -> bool:
        """Whether answers in this channel are private: adapters that defer before asking the
        core (Discord) ask this first, so the deferral is private too."""
        return self.channel_settings(context).answers_private
