"""Embedded tweets in live blogs: the text before a signature "— Jane Doe (@janedoe) May 26, 2022".

A scraped live blog keeps an embedded tweet as its bare text followed by the signature line,
with no quotation marks and often glued to the blog's own sentences. The signature names the
author, so the tweet is a direct statement of that person when:

- the signature names a person (an organisation or a news outlet is not an official's voice);
- the tweet text is found: the sentences of the signature's paragraph just before it, within
  a tweet's length, stopping at the blog's own introduction (a sentence with a speech verb,
  "tweeted: …" keeps what follows its colon), and at anything already attributed.
"""

from __future__ import annotations

import re

from .confidence import Confidence
from .lexicon import lexicon
from .model import Draft
from .names import NAME_RUN, is_org, split_name
from .speakers import Registry
from .text import MASK, Layout

_SIGNATURE_RE = re.compile(
    r"[—–]\s*([^()\n—–]{2,60}?)\s*\(@\w{1,30}\)\s*"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})"
)
_NAME_ONLY_RE = re.compile(rf"({NAME_RUN})[^\w]*$")
_LINKS_RE = re.compile(r"(?:\s*(?:pic\.twitter\.com/\w+|https?://\S+|…))+\s*$")
_STAMP_RE = re.compile(r"\d+[smhd] ago\s*\d{1,2}[.:]\d{2}|\b\d{1,2}[.:]\d{2}(?=[A-Z])")
_MAX_TWEET = 320  # 280 characters, plus links the scrape kept
_INTRO_RE = re.compile(r"\b(?:tweet(?:s|ed)?|wrote|writes|posted|according to)\b", re.IGNORECASE)


def tweets(layout: Layout, reg: Registry, drafts: list[Draft]) -> list[Draft]:
    text, masked = layout.text, layout.masked
    taken = [(d.start, d.end) for d in drafts if d.direct]
    out: list[Draft] = []
    for m in _SIGNATURE_RE.finditer(masked):
        nm = _NAME_ONLY_RE.match(m.group(1).strip())
        if nm is None:
            continue
        title, name = split_name(nm.group(1))
        if not (len(name.split()) >= 2 or title) or is_org(name) or is_org(nm.group(1)):
            continue
        p = layout.para_of(m.start())
        if layout.boilerplate[p]:
            continue
        span = _tweet_span(layout, p, m.start(), name.split()[-1])
        if span is None:
            continue
        s, e = span
        if any(a < e and b > s for a, b in taken):
            continue
        if e - s < 12 or not any(c.isalpha() for c in text[s:e]):
            continue
        person = reg.person(name, title)
        reg.note_mention(person, m.start(1))
        out.append(
            Draft(s, e, True, person, title, None, Confidence.CUE_BEFORE, (m.start(), m.end()))
        )
    return out


def _tweet_span(layout: Layout, p: int, sig: int, surname: str) -> tuple[int, int] | None:
    masked = layout.masked
    end = sig
    links = _LINKS_RE.search(masked, max(layout.paragraphs[p][0], sig - 200), sig)
    if links:
        end = links.start()
    while end > 0 and masked[end - 1].isspace():
        end -= 1
    start = None
    for a, b in reversed(layout.sentences(p)):
        if a >= end:
            continue
        if end - a > _MAX_TWEET:
            break
        intro = _introduces(masked[a : min(b, end)], surname)
        if intro is not None:
            if intro > 0:
                start = a + intro
            break
        start = a
    if start is None:
        return None
    for st in _STAMP_RE.finditer(masked, start, end):
        start = st.end()  # a live blog's glued time stamp: "6d ago07.29It’s terrific …"
    while start < end and masked[start].isspace():
        start += 1
    return start, end


def _introduces(sentence: str, surname: str) -> int | None:
    """None for a sentence of the tweet; else where the tweet starts in this introduction
    (after "tweeted:"), or 0 when it is all introduction: a sentence that says "tweeted",
    "wrote" or "according to", names the author with a speech verb, or quotes someone."""
    colon = sentence.find(":")
    head = sentence[:colon] if colon >= 0 else sentence
    lex = lexicon()
    named = re.search(rf"\b{re.escape(surname)}\b", head) is not None
    verb = any(
        w[:1].islower() and lex.verb_lemma.get(w) not in (None, w)
        for w in (x.group() for x in lex.verbs(head, 0, len(head)))
    )
    if not (_INTRO_RE.search(head) or (named and verb) or MASK in sentence):
        return None
    return colon + 1 if colon >= 0 and sentence[colon + 1 :].strip() else 0
