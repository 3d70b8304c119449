"""Map offsets in cleaned text back to the raw input it came from.

Cleaning only removes whole spans (boilerplate) and changes whitespace, so the non-space
characters of the cleaned text are exactly the non-space characters the raw text keeps,
in order. That makes the mapping exact, not heuristic.
"""

from __future__ import annotations

from bot.ingest.clean import CleanReport


class OffsetMap:
    def __init__(self, raw: str, report: CleanReport) -> None:
        removed = sorted((r.start, r.end) for r in report.removed)
        kept: list[int] = []
        spans = iter(removed)
        current = next(spans, None)
        for i, ch in enumerate(raw):
            while current is not None and i >= current[1]:
                current = next(spans, None)
            if current is not None and current[0] <= i < current[1]:
                continue
            if not ch.isspace():
                kept.append(i)
        cleaned = report.text
        self._clean_to_raw: list[int | None] = [None] * (len(cleaned) + 1)
        k = 0
        for i, ch in enumerate(cleaned):
            if ch.isspace():
                continue
            if k >= len(kept) or raw[kept[k]] != ch:
                raise ValueError("cleaned text is not a whitespace-only edit of the raw text")
            self._clean_to_raw[i] = kept[k]
            k += 1
        self._cleaned = cleaned

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span holding cleaned[start:end] (trimmed to its non-space characters)."""
        first = next(
            (self._clean_to_raw[i] for i in range(start, end) if self._clean_to_raw[i] is not None),
            None,
        )
        last = next(
            (
                self._clean_to_raw[i]
                for i in range(end - 1, start - 1, -1)
                if self._clean_to_raw[i] is not None
            ),
            None,
        )
        if first is None or last is None:
            raise ValueError(f"no text in span {start}:{end}")
        return first, last + 1
