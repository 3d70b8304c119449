"""Shared fixtures: a fresh store per test (in-memory SQLite, and PostgreSQL where configured),
copied from the session's migrated, seeded template (tests/store_template.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.dispatch import Core
from bot.core.types import Command, Context
from bot.ingest.linking import SpeakerLinker
from bot.store.db import temporary_schema
from bot.store.store import Store
from tests.store_template import close_templates, copy_store, postgres_copy

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ANN001 - pytest's hook
    close_templates()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request) -> Iterator[Store]:
    """A migrated, seeded store: in-memory SQLite, and PostgreSQL (a database of its own)
    where ATTACHE_TEST_POSTGRES_URL is set, so the same tests prove both backends."""
    if request.param == "sqlite":
        # Copies of the session's seeded template: the same database, without migrating
        # and seeding again (see tests/store_template.py).
        s = copy_store()
        yield s
        s.close()
        return
    with postgres_copy(request.getfixturevalue("postgres_url")) as s:
        yield s


def approve_said(store: Store, session, speaker, phrases: list[str]) -> list:  # noqa: ANN001
    """Each phrase stored as `speaker`'s quote from its own document, then approved (and
    so indexed): the statements, in order."""
    from bot.store import repo
    from bot.store.models import Document

    made = []
    for words in phrases:
        body = f"{speaker.name} said “{words}”."
        doc = Document(text=body, content_hash=repo.content_hash(body), title="Test")
        session.add(doc)
        session.flush()
        start = body.index(words)
        st, _ = repo.add_statement(
            session, doc, repo.NewStatement(speaker, words, start, start + len(words))
        )
        made.append(st)
    repo.set_status(session, store.indexer, made, "approved", "test:admin")
    return made


def postgres_schema(postgres_url: str):  # noqa: ANN201 - a context manager
    """A URL whose connections all use a fresh schema, dropped afterwards."""
    return temporary_schema(postgres_url, prefix="attache_test")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store(request) -> Iterator[Store]:
    """Migrated, not seeded; on both backends like `store`."""
    if request.param == "sqlite":
        s = copy_store(seeded=False)
        yield s
        s.close()
        return
    with postgres_copy(request.getfixturevalue("postgres_url"), seeded=False) as s:
        yield s


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


@pytest.fixture(scope="module")
def seeded_linker() -> Iterator[SpeakerLinker]:
    """The speaker linker of a fresh SQLite store: a first ingest's seeded speakers and
    gazetteer, for reading documents as ingest does (``prepare_document``)."""
    store = Store.open("sqlite://")
    try:
        with store.reading() as session:
            yield SpeakerLinker(session)
    finally:
        store.close()
