"""Malformed JSON Lines: each bad line gets its own message naming the line and the field, the
good lines before and after it are stored, and `attache ingest` exits 1 (a partial failure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.ingest.inputs import BadRecord, read_jsonl


def doc(n: int, **fields: object) -> dict:
    return {
        "id": f"d{n}",
        "title": f"Talks {n}",
        "text": f"The minister, Jane Roe, said: “We will hold position {n}.”",
        **fields,
    }


def write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def encoded(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode()


def test_every_bad_line_is_named_and_the_rest_is_read(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "docs.jsonl",
        [
            encoded(doc(1)),
            b'{"id": "d2", "text": "Caf\xe9 talks \xff"}',  # latin-1 bytes: not UTF-8
            encoded(doc(3, principal={"name": 42})),
            encoded(doc(4, title={"en": "Talks"})),
            b"[" * 100_000 + b"]" * 100_000,  # nested past the parser's recursion limit
            encoded(doc(6, principal="Jane Roe")),
            encoded(doc(7, id=True)),
            encoded(doc(8)),
        ],
    )
    read = list(read_jsonl(path))
    bad = {r.label: r.message for r in read if isinstance(r, BadRecord)}
    good = [r.label for r in read if not isinstance(r, BadRecord)]
    assert good == [f"{path}:1", f"{path}:8"]
    assert bad == {
        f"{path}:2": "not UTF-8 text (invalid continuation byte at byte 26 of the line)",
        f"{path}:3": "principal.name must be a string (got a number)",
        f"{path}:4": "title must be a string (got an object)",
        f"{path}:5": "not usable JSON (nested too deeply)",
        f"{path}:6": "principal must be an object (got a string)",
        f"{path}:7": "id must be a string or a whole number (got true or false)",
    }


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ([1, 2], "each line must be a JSON object (got a list)"),
        ({"title": "x"}, "each line must be a JSON object with a string “text”"),
        ({"text": 5}, "text must be a string (got a number)"),
        ({"text": "x", "date": 20220401}, "date must be a string (got a number)"),
        ({"text": "x", "principal": {"name": "A", "role": ["x"]}}, "principal.role must be"),
        ({"text": "x", "id": 7, "url": None, "principal": None}, None),
    ],
)
def test_record_problems_name_the_field(record: object, problem: str | None) -> None:
    from bot.ingest.inputs import record_problem

    found = record_problem(record)
    assert found == problem if problem is None else found.startswith(problem)


def test_cli_stores_the_good_lines_and_reports_each_bad_one(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite3")
    path = write_lines(
        tmp_path / "docs.jsonl",
        [
            encoded(doc(1)),
            b'{"id": "d2", "text": "\xff"}',
            encoded(doc(3, principal={"name": 42})),
            encoded(doc(4, title={"en": "Talks"})),
            encoded(doc(5)),
        ],
    )
    code = main(["--db", db, "ingest", str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"attache: {path}:2: not UTF-8 text (invalid start byte at byte 23 of the line)",
        f"attache: {path}:3: principal.name must be a string (got a number)",
        f"attache: {path}:4: title must be a string (got an object)",
    ]
    assert out.startswith(f"{path}: Ingested: 2 new documents")
