"""What answering needs of statement vectors, whatever keeps them.

The engine embeds the question, asks for the statements nearest to it (limited to the side
the question names, as the full-text search is), and reads the exact vectors of every
candidate to score them alike, however each was found. `NoVectors` answers with words alone
(dense retrieval switched off, or no vectors stored yet).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

import numpy as np
from sqlalchemy.orm import Session


class Vectors(Protocol):
    @property
    def enabled(self) -> bool:
        """Whether a model is configured (dense retrieval on)."""

    def question_vector(self, text: str) -> np.ndarray | None:
        """The question embedded (unit length), or None when dense retrieval is off."""

    def nearest(
        self,
        session: Session,
        vector: np.ndarray,
        k: int,
        *,
        speaker_ids: Collection[int] = (),
        entity_ids: Collection[int] = (),
        exclude_speaker_ids: Collection[int] = (),
    ) -> list[tuple[int, float]]:
        """(statement id, approximate similarity) of the `k` nearest approved statements,
        best first; limited to those speakers, or else those entities, when given."""

    def exact(self, session: Session, statement_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """The stored vectors of those statements (those that have one)."""


class NoVectors:
    """Dense retrieval off: no question vector, so nothing is searched or read."""

    enabled = False

    def question_vector(self, text: str) -> np.ndarray | None:
        return None

    def nearest(self, session: Session, vector: np.ndarray, k: int, **_: object) -> list:
        return []

    def exact(self, session: Session, statement_ids: Sequence[int]) -> dict[int, np.ndarray]:
        return {}
