"""The founding article: the statements Attaché exists to find (raw and cleaned text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.ingest.extract import ExtractedStatement, extract_statements

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_d50673e553b10579.txt"
BOILERPLATE = ("More under this ad", "Discover our latest podcast", "©", "Contributeur")


def _raw() -> str:
    return SEED.read_text(encoding="utf-8")


def _cleaned() -> str:
    """What the ingest cleaner hands over: boilerplate lines gone, glued words split."""
    lines = [ln for ln in _raw().splitlines() if not any(b in ln for b in BOILERPLATE)]
    text = "\n".join(lines)
    return re.sub(
        r"(conditions|NATO|television|Government|are)(need|Ria|dismissed|advancing)", r"\1 \2", text
    )


@pytest.fixture(params=["raw", "cleaned"])
def seed(request: pytest.FixtureRequest) -> tuple[str, list[ExtractedStatement]]:
    text = _raw() if request.param == "raw" else _cleaned()
    return text, extract_statements(text)


def _one(found: list[ExtractedStatement], fragment: str) -> ExtractedStatement:
    hits = [s for s in found if fragment in s.quote]
    assert len(hits) == 1, f"{fragment!r}: {[s.quote[:60] for s in found]}"
    return hits[0]


def test_offsets_are_exact(seed: tuple[str, list[ExtractedStatement]]) -> None:
    text, found = seed
    assert found
    for s in found:
        assert text[s.start : s.end] == s.quote
        for p in s.points:
            assert text[p.start : p.end] == p.text


def test_lavrov_ready_to_listen(seed: tuple[str, list[ExtractedStatement]]) -> None:
    s = _one(seed[1], "Russia is always ready to listen to our Western colleagues")
    assert s.quote.startswith("Russia is always ready")
    assert s.quote.endswith("request to organize a conversation")
    assert s.speaker == "Sergei Lavrov" and s.direct
    assert s.kind == "offer"


def test_lavrov_two_conditions_are_one_statement_with_two_points(
    seed: tuple[str, list[ExtractedStatement]],
) -> None:
    s = _one(seed[1], "First, the West would have to take into account")
    assert s.speaker == "Sergei Lavrov"
    assert not s.direct
    assert s.kind == "condition"
    assert len(s.points) == 2
    first, second = s.points
    assert first.text.startswith("the West would have to take into account the interests")
    assert first.text.endswith("neutrality must be confirmed.")
    assert second.text == (
        "the West would have to come up with a serious proposal to defuse tensions."
    )


def test_lavrov_realistic_proposals(seed: tuple[str, list[ExtractedStatement]]) -> None:
    s = _one(seed[1], "If we are approached with realistic proposals")
    assert s.quote.endswith("as it has always been in the past.")
    assert s.speaker == "Sergei Lavrov" and s.direct


def test_peskov_deciding_vote(seed: tuple[str, list[ExtractedStatement]]) -> None:
    s = _one(seed[1], "Washington has a deciding vote")
    assert s.quote == (
        "Obviously, Washington has a deciding vote. It is impossible to discuss anything, "
        "say. With Kiev."
    )
    assert s.speaker == "Dmitry Peskov" and s.direct
    assert s.role == "Putin’s spokesman"


def test_price_posturing_and_reported_speech(seed: tuple[str, list[ExtractedStatement]]) -> None:
    found = seed[1]
    s = _one(found, "We see this as posturing")
    assert s.quote.endswith("to see an end to this brutal war of aggression.")
    assert s.speaker == "Ned Price" and s.direct
    assert s.role == "the US State Department spokesman"
    assert s.kind == "rejection"
    frag = _one(found, "very little confidence")
    assert frag.speaker == "Ned Price"
    assert "said he has" in frag.context
    rep = _one(found, "negotiation talks need to take place exclusively")
    assert rep.speaker == "Ned Price" and not rep.direct
    assert rep.quote == (
        "negotiation talks need to take place exclusively between Ukraine and Russia"
    )


def test_boilerplate_never_becomes_a_statement(
    seed: tuple[str, list[ExtractedStatement]],
) -> None:
    for s in seed[1]:
        for b in ("More under this ad", "Discover our latest podcast", "Contributeur", "©"):
            assert b not in s.quote or s.points  # only an enumeration may span such a line
        assert s.speaker is None or s.speaker[0].isupper()
        assert s.quote.strip() != "More under this ad"
