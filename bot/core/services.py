"""What command handlers work with: the store and the answer engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answer.engine import Answerer
from bot.core.registry import Registry
from bot.store.store import Store


@dataclass
class Services:
    store: Store
    registry: Registry
    answerer: Answerer = field(init=False)

    def __post_init__(self) -> None:
        self.answerer = Answerer(self.store)
