"""Stores for tests, copied from templates migrated (and seeded) once per test session.

Migrating and seeding a store takes about 0.2 s on SQLite and 0.35 s on PostgreSQL, and
most tests want a fresh one. Copying the finished database takes under a millisecond on
SQLite (its backup API, page by page, into a new in-memory database) and about 0.15 s on
PostgreSQL (`CREATE DATABASE … TEMPLATE`, then `DROP DATABASE`). PostgreSQL has no quicker
faithful copy of a schema: `CREATE TABLE … (LIKE … INCLUDING ALL)` leaves out foreign keys,
triggers and sequences' ownership.

A copy is a store of its own: its own database (writes never reach the template or another
copy) behind its own engine, session factory, search backend and vectors, just as
`Store.open` builds them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from bot.embed.config import ENV_VAR as EMBEDDER_VAR
from bot.store.db import migrate, temporary_schema
from bot.store.store import Store

# (seeded, ATTACHE_EMBEDDER as set) -> the template. Seeding writes the configured model's
# vectors, so a test that sets another model gets a template seeded with that one.
_templates: dict[tuple[bool, str], Store] = {}


def template(*, seeded: bool = True) -> Store:
    """The session's migrated (and, with `seeded`, seeded) store; never hand it to a test."""
    key = (seeded, os.environ.get(EMBEDDER_VAR, ""))
    found = _templates.get(key)
    if found is None:
        found = Store.open("sqlite://", prepare=seeded)
        if not seeded:
            migrate(found.engine)
        _templates[key] = found
    return found


def copy_store(*, seeded: bool = True) -> Store:
    """A fresh in-memory store holding what `Store.open("sqlite://")` (or, without `seeded`,
    an open without prepare plus `migrate`) would: the template's database copied in."""
    source = template(seeded=seeded)
    # The engine's one StaticPool connection (with the store's pragmas) is the database.
    store = Store.open("sqlite://", prepare=False)
    with source.engine.connect() as src, store.engine.connect() as dst:
        src.connection.dbapi_connection.backup(dst.connection.dbapi_connection)  # type: ignore[union-attr]
    return _prepared(store, seeded=seeded)


def _prepared(store: Store, *, seeded: bool) -> Store:
    if seeded:
        # Seeding resolves the configured embedder; do the same so a later change of
        # ATTACHE_EMBEDDER affects this store exactly as it would a freshly seeded one.
        _ = store.vectors.embedder
    return store


class PostgresTemplates:
    """Template databases on one server, and per-test databases copied from them.

    PostgreSQL copies a database only as a whole, and only while nobody is connected to
    the template: so each template is built, then its store closed, and never opened again.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        # CREATE and DROP DATABASE cannot run inside a transaction block.
        self._admin: Engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self._templates: dict[tuple[bool, str], str] = {}
        self._made: list[str] = []  # every template database, to drop at the end
        self.usable = True  # False once the role turned out unable to create databases

    def _url(self, database: str) -> str:
        return make_url(self.url).set(database=database).render_as_string(hide_password=False)

    def _template(self, seeded: bool) -> str | None:
        """The template's name; None where the role may not create databases."""
        key = (seeded, os.environ.get(EMBEDDER_VAR, ""))
        name = self._templates.get(key)
        if name is not None:
            return name
        name = f"attache_template_{uuid.uuid4().hex[:12]}"
        try:
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        except ProgrammingError:  # no CREATEDB privilege
            return None
        self._made.append(name)
        store = Store.open(self._url(name), prepare=seeded)
        try:
            if not seeded:
                migrate(store.engine)
        finally:
            store.close()
        self._templates[key] = name  # only once complete
        return name

    @contextmanager
    def copy(self, *, seeded: bool = True) -> Iterator[Store]:
        """A store in a database of its own, copied from the template; dropped afterwards."""
        source = self._template(seeded) if self.usable else None
        if source is None:  # a fresh schema per test, as before
            self.usable = False
            yield from _schema_store(self.url, seeded=seeded)
            return
        name = f"attache_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
        try:
            # Migrated and seeded already: opening only reads the revision and seed version.
            store = Store.open(self._url(name), prepare=seeded)
            try:
                yield _prepared(store, seeded=seeded)
            finally:
                store.close()
        finally:
            with self._admin.connect() as conn:
                # FORCE: a connection a test left open must not keep its database alive.
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))

    def close(self) -> None:
        with self._admin.connect() as conn:
            for name in self._made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._templates.clear()
        self._admin.dispose()


def _schema_store(url: str, *, seeded: bool) -> Iterator[Store]:
    """The slow way, where databases cannot be created: migrate (and seed) a fresh schema."""
    with temporary_schema(url, prefix="attache_test") as schema_url:
        store = Store.open(schema_url, prepare=seeded)
        try:
            if not seeded:
                migrate(store.engine)
            yield store
        finally:
            store.close()


_postgres: dict[str, PostgresTemplates] = {}


@contextmanager
def postgres_copy(url: str, *, seeded: bool = True) -> Iterator[Store]:
    """A fresh PostgreSQL store on the server at `url`, copied from the session's template."""
    templates = _postgres.get(url)
    if templates is None:
        templates = _postgres[url] = PostgresTemplates(url)
    with templates.copy(seeded=seeded) as store:
        yield store


def close_templates() -> None:
    for found in _templates.values():
        found.close()
    _templates.clear()
    for templates in _postgres.values():
        templates.close()
    _postgres.clear()
