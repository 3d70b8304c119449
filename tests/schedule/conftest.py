"""Shared pieces for the digest tests: virtual time, fake posters, statements approved at a
chosen instant, subscriptions, and PostgreSQL stores in a schema of their own."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from bot.core.types import Reply
from bot.schedule.periods import to_db
from bot.store import repo
from bot.store.models import Document, Statement, Subscription
from bot.store.store import Store

LONG_AGO = datetime(2020, 1, 1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


class VirtualClock:
    """The scheduler's clock in tests: it moves only when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment


@dataclass
class FakePoster:
    """Records what would be posted; `fail` posts raise first (as a platform error would)."""

    platform: str = "test"
    fail: int = 0
    error: Callable[[], Exception] = lambda: RuntimeError("HTTP 503 from the platform")
    posts: list[tuple[str, Reply]] = field(default_factory=list)
    calls: int = 0
    block: asyncio.Event | None = None
    entered: asyncio.Event = field(default_factory=asyncio.Event)

    async def post(self, channel_ref: str, reply: Reply) -> None:
        self.calls += 1
        self.entered.set()
        if self.block is not None:
            await self.block.wait()
        if self.fail:
            self.fail -= 1
            raise self.error()
        self.posts.append((channel_ref, reply))


def neutralise_seeds(store: Store) -> None:
    """The seeded statements were approved at the real 'now'; move them far into the past
    so that virtual-time digests see only what a test approves."""
    with store.transaction() as session:
        session.execute(update(Statement).values(reviewed_at=LONG_AGO))


def approve(
    store: Store,
    speaker: str,
    words: str,
    at: datetime,
    *,
    announce: bool = True,
    status: str = "approved",
    url: str | None = None,
) -> int:
    """Store a statement by `speaker` (a gazetteer name links its entity), approved at `at`."""
    with store.transaction() as session:
        body = f"{speaker} said: “{words}”"
        doc = Document(
            text=body,
            content_hash=repo.content_hash(body),
            title=f"Report on {speaker}",
            outlet="Example Wire",
            url=url or f"https://example.org/{uuid.uuid4().hex[:8]}",
            announce=announce,
        )
        session.add(doc)
        session.flush()
        person = repo.upsert_speaker(session, speaker)
        start = body.index("“") + 1
        st, _ = repo.add_statement(
            session,
            doc,
            repo.NewStatement(person, words, start, start + len(words)),
            status=status,
            reviewer="test:admin",
        )
        st.reviewed_at = to_db(at) if status != "pending" else None
        return st.id


def subscribe(
    store: Store,
    *,
    cron: str = "0 9 * * *",
    tz: str = "UTC",
    channel: str = "chan-1",
    platform: str = "test",
    created: datetime,
    last: datetime | None = None,
    post_when_empty: bool = False,
    filters: dict | None = None,
) -> int:
    with store.transaction() as session:
        sub = Subscription(
            platform=platform,
            workspace="ws",
            channel=channel,
            cron=cron,
            timezone=tz,
            filters=filters or {},
            enabled=True,
            post_when_empty=post_when_empty,
            last_period_end=to_db(last) if last else None,
            created_by="test:admin",
            created_at=to_db(created),
        )
        session.add(sub)
        session.flush()
        return sub.id


@pytest.fixture
def sched_store(store: Store) -> Store:
    neutralise_seeds(store)
    return store


@pytest.fixture
def file_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    first = Store.open(url)  # migrate and seed once, before any racing
    neutralise_seeds(first)
    first.close()
    return url


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema per test, other tests' tables untouched.

    The schema goes first on the search_path through libpq's `options`, so Store.open
    migrates into it and every connection of every engine made from the URL uses it.
    """
    schema = f"attache_sched_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = (
        make_url(postgres_url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    first = Store.open(url)
    neutralise_seeds(first)
    first.close()
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
