"""Two `attache serve` processes on one PostgreSQL store: each due digest and feed poll
runs exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.store.models import DigestPost, Document, Source, Statement, Subscription
from bot.store.store import Store
from tests.conftest import REPO_ROOT, postgres_schema
from tests.ingest.httpserver import LocalHTTPServer
from tests.ingest.test_sources import serve_feed

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _serve(url: str) -> subprocess.Popen:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": str(REPO_ROOT),
        "ATTACHE_ALLOW_LOOPBACK_FETCH": "1",  # the test feed is served on 127.0.0.1
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "--db", url, "serve", "--console"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(check, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("the serve processes did not finish their work in time")


def test_two_serve_processes_post_each_digest_and_poll_each_feed_once(postgres_url) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    period_end = now.replace(minute=0, second=0, microsecond=0)
    with postgres_schema(postgres_url) as url, LocalHTTPServer() as server:
        store = Store.open(url)
        serve_feed(server)
        with store.transaction() as session:
            # An hourly digest whose last period ended at the top of this hour, holding
            # statements approved during that period; and a feed that is due now.
            sub = Subscription(
                platform="console",
                workspace="",
                channel="console",
                cron="0 * * * *",
                timezone="UTC",
                filters={},
                enabled=True,
                post_when_empty=False,
                last_period_end=period_end - timedelta(hours=1),
                created_by="test",
                created_at=period_end - timedelta(hours=3),
            )
            session.add(sub)
            session.execute(
                update(Statement).values(reviewed_at=period_end - timedelta(minutes=30))
            )
            session.add(
                Source(
                    kind="feed",
                    name="Test feed",
                    url=server.url("/feed.xml"),
                    added_by="test",
                    auto_approve=False,
                    poll_interval_s=3600,
                    polled_once=False,
                )
            )
        workers = [_serve(url), _serve(url)]
        try:

            def done() -> bool:
                with store.reading() as session:
                    posted = session.scalars(select(DigestPost.status)).all()
                    polled = session.scalars(
                        select(Source.last_polled_at).where(Source.kind == "feed")
                    ).all()
                return "posted" in posted and all(polled)

            _wait(done)
            time.sleep(3)  # give the slower process its chance to do it again (it must not)
        finally:
            outputs = []
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
                out, err = worker.communicate(timeout=30)
                outputs.append((out, err, worker.returncode))
        with store.reading() as session:
            posts = session.scalars(select(DigestPost)).all()
            feed = select(Source.id).where(Source.kind == "feed")
            documents = session.scalars(select(Document).where(Document.source_id.in_(feed))).all()
        store.close()
        printed = sum(out.count("--- digest for console") for out, _, _ in outputs)
        assert [(p.status, p.period_end) for p in posts] == [("posted", period_end)]
        assert printed == 1, outputs
        assert len(server.requests_to("/feed.xml")) == 1
        assert len(documents) == 3
        assert all(code == 0 for _, _, code in outputs), outputs
