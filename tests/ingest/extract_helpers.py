"""Shared by the extraction tests: find the statement holding a fragment, offsets checked."""

from __future__ import annotations

from bot.ingest.extract import ExtractedStatement, extract_statements


def find_statement(text: str, fragment: str, **kw: object) -> ExtractedStatement:
    found = extract_statements(text, **kw)  # type: ignore[arg-type]
    for s in found:
        assert text[s.start : s.end] == s.quote
    hits = [s for s in found if fragment in s.quote]
    assert hits, f"no statement contains {fragment!r}: {[(s.speaker, s.quote) for s in found]}"
    return hits[0]
