"""The import graph against the layer list (bot/layers.py): no import runs upwards.

Every module under bot/ and adapters/ is parsed; every import counts, at the top, inside a
function (a lazy import is still a dependency) or under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from bot.layers import LAYERS, Layer, place_of, refusal

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "adapters")
# Empty package roots: they import nothing and nothing is placed by them.
ROOTS = {"bot", "adapters"}

# Imports allowed against the layers, each with its reason. Keep it short.
# (source, target) -> why an upward import is allowed; none is today.
EXEMPT: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    line: int
    target: str  # the module imported (a submodule where `from pkg import sub` names one)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(module: str, source: str, is_package: bool, known: set[str]) -> list[Import]:
    """Every import in `source`, nested ones included, resolved to absolute module names."""
    found: list[Import] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [Import(module, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                if not is_package:
                    anchor.pop()
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append(Import(module, node.lineno, sub if sub in known else base))
    return found


def all_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def offences(
    sources: dict[str, tuple[str, bool]],
    layers: tuple[Layer, ...] = LAYERS,
    exempt: dict[tuple[str, str], str] | None = None,
) -> list[str]:
    """`module:line -> target (why)` for every import against `layers`.
    `sources`: module name -> (its source, whether it is a package's __init__)."""
    exempt = EXEMPT if exempt is None else exempt
    known = set(sources)
    found = []
    for module, (source, is_package) in sorted(sources.items()):
        for imp in imports_of(module, source, is_package, known):
            why = refusal(module, imp.target, layers)
            if why and (module, imp.target) not in exempt:
                found.append(f"{module}:{imp.line} -> {imp.target} ({why})")
    return found


def read_sources() -> dict[str, tuple[str, bool]]:
    return {
        name: (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for name, path in all_modules().items()
    }


def test_no_import_runs_from_a_lower_layer_to_a_higher_one() -> None:
    found = offences(read_sources())
    assert not found, "imports against bot/layers.py:\n" + "\n".join(found)


def test_every_module_has_a_layer() -> None:
    unplaced = [name for name in all_modules() if name not in ROOTS and place_of(name) is None]
    assert not unplaced, f"modules in no layer of bot/layers.py: {unplaced}"


def test_every_prefix_in_the_layer_list_names_a_module() -> None:
    """A stale entry (a module moved or gone) would silently place nothing."""
    names = set(all_modules())
    stale = [
        prefix
        for layer in LAYERS
        for prefix in layer.prefixes
        if not any(n == prefix or n.startswith(prefix + ".") for n in names)
    ]
    assert not stale, f"layer list prefixes naming no module: {stale}"


def test_every_exemption_is_still_needed() -> None:
    sources = read_sources()
    needed = {
        (imp.module, imp.target)
        for module, (source, is_package) in sources.items()
        for imp in imports_of(module, source, is_package, set(sources))
        if refusal(imp.module, imp.target)
    }
    assert set(EXEMPT) <= needed, f"exemptions no longer needed: {set(EXEMPT) - needed}"


TOY = (
    Layer("low", ("pkg.low",)),
    Layer("mid", ("pkg.a", "pkg.b"), independent=True),
    Layer("high", ("pkg.high", "pkg.a.top")),
)


def test_the_checker_catches_a_backward_import_even_inside_a_function() -> None:
    sources = {
        "pkg.low.util": ("def f():\n    from pkg.high import app\n", False),
        "pkg.high": ("from pkg.low import util\n", True),
        "pkg.high.app": ("", False),
    }
    assert offences(sources, TOY, exempt={}) == [
        "pkg.low.util:2 -> pkg.high.app (layer low -> higher layer high)"
    ]


def test_the_checker_catches_side_by_side_packages_and_resolves_relative_imports() -> None:
    sources = {
        "pkg.a": ("", True),
        "pkg.a.x": ("from ..b import y\nfrom . import top\n", False),
        "pkg.a.top": ("from pkg.a import x\n", False),
        "pkg.b": ("", True),
        "pkg.b.y": ("import pkg.low\n", False),
    }
    assert offences(sources, TOY, exempt={}) == [
        "pkg.a.x:1 -> pkg.b.y (pkg.a -> pkg.b, side by side in layer mid)",
        "pkg.a.x:2 -> pkg.a.top (layer mid -> higher layer high)",
    ]


def test_the_longest_prefix_places_a_module() -> None:
    assert place_of("bot.core.types").layer.name == "interface"  # type: ignore[union-attr]
    assert place_of("bot.app.dispatch").layer.name == "application"  # type: ignore[union-attr]
    assert place_of("json") is None
