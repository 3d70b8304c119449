"""The `attache` command line and the console adapter, driven as a user would."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys

import pytest

from adapters.console.chat import chat
from bot.cli import build_parser, main
from bot.core.dispatch import Core


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
    assert code == 2 and "no speaker or entity" in err


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
