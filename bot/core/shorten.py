"""Shorten a statement to fit a platform limit without ever cutting a word in half."""

from __future__ import annotations

from collections.abc import Callable

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


def around(
    before: str, words: str, after: str, fits: Callable[[str, str, str], bool]
) -> tuple[str, str, str] | None:
    """The sentence `before + words + after` with its context cut to what `fits`.

    `words` (a quote) are kept whole; `before` loses words from its start and `after` from
    its end, each cut marked "…", so the quote stays inside as much of its sentence as fits.
    What touches the quote (its quotation marks, a closing full stop) always stays. None when
    not even that fits: the caller then shows the quote alone.
    """
    if fits(before, words, after):
        return before, words, after
    low, high = 0, max(len(before), len(after))
    best = None
    while low <= high:
        middle = (low + high) // 2
        candidate = (_tail(before, middle), words, _head(after, middle))
        if fits(*candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def marked_sentence(
    parts: tuple[str, str, str] | None,
    escape: Callable[[str], str],
    mark: str,
    limit: int,
    prefix: str = "",
    suffix: str = "",
) -> str | None:
    """`prefix` + the carrying sentence, escaped for a platform, with the quote between
    `mark`s (bold) + `suffix`, within `limit` characters (the context cut first, by
    `around`); None when there is no sentence or not even the quote fits."""
    if parts is None:
        return None

    def marked(before: str, words: str, after: str) -> str:
        return f"{prefix}{escape(before)}{mark}{escape(words)}{mark}{escape(after)}{suffix}"

    fitted = around(*parts, lambda *p: len(marked(*p)) <= limit)
    return marked(*fitted) if fitted is not None else None


def _tail(text: str, room: int) -> str:
    """The end of `text`: its last whole words within `room` characters, after "…"."""
    if len(text) <= room:
        return text
    attached = len(text) - len(text.split(" ")[-1])  # the mark opening the quote, say
    cut = max(0, min(len(text) - room, attached))
    if cut > 0 and text[cut - 1] != " ":
        space = text.find(" ", cut)
        cut = attached if space < 0 else min(space + 1, attached)
    return ELLIPSIS + text[cut:].lstrip(" ") if cut > 0 else text


def _head(text: str, room: int) -> str:
    """The start of `text`: its first whole words within `room` characters, then "…"."""
    if len(text) <= room:
        return text
    attached = len(text.split(" ")[0])  # the closing mark and full stop, say
    cut = max(room, attached)
    if cut < len(text) and text[cut] != " ":
        space = text.rfind(" ", 0, cut + 1)
        cut = attached if space < attached else space
    return text[:cut].rstrip(" ,;:—–-") + ELLIPSIS if cut < len(text) else text
