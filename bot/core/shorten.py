"""Shorten a statement to fit a platform limit without ever cutting a word in half."""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text` if it fits, else its longest prefix ending at a word boundary plus "…".

    The words kept are the source's own; the ellipsis marks that more follows (renderers
    add the link to the full text). A single word longer than the limit is the only case
    cut inside a word, and it too ends with the ellipsis.
    """
    if limit < 2:
        raise ValueError("limit must leave room for at least one character and the ellipsis")
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text[: room + 1]
    boundary = cut.rfind(" ")
    if boundary <= 0:
        return text[:room] + ELLIPSIS
    return text[:boundary].rstrip(" ,;:—–-") + ELLIPSIS
