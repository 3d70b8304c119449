"""Large files and a busy store (issue 17, item 3): files over the limits the pipeline meets
in bounded time are refused before they are read, naming the limit; extraction runs outside
any write transaction, so another process's write goes through meanwhile; a writer that
finds the store busy waits and says so, and gives up with a clear message, not "Something
went wrong"."""

from __future__ import annotations

import logging
import sqlite3
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app.dispatch import Core
from bot.cli import main
from bot.core.errors import InvalidInput
from bot.core.types import Command
from bot.ingest.batch import ingest_inputs
from bot.ingest.inputs import read_path
from bot.ingest.limits import MAX_DOCUMENT_BYTES
from bot.ingest.pipeline import DocumentInput
from bot.ingest.sources import add_source
from bot.store import busy
from bot.store.models import Document, Source
from bot.store.store import Store
from tests.conftest import CORPUS
from tests.ingest.test_sources import ADMIN

SPEECH = (
    "Talks in Geneva\n\nFinland's prime minister, Sanna Marin, told reporters: “We are ready "
    "to continue the dialogue, but not at any price.”\n"
)


def sized_file(path: Path, size: int) -> Path:
    """A file of `size` bytes, most of them a hole on disk (it reads as NUL characters)."""
    with path.open("wb") as out:
        out.write(b"Title\n\n")
        out.truncate(size)
    return path


@pytest.mark.parametrize(
    ("name", "size", "shown"),
    [
        ("big.txt", 50_000_000, "big.txt is 50 MB; the limit is 2 MB"),
        ("big.html", MAX_DOCUMENT_BYTES + 1, "big.html is 2,000,001 bytes; the limit is 2 MB"),
        ("big.jsonl", 80_000_000, "big.jsonl is 80 MB; the limit is 5 MB"),
    ],
)
def test_a_file_over_its_limit_is_refused_before_it_is_read(
    tmp_path: Path, name: str, size: int, shown: str
) -> None:
    path = sized_file(tmp_path / name, size)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput) as refused:
            list(read_path(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert shown in refused.value.message and "split it into smaller files" in refused.value.message
    # Refused from its size: nothing of the file was read (it was read whole before).
    assert peak < 1_000_000


def test_the_largest_corpus_file_is_within_the_limits() -> None:
    # 4.9 MB of White House briefings: ingested in about 30 s on the project's machine.
    path = CORPUS / "whitehouse" / "wh-press-briefings.jsonl"
    first = next(read_path(path))
    assert isinstance(first, DocumentInput) and first.text


def test_the_command_line_names_the_limit_and_exits_2(tmp_path: Path, capsys) -> None:
    path = sized_file(tmp_path / "file.txt", 80_000_000)
    status = main(["--db", str(tmp_path / "store.sqlite3"), "ingest", str(path)])
    assert status == 2
    assert "file.txt is 80 MB; the limit is 2 MB" in capsys.readouterr().err


def test_an_article_text_over_the_limit_is_refused_by_the_pipeline(store: Store) -> None:
    from bot.ingest.inputs import text_document

    text = "Title\n\n" + "Word. " * (MAX_DOCUMENT_BYTES // 6 + 10)
    report = ingest_inputs(
        store, [text_document(text, label="feed-item")], auto_approve=False, actor="test"
    )
    assert report.results == []
    assert report.errors and "the limit is 2 MB" in report.errors[0]


# --- a second writer --------------------------------------------------------------------


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """A store in an SQLite file, so other engines (other processes) can open it."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = Store.open(url)
    yield store, url
    store.close()


def in_thread(work: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def add_from_another_engine(url: str, feed: str) -> Source:
    other = Store.open(url, prepare=False)
    try:
        return add_source(other, feed, kind="feed", actor="other")
    finally:
        other.close()


def test_another_writer_is_not_held_up_by_an_ingest_reading_its_document(
    file_store, tmp_path: Path, monkeypatch, caplog
) -> None:
    """While the ingest works out its document (here: the speakers' sides, which ran after
    the document's first insert before), another engine adds a source, and it succeeds at
    once, without waiting for the ingest's lock."""
    store, url = file_store
    import bot.ingest.pipeline as pipeline

    real_sides = pipeline.document_sides
    during: dict[str, object] = {}

    def sides_with_a_writer_meanwhile(*args: object, **kwargs: object) -> dict[str, int]:
        thread, outcome = in_thread(
            lambda: add_from_another_engine(url, "http://example.org/feed.xml")
        )
        thread.join(timeout=120)
        during.update(outcome)
        return real_sides(*args, **kwargs)

    monkeypatch.setattr(pipeline, "document_sides", sides_with_a_writer_meanwhile)
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH)
    with caplog.at_level(logging.WARNING):
        report = ingest_inputs(store, read_path(path), auto_approve=False, actor="test")

    assert "error" not in during, during.get("error")
    assert isinstance(during.get("value"), Source)
    assert busy.BUSY_MESSAGE not in caplog.text  # it never had to wait
    assert len(report.results) == 1 and not report.errors
    with store.reading() as session:
        assert session.scalar(select(Source.url).where(Source.added_by == "other"))
        assert session.scalar(
            select(Document.id).where(Document.id == report.results[0].document_id)
        )


@pytest.fixture
def short_waits(monkeypatch) -> None:
    monkeypatch.setattr(busy, "ATTEMPT_WAIT_S", 0.2)


@pytest.fixture
def locked(file_store) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction, holding SQLite's write lock until released."""
    _, url = file_store
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()


class Heard(logging.Handler):
    """Sets `event` when a log record carries the busy message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.event = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if busy.BUSY_MESSAGE in record.getMessage():
            self.event.set()


def test_a_writer_that_finds_the_store_busy_says_so_and_waits(
    file_store, locked, short_waits
) -> None:
    store, _ = file_store
    heard = Heard()
    logging.getLogger("bot.store.busy").addHandler(heard)
    try:
        thread, outcome = in_thread(
            lambda: add_source(store, "http://example.org/feed.xml", kind="feed", actor="t")
        )
        # The writer says it is waiting (before: silent for 30 s, then "database is locked").
        assert heard.event.wait(timeout=25), "the busy store was never reported"
        locked.execute("COMMIT")  # the other writer finishes
        thread.join(timeout=60)
    finally:
        logging.getLogger("bot.store.busy").removeHandler(heard)
    assert "error" not in outcome, outcome.get("error")
    with store.reading() as session:
        assert session.scalar(select(Source).where(Source.url == "http://example.org/feed.xml"))


async def test_a_writer_that_waits_too_long_gives_up_with_a_clear_message(
    file_store, locked, short_waits, monkeypatch
) -> None:
    store, _ = file_store
    monkeypatch.setattr(busy, "MAX_WAIT_S", 1.0)
    monkeypatch.setenv("ATTACHE_ALLOW_LOOPBACK_FETCH", "1")
    reply = await Core(store).handle(
        Command("sources", "add http://127.0.0.1:9/feed.xml feed", context=ADMIN)
    )
    assert reply.is_error and "Something went wrong" not in reply.title
    assert "the store was still busy after 1 s" in reply.title
    assert "nothing was changed" in reply.title
