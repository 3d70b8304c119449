"""Where approved statements become findable, and stop being: the full-text index and the
statement vectors, kept in step in the writer's own transaction.

Every writer that approves, edits or rejects statements (review, ingest, seeding) goes
through one `Indexer`, so neither index can be forgotten in one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.store.models import Statement
    from bot.store.search import SearchBackend
    from bot.store.vectors import Vectors


class Indexer(Protocol):
    """What writers call; a bare SearchBackend is one too (full text only)."""

    def index(self, session: Session, statements: Iterable[Statement]) -> None:
        """(Re)index approved statements: new, or changed in what is searched."""
        ...

    def remove(self, session: Session, statement_ids: Iterable[int]) -> None:
        """Take statements out: they are no longer approved."""
        ...


class StatementIndexer:
    def __init__(self, search: SearchBackend, vectors: Vectors) -> None:
        self.search = search
        self.vectors = vectors

    def index(self, session: Session, statements: Iterable[Statement]) -> None:
        statements = list(statements)
        self.search.index(session, statements)
        self.vectors.write(session, statements)

    def remove(self, session: Session, statement_ids: Iterable[int]) -> None:
        ids = list(statement_ids)
        self.search.remove(session, ids)
        self.vectors.remove(session, ids)
