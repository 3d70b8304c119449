from __future__ import annotations

import pytest

from bot.core.shorten import shorten

TEXT = "We see this as posturing. We do not see this as a constructive, legitimate offer."


def test_short_text_is_untouched() -> None:
    assert shorten(TEXT, len(TEXT)) == TEXT


@pytest.mark.parametrize("limit", range(10, len(TEXT)))
def test_never_cut_mid_word_and_always_marked(limit: int) -> None:
    out = shorten(TEXT, limit)
    assert len(out) <= limit and out.endswith("…")
    kept = out[:-1]
    assert TEXT.startswith(kept)
    assert TEXT[len(kept)] in " ,;:—–-", "cut inside a word"


def test_a_single_overlong_word_is_cut_with_an_ellipsis() -> None:
    assert shorten("x" * 50, 10) == "x" * 9 + "…"
