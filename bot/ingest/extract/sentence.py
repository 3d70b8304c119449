"""The reporter's sentence that carries a quoted fragment.

A quotation shorter than a clause ("were “akin to an act of war”") means little alone, so
the statement keeps the source's sentence around it: `text[start:end]` of the result is
that sentence as written (trimmed of surrounding whitespace), and it contains the quote.

The rule: a direct quote in quotation marks is a *fragment* when it has fewer than
`FRAGMENT_WORDS` words, or when it starts in lower case (it continues the reporter's
sentence: "said the West had “declared economic war on Russia”"). A fragment gets its
sentence when that sentence says more than the quotation and its marks (some word outside
them). Everything else has no carrying sentence: a quote that is a whole sentence or
several, a transcript turn or a principal's passage (no quotation marks around it).
Reported speech of fewer than `FRAGMENT_WORDS` words is shown inside the sentence that
reports it (`reporting_sentence`).

Sentences are those of `Layout.sentence_at`, found on the masked text, so a quotation
never splits one.
"""

from __future__ import annotations

import re

from .text import Layout

# Fewer words than this is a fragment whatever its case.
FRAGMENT_WORDS = 6

_WORD_RE = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*")
_OPENERS = "\"“”„«»‹›‚‘’'`"
_CLOSERS = "\"“”»«›‹’‘'`"
# _trim in quotes.py leaves these (and spaces) between a quotation and its closing mark.
_TRIMMED = ",—–"


def word_count(quote: str) -> int:
    return len(_WORD_RE.findall(quote))


def is_fragment(quote: str) -> bool:
    """Fewer words than a clause, or starting in lower case mid-sentence."""
    if word_count(quote) < FRAGMENT_WORDS:
        return True
    first = next((c for c in quote if c.isalpha()), "")
    return first.islower()


def quoted_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(opening mark, just past the closing mark) around text[start:end], or None when no
    quotation mark opens it. A lost closing mark leaves the span ending at `end`."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    k = i
    while k > 0 and text[k - 1] in _OPENERS and i - k < 2:  # '' and `` are two marks
        k -= 1
    if k == i:
        return None
    j = end
    while j < len(text) and j - end < 3 and (text[j].isspace() or text[j] in _TRIMMED):
        j += 1
    m = j
    while m < len(text) and text[m] in _CLOSERS and m - j < 2:
        m += 1
    return k, (m if m > j else end)


def carrying_sentence(layout: Layout, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the sentence carrying the direct quote text[start:end], or None; for
    a short quotation standing as its own sentence after an attributed one, those two.

    The result, when not None, satisfies ``s <= start and end <= e``, with ``text[s:e]``
    trimmed of whitespace and holding a word outside the quotation and its marks.
    """
    text = layout.text
    if not 0 <= start < end <= len(text) or not is_fragment(text[start:end]):
        return None
    marks = quoted_span(text, start, end)
    if marks is None:
        return None  # a transcript turn, a principal's passage: no quotation marks
    s, e = layout.sentence_at(start)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if not (s <= marks[0] and marks[1] <= e):
        return None  # the quotation runs past its sentence (across paragraphs)
    outside = text[s : marks[0]] + text[marks[1] : e]
    if not any(c.isalnum() for c in outside):
        # The sentence is the quotation itself, continuing one before it: "“…,” he said.
        # “This must stop now.”" The two sentences, as written, carry it.
        return _with_sentence_before(layout, s, e)
    return s, e


def _with_sentence_before(layout: Layout, s: int, e: int) -> tuple[int, int] | None:
    text = layout.text
    earlier = [a for a, b in layout.sentences(layout.para_of(s)) if b <= s + 1 and a < s]
    if not earlier:
        return None
    start = earlier[-1]
    while start < s and text[start].isspace():
        start += 1
    return (start, e) if start < s else None


def reporting_sentence(layout: Layout, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the reporter's sentence around a short reported clause, or None.

    "Lavrov said talks were over." keeps "talks were over" as the statement; under
    `FRAGMENT_WORDS` words it means little alone, so the sentence reporting it is shown
    around it. The same invariant as `carrying_sentence`: the sentence contains the span
    and says more than it.
    """
    text = layout.text
    if not 0 <= start < end <= len(text) or word_count(text[start:end]) >= FRAGMENT_WORDS:
        return None
    s, e = layout.sentence_at(start)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if not (s <= start and end <= e):
        return None
    if not any(c.isalnum() for c in text[s:start] + text[end:e]):
        return None
    return s, e
