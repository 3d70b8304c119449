"""`sources add` checks the URL as fetching would, `sources list` never shows a password, the
seed cannot be removed, an apostrophe is a word's, and a bad scheme exits 2 in `ingest` as in
`sources add`."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app.dispatch import Core
from bot.cli import main
from bot.core.parse import parse_args
from bot.core.types import Command
from bot.ingest import fetch as fetch_module
from bot.ingest.sources import add_source
from bot.store.models import AuditEntry, Source
from bot.store.store import Store
from tests.ingest.httpserver import LocalHTTPServer
from tests.ingest.test_sources import ADMIN, LOCAL, USER


@pytest.fixture(autouse=True)
def _no_loopback_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTACHE_ALLOW_LOOPBACK_FETCH", raising=False)


def source_urls(store: Store) -> list[str]:
    with store.reading() as session:
        return list(session.scalars(select(Source.url).where(Source.kind.in_(("feed", "page")))))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://169.254.169.254/latest/meta-data/",
            "address 169.254.169.254 is link-local (the cloud metadata endpoint)",
        ),
        ("http://10.0.0.5/feed.xml", "address 10.0.0.5 is private"),
        ("http://127.0.0.1:8080/feed.xml", "address 127.0.0.1 is loopback"),
        ("http://[::ffff:192.168.0.1]/rss", "an IPv6 form of 192.168.0.1, which is private"),
        (
            "https://alice:hunter2@example.org/feed.xml",
            "refused https://alice:***@example.org/feed.xml: URLs with a user name or password",
        ),
    ],
)
async def test_add_refuses_what_fetching_would(store: Store, url: str, message: str) -> None:
    reply = await Core(store).handle(Command("sources", f"add {url} feed", context=ADMIN))
    assert reply.is_error and message in reply.title, reply.title
    assert "hunter2" not in reply.title
    assert source_urls(store) == []


async def test_add_refuses_a_name_that_resolves_to_a_private_address(store, monkeypatch):
    async def resolve(host: str, port: int) -> list[str]:
        return {"intranet.example": ["10.1.2.3"], "news.example": ["93.184.216.34"]}[host]

    monkeypatch.setattr(fetch_module, "resolve_host", resolve)
    core = Core(store)
    refused = await core.handle(
        Command("sources", "add http://intranet.example/rss feed", context=ADMIN)
    )
    assert refused.is_error
    assert "intranet.example resolves to 10.1.2.3, which is private" in refused.title
    added = await core.handle(Command("sources", "add http://news.example/rss feed", context=ADMIN))
    assert not added.is_error and source_urls(store) == ["http://news.example/rss"]


async def test_add_lets_the_test_setting_reach_loopback(store: Store) -> None:
    with LocalHTTPServer() as server:
        core = Core(store)
        core.services.policy = LOCAL
        url = server.url("/feed.xml")
        reply = await core.handle(Command("sources", f"add {url} feed", context=ADMIN))
        assert not reply.is_error, reply.title
        assert source_urls(store) == [url]


def test_library_add_refuses_credentials(store: Store) -> None:
    from bot.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match=r"https://bob:\*\*\*@example\.org/"):
        add_source(store, "https://bob:pw@example.org/feed", kind="feed", actor="t")


async def test_list_never_shows_a_password(store: Store) -> None:
    # As stored before adding checked URLs: name and URL both carry the password.
    with store.transaction() as session:
        url = "https://alice:hunter2@example.org/feed.xml"
        session.add(Source(kind="feed", name=url, url=url, added_by="t", poll_interval_s=900))
        session.add(
            Source(
                kind="page",
                name="token",
                url="https://s3cr3t@example.org/page",
                added_by="t",
                poll_interval_s=900,
            )
        )
    listing = await Core(store).handle(Command("sources", "list", context=USER))
    shown = "\n".join(listing.lines)
    assert "hunter2" not in shown and "s3cr3t" not in shown
    assert "<https://alice:***@example.org/feed.xml>" in shown
    assert "<https://***@example.org/page>" in shown


async def test_the_seed_source_cannot_be_removed(store: Store) -> None:
    with store.reading() as session:
        seed_id = session.scalar(select(Source.id).where(Source.kind == "seed"))
    assert seed_id is not None
    reply = await Core(store).handle(Command("sources", f"remove {seed_id}", context=ADMIN))
    assert reply.is_error
    assert f"source #{seed_id} is the seed" in reply.title and "cannot be removed" in reply.title
    with store.reading() as session:
        assert session.get(Source, seed_id) is not None
        assert "source.remove" not in session.scalars(select(AuditEntry.action)).all()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Russia's foreign minister", ("Russia's", "foreign", "minister")),
        ("the allies' view since=2022-01-01", ("the", "allies'", "view")),
        ("'deciding vote' #12", ("deciding vote", "#12")),
        ("“Russia's foreign minister” page=2", ("Russia's foreign minister",)),
    ],
)
def test_an_apostrophe_belongs_to_its_word(text: str, words: tuple[str, ...]) -> None:
    assert parse_args(text).words == words


async def test_statements_reads_an_apostrophe(store: Store) -> None:
    reply = await Core(store).handle(
        Command("statements", "Russia's foreign minister", context=USER)
    )
    assert not reply.is_error, reply.title
    assert any(item.speaker == "Sergei Lavrov" for item in reply.items)


async def test_an_unclosed_double_quote_is_still_named(store: Store) -> None:
    reply = await Core(store).handle(Command("statements", '"Russia foreign', context=USER))
    assert reply.is_error and "check the quotation marks" in reply.title


@pytest.mark.parametrize("command", [["ingest"], ["sources", "add"]])
def test_a_bad_scheme_exits_2_in_ingest_and_sources_add(capsys, tmp_path, command) -> None:
    code = main(["--db", str(tmp_path / "db.sqlite3"), *command, "ftp://example.org/feed.xml"])
    err = capsys.readouterr().err
    assert code == 2
    assert "http" in err and "ftp" in err
