"""Checks on the development corpus (skipped when ../shared/corpus is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ingest.extract import extract_statements

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"development corpus not found at {CORPUS}"),
]


def _docs(name: str, limit: int) -> list[dict]:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for _, line in zip(range(limit), fh, strict=False)]


@pytest.mark.parametrize(
    "name",
    [
        "news/guardian-nato-2022.jsonl",
        "press/kremlin-2021-2022.jsonl",
        "press/zelenskyy-2021-2022.jsonl",
    ],
)
def test_offsets_hold_on_real_documents(name: str) -> None:
    for doc in _docs(name, 40):
        pr = doc.get("principal")
        principal = (pr["name"], pr.get("role")) if pr else None
        text = doc["text"]
        for s in extract_statements(text, principal=principal):
            assert text[s.start : s.end] == s.quote
            assert s.quote.strip()
            assert s.kind in {
                None,
                "condition",
                "demand",
                "offer",
                "rejection",
                "warning",
                "assessment",
            }


def test_kremlin_transcripts_attribute_putin() -> None:
    speakers = set()
    for doc in _docs("press/kremlin-2021-2022.jsonl", 60):
        pr = doc["principal"]
        for s in extract_statements(doc["text"], principal=(pr["name"], pr.get("role"))):
            speakers.add(s.speaker)
    assert "Vladimir Putin" in speakers
