"""Paragraphs, boilerplate lines, sentences and the quote mask.

Offsets always refer to the caller's text; nothing here copies or rewrites it except the
*masked* copy, which has the same length: quotation interiors are replaced by ``#`` so that
cue and name patterns run on the narrative only (a name inside a quotation is not a speaker).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.resources import word_list

from .lexicon import lexicon

_LINE_RE = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (or …) plus closing marks, before a capital, digit or opening mark.
_SENT_END_RE = re.compile(
    r"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[#]?[A-Z0-9À-ÖØ-Þ\"“‘'«#])"
    # Scraped text glues sentences: "… are countries”.He told Sky News" (not "Mr.Smith").
    r"|(?:(?<=[a-z]{2})|(?<=[”\"’]))[.!?]+[\"”’]?(?=[A-Z][a-z]+\b)"
    # A live blog's entry time glued between its date and its first word: "16 May 202218.42The
    # EU will …" (year, then hour and minute): the entry starts after the time.
    r"|(?<=(?:19|20)\d\d(?:[01]\d|2[0-3])[.:][0-5]\d)(?=[\"“‘'«]?[A-Z][a-z])"
)
_ABBREV = word_list("cues.json", "abbreviations")
MASK = "#"


@dataclass
class Layout:
    text: str
    masked: str
    paragraphs: list[tuple[int, int]]  # trimmed (start, end) of every non-empty paragraph
    para_starts: list[int]
    boilerplate: list[bool]
    _sentences: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def para_of(self, pos: int) -> int:
        return max(0, bisect_right(self.para_starts, pos) - 1)

    def next_content_para(self, i: int) -> int:
        """Index of the next paragraph after ``i`` that is not boilerplate (or len)."""
        j = i + 1
        while j < len(self.paragraphs) and self.boilerplate[j]:
            j += 1
        return j

    def prev_content_para(self, i: int) -> int:
        j = i - 1
        while j >= 0 and self.boilerplate[j]:
            j -= 1
        return j

    def sentences(self, p: int) -> list[tuple[int, int]]:
        """Sentences of paragraph ``p`` (on the masked text: a quotation never splits one)."""
        cached = self._sentences.get(p)
        if cached is None:
            start, end = self.paragraphs[p]
            cached = split_sentences(self.masked, start, end)
            self._sentences[p] = cached
        return cached

    def sentence_at(self, pos: int) -> tuple[int, int]:
        p = self.para_of(pos)
        for s, e in self.sentences(p):
            if s <= pos < e:
                return s, e
        return self.paragraphs[p]


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    s = start
    for m in _SENT_END_RE.finditer(text, start, end):
        dot = m.start()
        if text[dot] == ".":
            word = re.search(r"([\w.]+)$", text[max(s, dot - 20) : dot])
            w = word.group(1) if word else ""
            # Abbreviations and initials ("Mr.", "Paul D. Ryan", "U.S.") do not end a sentence.
            if w.lower() in _ABBREV or (len(w) == 1 and w.isupper()) or "." in w:
                continue
        e = m.end()
        quoted_question = text[e - 1] in _CLOSERS and text[m.start()] in "?!"
        if quoted_question and _attribution_follows(text, e, end):
            continue  # "Why not?” Smith asked.": the attribution belongs to the quotation
        out.append((s, e))
        s = e
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append((s, end))
    return out


_CLOSERS = "\"”’'»"


@cache
def _attribution_tail_re() -> re.Pattern[str]:
    forms = "|".join(sorted((re.escape(f) for f in lexicon().verb_lemma), key=len, reverse=True))
    return re.compile(
        rf"\s+(?:[A-Z][\w.’'\-]*\s+){{1,4}}(?:[a-z]+ly\s+)?(?:{forms})\b(?!\s+[a-z]+ed\b)"
    )


def _attribution_follows(text: str, pos: int, end: int) -> bool:
    """A name and a speech verb right after a quotation: "… Smith asked"."""
    m = _attribution_tail_re().match(text, pos, min(end, pos + 80))
    return m is not None and not m.group().split()[0].isupper()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    paras: list[tuple[int, int]] = []
    for m in _LINE_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            continue
        # A line that starts in lower case continues the previous one (hard-wrapped text).
        if paras and text[s].islower() and text[paras[-1][1] - 1] not in '.!?:"”’':
            paras[-1] = (paras[-1][0], e)
        else:
            paras.append((s, e))
    return paras


def is_boilerplate(line: str) -> bool:
    line = line.strip()
    if lexicon().boilerplate_re.search(line):
        return True
    return line.startswith(("©", "(c) ", "Photo:"))


def build_layout(text: str) -> Layout:
    paras = _paragraphs(text)
    boiler = [is_boilerplate(text[s:e]) for s, e in paras]
    return Layout(text, text, paras, [s for s, _ in paras], boiler)


def mask_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each (start, end) interior replaced by MASK, keeping a final . ! or ?

    The final punctuation stays so that sentence splitting still sees the end of a sentence
    that ends inside a quotation ("… we will win." Then …).
    """
    parts: list[str] = []
    last = 0
    for s, e in spans:
        keep = e - 1 if e > s and text[e - 1] in ".!?" else e
        parts.append(text[last:s])
        parts.append(MASK * (keep - s))
        last = keep
    parts.append(text[last:])
    return "".join(parts)


# A byline is one of the opening paragraphs, short, alone or before a date ("| 3 May").
_BYLINE_RE = re.compile(r"By\s+(?P<who>[^\n|•·]{3,160}?)\s*(?:[|•·].*)?$", re.IGNORECASE)
_BYLINE_PARAGRAPHS = 3
_BYLINE_MAX_WORDS = 20


def opening_byline(layout: Layout) -> tuple[int, str] | None:
    """(the paragraph, who it names) of the byline among the opening paragraphs ("By Jane
    Doe", "By Jane Doe, Minister of …"), whoever signs it; None when there is none."""
    for p in range(min(_BYLINE_PARAGRAPHS, len(layout.paragraphs))):
        s, e = layout.paragraphs[p]
        line = layout.text[s:e].strip()
        m = _BYLINE_RE.fullmatch(line)
        if m is not None and len(line.split()) <= _BYLINE_MAX_WORDS:
            return p, m.group("who")
    return None
