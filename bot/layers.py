"""The layers of the code, lowest first: a module imports its own layer and lower ones only.

tests/test_layers.py reads every module under bot/ and adapters/ (imports inside functions
included) and fails on any import that runs upwards. A module belongs to the layer of the
longest prefix naming it; `Core.handle` and what wires it to the store, the answer engine
and the commands (bot.app) is the application layer with the commands it runs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layer:
    name: str
    prefixes: tuple[str, ...]
    # Packages side by side that must not import one another (each stands on the layers
    # below alone), so the order among them never has to be decided.
    independent: bool = False


LAYERS: tuple[Layer, ...] = (
    # Data files and pure text analysis: folding, stems, entities, the gazetteer, offices,
    # name particles, credentials redacted.
    Layer("foundation", ("bot.layers", "bot.resources", "bot.text")),
    # The platform-neutral contract: Command, Reply, errors, the registry, syntax, cards.
    Layer("interface", ("bot.core",)),
    # Rows, queries, the search index and the vectors that feed it.
    Layer("store", ("bot.embed", "bot.store")),
    # Fetching and extraction: what the domain packages above work on.
    Layer("ingest", ("bot.ingest",)),
    # Reviewing, answering and digests: each on the layers below, none on another.
    Layer("domain", ("bot.answer", "bot.review", "bot.schedule"), independent=True),
    # The commands, and the composition that runs them: Core.handle, Services, workers.
    Layer(
        "application",
        (
            "bot.commands",
            "bot.app",
        ),
    ),
    # What a person or a platform starts: the command line, the server, the chat adapters.
    Layer(
        "entry",
        (
            "adapters",
            "bot.cli",
            "bot.serve",
        ),
    ),
)


@dataclass(frozen=True)
class Place:
    """Where a module sits: its layer's rank (0 lowest), and the prefix that put it there."""

    rank: int
    layer: Layer
    prefix: str


def place_of(module: str, layers: tuple[Layer, ...] = LAYERS) -> Place | None:
    """The layer of `module` by its longest matching prefix; None for a module outside them."""
    best: Place | None = None
    for rank, layer in enumerate(layers):
        for prefix in layer.prefixes:
            names_it = module == prefix or module.startswith(prefix + ".")
            if names_it and (best is None or len(prefix) > len(best.prefix)):
                best = Place(rank, layer, prefix)
    return best


def refusal(source: str, target: str, layers: tuple[Layer, ...] = LAYERS) -> str | None:
    """Why `source` may not import `target` (None: it may). Modules outside the layers
    (the standard library, third-party packages) are always allowed."""
    here, there = place_of(source, layers), place_of(target, layers)
    if here is None or there is None:
        return None
    if there.rank > here.rank:
        return f"layer {here.layer.name} -> higher layer {there.layer.name}"
    if there.rank == here.rank and here.layer.independent and here.prefix != there.prefix:
        return f"{here.prefix} -> {there.prefix}, side by side in layer {here.layer.name}"
    return None
