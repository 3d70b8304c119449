"""The one interface every embedding model implements, and what they share."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length float32 rows, one per text.

    `name` identifies the model, its version and its pooling: it is stored with every vector,
    and vectors of another name are never compared with this model's."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dim) float32 array of L2-normalised rows."""
        ...


def normalise(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as float32; an all-zero row (no known token) stays zero."""
    import numpy as np

    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def files_fingerprint(paths: Iterable[Path], *, contents: bool) -> str:
    """Eight hex digits naming a model's files: by their bytes (`contents`, for files small
    enough to read at load), else by their names and sizes (a folder of hundreds of MB)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0")
        if contents:
            digest.update(path.read_bytes())
        else:
            digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()[:8]
