"""Shared fixtures: an in-memory SQLite store per test, migrated and seeded."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.core.dispatch import Core
from bot.core.types import Command, Context
from bot.store.store import Store

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request) -> Iterator[Store]:
    """A migrated, seeded store: in-memory SQLite, and PostgreSQL (a schema of its own) where
    ATTACHE_TEST_POSTGRES_URL is set, so the same tests prove both backends."""
    if request.param == "sqlite":
        s = Store.open("sqlite://")
        yield s
        s.close()
        return
    with postgres_schema(request.getfixturevalue("postgres_url")) as url:
        s = Store.open(url)
        yield s
        s.close()


@contextmanager
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A URL whose connections all use a fresh schema, dropped afterwards; the schema goes
    first on the search_path through libpq's `options`, so migrations create tables in it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"attache_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(postgres_url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store(request) -> Iterator[Store]:
    """Migrated, not seeded; on both backends like `store`."""
    from bot.store.db import migrate

    if request.param == "sqlite":
        s = Store.open("sqlite://", prepare=False)
        migrate(s.engine)
        yield s
        s.close()
        return
    with postgres_schema(request.getfixturevalue("postgres_url")) as url:
        s = Store.open(url, prepare=False)
        migrate(s.engine)
        yield s
        s.close()


@pytest.fixture
def core(store: Store) -> Core:
    return Core(store)


@pytest.fixture
def ask(core: Core):
    async def _ask(question: str):
        return await core.handle(Command("ask", question, context=Context(platform="test")))

    return _ask


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get("ATTACHE_TEST_POSTGRES_URL")
    if not url:
        pytest.skip(
            "ATTACHE_TEST_POSTGRES_URL is not set (.ci/run sets it); PostgreSQL tests skipped"
        )
    return url


def corpus_path() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the development corpus is not at {CORPUS}")
    return CORPUS
