"""Where the shipped reference data and seeds live, installed or in a checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    # The wheel carries data/ and seeds/ inside the package (see pyproject.toml);
    # a checkout or editable install has them at the repository root.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Attaché's {name}/ folder is missing from {_PACKAGE}")


@cache
def data_dir() -> Path:
    return _locate("data")


@cache
def seeds_dir() -> Path:
    return _locate("seeds")


@cache
def data_json(name: str) -> Any:
    """``data/<name>`` parsed once per process (callers read it, never change it)."""
    return json.loads((data_dir() / name).read_text(encoding="utf-8"))


@cache
def word_list(name: str, key: str) -> frozenset[str]:
    """The list of words ``key`` of ``data/<name>``, as a set (words kept out of the code so
    that they can grow without touching the rules that read them)."""
    return frozenset(ordered_words(name, key))


@cache
def ordered_words(name: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of ``data/<name>`` in its order: a plain list, or an object whose
    "words" it is beside a "_comment" saying what the list is for."""
    entry = data_json(name)[key]
    return tuple(entry["words"] if isinstance(entry, dict) else entry)
