"""Find direct quotations: pair quotation marks in any common style, across paragraphs.

Styles handled: "straight", “curly”, ‘single’ (also 'straight single' and the mixed
'straight-open, curly-close’ of scraped pages), «guillemets», „German“, and ”reversed” openers.
The curly apostrophe ’ doubles as a closing single quote, so ’ between two letters is never a
mark and ’ after a letter only closes a single quote that is actually open.

Newspaper convention for long quotations: a paragraph that ends without a closing mark and a
next paragraph that opens with a fresh opening mark are one quotation. An opening mark whose
paragraph ends with no closing mark and no continuation is closed at the paragraph end (the
scraper lost a mark) when it is a double mark; an unclosed single mark is most often an
apostrophe or a typo, and is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .text import Layout

# Marks worth looking at: every double mark, and single marks that are not between two letters
# or digits (those are apostrophes: Ukraine’s, don't).
_MARK_RE = re.compile(r"[\"“”„«»‹›‚‘]|(?<![^\W_])[’']|[’'](?![^\W_])")
_DOUBLE = frozenset('"“”„«»')
_STRAIGHT = frozenset(('"', "'", "''"))
_OPENING_CONTEXT = frozenset("([{—–-/\u2015\u2014:")
_MAX_UNCLOSED = 1200  # an unclosed mark whose paragraph runs on longer is noise, not a quote


@dataclass(frozen=True)
class QuoteSpan:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the paragraph end when the mark was lost
    start: int  # interior, trimmed: text[start:end] is the quotation
    end: int
    closed: bool
    spans_paragraphs: bool
    double: bool
    inner: int  # just past the opening mark
    after: int  # just past the closing mark (== close when the mark was lost)


@dataclass
class _Open:
    double: bool
    pos: int
    mark: str
    para: int
    spanning: bool = False


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _OPENING_CONTEXT


def _classify(text: str, i: int, ch: str) -> str:
    """'open', 'close', 'either' or 'skip' for the mark at text[i]."""
    prev = text[i - 1] if i > 0 else "\n"
    j = i + len(ch)
    nxt = text[j] if j < len(text) else "\n"
    before_space = _is_space(prev) or prev in "“‘«„\"'"
    after_space = nxt.isspace() or nxt in ".,;:!?)]}…—–-"
    if ch in "„«‹‚" or (prev == "\n" and ch in '“”"' and nxt != "\n"):
        return "open"  # a mark that opens a paragraph opens a quotation (even a reversed ”)
    if ch in "»›":
        return "close"
    if ch == "“":
        return "close" if (not before_space and after_space) else "open"
    if ch == "”":
        return "open" if (before_space and not after_space) else "close"
    if ch == "``":
        return "open"
    if ch in ('"', "''"):
        if before_space and not after_space:
            return "open"
        if not before_space and after_space:
            return "close"
        return "either"
    if ch == "‘":
        return "skip" if prev.isalnum() else "open"
    if ch == "’":
        return "skip" if (before_space and nxt.isalnum()) else "close"
    # straight single '
    if before_space and nxt.isalnum():
        return "open"
    if not before_space and not nxt.isalnum():
        return "close"
    return "skip"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",—–"):
        end -= 1
    return start, end


def find_quotes(text: str, layout: Layout) -> list[QuoteSpan]:
    """All top-level quotations in ``text`` (quotes nested in another quote are dropped)."""
    para_starts = layout.para_starts
    paras = layout.paragraphs
    found: list[QuoteSpan] = []
    stack: list[_Open] = []

    def para_of(pos: int) -> int:
        return bisect_right(para_starts, pos) - 1

    def emit(op: _Open, close: int, closed: bool, close_len: int = 0) -> None:
        inner = op.pos + len(op.mark)
        start, end = _trim(text, inner, close)
        if end - start < 1 or not any(c.isalpha() for c in text[start:end]):
            return
        found.append(
            QuoteSpan(
                op.pos, close, start, end, closed, op.spanning, op.double, inner, close + close_len
            )
        )

    def settle(upto_para: int, mark_pos: int, mark: str, role: str) -> bool:
        """Resolve quotes left open in earlier paragraphs; True if the mark was consumed."""
        consumed = False
        while stack and stack[-1].para < upto_para:
            op = stack[-1]
            nxt = layout.next_content_para(op.para)
            if (
                nxt == upto_para < len(paras)
                and not consumed
                and mark_pos == paras[nxt][0]
                and role in ("open", "either")
                and (mark in _DOUBLE) == op.double
                and (mark in _STRAIGHT) == (op.mark in _STRAIGHT)
            ):
                # "…end of paragraph / “Next paragraph …": the same quotation continues.
                op.spanning = True
                op.para = upto_para
                consumed = True
                continue
            stack.pop()
            para_end = paras[op.para][1]
            if op.double and para_end - op.pos <= _MAX_UNCLOSED:
                emit(op, para_end, closed=False)
        return consumed

    for m in _MARK_RE.finditer(text):
        i = m.start()
        ch = m.group()
        role = _classify(text, i, ch)
        if role == "skip":
            continue
        p = para_of(i)
        if stack and stack[-1].para < p and settle(p, i, ch, role):
            continue
        double = ch in _DOUBLE
        straight = ch in _STRAIGHT
        same = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].double == double), -1)
        # Prefer an opener of the same family: “curly” nested in "straight" closes first.
        family = next(
            (
                k
                for k in range(len(stack) - 1, -1, -1)
                if stack[k].double == double and (stack[k].mark in _STRAIGHT) == straight
            ),
            -1,
        )
        if role == "either" and family < 0 <= same:
            role = "open"  # an ambiguous "straight" mark inside a “curly” quotation nests
        if role in ("close", "either") and same >= 0:
            if family >= 0:
                same = family
            op = stack[same]
            del stack[same:]
            emit(op, i, closed=True, close_len=len(ch))
        elif role in ("open", "either"):
            if same >= 0 and stack[same].para == p and double and family == same and not straight:
                # A second opener of the same kind in one paragraph: the first lost its closer.
                # (A straight "opener inside a straight quotation nests, as translations
                # often do: "Russia resorts to "nuclear terrorism", as …," he said; if the
                # outer one did lose its closer, it is dropped at the paragraph's end.)
                del stack[same:]
            stack.append(_Open(double, i, ch, p))
    if stack:
        settle(len(paras), -1, "", "skip")

    found.sort(key=lambda q: q.open)
    top: list[QuoteSpan] = []
    for k, q in enumerate(found):
        if (
            not q.closed
            and not q.spans_paragraphs
            and any(
                r.closed and r.close < q.close for r in found[k + 1 : k + 4] if r.open < q.close
            )
        ):
            continue  # a stray mark before a complete quotation in the same paragraph
        if top and q.open < top[-1].close:
            continue  # nested inside the previous top-level quotation
        top.append(q)
    return top
