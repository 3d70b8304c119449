"""The `attache` command line and the console adapter, driven as a user would."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import subprocess
import sys

import pytest

from adapters.console.chat import chat
from bot.app.dispatch import Core
from bot.cli import build_parser, main
from tests.conftest import REPO_ROOT as REPO


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "cli.sqlite3")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("argv", [["--help"], *[[name, "--help"] for name in subcommands()]])
def test_every_command_has_help(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: attache") and len(out.splitlines()) > 3


def test_ask_prints_numbered_conditions_with_sources(capsys, db) -> None:
    code, out, _ = run(capsys, "--db", db, "ask", "What are Russia's conditions?")
    assert code == 0
    assert "Sergei Lavrov, Russia's foreign minister" in out
    lines = out.splitlines()
    assert any(line.startswith("1. the West would have to take into account") for line in lines)
    assert any(line.startswith("2. the West would have to come up with") for line in lines)
    assert out.count("Newsweek: ‘Russia Would Agree to Talks") >= 2
    assert "interview with RIA Novosti" in out
    assert "http" not in out  # the article gives no link; none is invented
    assert "date unknown" in out


def test_ask_json_follows_the_contract(capsys, db) -> None:
    code, out, _ = run(capsys, "--db", db, "ask", "--json", "Who called it posturing?")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) >= {"question", "answered", "text", "statements"}
    assert payload["answered"] is True and payload["question"] == "Who called it posturing?"
    first = payload["statements"][0]
    assert set(first) >= {
        "id",
        "speaker",
        "role",
        "entity",
        "quote",
        "kind",
        "date",
        "outlet",
        "url",
    }
    assert first["speaker"] == "Ned Price" and "posturing" in first["quote"]
    assert first["url"] is None and first["date"] is None and first["outlet"] == "Reuters"


def test_unanswerable_question_is_not_an_error(capsys, db) -> None:
    code, out, _ = run(
        capsys, "--db", db, "ask", "--json", "What did Angela Merkel say about the Olympics?"
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["answered"] is False and payload["statements"] == []
    assert "Sergei Lavrov" in payload["text"]


def _table_counts(path: str) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "empty"), ("x" * 20_000, "the limit is 1,000"), ("a\x1bb", "control character")],
)
def test_bad_questions_exit_2_and_write_nothing(capsys, db, question, message) -> None:
    assert run(capsys, "--db", db, "ask", "warm up")[0] == 0
    before = _table_counts(db)
    code, out, err = run(capsys, "--db", db, "ask", question)
    assert code == 2 and out == ""
    assert message in err and err.startswith("attache: ")
    assert _table_counts(db) == before


def test_statements_command(capsys, db) -> None:
    code, out, _ = run(capsys, "--db", db, "statements", "peskov")
    assert code == 0 and "Washington has a deciding vote" in out
    code, _, err = run(capsys, "--db", db, "statements", "nobody-known")
    assert code == 2 and "no speaker or entity I know" in err


def test_bad_database_url_is_reported(capsys) -> None:
    code, _, err = run(capsys, "--db", "nope://", "ask", "hi")
    assert code == 2 and "database" in err


async def test_console_chat_answers_questions_and_commands(store) -> None:
    stdin = io.StringIO("What are Russia's conditions?\nhelp\nstatements price\n\nquit\n")
    stdout = io.StringIO()
    assert await chat(Core(store), stdin, stdout) == 0
    text = stdout.getvalue()
    assert "1. the West would have to take into account" in text
    assert "Attaché commands" in text
    assert "We see this as posturing" in text


@pytest.mark.slow
def test_cold_cli_process_answers(tmp_path) -> None:
    """A real `python -m bot.cli` process from another directory."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "--db",
            str(tmp_path / "c.db"),
            "ask",
            "Is Russia ready to negotiate?",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(__import__("pathlib").Path(__file__).parents[1]),
        },
    )
    assert result.returncode == 0, result.stderr
    assert "Russia is always ready to listen" in result.stdout


SEED = REPO / "seeds" / "000_d50673e553b10579.txt"


def test_ingest_file_twice_then_review(capsys, db) -> None:
    code, out, _ = run(capsys, "--db", db, "ingest", str(SEED))
    assert code == 0 and "1 new document" in out and "waiting for review" in out
    before = _table_counts(db)
    code, out, _ = run(capsys, "--db", db, "ingest", str(SEED))
    assert code == 0 and "1 already ingested" in out and "0 new statements" in out
    assert _table_counts(db) == before
    code, out, _ = run(capsys, "--db", db, "review", "list")
    assert code == 0 and "[pending]" in out


def test_ingest_jsonl_reports_bad_lines_and_keeps_the_good(capsys, db, tmp_path) -> None:
    good = {
        "id": "d1",
        "outlet": "Example",
        "url": "https://example.org/1",
        "date": "2022-04-01",
        "title": "T",
        "text": "The minister, Jane Roe, said: “We will stay the course.”",
    }
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": 3}) + "\n")
    code, out, err = run(capsys, "--db", db, "ingest", str(path))
    assert code == 1
    assert f"{path}:2: not valid JSON" in err and f"{path}:3:" in err
    assert "1 new document" in out
    # Not a terminal: no progress line at all, only the messages, one to a line.
    assert "\r" not in err and "ingesting" not in err
    assert err.splitlines() == [line for line in err.splitlines() if line.startswith("attache:")]


class Terminal(io.StringIO):
    """stdout and stderr of a terminal in one: what it receives, and what it shows."""

    def isatty(self) -> bool:
        return True

    def screen(self) -> list[str]:
        # A carriage return goes back to the line's start; what follows overwrites.
        lines = []
        for raw in self.getvalue().split("\n"):
            shown: list[str] = []
            for chunk in raw.split("\r"):
                shown[: len(chunk)] = chunk
            lines.append("".join(shown).rstrip())
        return lines


def test_ingest_on_a_terminal_shows_progress_then_leaves_only_messages(
    monkeypatch, db, tmp_path
) -> None:
    docs = [
        {"id": f"d{n}", "title": "T", "text": f"The minister, Jane Roe, said: “We will hold {n}.”"}
        for n in range(3)
    ]
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps(docs[0]), "{not json", "", json.dumps(docs[1]), json.dumps(docs[2])]
    path.write_text("\n".join(lines) + "\n")
    terminal = Terminal()
    monkeypatch.setattr("bot.cli.progress.MIN_INTERVAL_S", 0)  # draw after every document
    monkeypatch.setenv("COLUMNS", "200")  # what shutil.get_terminal_size reads first
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["--db", db, "ingest", str(path)])
    assert code == 1
    received = terminal.getvalue()
    # The total was counted up front (four non-empty lines) and shown before the first one.
    assert received.startswith("\ringesting: 0/4 documents, 0 statements")
    assert "ingesting: 1/4 documents, 1 statement, " in received
    # The error line starts on a blanked line, and so does the summary: what stays on the
    # screen is the messages alone, the progress line gone.
    assert re.search(r"\r +\rattache: \S+:2: not valid JSON", received)
    assert "ingesting: 4/4 documents, 3 statements, " in received
    error, summary, after = terminal.screen()
    assert error.startswith(f"attache: {path}:2: not valid JSON (")
    # (The documents' kinds, once classified, stand in parentheses after their number.)
    assert re.fullmatch(
        re.escape(f"{path}: Ingested: 3 new documents")
        + r"( \([a-z ]+ 3\))?, 3 new statements, 3 waiting for review\.",
        summary,
    )
    assert after == ""


@pytest.mark.parametrize(
    ("name", "message"),
    [("notes.pdf", "only .txt, .html/.htm and .jsonl"), ("gone.txt", "no such file")],
)
def test_ingest_refuses_what_it_cannot_read(capsys, db, tmp_path, name, message) -> None:
    if name.endswith(".pdf"):
        (tmp_path / name).write_bytes(b"%PDF")
    code, _, err = run(capsys, "--db", db, "ingest", str(tmp_path / name))
    assert code == 2 and message in err  # bad input, as for every command (README)


def test_extract_prints_offsets_into_the_input_and_stores_nothing(capsys, db) -> None:
    run(capsys, "--db", db, "ask", "warm up")
    before = _table_counts(db)
    code, out, _ = run(capsys, "--db", db, "extract", "--json", str(SEED))
    assert code == 0
    raw = SEED.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) >= 5
    for row in rows:
        assert {"speaker", "quote", "kind", "start", "end"} <= set(row)
        span = raw[row["start"] : row["end"]]
        # Between the offsets only whitespace and removed boilerplate lines may differ.
        kept = "".join(line for line in span.split("\n") if line.strip() != "More under this ad")
        assert "".join(kept.split()) == "".join(row["quote"].split())
    assert any("posturing" in r["quote"] for r in rows)
    assert _table_counts(db) == before


def test_poll_with_no_sources(capsys, db) -> None:
    code, out, _ = run(capsys, "--db", db, "poll")
    assert code == 0 and "No source is due" in out


def test_sources_cli(capsys, db) -> None:
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "sources",
        "add",
        "https://example.org/feed.xml",
        "feed",
        "outlet=Example",
    )
    assert code == 0 and "Added feed source" in out
    code, out, _ = run(capsys, "--db", db, "sources", "list")
    assert "https://example.org/feed.xml" in out and "not polled yet" in out
