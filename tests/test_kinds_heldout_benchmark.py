"""The held-out kinds benchmark (benchmarks/kinds_heldout.py): a gold statement is matched to
the statement extracted where its words start, read as ingest reads the document; a lost
one counts against recall; the figures follow from the rows."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.kinds_heldout import LOST, Row, document_rows, innermost, report, statement_rows
from bot.ingest.extract import ExtractedStatement


def _found(start: int, end: int) -> ExtractedStatement:
    return ExtractedStatement(
        speaker="A B",
        role=None,
        quote="x" * (end - start),
        start=start,
        end=end,
        direct=True,
        kind=None,
        cue=None,
        confidence=1.0,
    )


def test_the_innermost_statement_holding_the_start_is_taken() -> None:
    outer, inner = _found(0, 100), _found(40, 60)
    assert innermost([outer, inner], 42) is inner  # the quotation mark left out
    assert innermost([outer, inner], 70) is outer
    assert innermost([outer, inner], 120) is None


def test_a_statement_later_in_the_same_sentence_is_taken_where_none_holds_the_start() -> None:
    text = "She urged the council to act. The envoy said the talks would resume."
    urged = _found(text.index("the council"), text.index("."))
    said = _found(text.index("the talks"), len(text) - 1)
    assert innermost([urged, said], text.index("She"), text) is urged
    # A statement in the next sentence is another statement: the gold's is lost.
    assert innermost([said], text.index("She"), text) is None
    # Without the text, only a statement holding the start is taken.
    assert innermost([urged, said], text.index("She")) is None


def test_documents_are_read_as_ingest_reads_them(tmp_path: Path, seeded_linker) -> None:
    text = (
        "Foreign Minister Ana Ruiz of Paraguay spoke in Asuncion on Monday.\n\n"
        "\u201cWe will never accept a border drawn by force,\u201d Ruiz said.\n\n"
        "The weather was mild."
    )
    record = {
        "id": "d1",
        "form": "news",
        "title": "Paraguay rules out talks",
        "principal": None,
        "text": text,
        "gold": [
            {"speaker": "Ana Ruiz", "starts": "We will never accept a border", "kind": "rejection"},
            {"speaker": "Ana Ruiz", "starts": "The weather was mild", "kind": "none"},
        ],
    }
    path = tmp_path / "documents9.jsonl"
    path.write_text(json.dumps(record) + "\n")
    rows = document_rows(path, seeded_linker)
    assert [(r.gold, r.got) for r in rows] == [("rejection", "rejection"), ("none", LOST)]


def test_statements_opening_in_lower_case_are_reported_speech(tmp_path: Path) -> None:
    path = tmp_path / "statements_x.jsonl"
    lines = [
        {"text": "his government would not be signing the communique", "kind": "rejection"},
        {"text": "Thank you all for coming.", "kind": "none"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    assert [r.got for r in statement_rows(path)] == ["rejection", "-"]


def test_a_lost_statement_counts_against_recall(capsys) -> None:
    rows = [
        Row("a", "offer", None, "offer", ""),
        Row("b", "offer", None, LOST, ""),
        Row("c", "assessment", None, "offer", ""),
        Row("d", "none", None, "warning", ""),
    ]
    report("t", rows, errors=0)
    out = capsys.readouterr().out
    assert "offer      0.50 (1/2)       0.50 (1/2)" in out
    assert "1 lost by extraction" in out
    assert "'none' tagged as a position: 1/1" in out
