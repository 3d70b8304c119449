"""Fixtures the ingestion tests share."""

from __future__ import annotations

import pytest

from bot.store.seed import load_gazetteer_rows
from bot.store.store import Store


@pytest.fixture
def gazetteer_store(empty_store: Store) -> Store:
    """Migrated, gazetteer loaded, no curated statements: what a fresh ingest sees."""
    with empty_store.transaction() as session:
        load_gazetteer_rows(session)
    return empty_store
