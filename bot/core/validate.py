"""Checks on user-supplied text, with messages that name the problem and the limit."""

from __future__ import annotations

import unicodedata

from bot.core.errors import InvalidInput

MAX_QUESTION_CHARS = 1000
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def clean_text_argument(text: str, *, what: str, limit: int, example: str | None = None) -> str:
    """Trim and validate free text; returns it with runs of whitespace collapsed."""
    for position, char in enumerate(text, start=1):
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            raise InvalidInput(
                f"the {what} contains a control character (U+{ord(char):04X} at position "
                f"{position}); remove it and try again"
            )
    collapsed = " ".join(text.split())
    if not collapsed:
        hint = f", for example: {example}" if example else ""
        raise InvalidInput(f"the {what} is empty; type one{hint}")
    if len(collapsed) > limit:
        raise InvalidInput(
            f"the {what} is {len(collapsed):,} characters long; the limit is {limit:,}"
        )
    return collapsed


def clean_question(text: str) -> str:
    return clean_text_argument(
        text,
        what="question",
        limit=MAX_QUESTION_CHARS,
        example="“What are Russia's conditions?”",
    )
