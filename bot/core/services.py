"""What command handlers work with: the store and the answer engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.answer.engine import Answerer
from bot.core.registry import Registry
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
