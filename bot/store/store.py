"""`Store`: one object holding the engine, the session factory, the full-text search backend,
the statement vectors, and the indexer that keeps both in step with approvals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.store.db import create_store_engine, make_sessionmaker, migrate, transaction
from bot.store.indexer import StatementIndexer
from bot.store.search import SearchBackend, backend_for
from bot.store.seed import seed
from bot.store.vectors import Vectors


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = make_sessionmaker(engine)
        self.search: SearchBackend = backend_for(engine.dialect.name)
        # The model is chosen (ATTACHE_EMBEDDER) and loaded only when first needed.
        self.vectors = Vectors(self.sessions, engine.dialect.name)
        # What writers index approved statements through: full text and vectors.
        self.indexer = StatementIndexer(self.search, self.vectors)

    @classmethod
    def open(cls, url: str, *, prepare: bool = True) -> Store:
        """Open the store at `url`; by default migrate it and load the seeds if needed."""
        store = cls(create_store_engine(url))
        if prepare:
            store.prepare()
        return store

    def prepare(self) -> None:
        migrate(self.engine)
        with self.transaction() as session:
            seed(session, self.indexer)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with transaction(self.sessions) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
