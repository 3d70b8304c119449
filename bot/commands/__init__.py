"""One module per feature; `build_registry` lists every command explicitly."""

from __future__ import annotations

from bot.commands import (
    ask,
    digest,
    explore,
    help,
    review,
    schedule,
    settings,
    show,
    sources,
    statements,
)
from bot.core.registry import Registry


def build_registry() -> Registry:
    registry = Registry()
    for module in (
        ask,
        explore,
        statements,
        show,
        sources,
        review,
        schedule,
        digest,
        settings,
        help,
    ):
        for spec in module.SPECS:
            registry.add(spec)
    return registry
