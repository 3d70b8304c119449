"""Where the shipped reference data and seeds live, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
